"""Claims in a moderated community: a claim is filled only when its fill is approved; until then
it says "fill awaiting approval" and its prompt stays taken, past its deadline too."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from ficfest.communities.models import Claim, ClaimStatus, Fill
from ficfest.communities.services.claims import claim_create, claim_refusal
from ficfest.communities.services.fills import fill_create, fill_withdraw
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    set_limits,
)
from tests.communities.factories import make_prompt as _make_prompt
from tests.factories import client_for, make_work
from tests.html import main_text

START = datetime(2025, 3, 2, 12, tzinfo=UTC)


@pytest.fixture
def community_fields():
    return {"moderated": True}


@pytest.fixture
def challenge_fields():
    return {"claims_enabled": True, "claim_limit": 1, "claim_days": 7}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def prompt(challenge):
    set_limits(challenge.community, fic=1000)
    period = make_period(challenge, opens_at=datetime(2025, 3, 1, tzinfo=UTC), days=31)
    return _make_prompt(period, "Borrowed coat", release_at=datetime(2025, 3, 1, tzinfo=UTC))


@pytest.fixture
def other(community, coauthor):
    add_member(community, coauthor)
    return coauthor


@pytest.fixture
def pending(prompt, member):
    claim_create(prompt=prompt, user=member)
    work = make_work(member, title="Promise Kept")
    return fill_create(work=work, challenge=prompt.period.challenge, prompts=[prompt],
                       for_theme=False, by=member)  # fmt: skip


def prompt_page(prompt, user) -> str:
    return main_text(client_for(user).get(prompt.get_absolute_url()))


def moderate(fill: Fill, owner, action: str) -> None:
    url = reverse("fill_moderate", args=[fill.challenge.community.slug, fill.pk])
    assert client_for(owner).post(url, {"action": action}).status_code == 302


def test_it_keeps_a_claim_awaiting_while_its_fill_waits(pending, prompt, other):
    assert Claim.objects.get().status == ClaimStatus.AWAITING
    page = prompt_page(prompt, other)
    assert "fill awaiting approval" in page
    assert "Claim this prompt" not in page
    assert "awaiting approval" in claim_refusal(prompt, other)


def test_it_refuses_a_claim_on_a_prompt_whose_fill_waits_past_the_deadline(
    pending, prompt, other, clock
):
    clock.move_to(START + timedelta(days=30))
    response = client_for(other).post(reverse("claim_new", args=["fag-ends", prompt.pk]),
                                      follow=True)  # fmt: skip
    assert "awaiting approval" in main_text(response)
    assert Claim.objects.filter(user=other).count() == 0


def test_it_marks_the_claim_filled_on_approval(pending, prompt, owner, other):
    moderate(pending, owner, "approve")
    assert Claim.objects.get().status == ClaimStatus.FILLED
    page = prompt_page(prompt, other)
    assert "filled" in page and "awaiting" not in page
    assert "Promise Kept" in page


def test_it_opens_the_claim_again_when_the_fill_is_removed(pending, prompt, owner, member):
    moderate(pending, owner, "remove")
    assert Claim.objects.get().status == ClaimStatus.OPEN
    assert "You claimed this prompt" in prompt_page(prompt, member)


def test_it_opens_the_claim_again_when_the_waiting_fill_is_withdrawn(pending, member):
    fill_withdraw(fill=pending, by=member)
    assert Claim.objects.get().status == ClaimStatus.OPEN


def test_it_lists_the_waiting_claim_among_my_claims(pending, member):
    page = main_text(client_for(member).get(reverse("my_claims")))
    assert "Fill awaiting approval" in page and "Borrowed coat" in page


def test_it_fills_the_claim_at_once_when_a_moderator_posts_the_fill(prompt, owner, community):
    claim_create(prompt=prompt, user=owner)
    work = make_work(owner, title="Mod's Own")
    fill_create(work=work, challenge=prompt.period.challenge, prompts=[prompt], for_theme=False,
                by=owner)  # fmt: skip
    assert Claim.objects.get().status == ClaimStatus.FILLED


def test_it_fills_a_waiting_claim_when_another_fill_for_the_prompt_goes_straight_in(
    pending, prompt, owner, member
):
    # The overflow community takes the main community's prompts and has no queue.
    overflow = make_community(owner, slug="overflow", name="Overflow",
                              overflow_of=prompt.period.challenge.community)  # fmt: skip
    add_member(overflow, member)
    challenge = make_challenge(overflow, slug="fills", title="Overflow fills")
    make_period(challenge, slug="always", opens_at=datetime(2025, 1, 1, tzinfo=UTC), days=365)
    work = make_work(member, title="Promise Kept, Longer")
    fill_create(work=work, challenge=challenge, prompts=[prompt], for_theme=False, by=member)
    assert Claim.objects.get().status == ClaimStatus.FILLED
    assert "filled" in prompt_page(prompt, member)
