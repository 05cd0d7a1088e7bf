"""Exchanges' part of the moderators' "Waiting for you" box and header badge: recipients who
need a pinch hitter and late assignments, by ficathon, linking to its assignments page."""

import re

import pytest
import time_machine

from ficfest.communities.waiting import badge_total, waiting_in
from ficfest.exchanges.models import AssignmentStatus
from tests.exchanges.factories import DUE, LATE, assign, sign_up, url
from tests.factories import client_for
from tests.html import text


@pytest.fixture
def assignments(ficathon, alice, bob, carol):
    """A ring of three, sent; alice defaulted on bob, and the others are past their due date."""
    entries = {user.username: sign_up(ficathon, user) for user in (alice, bob, carol)}
    ring = [("alice", "bob"), ("bob", "carol"), ("carol", "alice")]
    made = [assign(entries[g], entries[r], sent_at=DUE) for g, r in ring]
    made[0].status = AssignmentStatus.DEFAULTED
    made[0].save()
    return made


def box(html: str) -> list[str]:
    start = html.index('<section class="waiting-box"')
    section = html[start : html.index("</section>", start)]
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def test_it_lists_pinch_hits_and_late_assignments_for_the_moderators(
    mod, community, ficathon, assignments
):
    with time_machine.travel(LATE, tick=False):
        client = client_for(mod)
        html = client.get(community.get_absolute_url()).content.decode()
        assert box(html) == [
            "1 recipient needs a pinch hitter in Winter Ficathon",
            "2 assignments are late in Winter Ficathon",
        ]
        assert html.count(f'<a href="{url("ficathon_assignments", ficathon)}">') == 2
        assert badge_total(mod) == 3 == sum(item.count for item in waiting_in(community))
        home = client.get("/").content.decode()
        assert "Waiting for you: 3" in text(home[: home.index("<main")])


def test_a_pinch_hit_no_longer_waits_once_someone_covers_it(mod, community, ficathon, assignments):
    covered = assignments[0]
    pinch = sign_up(ficathon, mod, pinch_hitter=True)
    assign(pinch, covered.recipient, pinch_hit=True)
    with time_machine.travel(DUE.replace(year=DUE.year - 1), tick=False):  # nothing late yet
        assert [item.text for item in waiting_in(community)] == []
        assert badge_total(mod) == 0


def test_a_member_of_the_ficathon_sees_no_box(alice, community, assignments):
    with time_machine.travel(LATE, tick=False):
        html = client_for(alice).get(community.get_absolute_url()).content.decode()
        assert "waiting-box" not in html
        assert badge_total(alice) == 0
