"""The wrangling forms: each names a tag as a wrangler types it and finds it. The rules of
wrangling stay in ficfest.tags.wrangling; a rule it refuses comes back to the form's field."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ficfest.accounts.models import User
from ficfest.tags.models import TAG_NAME_MAX, Tag, TagType
from ficfest.tags.selectors import GROUP_NAMES, tag_named
from ficfest.tags.wrangling import parent_types_for


def tag_input(tag_type: str = "", **attrs: str) -> forms.TextInput:
    """A text field the autocomplete script enhances (a plain field without it)."""
    return forms.TextInput(
        attrs={"data-tag-autocomplete": tag_type, "autocomplete": "off", **attrs}
    )


class RenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=TAG_NAME_MAX)


class CanonicalForm(forms.Form):
    canonical = forms.TypedChoiceField(
        choices=[("yes", "Canonical"), ("no", "Not canonical")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )


class MergeForm(forms.Form):
    """Make the tag a synonym of a canonical tag of its type, named as typed. A synonym typed
    (as the autocomplete never shows, but a reader may remember) means its canonical."""

    into = forms.CharField(label="Synonym of", max_length=TAG_NAME_MAX)

    def __init__(self, *args: Any, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag = tag
        self.fields["into"].widget = tag_input(tag.type)
        self.fields["into"].help_text = (
            f"A canonical {tag.get_type_display().lower()} tag. Works tagged "
            f"“{tag.name}” are then found by it, and its filters include them."
        )

    def clean_into(self) -> Tag:
        name = self.cleaned_data["into"]
        found = tag_named(name, [self.tag.type])
        if not found:
            kind = self.tag.get_type_display().lower()
            raise ValidationError(f"There is no {kind} tag called “{name}”.")
        return found[0].filter_tag


class ParentForm(forms.Form):
    """A parent named as typed: a tag of one of the types this tag may have as parents. Two
    tags of those types with that name ask for the type."""

    parent = forms.CharField(label="Add a parent", max_length=TAG_NAME_MAX)
    parent_type = forms.ChoiceField(label="Its type", required=False)

    def __init__(self, *args: Any, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag = tag
        self.types = parent_types_for(tag)
        labels = dict(TagType.choices)
        field = self.fields["parent_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any that fits"), *((t, labels[t]) for t in self.types)]
        self.fields["parent"].widget = tag_input("" if len(self.types) > 1 else tag.type)
        self.fields["parent"].help_text = _parent_help(tag, self.types)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, chosen = data.get("parent"), data.get("parent_type")
        if name is None:
            return data
        found = tag_named(name, [chosen] if chosen else self.types)
        if not found:
            self.add_error("parent", f"There is no tag called “{name}” that can be its parent.")
        elif len(found) > 1:
            self.add_error("parent_type", f"More than one tag is called “{name}”: choose its type.")
        else:
            data["parent"] = found[0].filter_tag
        return data


def _parent_help(tag: Tag, types: list[str]) -> str:
    kinds = [GROUP_NAMES[TagType(t)][0].lower() for t in types]
    either = ", ".join(kinds[:-1]) + " or " + kinds[-1] if len(kinds) > 1 else kinds[0]
    meta = " A parent of its own type is a meta tag: filters on it include this tag."
    return f"A {either} tag." + (meta if tag.type in types else "")


class ParentRemoveForm(forms.Form):
    parent_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tag = tag

    def clean_parent_id(self) -> Tag:
        parent = self.tag.parents.filter(pk=self.cleaned_data["parent_id"]).first()
        if parent is None:
            raise ValidationError("That tag is not a parent of this one (any more).")
        return parent


class WranglerGrantForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=name).first()
        if user is None:
            raise ValidationError(f"There is no user called “{name}”.")
        if user.is_wrangler:
            raise ValidationError(f"{user.username} is already a tag wrangler.")
        return user
