"""What search adds to the pages of the apps below it: ``q`` in every listing of works (through
``works.seams``) and a prompt search box on each challenge and period page."""

from django.http import HttpRequest

from ficfest.communities.models import Challenge, ChallengeKind, Period
from ficfest.search.engine import Found, search
from ficfest.works.seams import WorkSection


def listing_search(text: str) -> Found:
    return search(text)


def prompt_search_box(
    request: HttpRequest, challenge: Challenge, period: Period | None
) -> WorkSection | None:
    """A box that searches the prompts of this challenge (or period); a ficathon has none."""
    if challenge.kind == ChallengeKind.FICATHON:
        return None
    return WorkSection(
        "search/_prompt_search_box.html",
        {
            "box_challenge": challenge,
            "box_period": period,
            "box_claims": challenge.claims_enabled,
        },
    )
