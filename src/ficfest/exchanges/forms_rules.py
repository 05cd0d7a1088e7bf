"""The moderators' form for an exchange's rules: per tag type its tag set (names typed, a
synonym meaning its canonical), the counts a request and an offer name, and the overlap a
match needs; then the number of requests and mutual pairs. Also the exclusion form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ficfest.exchanges.forms import SignUpChoiceField
from ficfest.exchanges.models import ExchangeRules, SignUp
from ficfest.exchanges.models_tagged import COUNT_MAX, REQUESTS_MAX
from ficfest.exchanges.rules import TypeRule
from ficfest.exchanges.signup_tags import kind_name, tags_named
from ficfest.tags.models import TagType

COUNTS = [
    ("request_min", "A request names at least"),
    ("request_max", "A request names at most"),
    ("offer_min", "An offer names at least"),
    ("offer_max", "An offer names at most"),
    ("overlap", "A match shares at least"),
]


def tag_list_input(tag_type: str) -> forms.Textarea:
    """A long list of tags: a text area the autocomplete enhances term by term."""
    attrs = {"data-tag-autocomplete": tag_type, "autocomplete": "off", "rows": "3"}
    return forms.Textarea(attrs=attrs)


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=COUNT_MAX)


class RulesForm(forms.Form):
    requests_min = forms.IntegerField(
        label="Requests per sign-up, at least", min_value=1, max_value=REQUESTS_MAX
    )
    requests_max = forms.IntegerField(
        label="Requests per sign-up, at most", min_value=1, max_value=REQUESTS_MAX
    )
    allow_mutual = forms.BooleanField(
        label="Allow mutual pairs",
        required=False,
        help_text="Untick so nobody writes for the person who writes for them.",
    )

    def __init__(
        self, *args: Any, types: list[TypeRule], rules: ExchangeRules, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.types = [rule.type for rule in types]
        self.initial.update(
            requests_min=rules.requests_min,
            requests_max=rules.requests_max,
            allow_mutual=rules.allow_mutual,
        )
        for rule in types:
            kinds = kind_name(rule.type, True)
            self.fields[f"{rule.type}_tags"] = forms.CharField(
                label=f"The {kinds} participants choose from",
                required=False,
                max_length=20000,
                widget=tag_list_input(rule.type),
                help_text=f"Canonical {kinds}, separated by commas or lines. Leave empty for any.",
            )
            self.initial[f"{rule.type}_tags"] = ", ".join(t.name for t in rule.tags)
            if rule.type != TagType.FANDOM:
                self.fields[f"{rule.type}_with_fandoms"] = forms.BooleanField(
                    label=f"Also any canonical {kinds} wrangled under the fandoms above",
                    required=False,
                )
                self.initial[f"{rule.type}_with_fandoms"] = rule.with_fandoms
            for name, label in COUNTS:
                self.fields[f"{rule.type}_{name}"] = _count(f"{label} (how many {kinds})")
                self.initial[f"{rule.type}_{name}"] = getattr(rule, name)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                kind_name(t, True).capitalize(),
                [self[name] for name in self.fields if name.startswith(f"{t}_")],
            )
            for t in self.types
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ["requests_min", "requests_max", "allow_mutual"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for tag_type in self.types:
            name = f"{tag_type}_tags"
            try:
                data[name] = tags_named(data.get(name, "").replace("\n", ","), tag_type, None)
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def type_rules(self) -> list[TypeRule]:
        data = self.cleaned_data
        return [
            TypeRule(
                t,
                tuple(data[f"{t}_tags"]),
                **{name: data[f"{t}_{name}"] for name, _ in COUNTS},
                with_fandoms=bool(data.get(f"{t}_with_fandoms")),
            )
            for t in self.types
        ]


class ExclusionForm(forms.Form):
    first = SignUpChoiceField(
        queryset=SignUp.objects.none(), label="Never pair", empty_label="Choose a participant"
    )
    second = SignUpChoiceField(
        queryset=SignUp.objects.none(), label="with", empty_label="Choose a participant"
    )

    def __init__(self, *args: Any, signups: QuerySet[SignUp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ["first", "second"]:
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = signups


class SwapForm(forms.Form):
    giver = SignUpChoiceField(
        queryset=SignUp.objects.none(), label="Swap recipient with", empty_label="Choose a writer"
    )

    def __init__(self, *args: Any, signups: QuerySet[SignUp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["giver"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = signups
