"""Muting a creator never tells who made an anonymous fill."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ficfest.accounts.models import CreatorMute
from ficfest.communities.models import FillStatus
from ficfest.works.models import Work
from tests.communities.factories import make_fill
from tests.factories import make_user, make_work

NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)
REVEAL = NOW + timedelta(days=10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def titles(user) -> set[str]:
    return set(Work.objects.visible_to(user).unmuted_for(user).values_list("title", flat=True))


def test_a_muted_creator_goes_but_their_anonymous_fill_stays_until_the_reveal(fest, writer):
    reader = make_user("reader")
    make_work(writer, title="Named")
    gift = make_work(writer, title="Anonymous gift")
    make_fill(gift, fest, period=fest.periods.get(), status=FillStatus.APPROVED)
    make_work(make_user("other"), title="Someone else")
    CreatorMute.objects.create(user=reader, muted=writer)
    assert titles(reader) == {"Anonymous gift", "Someone else"}
    with time_machine.travel(REVEAL, tick=False):
        assert titles(reader) == {"Someone else"}
