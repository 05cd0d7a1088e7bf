"""Posting a gift from its assignment in one step, and which works may fulfil an assignment."""

import pytest
from django.db import IntegrityError, transaction

from ficfest.communities.models import Anonymity, ChallengeKind, Fill
from ficfest.exchanges import services
from ficfest.exchanges.models import Assignment, AssignmentStatus
from ficfest.works.models import Status, Work
from tests.communities.factories import make_challenge, make_fill
from tests.exchanges.factories import CLOSES, DUE, OPENS, REVEAL
from tests.exchanges.gifts import gift_url, post_gift, sent_assignment
from tests.factories import client_for, make_work
from tests.html import main_text


def test_it_offers_to_post_the_gift_from_the_assignment(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    for page in ("/assignments/", "/dashboard/"):
        html = client_for(alice).get(page).content.decode()
        assert f'href="/works/new/?assignment={assignment.pk}">Post your gift' in html, page
    form = main_text(client_for(alice).get(gift_url(assignment)))
    assert "this work becomes your gift for bob in Winter Ficathon" in form
    assert "anonymous until the reveal" in form
    assert "Post without the prompt" not in form


def test_it_posts_the_gift_and_fulfils_the_assignment_at_once(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    response = post_gift(client_for(alice), assignment, alice)
    work = Work.objects.get()
    assert response.status_code == 302 and response.url == f"/works/{work.pk}/"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.FULFILLED and assignment.work == work
    assert Fill.objects.get(work=work).challenge == ficathon
    assert work.anonymous and work.anonymous_until == REVEAL


def test_it_posts_an_unrevealed_gift_hidden_until_the_reveal(after_close, ficathon, alice, bob):
    ficathon.anonymity = Anonymity.UNREVEALED
    ficathon.save()
    assignment = sent_assignment(ficathon, alice, bob)
    post_gift(client_for(alice), assignment, alice)
    work = Work.objects.get()
    assert work.unrevealed and work.unrevealed_until == REVEAL
    assert client_for(bob).get(work.get_absolute_url()).status_code == 404


def test_it_answers_404_for_an_assignment_that_is_not_yours(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    assert client_for(bob).get(gift_url(assignment)).status_code == 404
    assert client_for(alice).get("/works/new/?assignment=x1").status_code == 404
    unsent = sent_assignment(make_ficathon(ficathon, "second"), alice, bob, sent_at=None)
    assert client_for(alice).get(gift_url(unsent)).status_code == 404


def test_it_posts_nothing_for_a_defaulted_assignment(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob, status=AssignmentStatus.DEFAULTED)
    response = post_gift(client_for(alice), assignment, alice)
    assert response.status_code == 200
    assert "This assignment is defaulted: nothing was posted for it." in main_text(response)
    assert not Work.objects.exists()


def test_it_keeps_nothing_when_the_community_refuses_the_gift(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    ficathon.community.memberships.filter(user=alice).delete()  # she left the community
    response = post_gift(client_for(alice), assignment, alice)
    assert response.status_code == 200 and "Only members of Winterfest" in main_text(response)
    assert not Work.objects.exists() and not Fill.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


def test_a_draft_gift_is_secret_once_posted(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    client = client_for(alice)
    response = post_gift(client, assignment, alice, action="draft")
    work = Work.objects.get()
    assert work.status == Status.DRAFT and work.anonymous
    assert "choose it on your assignments page" in main_text(client.get(response.url))
    client.post(f"/works/{work.pk}/post/")
    assert "alice" not in main_text(client_for(bob).get(work.get_absolute_url()))
    assert "Willow Learns to Drive" in client.get("/assignments/").content.decode()


def make_ficathon(ficathon, slug):
    return make_challenge(
        ficathon.community, slug=slug, title=f"Ficathon {slug}", kind=ChallengeKind.FICATHON,
        signups_open_at=OPENS, signups_close_at=CLOSES, assignments_due_at=DUE,
        anonymity=Anonymity.ANONYMOUS, reveal_at=REVEAL,
    )  # fmt: skip


def test_a_work_fulfils_one_assignment_at_most(after_close, ficathon, alice, bob, carol):
    first = sent_assignment(ficathon, alice, bob)
    second = sent_assignment(make_ficathon(ficathon, "second"), alice, carol)
    post_gift(client_for(alice), first, alice)
    gift = Work.objects.get()
    page = client_for(alice).get("/assignments/").content.decode()
    assert page.count("Willow Learns to Drive") == 1  # fulfilling the first, not offered again
    with pytest.raises(Exception, match="already fulfils an assignment"):
        services.assignment_fulfil(assignment=second, work=gift, by=alice)
    second.refresh_from_db()
    assert second.status == AssignmentStatus.ASSIGNED
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=second.pk).update(work=gift)


def test_the_fulfil_list_offers_only_the_givers_free_works(after_close, ficathon, alice, bob):
    assignment = sent_assignment(ficathon, alice, bob)
    make_work(alice, title="Free Fic")
    make_work(alice, title="Unfinished", status=Status.DRAFT)
    make_work(bob, title="Bob's Own")
    elsewhere = make_work(alice, title="Other Exchange Gift")
    make_fill(elsewhere, make_ficathon(ficathon, "elsewhere"))
    in_prompt_fest = make_work(alice, title="Prompt Fill")
    make_fill(in_prompt_fest, make_challenge(ficathon.community, slug="monthly"))
    offered = main_text(client_for(alice).get("/assignments/"))
    assert "Free Fic" in offered and "Prompt Fill" in offered
    for absent in ("Unfinished", "Bob's Own", "Other Exchange Gift"):
        assert absent not in offered
    with pytest.raises(Exception, match="is in another exchange"):
        services.assignment_fulfil(assignment=assignment, work=elsewhere, by=alice)


def test_a_pinch_hitter_posts_the_gift_the_same_way(after_close, ficathon, alice, bob, carol):
    assignment = sent_assignment(ficathon, carol, bob, pinch_hit=True)
    post_gift(client_for(carol), assignment, carol)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.FULFILLED
