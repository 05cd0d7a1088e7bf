"""Two reveals, as AO3 separates them: an unrevealed challenge may show its works at the reveal
and its creators' names at a later creators' reveal. Both are read from the clock."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from ficfest.communities.models import Anonymity, Challenge
from tests.communities.factories import make_challenge, make_fill, make_period
from tests.communities.test_challenges import NEW, challenge_data
from tests.factories import client_for, make_work
from tests.html import main_text

WORKS_AT = datetime(2030, 1, 1, tzinfo=UTC)
NAMES_AT = datetime(2030, 1, 8, tzinfo=UTC)


def test_a_moderator_sets_both_reveals(community, owner):
    data = challenge_data(anonymity=Anonymity.UNREVEALED, reveal_at="2030-01-01T00:00",
                          creators_reveal_at="2030-01-08T00:00")  # fmt: skip
    assert client_for(owner).post(NEW, data).status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.reveal_at, challenge.creators_reveal_at) == (WORKS_AT, NAMES_AT)
    page = main_text(Client().get(challenge.get_absolute_url()))
    assert "creators revealed Tue 8 Jan 2030" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"anonymity": Anonymity.ANONYMOUS}, "Only unrevealed challenges reveal their creators"),
        ({"creators_reveal_at": "2029-12-31T00:00"}, "Creators must be revealed after the works"),
    ],
)
def test_it_refuses_a_creators_reveal_that_makes_no_sense(community, owner, overrides, message):
    data = challenge_data(anonymity=Anonymity.UNREVEALED, reveal_at="2030-01-01T00:00",
                          creators_reveal_at="2030-01-08T00:00")  # fmt: skip
    data.update(overrides)
    response = client_for(owner).post(NEW, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Challenge.objects.exists()


def test_it_shows_the_work_then_its_creator(community, author):
    challenge = make_challenge(community, anonymity=Anonymity.UNREVEALED, reveal_at=WORKS_AT,
                               creators_reveal_at=NAMES_AT)  # fmt: skip
    with time_machine.travel(WORKS_AT - timedelta(days=30), tick=False):
        work = make_work(author, title="Two Reveals")
        make_fill(work, challenge, period=make_period(challenge))
        assert Client().get(work.get_absolute_url()).status_code == 404
    with time_machine.travel(WORKS_AT + timedelta(hours=1), tick=False):
        page = main_text(Client().get(work.get_absolute_url()))
        assert "Two Reveals" in page and "by Anonymous" in page and "author" not in page
        assert "Two Reveals" not in main_text(Client().get("/users/author/"))
    with time_machine.travel(NAMES_AT + timedelta(hours=1), tick=False):
        assert "by author" in main_text(Client().get(work.get_absolute_url()))
        assert "Two Reveals" in main_text(Client().get("/users/author/"))


def test_moderators_keep_the_secret_until_the_creators_reveal(community, owner, author):
    challenge = make_challenge(community, anonymity=Anonymity.UNREVEALED, reveal_at=WORKS_AT,
                               creators_reveal_at=NAMES_AT)  # fmt: skip
    with time_machine.travel(WORKS_AT - timedelta(days=30), tick=False):
        work = make_work(author, title="Two Reveals")
        make_fill(work, challenge, period=make_period(challenge))
    with time_machine.travel(WORKS_AT + timedelta(hours=1), tick=False):
        assert "by author" in main_text(client_for(owner).get(work.get_absolute_url()))
        assert not challenge.is_revealed
