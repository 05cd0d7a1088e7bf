"""A gift from the moment it is posted from its assignment: every page and feed that could show
it, as a logged-out reader and as a member, must neither name its giver (anonymous exchanges)
nor show it at all (unrevealed ones) until the reveals; then, at the reveals, they do."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from ficfest.communities.models import Anonymity
from ficfest.lib.ticks import run_tick
from ficfest.social.models import Notification
from ficfest.tags.models import Tag
from ficfest.works.models import Work
from tests.communities.factories import make_member
from tests.exchanges.factories import REVEAL
from tests.exchanges.gifts import post_gift, sent_assignment
from tests.factories import client_for
from tests.html import main, text

GIVER = "serenitysky"
TITLE = "Willow Learns to Drive"
NAMES_LATER = REVEAL + timedelta(days=7)


@pytest.fixture(params=["anonymous", "unrevealed", "unrevealed, names later"])
def gift(request, after_close, ficathon, bob, django_capture_on_commit_callbacks):
    """The gift, posted through "Post your gift" a moment ago."""
    ficathon.anonymity = (
        Anonymity.UNREVEALED if "unrevealed" in request.param else Anonymity.ANONYMOUS
    )
    ficathon.creators_reveal_at = NAMES_LATER if "later" in request.param else None
    ficathon.save()
    giver = make_member(ficathon.community, GIVER)
    assignment = sent_assignment(ficathon, giver, bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_gift(client_for(giver), assignment, giver)
        run_tick()
    assert response.status_code == 302
    return Work.objects.get(title=TITLE)


def surfaces(work) -> list[str]:
    community = work.fills.get().challenge.community
    fandom, freeform = work.fandoms[0], Tag.objects.get(name="Driving Lessons")
    urls = ["/", "/works/", "/works/?sort=creator", "/works/feed/", "/fandoms/",
            fandom.get_absolute_url(), freeform.get_absolute_url(),
            reverse("tag_feed", args=[fandom.pk]), reverse("tag_feed", args=[freeform.pk]),
            community.get_absolute_url(), reverse("community_creators", args=[community.slug]),
            reverse("feed_community", args=[community.slug]),
            reverse("community_works", args=[community.slug]),
            reverse("community_works_feed", args=[community.slug]),
            reverse("challenge", args=[community.slug, "ficathon"]),
            reverse("gift_masterlist", args=[community.slug, "ficathon"]),
            f"/users/{GIVER}/", f"/users/{GIVER}/works/", f"/users/{GIVER}/works/feed/",
            f"/users/{GIVER}/pseuds/{GIVER}/", f"/users/{GIVER}/pseuds/{GIVER}/feed/",
            f"/users/{GIVER}/gifts/", "/users/bob/gifts/"]  # fmt: skip
    urls += [reverse("gift_masterlist_export", args=[community.slug, "ficathon", fmt])
             for fmt in ("html", "md", "dw")]  # fmt: skip
    return urls


def readers(community) -> dict[str, Client]:
    return {"logged out": Client(), "member": client_for(make_member(community, "reader"))}


def read(client, url) -> str:
    response = client.get(url)
    # A tag that only a hidden gift carries is not found at all: that tells nothing either.
    assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
    return response.content.decode()


def test_it_never_shows_the_gift_under_its_givers_name_before_the_reveals(gift):
    unrevealed = gift.unrevealed
    for who, client in readers(gift.fills.get().challenge.community).items():
        for url in surfaces(gift):
            html = read(client, url)
            assert GIVER not in html or url.startswith(f"/users/{GIVER}/"), f"{who}: {url}"
            if url.startswith(f"/users/{GIVER}/"):
                assert TITLE not in html, f"{who} sees the gift on its giver's page {url}"
            if unrevealed:
                assert TITLE not in html, f"{who} sees the unrevealed gift on {url}"
        work_page = client.get(gift.get_absolute_url())
        if unrevealed:
            assert work_page.status_code == 404
        else:
            page = main(work_page.content.decode())
            assert "Anonymous" in page and GIVER not in page and "A gift for bob" in text(page)


def test_it_tells_the_recipient_without_naming_the_giver(gift, bob):
    told = " ".join(Notification.objects.filter(user=bob).values_list("text", flat=True))
    emails = " ".join(f"{m.subject} {m.body}" for m in mail.outbox)
    assert GIVER not in told and GIVER not in emails
    if gift.unrevealed:
        assert told == "" and TITLE not in emails  # told at the gifts' reveal
    else:
        assert told == f"A gift for you in Winter Ficathon: “{TITLE}” by Anonymous."


def test_it_shows_the_gift_and_then_its_giver_at_the_reveals(gift, ficathon):
    community = ficathon.community
    names_at = ficathon.names_revealed_at
    if names_at != REVEAL:
        with time_machine.travel(REVEAL + timedelta(hours=1), tick=False):
            page = main(read(Client(), gift.get_absolute_url()))
            assert TITLE in page and "Anonymous" in page and GIVER not in page
            assert TITLE not in read(Client(), f"/users/{GIVER}/")
    with time_machine.travel(names_at + timedelta(hours=1), tick=False):
        for client in readers(community).values():
            assert GIVER in main(read(client, gift.get_absolute_url()))
            assert TITLE in read(client, f"/users/{GIVER}/")
            assert TITLE in read(client, f"/users/{GIVER}/gifts/")
            masterlist = reverse("gift_masterlist_export", args=[community.slug, "ficathon", "md"])
            assert GIVER in read(client, masterlist)
