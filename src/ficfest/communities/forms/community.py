"""Forms for setting up a community, inviting members and changing their roles."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import slugify

from ficfest.accounts.models import User
from ficfest.communities.models import Community, FormLimit, MembershipStatus, Role
from ficfest.communities.services.community import Limits, RequiredTags
from ficfest.lib.dates import site_time_zone
from ficfest.lib.timefields import TimeZoneField
from ficfest.tags.models import TagType
from ficfest.tags.services import tag_names_parse
from ficfest.works.models import FORM_UNIT, Form

# Slugs that would shadow a page under /c/.
RESERVED_SLUGS = {"new"}
LIMIT_MAX = 1_000_000  # as FormLimit.limit allows
# "fandom: Buffy the Vampire Slayer" -> a fandom tag; a line without a known type before the
# colon is a list of relationships, the usual thing a one-pairing community requires.
_TYPED_LINE = re.compile(r"^\s*(?P<type>[a-z ]+?)\s*:\s*(?P<names>.*)$", re.IGNORECASE)
_TYPE_NAMES = {
    **{value: value for value in TagType.values},
    **{label.lower(): value for value, label in TagType.choices},
    "additional": TagType.FREEFORM,
}

REQUIRED_TAGS_HELP = (
    "Every fill must carry all of these tags. Separate tags with commas; they are "
    "relationships, unless a line starts with a kind of tag and a colon, e.g. "
    "<code>fandom: Buffy the Vampire Slayer</code> or <code>character: Spike</code> "
    "(kinds: fandom, relationship, character, freeform, category, warning)."
)


def parse_required_tags(raw: str) -> dict[str, list[str]]:
    """The required tags field -> {tag type: names}."""
    required: dict[str, list[str]] = {}
    for line in raw.splitlines():
        tag_type: str = TagType.RELATIONSHIP
        names = line
        match = _TYPED_LINE.match(line)
        if match and match["type"].lower() in _TYPE_NAMES:
            tag_type, names = _TYPE_NAMES[match["type"].lower()], match["names"]
        for name in tag_names_parse(names):
            if name.lower() not in (n.lower() for n in required.get(tag_type, [])):
                required.setdefault(tag_type, []).append(name)
    return required


def required_tags_text(community: Community) -> str:
    lines = []
    by_type: dict[str, list[str]] = {}
    for tag in community.required_tags.order_by("type", "name"):
        by_type.setdefault(tag.type, []).append(tag.name)
    for tag_type, names in by_type.items():
        prefix = "" if tag_type == TagType.RELATIONSHIP else f"{tag_type}: "
        lines.append(prefix + ", ".join(names))
    return "\n".join(lines)


def limit_text(form: str, limit: int | None) -> str:
    """“Fic up to 1,000 words”, as the community page and the fill form say it."""
    label = Form(form).label
    if limit is None:
        return f"{label}, any size"
    unit = FORM_UNIT[Form(form)].label
    if limit == 1:
        unit = unit.removesuffix("s")
    return f"{label} up to {limit:,} {unit}"


class CommunityForm(forms.ModelForm):
    time_zone = TimeZoneField(
        required=False,
        initial=site_time_zone,
        help_text="The community's calendar: months begin, prompts come out and deadlines "
        "fall at midnight here. Readers see times in their own zone. Changing it moves "
        "nothing already scheduled or released.",
    )  # fmt: skip
    required_tags_raw = forms.CharField(
        label="Required tags", required=False, help_text=REQUIRED_TAGS_HELP,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off",
                                     "data-tag-autocomplete": TagType.RELATIONSHIP}),
    )  # fmt: skip

    class Meta:
        model = Community
        fields = ["name", "slug", "description", "rules", "time_zone", "membership",
                  "members_only_posting", "moderated", "overflow_of"]  # fmt: skip
        widgets = {
            "membership": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "rules": forms.Textarea(attrs={"rows": 10}),
        }
        labels = {
            "slug": "Address",
            "moderated": "Moderated",
            "members_only_posting": "Only members may post fills",
            "overflow_of": "Overflow for",
        }
        help_texts = {
            "slug": "Letters, numbers and dashes: the community lives at /c/your-address/. "
            "Left empty, it is made from the name. It can't be changed later.",
            "rules": "Shown on the community's home page, line breaks kept.",
            "overflow_of": "This community takes fills for any released prompt of that one "
            "(e.g. longer works), under its own limits.",
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self._overflow_choices()
        for form in Form:
            self._add_limit_fields(form)
        if self.instance.pk:
            self._load_instance()
        else:
            self.fields["slug"].required = False
            self.fields["slug"].widget.attrs["data-slug-from"] = "id_name"
            self.initial.update({f"accept_{form}": True for form in Form.values})

    def _overflow_choices(self) -> None:
        field = self.fields["overflow_of"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = "— none —"
        mine = Q(memberships__user=self.user, memberships__status=MembershipStatus.ACTIVE,
                 memberships__role__in=[Role.OWNER, Role.MODERATOR])  # fmt: skip
        if self.user.is_staff:
            mine = Q()
        choices = Community.objects.filter(mine | Q(pk=self.instance.overflow_of_id))
        field.queryset = choices.exclude(pk=self.instance.pk).distinct()

    def _add_limit_fields(self, form: Form) -> None:
        unit = FORM_UNIT[form].label
        self.fields[f"accept_{form}"] = forms.BooleanField(required=False, label=form.label)
        self.fields[f"limit_{form}"] = forms.IntegerField(
            required=False, min_value=1, max_value=LIMIT_MAX, label=f"{form.label} limit",
            help_text=unit, widget=forms.NumberInput(attrs={"min": 1, "step": 1}),
            error_messages={
                "invalid": f"Write the limit as a whole number of {unit}, or leave it empty.",
                "min_value": f"A limit must be at least 1 {unit.removesuffix('s')}; "
                "leave it empty for no limit.",
            },
        )  # fmt: skip

    def _load_instance(self) -> None:
        slug = self.fields["slug"]
        slug.disabled = True
        slug.help_text = "The community's address; it can't be changed, so links keep working."
        self.initial["required_tags_raw"] = required_tags_text(self.instance)
        limits: dict[str, int | None] = dict(
            FormLimit.objects.filter(community=self.instance).values_list("form", "limit")
        )
        for form in Form.values:
            self.initial[f"accept_{form}"] = form in limits
            self.initial[f"limit_{form}"] = limits.get(form)

    def limit_rows(self) -> list[dict[str, Any]]:
        """For the template: each form's checkbox and limit input side by side."""
        return [
            {"accept": self[f"accept_{form}"], "limit": self[f"limit_{form}"],
             "unit": FORM_UNIT[form].label}
            for form in Form
        ]  # fmt: skip

    def clean_slug(self) -> str:
        if self.instance.pk:
            return self.instance.slug
        slug: str = self.cleaned_data["slug"].lower() or self._slug_from_name()
        if not slug:
            raise ValidationError("Choose an address: letters, numbers and dashes.")
        if slug in RESERVED_SLUGS:
            raise ValidationError(f"“{slug}” is reserved; choose another address.")
        if Community.objects.filter(slug=slug).exists():
            raise ValidationError(f"The address /c/{slug}/ is taken; choose another.")
        return slug

    def _slug_from_name(self) -> str:
        max_length = Community._meta.get_field("slug").max_length or 50
        return slugify(self.cleaned_data.get("name", ""))[:max_length].strip("-")

    def clean_time_zone(self) -> str:
        # Left out of a post (the select always sends one): as it was, or the site's.
        chosen: str = self.cleaned_data["time_zone"]
        return chosen or self.instance.time_zone or site_time_zone()

    def clean_required_tags_raw(self) -> RequiredTags:
        return parse_required_tags(self.cleaned_data["required_tags_raw"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"accept_{form}") for form in Form.values):
            raise ValidationError("Accept at least one form of work, or nobody can post fills.")
        for form in Form:
            if cleaned.get(f"limit_{form}") and not cleaned.get(f"accept_{form}"):
                self.add_error(
                    f"limit_{form}", f"Tick “{form.label}” to accept it, or clear its limit."
                )
        return cleaned

    def limits(self) -> Limits:
        data = self.cleaned_data
        return {form: data[f"limit_{form}"] for form in Form.values if data[f"accept_{form}"]}

    def settings(self) -> dict[str, Any]:
        """The cleaned form as keyword arguments for community_create/community_update."""
        data = self.cleaned_data
        fields = ["name", "description", "rules", "time_zone", "membership",
                  "members_only_posting", "moderated", "overflow_of"]  # fmt: skip
        return {
            **{name: data[name] for name in fields},
            "required_tags": data["required_tags_raw"],
            "limits": self.limits(),
        }


class InviteForm(forms.Form):
    username = forms.CharField(
        label="Invite a user",
        max_length=150,
        help_text="Their user name; they join once they accept.",
    )
