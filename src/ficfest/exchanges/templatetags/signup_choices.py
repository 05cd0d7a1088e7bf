"""``{% signup_choices entry %}``: a sign-up's tagged requests (with their letters) and offer,
wherever its free-text answers are shown."""

from typing import Any

from django import template

from ficfest.exchanges.models import SignUp
from ficfest.exchanges.models_tagged import SIGNUP_TYPES
from ficfest.exchanges.signup_tags import Choice, choices_of
from ficfest.tags.selectors import GROUP_NAMES

register = template.Library()


def _rows(choice: Choice) -> list[tuple[str, list[str]]]:
    rows = []
    for tag_type in SIGNUP_TYPES:
        names = [t.name for t in choice.tags.get(tag_type, [])]
        if tag_type in choice.any_types:
            names.append("Any")
        if names:
            rows.append((GROUP_NAMES[tag_type][len(names) > 1], names))
    return rows


@register.inclusion_tag("exchanges/_signup_choices.html")
def signup_choices(entry: SignUp, show_offer: bool = True) -> dict[str, Any]:
    requests, offer = choices_of(entry)
    return {
        "requests": [(n, _rows(r), r.letter) for n, r in enumerate(requests, start=1)],
        "many": len(requests) > 1,
        "offer": _rows(offer) if offer and show_offer else None,
        "wont": [t.name for t in offer.wont_write] if offer and show_offer else [],
    }
