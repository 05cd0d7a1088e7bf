"""Kudos (once per reader, once per guest address, who gave them, anonymity), blocking, the
inbox (replies and comments delivered, read/unread, reply from the inbox, emails by the
reader's choice with the clock moved) and reports."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ficfest.accounts.services import block_add
from ficfest.lib.ticks import run_tick
from ficfest.social.models import (
    Comment,
    Digest,
    InboxSettings,
    Kudo,
    ModerationEntry,
    Notification,
    Report,
)
from tests.factories import client_for, make_user
from tests.html import main, main_text


def give_kudos(client, work, address="203.0.113.7"):
    return client.post(reverse("kudos_give", args=[work.pk]), REMOTE_ADDR=address)


def test_it_counts_kudos_once_per_reader_and_names_the_givers(work, reader, client):
    give_kudos(client_for(reader), work)
    give_kudos(client_for(reader), work)
    give_kudos(client, work)
    give_kudos(client, work)
    page = main_text(client.get(work.get_absolute_url()))
    assert "reader and 1 guest left kudos on this work!" in page
    assert "Kudos: 2" in page
    assert Kudo.objects.count() == 2


def test_it_counts_a_guest_once_per_address_even_in_a_new_session(work, client):
    give_kudos(client, work, "198.51.100.1")
    client.cookies.clear()
    give_kudos(client, work, "198.51.100.1")
    give_kudos(client, work, "198.51.100.2")
    assert Kudo.objects.filter(user__isnull=True).count() == 1  # the session said no to .2


def test_it_refuses_kudos_from_creators_and_blocked_readers(work, author, reader):
    response = give_kudos(client_for(author), work)
    assert response.status_code == 302
    block_add(user=author, blocked=reader)
    give_kudos(client_for(reader), work)
    assert not Kudo.objects.exists()
    page = main_text(client_for(reader).get(work.get_absolute_url()))
    assert "You can't leave kudos on this work." in page


def test_it_never_lists_an_anonymous_creator_among_kudos_givers(secret_work, reader, client):
    give_kudos(client_for(secret_work.poster), secret_work)
    give_kudos(client_for(reader), secret_work)
    html = main(client.get(secret_work.get_absolute_url()).content.decode())
    assert "reader" in html and "Kudos: 1" in html
    assert "hiddenhand" not in html


def test_it_blocks_and_unblocks_from_the_blocks_page(author, reader):
    client = client_for(author)
    client.post(reverse("blocks"), {"username": "reader", "action": "block"})
    assert "reader" in main_text(client.get(reverse("blocks")))
    response = client.post(reverse("blocks"), {"username": "author", "action": "block"})
    assert "You can't block yourself." in main_text(response)
    response = client.post(reverse("blocks"), {"username": "nobody", "action": "block"})
    assert "There is no user called “nobody”." in main_text(response)
    client.post(reverse("blocks"), {"username": "reader", "action": "unblock"})
    assert "You have blocked nobody." in main_text(client.get(reverse("blocks")))


def comment_on(work, user, body="Lovely fill!"):
    client_for(user).post(reverse("comment_new", args=[work.pk]), {"body": body})
    return Comment.objects.order_by("-pk").first()


def test_it_tells_creators_of_comments_and_commenters_of_replies(work, author, reader):
    comment = comment_on(work, reader)
    inbox = main_text(client_for(author).get(reverse("inbox")))
    assert "reader commented on “Fag Ends”." in inbox and "1 unread" in inbox
    client_for(author).post(reverse("comment_reply", args=[comment.pk]), {"body": "Thanks!"})
    inbox = main_text(client_for(reader).get(reverse("inbox")))
    assert "author replied to your comment on “Fag Ends”." in inbox
    assert not Notification.objects.filter(user=author, kind="reply").exists()


def test_it_replies_from_the_inbox_and_marks_items_read(work, author, reader):
    comment_on(work, reader)
    item = Notification.objects.get(user=author)
    client = client_for(author)
    client.post(reverse("comment_reply", args=[item.comment.pk]), {"body": "From the inbox"})
    assert Comment.objects.get(body="From the inbox").parent == item.comment
    client.post(reverse("inbox_mark"), {"item": [item.pk], "action": "read"})
    page = main_text(client.get(reverse("inbox")))
    assert "0 unread" in page and "reader commented" in page
    assert "Nothing here yet." in main_text(client.get(reverse("inbox") + "?show=unread"))


def test_it_names_no_anonymous_creator_in_notifications(secret_work, reader):
    comment = comment_on(secret_work, reader)
    writer = secret_work.poster
    client_for(writer).post(reverse("comment_reply", args=[comment.pk]), {"body": "Shh"})
    item = Notification.objects.get(user=reader)
    assert item.text == "Anonymous creator replied to your comment on “Masked Ball”."
    assert "hiddenhand" not in main(client_for(reader).get(reverse("inbox")).content.decode())


def test_it_emails_immediately_or_in_a_daily_digest(
    work, author, reader, stranger, django_capture_on_commit_callbacks
):
    InboxSettings.objects.create(user=author, email=Digest.IMMEDIATELY)
    InboxSettings.objects.create(user=reader, email=Digest.DAILY)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            comment = comment_on(work, reader)
        assert [m.to for m in mail.outbox] == [["author@example.org"]]
        client_for(stranger).post(reverse("comment_reply", args=[comment.pk]), {"body": "Hi"})
        client_for(author).post(reverse("comment_reply", args=[comment.pk]), {"body": "Yo"})
        run_tick()  # the first digest goes out at once: the reader never had one
    assert len([m for m in mail.outbox if m.to == ["reader@example.org"]]) == 1
    assert "2 new in your inbox" in mail.outbox[-1].subject
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        comment_on(work, stranger)
        client_for(author).post(reverse("comment_reply", args=[comment.pk]), {"body": "Again"})
        run_tick()
    assert len([m for m in mail.outbox if m.to == ["reader@example.org"]]) == 1
    with time_machine.travel(start + timedelta(days=1, minutes=1), tick=False):
        run_tick()
        run_tick()
    digests = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert len(digests) == 2 and "1 new in your inbox" in digests[-1].subject


def test_it_never_emails_readers_who_said_never(work, author, reader):
    InboxSettings.objects.create(user=author, email=Digest.NEVER)
    comment_on(work, reader)
    run_tick()
    assert Notification.objects.filter(user=author).count() == 1
    assert not [m for m in mail.outbox if m.to == ["author@example.org"]]


def test_it_queues_reports_for_staff_with_an_audit_log(work, reader, moderator):
    comment = comment_on(work, reader, "Rude words")
    client = client_for(make_user("witness"))
    response = client.post(reverse("report_new"), {"comment": comment.pk, "reason": ""})
    assert "Say what is wrong" in main_text(response)
    client.post(reverse("report_new"), {"comment": comment.pk, "reason": "Rude"})
    client.post(reverse("report_new"), {"work": work.pk, "reason": "Stolen"})
    assert client.get(reverse("report_queue")).status_code == 302  # not staff: to log in
    staff = client_for(moderator)
    queue = main_text(staff.get(reverse("report_queue")))
    assert "Rude" in queue and "Stolen" in queue
    report = Report.objects.get(comment=comment)
    staff.post(reverse("report_resolve", args=[report.pk]), {"action": "hide_comment"})
    assert Comment.objects.get(pk=comment.pk).status == "hidden"
    assert ModerationEntry.objects.filter(actor=moderator, report=report).exists()
    assert "moderator hid reported comment" in main_text(staff.get(reverse("report_queue")))
