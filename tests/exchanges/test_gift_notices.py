"""The recipient is told of their gift once, by email and in their inbox: when they may see it
(at once, or at the gifts' reveal), and who wrote it at the creators' reveal; the creators are
told at each reveal too. Everything comes from the clock when the tick runs."""

from datetime import timedelta

import time_machine

from ficfest.communities.models import Anonymity
from ficfest.lib.ticks import run_tick
from ficfest.social.models import NoticeKind, Notification
from tests.exchanges.factories import REVEAL
from tests.exchanges.gifts import post_gift, sent_assignment
from tests.factories import client_for

TITLE = "Willow Learns to Drive"


def inbox(user) -> list[str]:
    rows = Notification.objects.filter(user=user, kind=NoticeKind.GIFT).order_by("created_at", "pk")
    return list(rows.values_list("text", flat=True))


def subjects(mailoutbox, user) -> list[str]:
    return [m.subject for m in mailoutbox if m.to == [user.email]]


def post(ficathon, giver, recipient, capture):
    assignment = sent_assignment(ficathon, giver, recipient)
    with capture(execute=True):
        post_gift(client_for(giver), assignment, giver)
    return assignment


def tick_at(moment, capture) -> None:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        run_tick()
        run_tick()


def test_it_tells_the_recipient_of_an_anonymous_gift_at_once_then_who_wrote_it(
    after_close, ficathon, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    post(ficathon, alice, bob, capture)
    told = f"A gift for you in Winter Ficathon: “{TITLE}” by Anonymous."
    assert inbox(bob) == [told] and subjects(mailoutbox, bob) == [told]
    assert "alice" not in mailoutbox[0].body
    tick_at(REVEAL - timedelta(hours=1), capture)
    assert inbox(bob) == [told]  # nothing twice, nothing early
    tick_at(REVEAL + timedelta(minutes=1), capture)
    revealed = f"Revealed: your gift “{TITLE}” in Winter Ficathon is by alice."
    assert inbox(bob) == [told, revealed]
    assert subjects(mailoutbox, bob) == [told, revealed]
    assert subjects(mailoutbox, alice) == [f"Revealed: {TITLE}"]
    # The inbox does not email again what the exchange emailed.
    assert Notification.objects.filter(user=bob, emailed_at__isnull=True).count() == 0


def test_it_tells_of_an_unrevealed_gift_at_the_gifts_reveal_and_of_its_creator_later(
    after_close, ficathon, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    names_at = REVEAL + timedelta(days=7)
    ficathon.anonymity = Anonymity.UNREVEALED
    ficathon.creators_reveal_at = names_at
    ficathon.save()
    post(ficathon, alice, bob, capture)
    tick_at(REVEAL - timedelta(minutes=1), capture)
    assert inbox(bob) == [] and mailoutbox == []
    tick_at(REVEAL + timedelta(minutes=1), capture)
    told = f"A gift for you in Winter Ficathon: “{TITLE}” by Anonymous."
    assert inbox(bob) == [told]
    (creator_mail,) = [m for m in mailoutbox if m.to == [alice.email]]
    assert "now shown to readers. Your name stays hidden until" in creator_mail.body
    tick_at(names_at + timedelta(minutes=1), capture)
    assert inbox(bob)[1:] == [f"Revealed: your gift “{TITLE}” in Winter Ficathon is by alice."]
    creator_mails = [m.body for m in mailoutbox if m.to == [alice.email]]
    assert len(creator_mails) == 2 and "is now shown as yours, alice" in creator_mails[1]


def test_it_tells_once_and_names_the_creator_of_an_open_gift(
    after_close, ficathon, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ficathon.anonymity = Anonymity.NONE
    ficathon.reveal_at = None
    ficathon.save()
    post(ficathon, alice, bob, capture)
    tick_at(REVEAL + timedelta(days=30), capture)
    assert inbox(bob) == [f"A gift for you in Winter Ficathon: “{TITLE}” by alice."]


def test_it_tells_of_a_scheduled_gift_when_it_is_published(
    after_close, ficathon, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assignment = sent_assignment(ficathon, alice, bob)
    publish = REVEAL - timedelta(days=10)
    with capture(execute=True):
        post_gift(client_for(alice), assignment, alice,
                  publish_at=publish.strftime("%Y-%m-%dT%H:%M"))  # fmt: skip
    assignment.refresh_from_db()
    assert assignment.work is not None and assignment.work.is_scheduled
    tick_at(publish - timedelta(minutes=5), capture)
    assert inbox(bob) == []
    tick_at(publish + timedelta(minutes=5), capture)
    assert len(inbox(bob)) == 1
