"""Comments on works: threads, replies, edits and deletes, guest rules, moderation, hostile
HTML, anonymity of an anonymous work's creator, rate limits and the work page's queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ficfest.accounts.services import block_add
from ficfest.social.counts import counts_recount
from ficfest.social.models import Comment, CommentStatus, ModerationEntry
from ficfest.social.threads import SHOWN_DEPTH, THREADS_PER_PAGE
from ficfest.works.models import CommentPolicy
from tests.factories import client_for, make_user, make_work
from tests.html import main, main_text


def post_comment(client, work, body="Lovely fill!", **extra):
    return client.post(reverse("comment_new", args=[work.pk]), {"body": body, **extra})


def reply(client, comment, body="Thank you!"):
    return client.post(reverse("comment_reply", args=[comment.pk]), {"body": body})


def test_it_posts_a_comment_shown_on_the_work(work, reader):
    response = post_comment(client_for(reader), work)
    assert response.status_code == 302
    page = main_text(client_for(reader).get(work.get_absolute_url()))
    assert "Lovely fill!" in page
    assert "reader" in page


def test_it_threads_replies_under_their_comment(work, reader, author):
    post_comment(client_for(reader), work)
    first = Comment.objects.get()
    reply(client_for(author), first, "Glad you liked it")
    answer = Comment.objects.exclude(pk=first.pk).get()
    assert (answer.parent, answer.root, answer.depth) == (first, first, 1)
    html = main(client_for(reader).get(work.get_absolute_url()).content.decode())
    assert html.index("Lovely fill!") < html.index("Glad you liked it")
    assert "Creator" in html


def test_it_shows_deep_threads_to_a_depth_then_continue(work, reader):
    client = client_for(reader)
    post_comment(client, work, "level 0")
    parent = Comment.objects.get()
    for level in range(1, SHOWN_DEPTH + 3):
        reply(client, parent, f"level {level}")
        parent = Comment.objects.order_by("-pk").first()
    page = main_text(client.get(work.get_absolute_url()))
    assert f"level {SHOWN_DEPTH}" in page
    assert f"level {SHOWN_DEPTH + 1}" not in page
    assert "Continue this thread" in page
    deep = Comment.objects.get(depth=SHOWN_DEPTH)
    assert f"level {SHOWN_DEPTH + 2}" in main_text(client.get(deep.get_absolute_url()))


def test_it_pages_threads_and_loads_replies_in_few_queries(work, reader, client):
    roots = [
        Comment.objects.create(work=work, user=reader, body=f"c{n}", html=f"<p>c{n}</p>")
        for n in range(THREADS_PER_PAGE + 5)
    ]
    for root in roots:
        for n in range(3):
            Comment.objects.create(work=work, user=reader, parent=root, root=root, depth=1,
                                   body="r", html=f"<p>reply {root.body}-{n}</p>")  # fmt: skip
    counts_recount()  # written around the services
    with CaptureQueriesContext(connection) as few:
        client.get(work.get_absolute_url())
    for root in roots[:5]:
        Comment.objects.create(work=work, user=reader, parent=root, root=root, depth=1,
                               body="r", html="<p>more</p>")  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        response = client.get(work.get_absolute_url())
    assert len(more) == len(few)
    page = main_text(response)
    assert "c0" in page and f"c{THREADS_PER_PAGE}" not in page
    second = main_text(client.get(work.get_absolute_url() + "?comments_page=2"))
    assert f"c{THREADS_PER_PAGE}" in second and "reply c0-0" not in second


def test_it_edits_and_deletes_own_comment_leaving_a_placeholder(work, reader, author):
    client = client_for(reader)
    post_comment(client, work)
    comment = Comment.objects.get()
    client.post(reverse("comment_edit", args=[comment.pk]), {"body": "Edited words"})
    reply(client_for(author), comment, "An answer")
    client.post(reverse("comment_delete", args=[comment.pk]))
    page = main_text(client.get(work.get_absolute_url()))
    assert "This comment was deleted." in page and "An answer" in page
    assert "Edited words" not in page


def test_it_refuses_editing_someone_elses_comment(work, reader, stranger):
    post_comment(client_for(reader), work)
    comment = Comment.objects.get()
    response = client_for(stranger).post(
        reverse("comment_edit", args=[comment.pk]), {"body": "Mine now"}
    )
    assert response.status_code == 403
    assert Comment.objects.get().body == "Lovely fill!"


def test_it_sanitises_hostile_html(work, reader):
    post_comment(client_for(reader), work, '<p onclick="x()">Hi<script>alert(1)</script></p>')
    comment = Comment.objects.get()
    assert "script" not in comment.html and "onclick" not in comment.html
    assert "Hi" in main_text(client_for(reader).get(work.get_absolute_url()))


def test_it_takes_guest_comments_as_the_work_allows(work, client):
    guest = {"guest_name": "Passerby", "guest_email": "p@example.org"}
    assert post_comment(client, work, **guest).status_code == 302
    work.comment_policy = CommentPolicy.USERS
    work.save()
    response = post_comment(client, work, "Again", **guest)
    assert response.status_code == 400
    assert "Log in to comment here." in main_text(response)
    assert list(Comment.objects.values_list("body", flat=True)) == ["Lovely fill!"]
    assert "Passerby (guest)" in main_text(client.get(work.get_absolute_url()))


def test_it_holds_guest_comments_with_links(work, client, author):
    guest = {"guest_name": "Spam", "guest_email": "s@example.org"}
    post_comment(client, work, "Buy at https://spam.example", **guest)
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    page = main_text(client.get(work.get_absolute_url()))
    assert "No comments yet." in page and "spam.example" not in page
    client_for(author).post(reverse("comment_moderate", args=[comment.pk]), {"action": "approve"})
    assert "spam.example" in main_text(client.get(work.get_absolute_url()))


def test_it_lets_the_creator_freeze_hide_and_require_approval(work, reader, author, stranger):
    post_comment(client_for(reader), work)
    comment = Comment.objects.get()
    creator = client_for(author)
    creator.post(reverse("comment_moderate", args=[comment.pk]), {"action": "freeze"})
    response = reply(client_for(stranger), comment, "Too late")
    assert "This thread is frozen" in main_text(response)
    creator.post(reverse("comment_moderate", args=[comment.pk]), {"action": "hide"})
    page = main_text(client_for(stranger).get(work.get_absolute_url()))
    assert "No comments yet." in page and "Lovely fill!" not in page
    assert ModerationEntry.objects.filter(actor=author).count() == 2
    work.comments_moderated = True
    work.save()
    post_comment(client_for(stranger), work, "Held")
    assert Comment.objects.get(body="Held").status == CommentStatus.PENDING


def test_it_refuses_moderation_by_others(work, reader, stranger):
    post_comment(client_for(reader), work)
    comment = Comment.objects.get()
    response = client_for(stranger).post(
        reverse("comment_moderate", args=[comment.pk]), {"action": "hide"}
    )
    assert response.status_code == 403
    assert Comment.objects.get().status == CommentStatus.PUBLISHED


def test_it_refuses_comments_from_a_blocked_user(work, reader, author):
    block_add(user=author, blocked=reader)
    response = post_comment(client_for(reader), work)
    assert response.status_code == 400
    assert "You can't comment on this work." in main_text(response)
    assert not Comment.objects.exists()


def test_it_rate_limits_bursts_with_a_clear_message(work, reader, settings):
    settings.COMMENT_USER_LIMIT = 3
    client = client_for(reader)
    for n in range(3):
        assert post_comment(client, work, f"c{n}").status_code == 302
    response = post_comment(client, work, "one too many")
    assert response.status_code == 400
    assert "You are commenting too fast. Try again in" in main_text(response)
    assert Comment.objects.count() == 3


def test_it_rate_limits_guests_by_address(work, client, settings):
    settings.COMMENT_ADDRESS_LIMIT = 2
    guest = {"guest_name": "G", "guest_email": "g@example.org"}
    for n in range(2):
        post_comment(client, work, f"c{n}", **guest)
    response = post_comment(client, work, "more", **guest)
    assert "commenting too fast" in main_text(response)
    assert Comment.objects.count() == 2


def test_it_says_what_is_wrong_with_bad_input(work, reader):
    client = client_for(reader)
    response = post_comment(client, work, "x" * 10_001)
    assert response.status_code == 400
    assert "at most 10000 characters" in main_text(response)
    response = client.post(reverse("comment_new", args=[work.pk]), {"body": "ok", "parent": "zz"})
    assert response.status_code == 302
    assert client.post(reverse("comment_new", args=[999999]), {"body": "x"}).status_code == 404


def test_it_shows_an_anonymous_creators_reply_as_anonymous_creator(secret_work, reader):
    post_comment(client_for(reader), secret_work)
    comment = Comment.objects.get()
    writer = secret_work.poster
    reply(client_for(writer), comment, "Thank you, anonymously")
    html = main(client_for(reader).get(secret_work.get_absolute_url()).content.decode())
    assert "Anonymous creator" in html and "Thank you, anonymously" in html
    assert "hiddenhand" not in html
    thread = main(client_for(reader).get(comment.get_absolute_url()).content.decode())
    assert "Anonymous creator" in thread and "hiddenhand" not in thread


def test_it_keeps_other_works_comments_off_the_page(work, reader, author):
    other = make_work(author, title="Other")
    post_comment(client_for(reader), other, "Elsewhere")
    page = main_text(client_for(make_user("x")).get(work.get_absolute_url()))
    assert "No comments yet." in page and "Elsewhere" not in page


@pytest.mark.parametrize("comment_policy", [CommentPolicy.NONE])
def test_it_turns_comments_off(work, reader, comment_policy):
    work.comment_policy = comment_policy
    work.save()
    response = post_comment(client_for(reader), work)
    assert response.status_code == 400
    page = main_text(client_for(reader).get(work.get_absolute_url()))
    assert "Comments are turned off here." in page
