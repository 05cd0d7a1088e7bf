"""A participant defaults from their own assignments page; the default waits for a pinch
hitter, the defaulter is not listed as still without an assignment, and a pinch hitter covers
it and posts the gift."""

import re

from ficfest.exchanges.models import Assignment, AssignmentStatus
from tests.exchanges.factories import CLOSES, assign, sign_up, url
from tests.exchanges.gifts import post_gift
from tests.factories import client_for
from tests.html import main_text


def still_without(page: str) -> str:
    return re.search(r"Still without an assignment (.*?) Still without a writer", page).group(1)


def test_it_lets_a_participant_default_after_confirming(
    after_close, ficathon, mod, alice, bob, carol, django_capture_on_commit_callbacks
):
    a, b = sign_up(ficathon, alice), sign_up(ficathon, bob)
    c = sign_up(ficathon, carol, pinch_hitter=True)
    mine = assign(a, b, sent_at=CLOSES)
    assign(b, a, sent_at=CLOSES)
    client = client_for(alice)
    confirm = f"/assignments/{mine.pk}/default/"
    assert f'href="{confirm}"' in client.get("/assignments/").content.decode()
    page = main_text(client.get(confirm))
    assert "Default on your assignment?" in page and "goes back to the moderators" in page
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ASSIGNED  # looking is not defaulting
    response = client.post(confirm)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.DEFAULTED
    assert "You have defaulted." in main_text(client.get(response.url))

    mods = main_text(client_for(mod).get(url("ficathon_assignments", ficathon)))
    assert "For bob (defaulted by alice)" in mods
    assert "alice" not in still_without(mods) and "carol" in still_without(mods)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(mod).post(url("ficathon_assignments", ficathon), {
            "action": "pinch_hit", "assignment": mine.pk,
            f"pinch-{mine.pk}-pinch_hitter": c.pk, f"pinch-{mine.pk}-due_at": "2027-01-25T12:00",
        })  # fmt: skip
    hit = Assignment.objects.get(pinch_hit=True)
    assert (hit.giver, hit.recipient) == (c, b)
    post_gift(client_for(carol), hit, carol)
    hit.refresh_from_db()
    assert hit.status == AssignmentStatus.FULFILLED
    assert "A gift for bob" in main_text(client_for(bob).get(hit.work.get_absolute_url()))


def test_it_lets_only_the_assignee_default_an_open_assignment(after_close, ficathon, alice, bob):
    a, b = sign_up(ficathon, alice), sign_up(ficathon, bob)
    mine = assign(a, b, sent_at=CLOSES)
    unsent = assign(b, a)
    assert client_for(bob).post(f"/assignments/{mine.pk}/default/").status_code == 404
    assert client_for(bob).get(f"/assignments/{unsent.pk}/default/").status_code == 404
    Assignment.objects.filter(pk=mine.pk).update(status=AssignmentStatus.FULFILLED)
    response = client_for(alice).post(f"/assignments/{mine.pk}/default/", follow=True)
    assert "This assignment is fulfilled." in main_text(response)
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.FULFILLED
