"""The upload form: one or many files, the community their fills belong to, and whether to
create the prompts that community lacks."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community, Membership
from ficfest.importer.readers import SUPPORTED
from ficfest.importer.services import size_refusal

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``. Empty or unreadable files are
    not refused here: the preview reports each file's problem beside the others."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if not uploads:
            raise ValidationError("Choose at least one file.", code="required")
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


def communities_for(user: User) -> QuerySet[Community]:
    """Communities this user may post fills to."""
    joined = Membership.objects.active().filter(user=user).values("community_id")
    return Community.objects.filter(Q(members_only_posting=False) | Q(pk__in=joined)).order_by(
        "name"
    )


class ImportForm(forms.Form):
    uploads = MultipleFileField(
        label="Files",
        widget=MultipleFileInput(attrs={"accept": ",".join(SUPPORTED)}),
        help_text=f"Up to {MAX_FILES} files: " + ", ".join(SUPPORTED) + ". A header at the top "
        "of each (Title:, Fandom:, Rating:, A/N: …) is read into the work's fields.",
    )
    pseud = forms.ModelChoiceField(
        queryset=Pseud.objects.none(), label="Credit the works to", required=False,
        empty_label=None, help_text="Your default pseud unless you choose another.",
    )  # fmt: skip
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        label="Community",
        empty_label="As each file says",
        help_text="The community these works are fills in, whatever the files say.",
    )
    create_prompts = forms.BooleanField(
        required=False,
        label="Create missing prompts",
        help_text="For communities you moderate: a prompt a file names that the community "
        "doesn't have yet is created.",
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pseud_field: Any = self.fields["pseud"]
        pseud_field.queryset = Pseud.objects.filter(user=user)
        pseud_field.initial = pseud_field.queryset.filter(is_default=True).first()
        community_field: Any = self.fields["community"]
        community_field.queryset = communities_for(user)

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["uploads"]
        if len(files) > MAX_FILES:
            raise ValidationError(
                f"Upload at most {MAX_FILES} files at a time; you chose {len(files)}."
            )
        problems = [
            f"“{f.name}”: {refusal}" for f in files if (refusal := size_refusal(f.size or 0))
        ]
        if problems:
            raise ValidationError(problems)
        return files
