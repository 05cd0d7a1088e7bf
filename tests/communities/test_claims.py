"""Claims: a limit per member, a deadline, expiry derived from it, release, filling, and one
reminder email before the deadline from the periodic tick."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

import ficfest.communities.tasks  # noqa: F401  registers the reminder with the tick
from ficfest.communities.models import Anonymity, Claim, ClaimStatus
from ficfest.communities.services.claims import claims_mark_filled
from ficfest.communities.services.fills import fill_create
from ficfest.communities.tasks import claims_send_reminders
from ficfest.lib import ticks
from tests.communities.factories import (
    add_member,
    make_period,
    set_limits,
)
from tests.communities.factories import make_prompt as _make_prompt
from tests.factories import client_for, default_pseud, make_work
from tests.html import text

START = datetime(2025, 3, 2, 12, tzinfo=UTC)


@pytest.fixture
def challenge_fields():
    return {"claims_enabled": True, "claim_limit": 1, "claim_days": 7, "reminder_days": 2}


@pytest.fixture
def prompts(challenge):
    period = make_period(challenge, opens_at=datetime(2025, 3, 1, tzinfo=UTC), days=31)
    release = datetime(2025, 3, 1, tzinfo=UTC)
    return [_make_prompt(period, f"Prompt {n}", release_at=release) for n in range(3)]


@pytest.fixture
def other(community, coauthor):
    add_member(community, coauthor)
    return coauthor


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def claim(user, prompt):
    return client_for(user).post(f"/c/fag-ends/prompts/{prompt.pk}/claim/", follow=True)


def test_a_member_claims_a_prompt_until_its_deadline(prompts, member):
    response = claim(member, prompts[0])
    assert "Claimed. Your fill is due Sun 9 Mar 2025, 12:00 UTC." in response.content.decode()
    made = Claim.objects.get()
    assert (made.user, made.pseud, made.status) == (member, default_pseud(member), ClaimStatus.OPEN)
    assert made.due_at == START + timedelta(days=7)
    page = Client().get(f"/c/fag-ends/prompts/{prompts[0].pk}/").content.decode()
    assert ">author</a>" in page and "due Sun 9 Mar 2025, 12:00 UTC" in text(page)


def test_the_claim_limit_holds_until_a_claim_expires(prompts, member, clock):
    claim(member, prompts[0])
    response = claim(member, prompts[1])
    assert (
        "You already hold 1 open claim in Monthly prompts, the limit" in response.content.decode()
    )
    assert Claim.objects.count() == 1
    clock.move_to(START + timedelta(days=7, seconds=1))
    page = client_for(member).get(f"/c/fag-ends/prompts/{prompts[0].pk}/").content.decode()
    assert "expired" in page
    claim(member, prompts[1])
    assert Claim.objects.filter(prompt=prompts[1], status=ClaimStatus.OPEN).count() == 1


def test_a_claimed_prompt_is_free_again_once_the_claim_expires(prompts, member, other, clock):
    claim(member, prompts[0])
    response = claim(other, prompts[0])
    assert "Someone has already claimed this prompt." in response.content.decode()
    clock.move_to(START + timedelta(days=8))
    claim(other, prompts[0])
    assert Claim.objects.get(user=other).status == ClaimStatus.OPEN
    mine = client_for(member).get("/claims/").content.decode()
    assert "Expired" in mine and "Prompt 0" in mine


def test_reclaiming_after_ones_own_claim_expired_starts_afresh(prompts, member, clock):
    claim(member, prompts[0])
    clock.move_to(START + timedelta(days=8))
    claim(member, prompts[0])
    assert list(Claim.objects.order_by("pk").values_list("status", flat=True)) == [
        ClaimStatus.RELEASED,
        ClaimStatus.OPEN,
    ]


def test_releasing_a_claim_frees_the_prompt_and_the_limit(prompts, member, other):
    claim(member, prompts[0])
    made = Claim.objects.get()
    assert client_for(other).post(f"/c/fag-ends/claims/{made.pk}/release/").status_code == 302
    made.refresh_from_db()
    assert made.status == ClaimStatus.OPEN  # only the claimer (or a moderator) may release it
    response = client_for(member).post(
        f"/c/fag-ends/claims/{made.pk}/release/", {"next": "/claims/"}, follow=True
    )
    assert "Claim released" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/claims/"
    made.refresh_from_db()
    assert made.status == ClaimStatus.RELEASED
    claim(other, prompts[0])
    claim(member, prompts[1])
    assert Claim.objects.filter(status=ClaimStatus.OPEN).count() == 2


def test_filling_a_claim_is_idempotent_and_frees_the_limit(prompts, member):
    claim(member, prompts[0])
    assert claims_mark_filled(prompt=prompts[0], user=member) == 1
    assert claims_mark_filled(prompt=prompts[0], user=member) == 0
    assert Claim.objects.get().status == ClaimStatus.FILLED
    claim(member, prompts[1])
    assert Claim.objects.filter(status=ClaimStatus.OPEN).count() == 1
    assert "filled" in Client().get(f"/c/fag-ends/prompts/{prompts[0].pk}/").content.decode()


def test_non_members_cannot_claim(prompts, stranger):
    response = claim(stranger, prompts[0])
    assert "Only members of Fag Ends can claim its prompts." in response.content.decode()
    assert Client().post(f"/c/fag-ends/prompts/{prompts[0].pk}/claim/").status_code == 302
    assert not Claim.objects.exists()


def test_claims_are_off_unless_the_challenge_uses_them(challenge, prompts, member):
    challenge.claims_enabled = False
    challenge.save()
    assert "does not use claims" in claim(member, prompts[0]).content.decode()
    page = client_for(member).get(f"/c/fag-ends/prompts/{prompts[0].pk}/").content.decode()
    assert "Claim this prompt" not in page
    assert not Claim.objects.exists()


def test_an_unreleased_prompt_cannot_be_claimed(challenge, prompts, member):
    later = _make_prompt(prompts[0].period, "Later", release_at=START + timedelta(days=5))
    assert client_for(member).post(f"/c/fag-ends/prompts/{later.pk}/claim/").status_code == 404
    assert not Claim.objects.exists()


def test_before_an_anonymous_reveal_claimers_are_not_named(challenge, prompts, member, owner):
    challenge.anonymity = Anonymity.ANONYMOUS
    challenge.reveal_at = START + timedelta(days=30)
    challenge.save()
    claim(member, prompts[0])
    url = f"/c/fag-ends/prompts/{prompts[0].pk}/"
    page = Client().get(url).content.decode()
    assert "Claimed" in page and ">author</a>" not in page
    assert ">author</a>" in client_for(owner).get(url).content.decode()


def test_my_claims_lists_deadlines(prompts, member):
    claim(member, prompts[0])
    page = client_for(member).get("/claims/").content.decode()
    assert "Prompt 0" in page and "9 Mar 2025, 12:00 UTC" in page
    assert f"/works/new/?community=fag-ends&amp;prompt={prompts[0].pk}" in page
    assert Client().get("/claims/").status_code == 302


def test_the_reminder_is_sent_once_when_it_falls_due(
    prompts, member, clock, mailoutbox, django_capture_on_commit_callbacks
):
    assert claims_send_reminders in ticks._TICKS
    claim(member, prompts[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert claims_send_reminders() == 0  # five days before the deadline: too early
    clock.move_to(START + timedelta(days=5, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert claims_send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert claims_send_reminders() == 0
        ticks.run_tick()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["author@example.org"]
    assert "09 March 2025" in email.subject and "Prompt 0" in email.body
    assert f"/c/fag-ends/prompts/{prompts[0].pk}/" in email.body


def test_a_late_tick_catches_up_but_skips_what_expired(
    prompts, member, other, clock, mailoutbox, django_capture_on_commit_callbacks
):
    claim(member, prompts[0])
    clock.move_to(START + timedelta(days=1))
    claim(other, prompts[1])
    clock.move_to(START + timedelta(days=7, hours=1))  # member's expired, other's still due
    with django_capture_on_commit_callbacks(execute=True):
        assert claims_send_reminders() == 1
    assert [email.to for email in mailoutbox] == [["coauthor@example.org"]]


def test_released_and_filled_claims_get_no_reminder(
    prompts, member, other, clock, mailoutbox, django_capture_on_commit_callbacks
):
    claim(member, prompts[0])
    claim(other, prompts[1])
    claims_mark_filled(prompt=prompts[0], user=member)
    made = Claim.objects.get(user=other)
    client_for(other).post(f"/c/fag-ends/claims/{made.pk}/release/")
    clock.move_to(START + timedelta(days=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert claims_send_reminders() == 0
    assert mailoutbox == []
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {ClaimStatus.FILLED, ClaimStatus.RELEASED}


def test_posting_the_fill_fills_the_claim(challenge, prompts, member):
    set_limits(challenge.community, fic=1000)
    claim(member, prompts[0])
    work = make_work(member, title="Promise Kept")
    fill_create(work=work, challenge=challenge, prompts=[prompts[0]], for_theme=False, by=member)
    assert Claim.objects.get().status == ClaimStatus.FILLED
    page = Client().get(f"/c/fag-ends/prompts/{prompts[0].pk}/").content.decode()
    assert "Promise Kept" in page and ">filled<" in page
