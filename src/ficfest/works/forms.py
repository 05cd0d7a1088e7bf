"""The forms for posting and editing a work and its chapters."""

import re
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.timezone import get_current_timezone_name

from ficfest.accounts.models import Pseud, User
from ficfest.lib.forms import each_checked
from ficfest.lib.names import hidden_characters_refuse
from ficfest.lib.nesting import html_depth_check
from ficfest.lib.text import TextFormat
from ficfest.tags.models import TagType
from ficfest.tags.services import tag_names_parse
from ficfest.works.media_fields import (
    MultipleImageField,
    descriptions_parse,
    duration_format,
    duration_parse,
    images_help,
    tracks_parse,
    video_check,
    video_help,
)
from ficfest.works.models import (
    CHAPTER_TEXT_MAX,
    TITLE_MAX,
    ArchiveWarning,
    Category,
    CommentPolicy,
    Form,
    Series,
    Work,
    WorkImage,
)
from ficfest.works.services import (
    IMAGE_FORMS,
    ChapterText,
    ImageUpload,
    Video,
    WorkTags,
)

# AO3's limit: past it, tags are a wall readers scroll past and filters slow down.
MAX_FREEFORMS = 75

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

    def __init__(self, *, max_tags: int | None = None, tag_type: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        # The autocomplete script suggests tags of this type; without it, a plain field.
        attrs = {"data-tag-autocomplete": tag_type, "autocomplete": "off"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        kwargs.setdefault("help_text", "Separate tags with commas." + (
            f" Up to {max_tags}." if max_tags else ""))  # fmt: skip
        super().__init__(**kwargs)
        self.max_tags = max_tags

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        names = tag_names_parse(text or "")
        if self.required and not names:
            raise ValidationError("Please add at least one.")
        if self.max_tags is not None and len(names) > self.max_tags:
            raise ValidationError(f"A work can have at most {self.max_tags} of these tags; "
                                  f"this one has {len(names)}.")  # fmt: skip
        return names


class WebLinkField(forms.URLField):
    """http and https only: a link readers follow must not run script or leave the web."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Give an http:// or https:// link."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", **kwargs)


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
    fandoms = TagField(required=True, label="Fandoms", tag_type=TagType.FANDOM)
    relationships = TagField(label="Relationships", tag_type=TagType.RELATIONSHIP)
    characters = TagField(label="Characters", tag_type=TagType.CHARACTER)
    freeforms = TagField(label="Additional tags", max_tags=MAX_FREEFORMS, tag_type=TagType.FREEFORM)
    co_creators = forms.CharField(
        required=False, label="Invite co-creators",
        help_text="Pseud names, separated by commas; write “name (username)” when a name is "
        "shared. Each is credited once they accept.",
    )  # fmt: skip
    series = forms.ModelChoiceField(
        queryset=Series.objects.none(), required=False, label="Add to one of your series"
    )
    new_series = forms.CharField(
        required=False, max_length=TITLE_MAX, label="…or start a new series called",
        validators=[hidden_characters_refuse],
    )  # fmt: skip
    images = MultipleImageField(required=False, label="Images")  # help text: images_help()
    image_descriptions = forms.CharField(
        required=False, label="Image descriptions",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One line per image, in the same order: its alt text (what the image shows, "
        "for readers who can't see it), then optionally “|” and a caption.",
    )  # fmt: skip
    tracks = forms.CharField(
        required=False, label="Track list", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Fanmixes: one track per line, written “Artist - Title”.",
    )  # fmt: skip
    video_url = WebLinkField(required=False, max_length=200, label="Link to the vid")
    video_file = forms.FileField(
        required=False, label="…or upload the vid",
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm,video/ogg"}),
    )  # fmt: skip
    duration = forms.CharField(
        required=False, max_length=12, label="Duration",
        help_text="Vids: minutes:seconds, like 1:05, or seconds.",
    )  # fmt: skip
    publish_at = forms.DateTimeField(
        required=False, label="Schedule for (optional)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to post now.",
    )  # fmt: skip

    class Meta:
        model = Work
        fields = ["title", "form", "summary", "notes", "end_notes", "rating", "language",
                  "complete", "restricted", "comment_policy", "comments_moderated"]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "end_notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"complete": "This work is complete"}
        help_texts = {
            "form": "Fic and meta are written in the work text below; art and picspams are "
            "images, fanmixes a track list, vids a link or a file.",
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The size limits are settings: said as they are when the form is shown.
        self.fields["images"].help_text = images_help()
        self.fields["video_file"].help_text = video_help()
        # A form sent without it (an older page, a script) keeps the work's setting.
        self.fields["comment_policy"].required = False
        self._choices("pseud", Pseud.objects.filter(user=user))
        self._choices("series", Series.objects.filter(owner=user))
        self.fields["rating"].required = True
        # Read in the active zone: the poster's own, as set under Preferences.
        self.fields["publish_at"].help_text += f" Times are in {get_current_timezone_name()}."
        # Left out (by older clients), a work keeps its form; a new one is fic.
        self.fields["form"].required = False
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
            tracks="\n".join(f"{t.artist} - {t.title}" for t in work.tracks.all()),
            image_descriptions="\n".join(
                f"{i.alt_text} | {i.caption}" if i.caption else i.alt_text
                for i in work.images.all()
            ),
            video_url=work.video_url,
            duration=duration_format(work.duration_seconds),
        )
        if count := work.images.count():
            self.fields["images"].help_text = (
                f"This work has {count} image{pluralize(count)}. Upload new ones to replace them "
                "all, or leave this empty to keep them (the descriptions below still apply)."
            )
        if work.video_file:
            self.fields["video_file"].help_text = (
                "This vid has an uploaded file. Upload another to replace it, give a link "
                "instead, or leave both empty to keep it."
            )

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"]
        hidden_characters_refuse(title)
        return title

    def clean_co_creators(self) -> list[Pseud]:
        names = filter(None, (n.strip() for n in self.cleaned_data["co_creators"].split(",")))
        return each_checked(list(names), pseud_lookup)

    def clean_publish_at(self) -> datetime | None:
        when: datetime | None = self.cleaned_data.get("publish_at")
        if when is not None and when <= timezone.now():
            raise ValidationError("A scheduled time must be in the future.")
        return when

    def clean_form(self) -> str:
        chosen: str = self.cleaned_data.get("form") or ""
        return chosen or (self.instance.form if self.instance.pk else Form.FIC)

    def clean_comment_policy(self) -> str:
        chosen: str = self.cleaned_data.get("comment_policy") or ""
        return chosen or (self.instance.comment_policy if self.instance.pk else CommentPolicy.ALL)

    def clean_video_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("video_file")
        return video_check(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("series") and data.get("new_series"):
            self.add_error("new_series", "Choose an existing series or a new one, not both.")
        self._media: dict[str, Any] = {}
        work_form = data.get("form")
        self._refuse_stray_files(work_form, data)
        if work_form in IMAGE_FORMS:
            self._clean_images(data)
        elif work_form == Form.FANMIX:
            self._clean_tracks(data)
        elif work_form == Form.VID:
            self._clean_video(data)
        return data

    def _refuse_stray_files(self, work_form: str | None, data: dict[str, Any]) -> None:
        # Text fields of other forms are ignored, but a file sent for nothing would be lost.
        if data.get("images") and work_form not in IMAGE_FORMS:
            self.add_error("images", "Images are for art and picspams: choose one of those "
                           "forms, or leave the images out.")  # fmt: skip
        if data.get("video_file") and work_form != Form.VID:
            self.add_error("video_file", "A video file is for vids: choose Vid as the form, "
                           "or leave the file out.")  # fmt: skip

    def _clean_images(self, data: dict[str, Any]) -> None:
        uploads: list[UploadedFile] = data.get("images") or []
        try:
            described = descriptions_parse(data.get("image_descriptions", ""))
        except ValidationError as error:
            self.add_error("image_descriptions", error)
            return
        kept = [] if uploads else [i.image.name for i in self._current_images()]
        files: list[File | str] = [*uploads] or [*kept]
        if not files:
            self.add_error("images", "Upload at least one image.")
        elif len(described) != len(files):
            count_error = _description_count_error(len(files), len(described))
            self.add_error("image_descriptions", count_error)
        else:
            self._media["images"] = [
                ImageUpload(file=file, alt_text=alt, caption=caption)
                for file, (alt, caption) in zip(files, described, strict=True)
            ]

    def _current_images(self) -> list[WorkImage]:
        return list(self.instance.images.all()) if self.instance.pk else []

    def _clean_tracks(self, data: dict[str, Any]) -> None:
        try:
            tracks = tracks_parse(data.get("tracks", ""))
        except ValidationError as error:
            self.add_error("tracks", error)
            return
        if not tracks:
            self.add_error("tracks", "List at least one track, written “Artist - Title”.")
        self._media["tracks"] = tracks

    def _clean_video(self, data: dict[str, Any]) -> None:
        url, upload = data.get("video_url") or "", data.get("video_file")
        has_file = bool(self.instance.pk and self.instance.video_file)
        if url and upload:
            self.add_error("video_file", "Give a link or upload a file, not both.")
        elif not (url or upload or has_file) and "video_url" not in self.errors:
            self.add_error("video_url", "A vid needs a link or an uploaded file.")
        seconds = None
        try:
            seconds = duration_parse(data.get("duration") or "")
        except ValidationError as error:
            self.add_error("duration", error)
        if seconds is not None:
            self._media["video"] = Video(url=url, file=upload, duration_seconds=seconds)

    def work_media(self) -> dict[str, Any]:
        """``images``, ``tracks`` and ``video`` for work_create/work_update, by form."""
        return dict(self._media)

    def work_tags(self) -> WorkTags:
        data = self.cleaned_data
        return WorkTags(
            fandoms=data["fandoms"], warnings=data["warnings"], categories=data["categories"],
            relationships=data["relationships"], characters=data["characters"],
            freeforms=data["freeforms"],
        )  # fmt: skip

    def work_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _description_count_error(images: int, lines: int) -> str:
    return (
        f"There {'is' if images == 1 else 'are'} {images} image{pluralize(images)} but "
        f"{lines} description line{pluralize(lines)}: write one line of alt text per image, "
        "in the same order."
    )


class ChapterForm(forms.Form):
    title = forms.CharField(
        required=False, max_length=TITLE_MAX, label="Chapter title",
        validators=[hidden_characters_refuse],
    )  # fmt: skip
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
        "also work. Required for fic and meta; for other forms, an optional description.",
    )  # fmt: skip

    def __init__(self, *args: Any, text_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fic and meta are their text; for art, vids and fanmixes it's an optional description.
        self.text_required = text_required
        self.fields["text"].required = text_required

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            if self.text_required:
                raise ValidationError("Text can't be blank.")
            return ""
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Measured before anything sanitises it: deep HTML is what makes sanitising slow.
        # Markdown passes HTML through, so it is measured too.
        if data.get("text") and data.get("text_format") != TextFormat.PLAIN:
            try:
                html_depth_check(data["text"])
            except ValidationError as error:
                self.add_error("text", error)
        return data

    def content(self) -> ChapterText:
        return ChapterText(**self.cleaned_data)
