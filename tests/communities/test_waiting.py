"""What waits for a community's moderators: the "Waiting for you" box on the community page
(fills in the queue, requests to join, a stat post to publish) and the same count as a badge in
the header of every page, which costs guests and members who moderate nothing no query."""

import copy
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ficfest.communities.models import FillStatus, MembershipStatus, Period, Role
from ficfest.communities.services.community import membership_set_role
from ficfest.communities.waiting import badge_total, waiting_in
from tests.communities.factories import add_member, make_fill, make_period, make_prompt
from tests.factories import client_for, make_user, make_work
from tests.html import text

PAGE = "/c/fag-ends/"
PROCESSOR = "ficfest.communities.context_processors.waiting_badge"
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def community_fields():
    return {"moderated": True}


@pytest.fixture
def busy(community, challenge, member, writer):
    """Two fills in the queue, a request to join, and November over without its stat post."""
    november = make_period(challenge, opens_at=datetime(2026, 11, 1, tzinfo=UTC), days=30,
                           title="November 2026", slug="2026-11")  # fmt: skip
    december = make_period(challenge, opens_at=datetime(2026, 12, 1, tzinfo=UTC), days=31,
                           title="December 2026", slug="2026-12")  # fmt: skip
    prompt = make_prompt(december, "Borrowed coat")
    for title in ["The Coat", "Finders Keepers"]:
        make_fill(make_work(member, title=title), challenge, period=december, prompts=[prompt],
                  status=FillStatus.PENDING)  # fmt: skip
    add_member(community, writer, status=MembershipStatus.PENDING)
    return november


def badge(html: str) -> str | None:
    """The header's badge as a reader hears it, or None."""
    header = html[: html.index("<main")]
    found = re.search(r'<li class="waiting-badge">(.*?)</li>', header, re.S)
    return text(found[1]) if found else None


def box(html: str) -> list[str] | None:
    start = html.find('<section class="waiting-box"')
    if start < 0:
        return None
    section = html[start : html.index("</section>", start)]
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_a_moderator_sees_the_waiting_box_and_the_badge_on_every_page(mod, busy, community):
    client = client_for(mod)
    html = client.get(PAGE).content.decode()
    assert box(html) == [
        "2 fills waiting for your approval in the queue",
        "1 request to join to answer",
        "November 2026 has ended: publish its stat post (Monthly prompts)",
    ]
    assert '<a href="/c/fag-ends/queue/">2 fills waiting' in html
    assert '<a href="/c/fag-ends/members/">1 request' in html
    assert '<a href="/c/fag-ends/challenges/monthly/2026-11/stats/">November 2026' in html
    assert badge(client.get("/").content.decode()) == "Waiting for you: 4"
    work = make_work(mod, title="Elsewhere")
    assert badge(client.get(f"/works/{work.pk}/").content.decode()) == "Waiting for you: 4"
    assert badge(html) == "Waiting for you: 4"


def test_a_member_sees_neither_the_box_nor_the_badge(member, busy, client):
    client.force_login(member)
    html = client.get(PAGE).content.decode()
    assert box(html) is None and "Waiting for you" not in html
    assert badge(client.get("/").content.decode()) is None


def test_a_guest_sees_neither(client, busy):
    assert box(client.get(PAGE).content.decode()) is None
    assert badge(client.get("/").content.decode()) is None


def test_a_moderator_with_nothing_waiting_has_an_empty_box_and_no_badge(mod, community):
    client = client_for(mod)
    html = client.get(PAGE).content.decode()
    assert "Nothing is waiting for you here." in text(html)
    assert badge(client.get("/").content.decode()) is None


def test_the_badge_adds_up_every_community_the_member_moderates(mod, busy, owner):
    from tests.communities.factories import make_community

    other = make_community(make_user("otherowner"), slug="overflow", name="Overflow")
    add_member(other, mod, role=Role.MODERATOR)
    add_member(other, make_user("hopeful"), status=MembershipStatus.PENDING)
    total = sum(item.count for c in [busy.challenge.community, other] for item in waiting_in(c))
    assert total == 5 == badge_total(mod)
    assert badge(client_for(mod).get("/").content.decode()) == "Waiting for you: 5"


def test_only_the_last_period_that_is_over_waits_for_its_stat_post(mod, busy, challenge, clock):
    client = client_for(mod)
    assert any("November 2026" in line for line in box(client.get(PAGE).content.decode()))
    clock.move_to(datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC))  # December is over too
    lines = box(client_for(mod).get(PAGE).content.decode())
    assert "December 2026 has ended: publish its stat post (Monthly prompts)" in lines
    assert not any("November" in line for line in lines)


def test_publishing_the_stat_post_clears_it_and_taking_it_back_restores_it(mod, busy, member):
    client = client_for(mod)
    stats = "/c/fag-ends/challenges/monthly/2026-11/stats/"
    page = text(client.get(stats).content.decode())
    assert "November 2026 is over." in page
    response = client.post(stats, {"published": "yes"}, follow=True)
    assert "Stat post marked as published." in text(response.content.decode())
    assert Period.objects.get(pk=busy.pk).stats_published_at == NOW
    assert not any("stat post" in line for line in box(client.get(PAGE).content.decode()))
    assert badge(client.get("/").content.decode()) == "Waiting for you: 3"

    client.post(stats, {"published": "no"})
    assert Period.objects.get(pk=busy.pk).stats_published_at is None
    assert badge(client.get("/").content.decode()) == "Waiting for you: 4"
    # Members cannot mark it.
    assert client_for(member).post(stats, {"published": "yes"}).status_code == 403


def test_a_running_period_cannot_be_marked_published(mod, busy):
    client = client_for(mod)
    stats = "/c/fag-ends/challenges/monthly/2026-12/stats/"
    response = client.post(stats, {"published": "yes"}, follow=True)
    assert "still running" in text(response.content.decode())
    assert Period.objects.get(slug="2026-12").stats_published_at is None


def test_a_new_moderator_gets_the_badge_on_their_next_page(owner, busy, member):
    client = client_for(member)
    assert badge(client.get("/").content.decode()) is None  # remembered: moderates nothing
    membership = member.memberships.get()
    membership_set_role(actor=owner, membership=membership, role=Role.MODERATOR)
    assert badge(client.get("/").content.decode()) == "Waiting for you: 4"


# What the badge costs: queries on the home page and a work page, before (no context processor)
# and after.


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _without_badge(settings) -> None:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove(PROCESSOR)
    settings.TEMPLATES = templates


def test_the_badge_costs_guests_and_non_moderators_nothing_and_moderators_one_query(
    settings, mod, member, busy
):
    from django.core.cache import cache

    work = make_work(member, title="A work to read")
    urls = {"home": "/", "work": f"/works/{work.pk}/"}
    viewers = {"guest": None, "member": member, "moderator": mod}

    def measure() -> dict[tuple[str, str], int]:
        counts = {}
        for who, user in viewers.items():
            client = client_for(user) if user else Client()
            for name, url in urls.items():
                client.get(url)  # warm: the session, the cache's "moderates nothing"
                counts[who, name] = _queries(client, url)
        return counts

    after = measure()
    cache.clear()
    cold = {
        who: _queries(client_for(user), "/")
        for who, user in viewers.items()
        if user is not None
    }  # fmt: skip
    _without_badge(settings)
    before = measure()
    cache.clear()
    cold_before = {who: _queries(client_for(user), "/") for who, user in viewers.items() if user}
    print({"before": before, "after": after, "cold before": cold_before, "cold after": cold})

    for name in urls:
        assert after["guest", name] == before["guest", name]
        assert after["member", name] == before["member", name]
        assert after["moderator", name] == before["moderator", name] + 1
    # The first page after the cache forgot: one query finds that the member moderates nothing.
    assert cold["member"] == cold_before["member"] + 1
    assert cold["moderator"] == cold_before["moderator"] + 1


def test_the_box_and_the_badge_count_only_the_moderators_own_communities(mod, busy):
    from tests.communities.factories import make_challenge, make_community

    elsewhere = make_community(make_user("stranger2"), slug="elsewhere", name="Elsewhere")
    period = make_period(make_challenge(elsewhere), opens_at=NOW - timedelta(days=40), days=30)
    assert period.closes_at < NOW
    assert badge_total(mod) == 4
