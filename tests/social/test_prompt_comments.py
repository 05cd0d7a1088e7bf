"""Comments on prompts: the thread on a released prompt's page, replies, moderation by the
community's moderators, the unreleased prompt's thread kept from everyone else, hostile HTML,
an anonymous prompt's poster, and who hears of a comment."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ficfest.social.models import Comment, CommentStatus, ModerationEntry, Notification
from ficfest.social.subscriptions import subscription_set
from tests.communities.factories import add_member, make_prompt
from tests.factories import client_for, make_user
from tests.html import main, main_text


@pytest.fixture
def poster(community):
    user = make_user("prompter")
    add_member(community, user)
    return user


@pytest.fixture
def prompt(period, poster):
    return make_prompt(period, posted_by=poster)


def post(client, prompt, body="Ooh, I want to fill this!", **extra):
    return client.post(reverse("prompt_comment_new", args=[prompt.pk]), {"body": body, **extra})


def test_it_shows_a_comment_thread_on_the_prompt_page(prompt, member):
    response = post(client_for(member), prompt)
    assert response.status_code == 302
    page = main_text(client_for(member).get(prompt.get_absolute_url()))
    assert "Ooh, I want to fill this!" in page
    assert "Comments (1 thread)" in page


def test_it_shows_the_thread_to_a_logged_out_reader_who_may_not_post(prompt, member, client):
    post(client_for(member), prompt)
    page = main_text(client.get(prompt.get_absolute_url()))
    assert "Ooh, I want to fill this!" in page
    assert "Log in to comment here." in page
    assert post(client, prompt, "guest words").status_code == 400
    assert not Comment.objects.filter(body="guest words").exists()


def test_it_threads_replies_and_tells_the_parent_author(prompt, member, poster):
    post(client_for(member), prompt)
    first = Comment.objects.get()
    client_for(poster).post(reverse("comment_reply", args=[first.pk]), {"body": "Please do!"})
    answer = Comment.objects.exclude(pk=first.pk).get()
    assert (answer.prompt, answer.parent, answer.depth) == (prompt, first, 1)
    reply = Notification.objects.get(user=member)
    assert reply.text.startswith("prompter replied to your comment on “Prompt: From the world")


def test_it_tells_the_poster_and_subscribers_but_not_the_commenter(prompt, member, poster):
    watcher = make_user("watcher")
    subscription_set(user=watcher, on=True, prompt=prompt)
    subscription_set(user=member, on=True, prompt=prompt)
    post(client_for(member), prompt)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"prompter", "watcher"}
    assert Notification.objects.filter(text__startswith="author commented on").count() == 2


def test_it_names_a_member_under_their_name_and_badges_no_anonymous_poster(period, poster):
    prompt = make_prompt(period, posted_by=poster, anonymous=True)
    post(client_for(poster), prompt, "Whoever fills this: thank you")
    page = main(client_for(make_user("reader")).get(prompt.get_absolute_url()).content.decode())
    assert "Whoever fills this: thank you" in page
    assert "prompter" in page  # a comment is under its author's name
    assert '<span class="badge">' not in page  # no badge ties them to the prompt


def test_it_keeps_an_unreleased_prompts_thread_to_the_moderators(period, owner, member):
    later = make_prompt(period, "Not yet", release_at=timezone.now() + timedelta(days=2))
    assert post(client_for(owner), later, "Mods only chat").status_code == 302
    comment = Comment.objects.get()
    assert "Mods only chat" in main_text(client_for(owner).get(later.get_absolute_url()))
    assert client_for(member).get(later.get_absolute_url()).status_code == 404
    assert client_for(member).get(comment.get_absolute_url()).status_code == 404
    assert post(client_for(member), later, "sneaky").status_code == 404
    reply = reverse("comment_reply", args=[comment.pk])
    assert client_for(member).post(reply, {"body": "sneaky"}).status_code == 404
    assert Comment.objects.count() == 1


def test_it_tells_only_moderators_among_an_unreleased_prompts_subscribers(period, owner, member):
    later = make_prompt(period, "Not yet", release_at=timezone.now() + timedelta(days=2))
    subscription_set(user=member, on=True, prompt=later)
    subscription_set(user=make_user("moderator2", is_staff=True), on=True, prompt=later)
    post(client_for(owner), later, "Mods only chat")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["moderator2"]


def test_it_lets_the_communitys_moderators_hide_freeze_and_delete(prompt, member, owner):
    post(client_for(member), prompt)
    comment = Comment.objects.get()
    moderate = reverse("comment_moderate", args=[comment.pk])
    assert client_for(member).post(moderate, {"action": "hide"}).status_code == 403
    client_for(owner).post(moderate, {"action": "freeze"})
    reply = client_for(member).post(reverse("comment_reply", args=[comment.pk]), {"body": "x"})
    assert "This thread is frozen" in main_text(reply)
    client_for(owner).post(moderate, {"action": "hide"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    page = main_text(client_for(make_user("reader")).get(prompt.get_absolute_url()))
    assert "Ooh, I want" not in page and "No comments yet." in page
    client_for(owner).post(reverse("comment_delete", args=[comment.pk]))
    assert not Comment.objects.exists()
    assert ModerationEntry.objects.filter(actor=owner, action="deleted comment").exists()


def test_it_lets_the_author_edit_and_sanitises_hostile_html(prompt, member):
    post(client_for(member), prompt, '<p onclick="x()">Hi <script>alert(1)</script></p>')
    comment = Comment.objects.get()
    assert "script" not in comment.html and "onclick" not in comment.html
    edit = reverse("comment_edit", args=[comment.pk])
    client_for(member).post(edit, {"body": "Edited words"})
    page = main_text(client_for(member).get(prompt.get_absolute_url()))
    assert "Edited words" in page and "edited" in page


def test_it_rate_limits_prompt_comments(prompt, member, settings):
    settings.COMMENT_USER_LIMIT = 2
    client = client_for(member)
    for n in range(2):
        assert post(client, prompt, f"comment {n}").status_code == 302
    refused = post(client, prompt, "one too many")
    assert refused.status_code == 400
    assert "You are commenting too fast." in main_text(refused)
    assert "one too many" in main(refused.content.decode())  # what was written is kept
    assert Comment.objects.count() == 2


def test_it_refuses_a_reply_naming_a_parent_elsewhere(prompt, member, period):
    other = make_prompt(period, "Another prompt")
    post(client_for(member), other, "elsewhere")
    stray = Comment.objects.get()
    post(client_for(member), prompt, "here", parent=str(stray.pk))
    here = Comment.objects.get(body="here")
    assert (here.prompt, here.parent) == (prompt, None)


def test_it_reports_a_prompt_comment(prompt, member):
    post(client_for(member), prompt)
    comment = Comment.objects.get()
    response = client_for(make_user("reader")).get(reverse("report_new") + f"?comment={comment.pk}")
    assert response.status_code == 200
