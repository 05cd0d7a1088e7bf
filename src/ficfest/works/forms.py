import re
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.lib.text import TextFormat
from ficfest.tags.services import tag_names_parse
from ficfest.works.models import (
    CHAPTER_TEXT_MAX,
    TITLE_MAX,
    ArchiveWarning,
    Category,
    Series,
    Work,
)
from ficfest.works.services import ChapterText, WorkTags

_PSEUD_WITH_USER = re.compile(r"^(?P<pseud>.+?)\s*\((?P<user>[^()]+)\)$")


def pseud_lookup(name: str) -> Pseud:
    """``name`` or ``name (username)`` -> the one pseud it means, or a ValidationError."""
    match = _PSEUD_WITH_USER.match(name)
    found = Pseud.objects.select_related("user")
    if match:
        found = found.filter(name__iexact=match["pseud"], user__username__iexact=match["user"])
    else:
        found = found.filter(name__iexact=name)
    pseuds = list(found[:2])
    if not pseuds:
        raise ValidationError(f"There is no creator called “{name}”.")
    if len(pseuds) > 1:
        raise ValidationError(
            f"More than one creator is called “{name}”: write it as “{name} (username)”."
        )
    return pseuds[0]


class TagField(forms.CharField):
    """Comma-separated tags; the cleaned value is a list of names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Separate tags with commas.")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        names = tag_names_parse(text or "")
        if self.required and not names:
            raise ValidationError("Please add at least one.")
        return names


class WorkForm(forms.ModelForm):
    pseud = forms.ModelChoiceField(
        queryset=Pseud.objects.none(), label="Creator/Pseud", empty_label=None
    )
    warnings = forms.MultipleChoiceField(
        label="Archive warnings", choices=ArchiveWarning.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one archive warning."},
    )  # fmt: skip
    categories = forms.MultipleChoiceField(
        choices=Category.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    fandoms = TagField(required=True, label="Fandoms")
    relationships = TagField(label="Relationships")
    characters = TagField(label="Characters")
    freeforms = TagField(label="Additional tags")
    co_creators = forms.CharField(
        required=False, label="Invite co-creators",
        help_text="Pseud names, separated by commas; write “name (username)” when a name is "
        "shared. Each is credited once they accept.",
    )  # fmt: skip
    series = forms.ModelChoiceField(
        queryset=Series.objects.none(), required=False, label="Add to one of your series"
    )
    new_series = forms.CharField(
        required=False, max_length=TITLE_MAX, label="…or start a new series called"
    )
    publish_at = forms.DateTimeField(
        required=False, label="Schedule for (optional)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to post now. Times are in UTC.",
    )  # fmt: skip

    class Meta:
        model = Work
        fields = ["title", "summary", "notes", "end_notes", "rating", "language", "complete",
                  "restricted"]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "end_notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"complete": "This work is complete"}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self._choices("pseud", Pseud.objects.filter(user=user))
        self._choices("series", Series.objects.filter(owner=user))
        self.fields["rating"].required = True
        if self.instance.pk:
            self._load_instance()
        else:
            self.fields["pseud"].initial = Pseud.objects.filter(user=user, is_default=True).first()

    def _choices(self, name: str, queryset: QuerySet) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def _load_instance(self) -> None:
        work = self.instance
        del self.fields["pseud"]
        del self.fields["publish_at"]
        self.initial.update(
            warnings=[t.name for t in work.warnings],
            categories=[t.name for t in work.categories],
            fandoms=", ".join(t.name for t in work.fandoms),
            relationships=", ".join(t.name for t in work.relationships),
            characters=", ".join(t.name for t in work.characters),
            freeforms=", ".join(t.name for t in work.freeforms),
        )

    def clean_co_creators(self) -> list[Pseud]:
        pseuds, errors = [], []
        for name in filter(None, (n.strip() for n in self.cleaned_data["co_creators"].split(","))):
            try:
                pseuds.append(pseud_lookup(name))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return pseuds

    def clean_publish_at(self) -> datetime | None:
        when: datetime | None = self.cleaned_data.get("publish_at")
        if when is not None and when <= timezone.now():
            raise ValidationError("A scheduled time must be in the future.")
        return when

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("series") and data.get("new_series"):
            self.add_error("new_series", "Choose an existing series or a new one, not both.")
        return data

    def work_tags(self) -> WorkTags:
        data = self.cleaned_data
        return WorkTags(
            fandoms=data["fandoms"], warnings=data["warnings"], categories=data["categories"],
            relationships=data["relationships"], characters=data["characters"],
            freeforms=data["freeforms"],
        )  # fmt: skip

    def work_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ChapterForm(forms.Form):
    title = forms.CharField(required=False, max_length=TITLE_MAX, label="Chapter title")
    summary = forms.CharField(
        required=False,
        max_length=1250,
        label="Chapter summary",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        required=False,
        max_length=5000,
        label="Chapter beginning notes",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    end_notes = forms.CharField(
        required=False,
        max_length=5000,
        label="Chapter end notes",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text_format = forms.ChoiceField(
        choices=TextFormat.choices, initial=TextFormat.PLAIN, label="Text format"
    )
    text = forms.CharField(
        max_length=CHAPTER_TEXT_MAX, strip=False, label="Work text",
        widget=forms.Textarea(attrs={"class": "chapter-text", "rows": 20}),
        error_messages={"required": "Text can't be blank."},
        help_text="Plain text: a blank line starts a new paragraph. Markdown and basic HTML "
        "also work.",
    )  # fmt: skip

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise ValidationError("Text can't be blank.")
        return text

    def content(self) -> ChapterText:
        return ChapterText(**self.cleaned_data)
