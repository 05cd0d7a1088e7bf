"""Helpers for the gift tests: a sent assignment, and posting a gift from it as its giver does
("Post your gift" opens /works/new/?assignment=<pk>)."""

from ficfest.exchanges.models import Assignment, SignUp
from tests.exchanges.factories import CLOSES, assign, sign_up
from tests.factories import default_pseud


def signed_up(ficathon, user) -> SignUp:
    return SignUp.objects.filter(challenge=ficathon, user=user).first() or sign_up(ficathon, user)


def sent_assignment(ficathon, giver, recipient, **fields) -> Assignment:
    fields.setdefault("sent_at", CLOSES)
    return assign(signed_up(ficathon, giver), signed_up(ficathon, recipient), **fields)


def gift_url(assignment) -> str:
    return f"/works/new/?assignment={assignment.pk}"


def gift_data(user, **overrides) -> dict:
    data = {
        "title": "Willow Learns to Drive", "form": "fic", "pseud": default_pseud(user).pk,
        "rating": "general", "warnings": ["No Archive Warnings Apply"],
        "fandoms": "Buffy the Vampire Slayer", "freeforms": "Driving Lessons",
        "language": "en", "complete": "on", "chapter-text": "She stalled it twice.",
        "chapter-text_format": "plain", "action": "post",
    }  # fmt: skip
    data.update(overrides)
    return data


def post_gift(client, assignment, user, **overrides):
    return client.post(gift_url(assignment), gift_data(user, **overrides))
