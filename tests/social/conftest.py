from datetime import timedelta

import pytest
from django.utils import timezone

from ficfest.communities.models import Anonymity
from tests.communities.factories import add_member, make_challenge, make_fill, make_period
from tests.factories import make_user, make_work


@pytest.fixture
def work(author):
    return make_work(author, title="Fag Ends")


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def secret_work(community):
    """A fill in an anonymous challenge whose reveal is three days away, by "hiddenhand"."""
    writer = make_user("hiddenhand")
    add_member(community, writer)
    challenge = make_challenge(
        community, slug="anonfest", anonymity=Anonymity.ANONYMOUS,
        reveal_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    work = make_work(writer, title="Masked Ball")
    make_fill(work, challenge, period=make_period(challenge))
    return work
