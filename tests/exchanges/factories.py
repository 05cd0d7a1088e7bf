"""A winter ficathon on a fixed calendar: sign-ups in the first half of December, works due in
mid-January, an anonymous reveal in February. Tests travel to the moment they need."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse

from ficfest.exchanges.models import Assignment, SignUp
from tests.factories import default_pseud

OPENS = datetime(2026, 12, 1, tzinfo=UTC)
CLOSES = datetime(2026, 12, 15, tzinfo=UTC)
DUE = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
REVEAL = datetime(2027, 2, 1, tzinfo=UTC)
BEFORE = OPENS - timedelta(days=3)
DURING = OPENS + timedelta(days=3)
AFTER = CLOSES + timedelta(days=2)
LATE = DUE + timedelta(days=1)


def sign_up(challenge, user, **fields) -> SignUp:
    fields.setdefault("requests", f"{user.username.title()} requests: Spike/Buffy in the snow")
    fields.setdefault("offers", f"{user.username.title()} offers: anything Sunnydale")
    fields.setdefault("restrictions", f"{user.username.title()} restricts: no character death")
    fields.setdefault("wont_write", f"{user.username.title()} won't write: crossovers")
    fields.setdefault("pseud", default_pseud(user))
    return SignUp.objects.create(challenge=challenge, user=user, **fields)


def assign(giver: SignUp, recipient: SignUp, **fields) -> Assignment:
    fields.setdefault("due_at", giver.challenge.assignments_due_at)
    return Assignment.objects.create(
        challenge=giver.challenge, giver=giver, recipient=recipient, **fields
    )


def url(name, challenge) -> str:
    return reverse(name, args=[challenge.community.slug, challenge.slug])
