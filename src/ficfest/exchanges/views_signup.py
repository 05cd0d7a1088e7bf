"""The tagged part of the sign-up page: its form, bound to the POST when there is one, and a
sign-up's choices as the page shows them once sign-ups have closed."""

from django.http import HttpRequest

from ficfest.communities.models import Challenge
from ficfest.exchanges import signup_tags
from ficfest.exchanges.forms_tagged import SignUpTagsForm
from ficfest.exchanges.models import SignUp


def tags_form(request: HttpRequest, challenge: Challenge, mine: SignUp | None) -> SignUpTagsForm:
    requests, offer = signup_tags.choices_of(mine) if mine else ([], None)
    return SignUpTagsForm(
        request.POST if request.method == "POST" else None,
        prefix="tags",
        rows=signup_tags.tag_types_of(challenge),
        rules=signup_tags.rules_of(challenge),
        requests=requests,
        offer=offer,
    )


def choices_or_none(
    mine: SignUp | None,
) -> tuple[list[signup_tags.Choice], signup_tags.Choice | None] | None:
    if mine is None:
        return None
    requests, offer = signup_tags.choices_of(mine)
    return (requests, offer) if requests or offer else None
