"""A work carries its own secrecy, and every way its fills or challenges change keeps it right."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from ficfest.communities.models import Anonymity, Community, FillStatus
from ficfest.communities.services.challenges import challenge_update
from ficfest.communities.services.community import fill_approve, fill_remove
from ficfest.communities.services.fills import fill_create, fill_withdraw
from ficfest.works.models import Work
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_fill,
    make_period,
)
from tests.factories import make_user, make_work

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
REVEAL = NOW + timedelta(days=14)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def secrecy(work):
    work.refresh_from_db()
    return (work.unrevealed, work.unrevealed_until, work.anonymous, work.anonymous_until)


def visible_titles(user):
    return set(Work.objects.visible_to(user).values_list("title", flat=True))


def named(user, work):
    return not Work.objects.visible_to(user).get(pk=work.pk).creators_are_hidden


def test_it_marks_a_fill_of_an_anonymous_challenge_anonymous_until_the_reveal(fest, writer):
    work = make_work(writer, title="Gift")
    assert secrecy(work) == (False, None, False, None)
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    assert secrecy(work) == (False, None, True, REVEAL)
    assert "Gift" in visible_titles(AnonymousUser())
    assert not named(AnonymousUser(), work)
    with time_machine.travel(REVEAL, tick=False):
        assert named(AnonymousUser(), work)


def test_it_hides_an_unrevealed_fill_and_its_creator_until_the_reveal(fest, mod, writer):
    challenge_update(challenge=fest, by=mod, anonymity=Anonymity.UNREVEALED)
    work = make_work(writer, title="Hidden gift")
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    assert secrecy(work) == (True, REVEAL, True, REVEAL)
    stranger = make_user("passerby")
    assert "Hidden gift" not in visible_titles(stranger)
    assert "Hidden gift" in visible_titles(writer)
    with time_machine.travel(REVEAL - timedelta(seconds=1), tick=False):
        assert "Hidden gift" not in visible_titles(stranger)
    with time_machine.travel(REVEAL, tick=False):
        assert "Hidden gift" in visible_titles(stranger)
        assert named(stranger, work)


def test_it_follows_the_challenges_reveal_when_a_moderator_moves_it(fest, mod, writer):
    work = make_work(writer)
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    later = REVEAL + timedelta(days=7)
    challenge_update(challenge=fest, by=mod, reveal_at=later)
    assert secrecy(work) == (False, None, True, later)
    challenge_update(challenge=fest, by=mod, anonymity=Anonymity.NONE)
    assert secrecy(work) == (False, None, False, None)


def test_it_keeps_the_creator_hidden_when_they_take_the_work_out(fest, writer):
    work = make_work(writer, title="Gift")
    fill = fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    fill_withdraw(fill=fill, by=writer)
    assert fill.status == FillStatus.WITHDRAWN
    assert secrecy(work) == (False, None, True, REVEAL)
    assert not named(AnonymousUser(), work)
    with time_machine.travel(REVEAL, tick=False):
        assert named(AnonymousUser(), work)


def test_it_refuses_to_take_a_work_out_twice(fest, writer):
    work = make_work(writer)
    fill = fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    fill_withdraw(fill=fill, by=writer)
    with pytest.raises(ValidationError, match="already taken out"):
        fill_withdraw(fill=fill, by=writer)


def test_it_brings_a_work_taken_out_back_into_the_same_challenge(fest, writer):
    work = make_work(writer)
    fill = fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    fill_withdraw(fill=fill, by=writer)
    again = fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    assert again.pk == fill.pk
    assert again.status == FillStatus.APPROVED


def test_it_keeps_the_creator_of_a_removed_fill_hidden_until_the_reveal(fest, mod, writer):
    work = make_work(writer, title="Gift")
    fill = fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    fill_remove(moderator=mod, fill=fill)
    assert fill.status == FillStatus.REMOVED
    assert not named(AnonymousUser(), work)
    stranger = make_user("passerby")
    profile = Work.objects.visible_to(stranger).by_user(writer).named_creators()
    assert list(profile) == []
    assert Work.objects.visible_to(stranger).by_user(writer).get().title == "Gift"
    fill_approve(moderator=mod, fill=fill)
    assert not named(AnonymousUser(), work)
    with time_machine.travel(REVEAL, tick=False):
        assert named(AnonymousUser(), work)


def test_it_clears_the_secret_when_the_community_is_deleted(fest, writer):
    work = make_work(writer)
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    Community.objects.filter(pk=fest.community_id).delete()
    assert secrecy(work) == (False, None, False, None)


def test_it_keeps_a_work_in_two_challenges_secret_until_the_later_reveal(fest, mod, writer):
    other = make_challenge(fest.community, slug="second", anonymity=Anonymity.ANONYMOUS,
                           reveal_at=REVEAL + timedelta(days=30))  # fmt: skip
    make_period(other, slug="second-month")
    work = make_work(writer)
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    make_fill(work, other)
    assert secrecy(work) == (False, None, True, REVEAL + timedelta(days=30))
    with time_machine.travel(REVEAL + timedelta(days=1), tick=False):
        assert not named(AnonymousUser(), work)


def test_it_lets_the_moderators_see_through_only_their_own_communitys_secret(fest, mod, writer):
    work = make_work(writer, title="Gift")
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=writer)
    assert named(mod, work)
    elsewhere_mod = make_user("othermod")
    elsewhere = make_community(elsewhere_mod, slug="elsewhere", name="Elsewhere")
    add_member(elsewhere, writer)
    other = make_challenge(elsewhere, slug="hidden", anonymity=Anonymity.UNREVEALED,
                           reveal_at=REVEAL)  # fmt: skip
    make_fill(work, other)
    # Secret in a community mod does not keep: mod sees it as everyone else does.
    assert "Gift" not in visible_titles(mod)
    assert "Gift" in visible_titles(writer)
