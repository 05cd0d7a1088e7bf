"""Announcements to a community's subscribers, subscriptions to works (new chapters), creators,
tags and series (new works, by the tick), and what they never tell."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from ficfest.lib.ticks import run_tick
from ficfest.social.models import Notification
from ficfest.works import services
from tests.factories import client_for, make_work
from tests.html import main_text


def subscribe(user, kind, pk, action="subscribe"):
    return client_for(user).post(reverse("subscribe"), {"kind": kind, "id": pk, "action": action})


def test_it_delivers_announcements_to_subscribers(community, owner, reader, stranger):
    subscribe(reader, "community", community.pk)
    page = main_text(client_for(reader).get(community.get_absolute_url()))
    assert "Unsubscribe from announcements" in page
    response = client_for(owner).post(
        reverse("announcement_new", args=[community.slug]),
        {"title": "The reveal", "body": "Names are out!", "comments_enabled": "on"},
    )
    assert response.status_code == 302
    inbox = main_text(client_for(reader).get(reverse("inbox")))
    assert "Fag Ends: The reveal" in inbox
    assert not Notification.objects.filter(user=stranger).exists()
    news = main_text(client_for(stranger).get(community.get_absolute_url()))
    assert "The reveal" in news
    url = Notification.objects.get(user=reader).url
    client_for(reader).post(url + "comments/", {"body": "Hooray"})
    assert "Hooray" in main_text(client_for(stranger).get(url))


def test_it_lets_only_moderators_announce(community, stranger):
    response = client_for(stranger).post(
        reverse("announcement_new", args=[community.slug]), {"title": "Fake", "body": "x"}
    )
    assert response.status_code == 403


def test_it_tells_work_subscribers_of_new_chapters(
    work, reader, stranger, django_capture_on_commit_callbacks
):
    subscribe(reader, "work", work.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.chapter_add(
            work=work, content=services.ChapterText(text="Two.", text_format="plain")
        )
    assert not Notification.objects.filter(user=stranger).exists()
    assert "New chapter of “Fag Ends”: chapter 2." in main_text(
        client_for(reader).get(reverse("inbox"))
    )


def test_it_tells_creator_and_tag_subscribers_of_new_works_once(author, reader, stranger):
    subscribe(reader, "creator", author.pk)
    first = make_work(author, title="Fag Ends", freeforms=["Masquerade"])
    tag = first.freeforms[0]
    subscribe(stranger, "tag", tag.pk)
    run_tick()
    run_tick()
    make_work(author, title="Later", publish_at=timezone.now() + timedelta(days=1))
    run_tick()
    assert list(Notification.objects.filter(user=reader).values_list("text", flat=True)) == [
        "New work: “Fag Ends”."
    ]
    assert Notification.objects.filter(user=stranger).count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1), tick=False):
        run_tick()
    assert Notification.objects.filter(user=reader).count() == 2


def test_it_never_tells_creator_subscribers_of_an_anonymous_work(secret_work, reader):
    subscribe(reader, "creator", secret_work.poster.pk)
    run_tick()
    page = main_text(client_for(reader).get(reverse("inbox")))
    assert "Nothing here yet." in page
    assert "Masked Ball" not in page


def test_it_refuses_nonsense_subscriptions(reader):
    response = client_for(reader).post(reverse("subscribe"), {"kind": "planet", "id": "1"})
    assert response.status_code == 404
    assert (
        client_for(reader).post(reverse("subscribe"), {"kind": "work", "id": "x"}).status_code
        == 404
    )
