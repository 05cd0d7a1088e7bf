"""The moderation queue, and removing a fill from a community without deleting the work."""

import pytest
from django.test import Client

from ficfest.communities.models import Fill, FillStatus, Role
from ficfest.works.models import Work
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_fill,
    make_period,
    make_prompt,
    set_limits,
)
from tests.factories import make_user, make_work
from tests.html import text


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mod(db):
    return make_user("mod")


@pytest.fixture
def setting(author, mod):
    """A moderated community with one released prompt, and a member who fills it."""
    community = make_community(make_user("owner"), moderated=True)
    add_member(community, mod, role=Role.MODERATOR)
    add_member(community, author)
    set_limits(community, fic=10)
    challenge = make_challenge(community)
    period = make_period(challenge)
    prompt = make_prompt(period)
    return community, challenge, period, prompt


def fill_for(setting, creator, title, status=FillStatus.PENDING, **work_fields):
    _, challenge, period, prompt = setting
    work = make_work(creator, title=title, **work_fields)
    return make_fill(work, challenge, period=period, prompts=[prompt], status=status)


def test_it_refuses_the_queue_to_members_and_strangers(setting, author, stranger, client):
    for user in (author, stranger):
        assert logged_in(user).get("/c/fag-ends/queue/").status_code == 403
    assert client.get("/c/fag-ends/queue/").status_code == 302


def test_it_holds_a_pending_fill_in_the_queue_until_a_moderator_approves_it(
    setting, author, mod, client
):
    fill = fill_for(setting, author, "Below and Above", text="One two three four five.")
    assert "Below and Above" not in text(client.get("/c/fag-ends/").content.decode())
    notice = text(logged_in(author).get("/c/fag-ends/").content.decode())
    assert "Below and Above (Monthly prompts): waiting for a moderator to approve it." in notice
    queue = text(logged_in(mod).get("/c/fag-ends/queue/").content.decode())
    assert "Waiting for approval (1)" in queue
    assert "Below and Above by author" in queue and "Fic, 5 words" in queue
    assert "“From the world below, to the world above.”" in queue
    response = logged_in(mod).post(f"/c/fag-ends/fills/{fill.pk}/moderate/",
                                   {"action": "approve"})  # fmt: skip
    assert response.status_code == 302 and response.url == "/c/fag-ends/queue/"
    assert Fill.objects.get(pk=fill.pk).status == FillStatus.APPROVED
    assert "Below and Above" in text(client.get("/c/fag-ends/").content.decode())
    assert "Nothing is waiting." in text(logged_in(mod).get("/c/fag-ends/queue/").content.decode())


def test_it_flags_a_fill_over_its_form_limit_in_the_queue(setting, author, mod):
    fill_for(setting, author, "Too Long", text="word " * 11)
    queue = text(logged_in(mod).get("/c/fag-ends/queue/").content.decode())
    assert "Fic, 11 words Over the limit (Fic up to 10 words)." in queue


def test_it_rejects_a_pending_fill_and_keeps_the_work(setting, author, mod, client):
    fill = fill_for(setting, author, "Not This One")
    logged_in(mod).post(f"/c/fag-ends/fills/{fill.pk}/moderate/", {"action": "remove"})
    assert Fill.objects.get(pk=fill.pk).status == FillStatus.REMOVED
    assert client.get(f"/works/{fill.work_id}/").status_code == 200
    notice = text(logged_in(author).get("/c/fag-ends/").content.decode())
    assert "removed from this community by a moderator" in notice
    queue = text(logged_in(mod).get("/c/fag-ends/queue/").content.decode())
    assert "Nothing is waiting." in queue and "Removed recently" in queue


def test_it_removes_an_approved_fill_from_the_community_page_but_not_the_archive(
    setting, author, mod, client
):
    fill = fill_for(setting, author, "Listed Fill", status=FillStatus.APPROVED)
    moderator = logged_in(mod)
    page = moderator.get("/c/fag-ends/").content.decode()
    assert "Listed Fill" in page and "Remove from community" in page
    response = moderator.post(
        f"/c/fag-ends/fills/{fill.pk}/moderate/",
        {"action": "remove", "next": "/c/fag-ends/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/c/fag-ends/"
    assert "The work itself stays on the archive." in text(response.content.decode())
    assert Work.objects.filter(pk=fill.work_id).exists()
    assert "Listed Fill" in client.get(f"/works/{fill.work_id}/").content.decode()
    assert "Listed Fill" not in text(client.get("/c/fag-ends/").content.decode())
    assert "Listed Fill" in text(client.get("/works/").content.decode())
    # A moderator can change their mind.
    moderator.post(f"/c/fag-ends/fills/{fill.pk}/moderate/", {"action": "approve"})
    assert "Listed Fill" in text(client.get("/c/fag-ends/").content.decode())


def test_it_shows_the_remove_action_only_to_moderators(setting, author, stranger):
    fill_for(setting, author, "Listed Fill", status=FillStatus.APPROVED)
    for user in (author, stranger):
        page = logged_in(user).get("/c/fag-ends/").content.decode()
        assert "Listed Fill" in page and "Remove from community" not in page


def test_it_refuses_moderation_to_anyone_but_moderators(setting, author, stranger):
    fill = fill_for(setting, author, "Mine", status=FillStatus.APPROVED)
    for user in (author, stranger):
        response = logged_in(user).post(
            f"/c/fag-ends/fills/{fill.pk}/moderate/", {"action": "remove"}
        )
        assert response.status_code == 403
    assert Fill.objects.get(pk=fill.pk).status == FillStatus.APPROVED


def test_it_lets_moderators_act_only_on_their_own_community(setting, author, mod):
    other = make_community(make_user("elsewhere"), slug="other")
    work = make_work(author, title="Elsewhere")
    fill = make_fill(work, make_challenge(other), status=FillStatus.PENDING)
    response = logged_in(mod).post(f"/c/other/fills/{fill.pk}/moderate/", {"action": "approve"})
    assert response.status_code == 403
    # …nor reach another community's fill through their own community's address.
    response = logged_in(mod).post(f"/c/fag-ends/fills/{fill.pk}/moderate/",
                                   {"action": "approve"})  # fmt: skip
    assert response.status_code == 404
    assert Fill.objects.get(pk=fill.pk).status == FillStatus.PENDING
    assert "Elsewhere" not in logged_in(mod).get("/c/fag-ends/queue/").content.decode()


def test_it_never_sends_a_moderator_off_site_after_an_action(setting, author, mod):
    fill = fill_for(setting, author, "Mine")
    response = logged_in(mod).post(
        f"/c/fag-ends/fills/{fill.pk}/moderate/",
        {"action": "approve", "next": "https://evil.example/"},
    )
    assert response.url == "/c/fag-ends/queue/"


def test_it_keeps_drafts_out_of_the_queue(setting, author, mod):
    _, challenge, period, prompt = setting
    draft = make_work(author, title="Unfinished", status="draft")
    make_fill(draft, challenge, period=period, prompts=[prompt], status=FillStatus.PENDING)
    waiting = make_work(author, title="Finished")
    make_fill(waiting, challenge, period=period, prompts=[prompt], status=FillStatus.PENDING)
    page = logged_in(mod).get("/c/fag-ends/queue/").content.decode()
    assert "Finished" in page and "Unfinished" not in page
