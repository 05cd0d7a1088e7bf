"""The tagged part of the sign-up form: for each request its tags per type, "any" per type
and a letter; for the offer its tags per type, "any" per type and the tags never written.
Names are typed as on the work form (the autocomplete suggests tags of the field's type)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ficfest.exchanges.models import ExchangeRules, ExchangeTagType
from ficfest.exchanges.models_tagged import SIGNUP_TYPES
from ficfest.exchanges.signup_tags import Choice, allowed_ids, kind_name, tags_named
from ficfest.tags.forms import tag_input
from ficfest.tags.models import Tag
from ficfest.tags.selectors import tag_named
from ficfest.tags.services import tag_names_parse


def _tag_field(row: ExchangeTagType, low: int, high: int) -> forms.CharField:
    kinds = kind_name(row.type, high != 1)
    span = f"{low} to {high}" if low != high else f"{low}"
    listed = "from this exchange's list" if row.tags.exists() else "canonical tags"
    return forms.CharField(
        label=kind_name(row.type, True).capitalize(),
        required=False,
        max_length=3000,
        widget=tag_input(row.type),
        help_text=f"{span} {kinds}, {listed}, separated by commas.",
    )


def _any_field(row: ExchangeTagType, side: str) -> forms.BooleanField:
    kinds = kind_name(row.type, True)
    label = f"Any {kinds} welcome" if side == "request" else f"I'll write any {kinds}"
    return forms.BooleanField(label=label, required=False)


class SignUpTagsForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        rows: list[ExchangeTagType],
        rules: ExchangeRules,
        requests: list[Choice],
        offer: Choice | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows, self.rules = rows, rules
        self.allowed = {row.type: allowed_ids(row) for row in rows}
        for number in range(1, rules.requests_max + 1):
            self._add_side(
                f"r{number}", "request", requests[number - 1] if number <= len(requests) else None
            )
            self.fields[f"r{number}_letter"] = forms.CharField(
                label="Letter to your writer",
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="What you love about these, what you'd like to read.",
            )
            if number <= len(requests):
                self.initial[f"r{number}_letter"] = requests[number - 1].letter
        self._add_side("o", "offer", offer)
        self.fields["o_wont"] = forms.CharField(
            label="Tags you won't write",
            required=False,
            max_length=3000,
            widget=tag_input(),
            help_text="Even with “any”, you are never given a request for these.",
        )
        if offer is not None:
            self.initial["o_wont"] = ", ".join(t.name for t in offer.wont_write)

    def _add_side(self, prefix: str, side: str, choice: Choice | None) -> None:
        for row in self.rows:
            low, high = (
                (row.request_min, row.request_max)
                if side == "request"
                else (row.offer_min, row.offer_max)
            )
            self.fields[f"{prefix}_{row.type}"] = _tag_field(row, low, high)
            self.fields[f"{prefix}_{row.type}_any"] = _any_field(row, side)
            if choice is not None:
                names = ", ".join(t.name for t in choice.tags.get(row.type, []))
                self.initial[f"{prefix}_{row.type}"] = names
                self.initial[f"{prefix}_{row.type}_any"] = row.type in choice.any_types

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields as the page shows them: one fieldset per request, then the offer."""
        numbers = range(1, self.rules.requests_max + 1)
        named = [
            (f"Request {n}" if len(numbers) > 1 else "Your request", f"r{n}_") for n in numbers
        ]
        named.append(("Your offer", "o_"))
        return [
            (legend, [self[name] for name in self.fields if name.startswith(prefix)])
            for legend, prefix in named
        ]

    def _choice(self, prefix: str) -> Choice:
        choice = Choice()
        for row in self.rows:
            name = f"{prefix}_{row.type}"
            try:
                choice.tags[row.type] = tags_named(
                    self.cleaned_data.get(name, ""), row.type, self.allowed[row.type]
                )
            except ValidationError as error:
                self.add_error(name, error)
            if self.cleaned_data.get(f"{name}_any"):
                choice.any_types.append(row.type)
        return choice

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        requests = []
        for number in range(1, self.rules.requests_max + 1):
            request = self._choice(f"r{number}")
            request.letter = data.get(f"r{number}_letter", "")
            if not request.empty:
                requests.append(request)
        offer = self._choice("o")
        try:
            offer.wont_write = _any_type_tags(data.get("o_wont", ""))
        except ValidationError as error:
            self.add_error("o_wont", error)
        data["requests"], data["offer"] = requests, offer
        return data


def _any_type_tags(raw: str) -> list[Tag]:
    """Won't-write tags may be of any of the four types; each name must be a known tag."""
    found: list[Tag] = []
    problems: list[str] = []
    for name in tag_names_parse(raw):
        tags = tag_named(name, SIGNUP_TYPES)
        if not tags:
            problems.append(f"There is no tag called “{name}”.")
        found += [t.filter_tag for t in tags]
    if problems:
        raise ValidationError(problems)
    return list(dict.fromkeys(found))
