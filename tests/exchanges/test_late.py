import time_machine

from ficfest.communities.models import Role
from ficfest.exchanges.models import AssignmentStatus
from ficfest.exchanges.tasks import assignments_flag_late
from ficfest.lib.ticks import run_tick
from tests.communities.factories import add_member
from tests.exchanges.factories import DUE, LATE, assign, sign_up, url
from tests.factories import client_for, make_user
from tests.html import text


def test_it_tells_the_moderators_once_about_late_assignments(
    community, ficathon, mod, alice, bob, carol, mailoutbox
):
    second_mod = make_user("comod")
    add_member(community, second_mod, role=Role.MODERATOR)
    a, b, c = (sign_up(ficathon, u) for u in (alice, bob, carol))
    late = assign(a, b)
    assign(b, c, status=AssignmentStatus.FULFILLED)
    assign(c, a, status=AssignmentStatus.DEFAULTED)
    with time_machine.travel(DUE.replace(hour=11), tick=False):
        assignments_flag_late()
    assert mailoutbox == []
    with time_machine.travel(LATE, tick=False):
        assignments_flag_late()
        assignments_flag_late()
        page = text(client_for(mod).get(url("ficathon_assignments", ficathon)).content.decode())
    assert sorted(m.to[0] for m in mailoutbox) == ["comod@example.org", "mod@example.org"]
    body = mailoutbox[0].body
    assert mailoutbox[0].subject == "Late assignments in Winter Ficathon"
    assert "alice writing for bob, due 15 Jan 2027, 12:00 UTC" in body
    assert "carol" not in body  # fulfilled and defaulted ones are not late
    assert "alice bob Fri 15 Jan 2027, 12:00 UTC Late" in page
    late.refresh_from_db()
    assert late.late_notified_at is not None


def test_it_runs_from_the_periodic_tick_and_catches_up_on_new_late_ones(
    ficathon, alice, bob, carol, mailoutbox
):
    a, b, c = (sign_up(ficathon, u) for u in (alice, bob, carol))
    assign(a, b)
    with time_machine.travel(LATE, tick=False):
        run_tick()
    assert len(mailoutbox) == 1
    assign(c, a, pinch_hit=True, due_at=LATE)
    with time_machine.travel(LATE.replace(day=20), tick=False):
        run_tick()
        run_tick()
    assert len(mailoutbox) == 2
    assert "carol writing for alice" in mailoutbox[1].body
    assert "writing for bob" not in mailoutbox[1].body
