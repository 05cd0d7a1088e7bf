import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from ficfest.communities.models import Fill, FillStatus
from ficfest.exchanges import services
from ficfest.exchanges.models import AssignmentStatus
from ficfest.works.models import Status
from tests.communities.factories import make_fill, set_limits
from tests.exchanges.factories import CLOSES, REVEAL, assign, sign_up
from tests.factories import client_for, make_work
from tests.html import text


def sent_assignment(ficathon, giver, recipient, **fields):
    return assign(sign_up(ficathon, giver), sign_up(ficathon, recipient), sent_at=CLOSES, **fields)


def fulfil(client, assignment, work):
    return client.post("/assignments/", {
        "assignment": assignment.pk, f"fulfil-{assignment.pk}-work": work.pk})  # fmt: skip


def test_it_fulfils_an_assignment_with_a_work_and_adds_it_to_the_challenge(
    after_close, ficathon, alice, bob
):
    assignment = sent_assignment(ficathon, alice, bob)
    gift = make_work(alice, title="Snowbound")
    client = client_for(alice)
    assert "Snowbound" in client.get("/assignments/").content.decode()  # offered as a choice
    response = fulfil(client, assignment, gift)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.FULFILLED and assignment.work == gift
    fill = Fill.objects.get(work=gift)
    assert fill.challenge == ficathon and fill.status == FillStatus.APPROVED
    page = text(client.get("/assignments/").content.decode())
    assert "“Snowbound” fulfils your assignment." in page
    assert "Status: Fulfilled with Snowbound" in page and "Fulfil with this work" not in page


def test_it_shows_the_gift_as_anonymous_until_the_reveal(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    gift = make_work(alice, title="Snowbound")
    fulfil(client_for(alice), assignment, gift)
    for reader in (client_for(bob), Client()):
        page = reader.get(f"/works/{gift.pk}/").content.decode()
        assert "Anonymous" in page and "alice" not in page
    with time_machine.travel(REVEAL, tick=False):
        page = client_for(bob).get(f"/works/{gift.pk}/").content.decode()
    assert "alice" in page


def test_it_fulfils_only_with_your_own_posted_work(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    theirs = make_work(bob, title="Bob's")
    draft = make_work(alice, title="Half done", status=Status.DRAFT)
    client = client_for(alice)
    assert "Half done" not in client.get("/assignments/").content.decode()
    for work in (theirs, draft):
        response = fulfil(client, assignment, work)
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED and assignment.work is None
    assert not Fill.objects.exists()


def test_it_fulfils_only_an_open_assignment(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob, status=AssignmentStatus.DEFAULTED)
    gift = make_work(alice)
    client = client_for(alice)
    response = fulfil(client, assignment, gift)
    assert "This assignment is defaulted." in text(client.get(response.url).content.decode())
    assert not Fill.objects.exists()


def test_it_lets_a_late_writer_still_deliver(ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    with time_machine.travel(ficathon.assignments_due_at.replace(day=20), tick=False):
        client = client_for(alice)
        assert "Late" in text(client.get("/assignments/").content.decode())
        fulfil(client, assignment, make_work(alice))
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.FULFILLED


def test_it_fulfils_under_the_communitys_rules_and_saves_nothing_when_refused(
    after_close, community, ficathon, alice, bob
):
    set_limits(community, fic=5)
    assignment = sent_assignment(ficathon, alice, bob)
    too_long = make_work(alice, title="Long", text="one two three four five six seven")
    response = fulfil(client_for(alice), assignment, too_long)
    assert "Fic in Winterfest is limited to 5 words; this work has 7." in text(
        response.content.decode()
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED and not Fill.objects.exists()


def test_it_fulfils_with_a_work_already_posted_to_the_ficathon(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    gift = make_work(alice)
    make_fill(gift, ficathon)
    assert fulfil(client_for(alice), assignment, gift).status_code == 302
    assert Fill.objects.filter(work=gift).count() == 1


def test_it_lets_only_the_assignee_fulfil_through_the_service(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    with pytest.raises(ValidationError, match="Only the assignee"):
        services.assignment_fulfil(assignment=assignment, work=make_work(bob), by=bob)
