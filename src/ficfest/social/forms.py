from functools import lru_cache

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ficfest.social.models import COMMENT_MAX, Bookmark, InboxSettings


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text, or HTML (links, emphasis, paragraphs). Up to 10,000 characters.",
    )
    # Ids, read leniently by the view: nonsense means "none".
    parent = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    chapter = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)


class GuestCommentForm(CommentForm):
    guest_name = forms.CharField(label="Your name", max_length=60)
    guest_email = forms.EmailField(
        label="Your email", help_text="Never shown; only for the creator to reach you."
    )

    field_order = ["guest_name", "guest_email", "body"]


def comment_form_for(user: object, data: object = None, **kwargs: object) -> CommentForm:
    form_class = CommentForm if getattr(user, "is_authenticated", False) else GuestCommentForm
    return form_class(data, **kwargs)  # type: ignore[arg-type]


class EditCommentForm(forms.Form):
    body = CommentForm.base_fields["body"]


class InboxSettingsForm(forms.ModelForm):
    class Meta:
        model = InboxSettings
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}


class BookmarkForm(forms.ModelForm):
    class Meta:
        model = Bookmark
        fields = ["notes", "tags", "private", "rec"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"tags": "Your own tags, separated by commas."}


class LinkBookmarkForm(forms.ModelForm):
    url = forms.URLField(label="Link", max_length=500, assume_scheme="https")

    class Meta:
        model = Bookmark
        fields = ["url", "title", "notes", "tags", "private", "rec"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"tags": "Your own tags, separated by commas."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["title"].required = True


@lru_cache(maxsize=512)
def blank_form_html(guest: bool, chapter_id: int | None) -> SafeString:
    """The fields of a new, empty comment form, rendered once per kind and chapter: they are the
    same for every reader of a work page, and Django's widget templates are most of what the
    comment section costs to render."""
    form_class = GuestCommentForm if guest else CommentForm
    form = form_class(initial={"chapter": chapter_id})
    return mark_safe(render_to_string("_form_fields.html", {"form": form}))
