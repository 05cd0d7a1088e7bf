"""The edges of a work's secrecy: a work in several hidden challenges, one of them with no
reveal date yet (a challenge made before reveal times were required, or in the admin), and the
instant each secret ends."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from ficfest.communities.models import Anonymity
from ficfest.communities.services.challenges import challenge_update
from ficfest.communities.services.fills import fill_create
from ficfest.works.models import Work
from tests.communities.factories import make_challenge, make_fill, make_period
from tests.factories import client_for, make_user, make_work

NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)
REVEAL = NOW + timedelta(days=10)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def undated(fest, community):
    """A hidden challenge of the same community whose moderators have set no reveal date yet."""
    challenge = make_challenge(community, slug="undated", anonymity=Anonymity.UNREVEALED,
                               reveal_at=None, kind="ficathon")  # fmt: skip
    make_period(challenge, slug="undated-round")
    return challenge


def secrecy(work):
    work.refresh_from_db()
    return (work.unrevealed, work.unrevealed_until, work.anonymous, work.anonymous_until)


def titles(user):
    return set(Work.objects.visible_to(user).values_list("title", flat=True))


def named(user, work):
    return not Work.objects.visible_to(user).get(pk=work.pk).creators_are_hidden


@pytest.mark.parametrize("undated_first", [True, False])
def test_it_keeps_a_work_secret_while_one_of_its_challenges_has_no_reveal_date(
    fest, undated, writer, undated_first
):
    work = make_work(writer, title="Both")
    first, second = (undated, fest) if undated_first else (fest, undated)
    make_fill(work, first)
    make_fill(work, second)
    assert secrecy(work) == (True, None, True, None)
    stranger = make_user("passerby")
    with time_machine.travel(REVEAL + timedelta(days=365), tick=False):
        assert "Both" not in titles(stranger)
        assert "Both" in titles(writer)


def test_it_keeps_the_creator_hidden_past_a_dated_reveal_while_another_has_none(
    fest, community, mod, writer
):
    undated = make_challenge(community, slug="undated", anonymity=Anonymity.ANONYMOUS,
                             reveal_at=None, kind="ficathon")  # fmt: skip
    work = make_work(writer, title="Masked")
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    make_fill(work, undated)
    assert secrecy(work) == (False, None, True, None)
    with time_machine.travel(REVEAL + timedelta(days=1), tick=False):
        assert "Masked" in titles(AnonymousUser())
        assert not named(AnonymousUser(), work)
    later = REVEAL + timedelta(days=20)
    challenge_update(challenge=undated, by=mod, reveal_at=later)
    assert secrecy(work) == (False, None, True, later)
    with time_machine.travel(later, tick=False):
        assert named(AnonymousUser(), work)


def test_it_ends_the_secret_exactly_at_the_reveal(fest, mod, writer):
    challenge_update(challenge=fest, by=mod, anonymity=Anonymity.UNREVEALED)
    work = make_work(writer, title="Sealed")
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    stranger = make_user("passerby")
    with time_machine.travel(REVEAL - timedelta(microseconds=1), tick=False):
        assert titles(stranger) == set()
    with time_machine.travel(REVEAL, tick=False):
        assert titles(stranger) == {"Sealed"}
        assert named(stranger, work)


def test_it_clears_the_secret_when_the_challenge_becomes_open(fest, undated, mod, writer):
    work = make_work(writer, title="Open again")
    make_fill(work, undated)
    assert secrecy(work) == (True, None, True, None)
    challenge_update(challenge=undated, by=mod, anonymity=Anonymity.NONE)
    assert secrecy(work) == (False, None, False, None)
    assert "Open again" in titles(AnonymousUser()) and named(AnonymousUser(), work)


def test_it_hides_a_work_posted_straight_to_an_unrevealed_challenge(undated, writer, mod):
    work = make_work(writer, title="Straight in")
    fill_create(work=work, challenge=undated, prompts=[], for_theme=False, by=writer)
    assert secrecy(work) == (True, None, True, None)
    assert titles(make_user("passerby")) == set()
    assert titles(mod) == {"Straight in"}


def test_it_names_the_creator_once_the_admin_moves_the_fill_to_an_open_challenge(
    fest, community, writer
):
    work = make_work(writer, title="Moved")
    made = fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    open_one = make_challenge(community, slug="open", kind="ficathon", title="Open fest")
    admin = make_user("admin", is_staff=True, is_superuser=True)
    form = {"work": work.pk, "challenge": open_one.pk, "period": "", "prompts": "",
            "status": made.status}  # fmt: skip
    response = client_for(admin).post(f"/admin/communities/fill/{made.pk}/change/", form)
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.challenge == open_one
    assert secrecy(work) == (False, None, False, None)
    assert named(AnonymousUser(), work)


def test_it_keeps_a_fill_with_its_work_in_the_admin(fest, writer):
    first, other = make_work(writer, title="First"), make_work(writer, title="Other")
    made = fill_create(work=first, challenge=fest, prompts=[], for_theme=False, by=writer)
    admin = make_user("admin", is_staff=True, is_superuser=True)
    form = {"work": other.pk, "challenge": fest.pk, "period": "", "prompts": "",
            "status": made.status}  # fmt: skip
    response = client_for(admin).post(f"/admin/communities/fill/{made.pk}/change/", form)
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.work == first
    assert secrecy(first) == (False, None, True, REVEAL)
    assert secrecy(other) == (False, None, False, None)
