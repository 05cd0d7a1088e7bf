"""Claims at their edges: the exact deadline and reminder instants, the limit per challenge,
whose pseud and whose claim, and what filling or switching claims off does to other claims.

The claimer has a high id so a check that compared users by identity (``is``) rather than by
value would fail here as it would on a large archive."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ficfest.accounts.services import pseud_create
from ficfest.communities.models import Claim, ClaimStatus, Role
from ficfest.communities.services.claims import (
    challenges_with_reminders,
    claim_create,
    claim_release,
    claims_due_for_reminder,
)
from ficfest.communities.services.fills import fill_create
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    make_prompt,
)
from tests.factories import client_for, make_user, make_work

START = datetime(2025, 3, 2, 12, tzinfo=UTC)
DUE = START + timedelta(days=7)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def early(db):
    """A member who joined before the claimer (a lower id)."""
    return make_user("early")


@pytest.fixture
def community(early):
    owner = make_user("owner", id=3000)
    community = make_community(owner)
    add_member(community, early)
    return community


@pytest.fixture
def claimer(community):
    user = make_user("claimer", id=4000)
    add_member(community, user)
    return user


@pytest.fixture
def later(community):
    """A member who joined after the claimer (a higher id)."""
    user = make_user("later", id=5000)
    add_member(community, user)
    return user


@pytest.fixture
def challenge(community):
    return make_challenge(
        community, claims_enabled=True, claim_limit=1, claim_days=7, reminder_days=2
    )


@pytest.fixture
def prompts(challenge):
    period = make_period(challenge, opens_at=datetime(2025, 3, 1, tzinfo=UTC), days=31)
    release = datetime(2025, 3, 1, tzinfo=UTC)
    return [make_prompt(period, f"Prompt {n}", release_at=release) for n in range(3)]


def claim(user, prompt):
    return client_for(user).post(f"/c/fag-ends/prompts/{prompt.pk}/claim/", follow=True)


def release(user, made):
    return client_for(user).post(f"/c/fag-ends/claims/{made.pk}/release/", follow=True)


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_it_holds_the_prompt_until_the_deadline_instant_and_frees_it_then(
    prompts, claimer, later, clock
):
    claim(claimer, prompts[0])
    clock.move_to(DUE - timedelta(seconds=1))
    assert "Someone has already claimed this prompt." in text(claim(later, prompts[0]))
    clock.move_to(DUE)
    assert "Claimed. Your fill is due" in text(claim(later, prompts[0]))
    assert Claim.objects.get(user=later).due_at == DUE + timedelta(days=7)


def due(now):
    """The claims the periodic job would remind at ``now``, challenge by challenge."""
    return [
        claim
        for challenge in challenges_with_reminders(now)
        for claim in claims_due_for_reminder(now, challenge)
    ]


def test_it_reminds_at_the_reminder_instant_not_before(prompts, claimer, clock):
    claim(claimer, prompts[0])
    assert due(DUE - timedelta(days=2, seconds=1)) == []
    assert due(DUE - timedelta(days=2)) == [Claim.objects.get()]


def test_it_reminds_a_day_before_when_the_challenge_says_one_day(challenge, prompts, claimer):
    challenge.reminder_days = 1
    challenge.save()
    claim(claimer, prompts[0])
    assert due(DUE - timedelta(days=1, seconds=1)) == []
    assert due(DUE - timedelta(days=1)) == [Claim.objects.get()]


def test_it_sends_no_reminder_once_claims_are_switched_off(challenge, prompts, claimer):
    claim(claimer, prompts[0])
    challenge.claims_enabled = False
    challenge.save()
    assert due(DUE - timedelta(hours=1)) == []
    assert Claim.objects.get().status == ClaimStatus.OPEN


def test_it_counts_the_limit_per_challenge_not_per_community(community, prompts, claimer):
    second = make_challenge(community, slug="drabbles", title="Drabbles", claims_enabled=True)
    period = make_period(second, slug="drabble-month")
    other_prompt = make_prompt(period, "Another prompt", release_at=START - timedelta(days=1))
    claim(claimer, prompts[0])
    assert "Claimed. Your fill is due" in text(claim(claimer, other_prompt))
    assert Claim.objects.filter(user=claimer, status=ClaimStatus.OPEN).count() == 2


def test_it_names_the_limit_in_the_plural(challenge, prompts, claimer):
    challenge.claim_limit = 2
    challenge.save()
    claim(claimer, prompts[0])
    claim(claimer, prompts[1])
    page = text(claim(claimer, prompts[2]))
    assert "You already hold 2 open claims in Monthly prompts, the limit" in page


def test_it_refuses_a_member_above_a_lowered_limit(challenge, prompts, claimer):
    challenge.claim_limit = 2
    challenge.save()
    claim(claimer, prompts[0])
    claim(claimer, prompts[1])
    challenge.claim_limit = 1
    challenge.save()
    assert "You already hold 1 open claim in Monthly prompts" in text(claim(claimer, prompts[2]))
    assert not Claim.objects.filter(prompt=prompts[2]).exists()


def test_a_moderator_cannot_claim_an_unreleased_prompt(community, prompts):
    moderator = make_user("modmira")
    add_member(community, moderator, role=Role.MODERATOR)
    later_prompt = make_prompt(prompts[0].period, "Later", release_at=START + timedelta(days=5))
    assert "This prompt is not released yet." in text(claim(moderator, later_prompt))
    assert not Claim.objects.exists()


def test_it_claims_under_a_pseud_of_ones_own(prompts, claimer):
    pseud = pseud_create(user=claimer, name="Quill")
    made = claim_create(prompt=prompts[0], user=claimer, pseud=pseud)
    assert (made.user, made.pseud) == (claimer, pseud)
    assert Claim.objects.get().pseud == pseud


@pytest.mark.parametrize("whose", ["early", "later"])
def test_it_refuses_someone_elses_pseud(prompts, claimer, early, later, whose):
    other = {"early": early, "later": later}[whose]
    with pytest.raises(PermissionDenied, match="only under your own pseuds"):
        claim_create(prompt=prompts[0], user=claimer, pseud=other.default_pseud)
    assert not Claim.objects.exists()


def test_the_claimer_releases_their_own_claim(prompts, claimer):
    claim(claimer, prompts[0])
    assert "Claim released" in text(release(claimer, Claim.objects.get()))
    assert Claim.objects.get().status == ClaimStatus.RELEASED


@pytest.mark.parametrize("whose", ["early", "later"])
def test_another_member_cannot_release_a_claim(prompts, claimer, early, later, whose):
    claim(claimer, prompts[0])
    other = {"early": early, "later": later}[whose]
    page = text(release(other, Claim.objects.get()))
    assert "Only the claimer or a moderator can release a claim." in page
    assert Claim.objects.get().status == ClaimStatus.OPEN


def test_a_moderator_releases_anothers_claim(community, prompts, claimer):
    moderator = make_user("modmira")
    add_member(community, moderator, role=Role.MODERATOR)
    claim(claimer, prompts[0])
    assert "Claim released" in text(release(moderator, Claim.objects.get()))
    assert Claim.objects.get().status == ClaimStatus.RELEASED


@pytest.mark.parametrize(
    ("status", "word"), [(ClaimStatus.RELEASED, "unclaimed"), (ClaimStatus.FILLED, "filled")]
)
def test_a_claim_no_longer_open_cannot_be_released(prompts, claimer, status, word):
    claim(claimer, prompts[0])
    Claim.objects.update(status=status)
    made = Claim.objects.get()
    assert f"This claim is already {word}." in text(release(claimer, made))
    with pytest.raises(ValidationError):
        claim_release(claim=made, by=claimer)
    assert Claim.objects.get().status == status


def test_a_fill_marks_only_the_posters_claim_filled(challenge, prompts, claimer, later, clock):
    claim(later, prompts[0])
    clock.move_to(DUE + timedelta(hours=1))  # later's claim expired, still open
    claim(claimer, prompts[0])
    work = make_work(claimer, title="Promise Kept")
    fill_create(work=work, challenge=challenge, prompts=[prompts[0]], for_theme=False, by=claimer)
    statuses = dict(Claim.objects.values_list("user__username", "status"))
    assert statuses == {"claimer": ClaimStatus.FILLED, "later": ClaimStatus.OPEN}
    page = Client().get(f"/c/fag-ends/prompts/{prompts[0].pk}/").content.decode()
    assert "Promise Kept" in page
