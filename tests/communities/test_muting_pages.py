"""A reader's mutes on community surfaces: the front page's newest fills and its prompts' fill
counts, the community and prompt feeds (public, but a logged-in session takes its mutes out),
an anonymous fill that stays until the reveal; never a moderator's masterlist or queue."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from ficfest.accounts.models import CreatorMute
from ficfest.communities.models import FillStatus
from ficfest.tags.models import Tag, TagMute
from tests.communities.factories import add_member, make_fill, make_prompt
from tests.factories import client_for, make_user, make_work
from tests.html import main_text

NOW = datetime(2027, 5, 4, 9, 30, tzinfo=UTC)
REVEAL = NOW + timedelta(days=10)
ATOM = "{http://www.w3.org/2005/Atom}"
PAGE = "/c/fag-ends/"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def reader_client(reader):
    return client_for(reader)


@pytest.fixture
def dusk(period):
    return make_prompt(period, "Dusk")


@pytest.fixture
def fills(period, dusk, writer, stranger):
    """Two fills of the prompt Dusk: one by ``writer``, one by ``stranger`` tagged Angst."""
    make_fill(make_work(writer, title="Writer's fill"), period.challenge, period=period,
              prompts=[dusk])  # fmt: skip
    make_fill(make_work(stranger, title="Stranger's fill", freeforms=["Angst"]),
              period.challenge, period=period, prompts=[dusk])  # fmt: skip


def feed_titles(client, name, *args) -> list[str]:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return sorted(entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry"))


def test_a_muted_creator_leaves_the_community_page(reader, reader_client, fills, writer):
    CreatorMute.objects.create(user=reader, muted=writer)
    page = main_text(reader_client.get(PAGE))
    assert "Stranger's fill" in page and "Writer's fill" not in page
    assert "Works you muted are left out. Show them on this page" in page
    shown = main_text(reader_client.get(PAGE + "?muted=show"))
    assert "Stranger's fill" in shown and "Writer's fill" in shown


def test_the_prompts_fill_count_leaves_out_muted_works(reader, reader_client, fills):
    assert "Dusk 2 fills" in main_text(reader_client.get(PAGE))
    TagMute.objects.create(user=reader, tag=Tag.objects.get(name="Angst"))
    page = main_text(reader_client.get(PAGE))
    assert "Dusk 1 fill" in page and "Writer's fill" in page and "Stranger's fill" not in page


def test_the_feeds_leave_out_a_logged_in_readers_mutes(
    client, reader, reader_client, fills, community, dusk, writer
):
    CreatorMute.objects.create(user=reader, muted=writer)
    both = ["Stranger's fill", "Writer's fill"]
    feeds = [("feed_community", [community.slug]), ("feed_prompt", [community.slug, dusk.pk])]
    for name, args in feeds:
        assert feed_titles(client, name, *args) == both
        assert feed_titles(reader_client, name, *args) == ["Stranger's fill"]
    response = reader_client.get(reverse("feed_community", args=[community.slug]))
    assert "private" in response["Cache-Control"]
    assert "private" not in client.get(reverse("feed_community", args=[community.slug])).get(
        "Cache-Control", ""
    )


def test_an_anonymous_fill_by_a_muted_creator_stays_until_the_reveal(
    reader, reader_client, fest, period, writer, community
):
    make_fill(make_work(writer, title="Open fill"), period.challenge, period=period)
    gift = make_work(writer, title="Anonymous gift")
    make_fill(gift, fest, period=fest.periods.get(), status=FillStatus.APPROVED)
    make_fill(make_work(make_user("other"), title="Someone else's"), fest,
              period=fest.periods.get())  # fmt: skip
    CreatorMute.objects.create(user=reader, muted=writer)
    surfaces = [
        lambda: main_text(reader_client.get(PAGE)),
        lambda: " ".join(feed_titles(reader_client, "feed_community", community.slug)),
        lambda: main_text(reader_client.get("/")),
    ]
    for surface in surfaces:
        seen = surface()
        # Leaving it out before the reveal would tell who made it.
        assert "Anonymous gift" in seen and "Someone else's" in seen
        assert "Open fill" not in seen
    with time_machine.travel(REVEAL, tick=False):
        for surface in surfaces:
            seen = surface()
            assert "Someone else's" in seen and "Anonymous gift" not in seen


def test_a_moderators_masterlist_and_queue_ignore_their_mutes(mod, period, dusk, writer):
    add_member(period.challenge.community, writer)
    make_fill(make_work(writer, title="Listed fill"), period.challenge, period=period,
              prompts=[dusk])  # fmt: skip
    make_fill(make_work(writer, title="Waiting fill"), period.challenge, period=period,
              status=FillStatus.PENDING)  # fmt: skip
    CreatorMute.objects.create(user=mod, muted=writer)
    moderator = client_for(mod)
    challenge = period.challenge
    args = [challenge.community.slug, challenge.slug, period.slug]
    masterlist = main_text(moderator.get(reverse("masterlist", args=args)))
    assert "Listed fill" in masterlist
    assert "Waiting fill" in main_text(moderator.get("/c/fag-ends/queue/"))
    assert "Listed fill" not in main_text(moderator.get(PAGE))
