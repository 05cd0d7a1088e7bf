"""A member's dashboard across communities: their claims and deadlines, fills and their status,
assignments, polls they can vote in, prompts released since their last visit, and for
moderators what waits for them. The sections come from communities and exchanges through
works.seams; a member of nothing sees the dashboard as before."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ficfest.communities.models import ChallengeKind, FillStatus, Membership, Poll, PollOption
from ficfest.communities.services.claims import claim_create
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_fill,
    make_period,
    make_prompt,
)
from tests.exchanges.factories import assign, sign_up
from tests.factories import client_for, make_user, make_work
from tests.html import text

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
DEC_1 = datetime(2026, 12, 1, tzinfo=UTC)
DEC_8 = datetime(2026, 12, 8, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def challenge_fields():
    return {"claims_enabled": True, "claim_days": 7}


@pytest.fixture
def community_fields():
    return {"moderated": True}


@pytest.fixture
def busy_member(community, challenge, member, writer):
    add_member(community, writer)
    december = make_period(challenge, opens_at=DEC_1, days=31, title="December 2026",
                           slug="2026-12")  # fmt: skip
    prompts = {
        t: make_prompt(december, t, release_at=DEC_1) for t in ["Cigarette smoke", "Borrowed coat"]
    }
    prompts |= {t: make_prompt(december, t, release_at=DEC_8) for t in ["Band candy", "Pangs"]}
    Membership.objects.filter(user=member).update(last_seen_at=DEC_8 - timedelta(days=3))
    claim_create(prompt=prompts["Cigarette smoke"], user=member)
    make_fill(make_work(member, title="Borrowed Coat"), challenge, period=december,
              prompts=[prompts["Borrowed coat"]])  # fmt: skip
    meme = make_challenge(community, slug="meme", title="Meme", kind=ChallengeKind.MEME)
    round_one = make_period(meme, opens_at=DEC_1, days=31, title="Round one", slug="one")
    make_fill(make_work(member, title="Waiting Game"), meme, period=round_one, for_theme=True,
              status=FillStatus.PENDING)  # fmt: skip
    january = make_period(challenge, opens_at=DEC_1 + timedelta(days=31), days=31,
                          title="January 2027", slug="2027-01")  # fmt: skip
    poll = Poll.objects.create(period=january, opens_at=NOW - timedelta(days=1),
                               closes_at=january.opens_at)  # fmt: skip
    PollOption.objects.create(poll=poll, text="Winter")
    ficathon = make_challenge(community, slug="winter", title="Winter Ficathon",
                              kind=ChallengeKind.FICATHON)  # fmt: skip
    assign(sign_up(ficathon, member), sign_up(ficathon, writer),
           due_at=NOW + timedelta(days=20), sent_at=NOW)  # fmt: skip
    return member


def section(html: str, heading: str) -> str:
    """The text under this <h2> of the dashboard, to the next <h2>; "" when there is none."""
    found = re.search(rf'<h2 id="[^"]+">{re.escape(heading)}</h2>(.*?)(?=<h2|</main>)', html, re.S)
    return reads(found[1]) if found else ""


def reads(html: str) -> str:
    """Text as a reader reads it: no space before punctuation."""
    return re.sub(r"\( ", "(", re.sub(r" ([.,:;)])", r"\1", " ".join(text(html).split())))


def headings(html: str) -> list[str]:
    return [text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


def test_the_dashboard_lists_claims_fills_assignments_polls_and_new_prompts(busy_member):
    html = client_for(busy_member).get("/dashboard/").content.decode()
    assert headings(html) == [
        "New prompts since your last visit", "Your claims", "Your assignments",
        "Polls you can vote in", "Your fills", "Drafts", "Posted works",
    ]  # fmt: skip
    new = section(html, "New prompts since your last visit")
    assert "Fag Ends (2 new)" in new
    assert new.index("Band candy") < new.index("Pangs")
    assert "Cigarette smoke" not in new and "Borrowed coat" not in new
    claims = section(html, "Your claims")
    assert "Cigarette smoke (Fag Ends, December 2026): due Thu 17 Dec 2026, 12:00 UTC" in claims
    assignments = section(html, "Your assignments")
    assert "For zeldaquill in Winter Ficathon (Fag Ends): due Wed 30 Dec 2026, 12:00 UTC" in (
        assignments
    )
    polls = section(html, "Polls you can vote in")
    assert "Which theme should we have? (Fag Ends: January 2027)" in polls
    assert "you have not voted yet" in polls
    fills = section(html, "Your fills")
    assert "Waiting Game Fag Ends, Meme (Round one): the theme Waiting for a moderator" in fills
    assert "Borrowed Coat Fag Ends, Monthly prompts (December 2026): Borrowed coat Approved" in (
        fills
    )
    assert fills.index("Waiting Game") < fills.index("Borrowed Coat")  # newest first


def test_a_visit_to_the_community_page_clears_its_new_prompts(busy_member):
    client = client_for(busy_member)
    client.get("/c/fag-ends/")
    html = client.get("/dashboard/").content.decode()
    assert "New prompts since your last visit" not in headings(html)


def test_a_moderator_finds_what_waits_for_them_on_the_dashboard(busy_member, mod):
    html = client_for(mod).get("/dashboard/").content.decode()
    assert headings(html)[0] == "Waiting for you"
    assert '<section class="dashboard-waiting" id="waiting"' in html  # the badge's link lands here
    waiting = section(html, "Waiting for you")
    assert waiting == (
        "In the communities you moderate. Fag Ends 1 fill waiting for your approval in the queue"
    )
    assert "Your assignments" not in headings(html)


def test_a_member_of_nothing_sees_the_dashboard_as_before(db):
    html = client_for(make_user("loner")).get("/dashboard/").content.decode()
    assert headings(html) == ["Drafts", "Posted works"]
