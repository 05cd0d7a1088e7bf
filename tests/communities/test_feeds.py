"""Atom feeds of a community's fills and of a prompt's fills: valid Atom, public, and silent
about hidden creators."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ficfest.communities.models import Anonymity, FillStatus
from ficfest.works.models import Status
from tests.communities.factories import (
    make_challenge,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import make_work

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            "xml": ET.tostring(entry, encoding="unicode"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_it_feeds_a_communitys_newest_fills(client, community, period, writer, settings):
    settings.SITE_URL = "https://fest.example.org"
    older = make_work(writer, title="Older", summary="A <i>short</i> one.",
                      relationships=["Buffy/Spike"])  # fmt: skip
    newer = make_work(writer, title="Newer & better")
    make_fill(older, period.challenge, period=period)
    make_fill(newer, period.challenge, period=period, for_theme=True)
    make_fill(make_work(writer, title="Pending"), make_challenge(community, slug="other"),
              status=FillStatus.PENDING)  # fmt: skip
    make_fill(make_work(writer, title="Draft", status=Status.DRAFT), period.challenge,
              period=period)  # fmt: skip
    make_fill(make_work(writer, title="Restricted", restricted=True), period.challenge,
              period=period)  # fmt: skip

    root = feed(client, "feed_community", community.slug)

    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Fag Ends: new fills"
    items = entries(root)
    assert [e["title"] for e in items] == ["Newer & better", "Older"]
    assert items[1]["link"] == f"https://fest.example.org{older.get_absolute_url()}"
    assert items[1]["author"] == "zeldaquill"
    assert items[1]["updated"].startswith(older.revised_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert "A &lt;i&gt;short&lt;/i&gt; one." in items[1]["summary"]
    assert "Buffy/Spike" in items[1]["categories"]


def test_it_keeps_feeds_to_fifty_entries(client, community, period, writer):
    for n in range(52):
        make_fill(make_work(writer, title=f"Work {n}"), make_challenge(community, slug=f"c{n}"))
    assert len(entries(feed(client, "feed_community", community.slug))) == 50


def test_it_feeds_a_released_prompts_fills_and_404s_for_an_unreleased_one(
    client, community, period, writer, mod
):
    prompt = make_prompt(period, "Dusk")
    other = make_prompt(period, "Dawn")
    make_fill(make_work(writer, title="At dusk"), period.challenge, period=period,
              prompts=[prompt])  # fmt: skip
    make_fill(make_work(writer, title="At dawn"), make_challenge(community, slug="b"),
              prompts=[other])  # fmt: skip
    root = feed(client, "feed_prompt", community.slug, prompt.pk)
    assert [e["title"] for e in entries(root)] == ["At dusk"]

    later = make_prompt(period, "Not yet", release_at=timezone.now() + timedelta(days=1))
    assert client.get(reverse("feed_prompt", args=[community.slug, later.pk])).status_code == 404
    client.force_login(mod)  # feeds are public: not even for moderators
    assert client.get(reverse("feed_prompt", args=[community.slug, later.pk])).status_code == 404
    assert client.get(reverse("feed_prompt", args=["elsewhere", prompt.pk])).status_code == 404


@pytest.fixture
def anonymous_prompt(community, writer):
    challenge = make_challenge(community, slug="anon", anonymity=Anonymity.ANONYMOUS,
                               reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    prompt = make_prompt(make_period(challenge, slug="round"))
    make_fill(make_work(writer, title="Masked", summary="Who wrote this?",
                        relationships=["Buffy/Spike"]),
              challenge, period=prompt.period, prompts=[prompt])  # fmt: skip
    return prompt


def both_feeds(client, prompt):
    community = prompt.community
    return entries(feed(client, "feed_community", community.slug)) + entries(
        feed(client, "feed_prompt", community.slug, prompt.pk)
    )


def test_it_says_anonymous_and_nothing_more_before_the_reveal(client, anonymous_prompt, mod):
    client.force_login(mod)  # even a moderator's feed reader gets the public feed
    for entry in both_feeds(client, anonymous_prompt):
        assert entry["title"] == "Masked"
        assert entry["author"] == "Anonymous"
        assert "zeldaquill" not in entry["xml"].lower()


def test_it_names_the_creator_after_the_reveal(client, anonymous_prompt):
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        for entry in both_feeds(client, anonymous_prompt):
            assert entry["author"] == "zeldaquill"


def test_it_leaves_unrevealed_works_out_until_the_reveal(client, community, writer):
    challenge = make_challenge(community, slug="secret", anonymity=Anonymity.UNREVEALED,
                               reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    prompt = make_prompt(make_period(challenge, slug="round"))
    make_fill(make_work(writer, title="Under wraps"), challenge, period=prompt.period,
              prompts=[prompt])  # fmt: skip
    assert both_feeds(client, prompt) == []
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        assert [e["title"] for e in both_feeds(client, prompt)] == ["Under wraps"] * 2


def test_it_answers_404_for_an_unknown_community(client, db):
    assert client.get(reverse("feed_community", args=["nowhere"])).status_code == 404
