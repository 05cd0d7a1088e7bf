"""Masterlists: grouping and order, the per-creator masterlist, and that a hidden creator's name
never reaches a reader through them."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from ficfest.communities.masterlists import build_masterlist
from ficfest.communities.models import Anonymity, FillStatus
from ficfest.works.models import Status
from ficfest.works.services import Track
from tests.communities.factories import (
    make_challenge,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import default_pseud, make_user, make_work
from tests.html import text


@pytest.fixture
def period_fields():
    return {"theme": "Graveyards"}


def masterlist_url(period, name="masterlist", *extra):
    challenge = period.challenge
    return reverse(name, args=[challenge.community.slug, challenge.slug, period.slug, *extra])


def headings(masterlist):
    return [section.heading for section in masterlist.sections]


def titles(section):
    return [entry.work.title for entry in section.entries]


def test_it_groups_fills_by_prompt_in_release_order_then_theme_then_the_rest(period, writer):
    now = timezone.now()
    late = make_prompt(period, "Late prompt", release_at=now - timedelta(hours=1))
    early = make_prompt(period, "Early prompt", release_at=now - timedelta(hours=5))
    twin = make_prompt(period, "Twin of the early prompt", release_at=early.release_at)
    challenge = period.challenge
    make_fill(make_work(writer, title="For late"), challenge, period=period, prompts=[late])
    make_fill(make_work(writer, title="For both"), challenge, period=period, prompts=[early, late])
    make_fill(make_work(writer, title="For twin"), challenge, period=period, prompts=[twin])
    make_fill(make_work(writer, title="Themed"), challenge, period=period, for_theme=True)
    make_fill(make_work(writer, title="Loose"), challenge, period=period)

    masterlist = build_masterlist(period, AnonymousUser())

    assert headings(masterlist) == [
        "Prompt: “Early prompt”",
        "Prompt: “Twin of the early prompt”",
        "Prompt: “Late prompt”",
        "Theme: Graveyards",
        "Other fills",
    ]
    assert [titles(s) for s in masterlist.sections] == [
        ["For both"], ["For twin"], ["For late", "For both"], ["Themed"], ["Loose"],
    ]  # fmt: skip
    assert masterlist.fills == 5


def test_it_lists_only_approved_posted_fills_of_the_period(period, writer):
    challenge = period.challenge
    other = make_period(challenge, slug="next-month", opens_at=period.closes_at)
    prompt = make_prompt(period)
    make_fill(make_work(writer, title="Listed"), challenge, period=period, prompts=[prompt])
    make_fill(make_work(writer, title="Pending"), challenge, period=period, prompts=[prompt],
              status=FillStatus.PENDING)  # fmt: skip
    make_fill(make_work(writer, title="Removed"), challenge, period=period, prompts=[prompt],
              status=FillStatus.REMOVED)  # fmt: skip
    make_fill(make_work(writer, title="Draft", status=Status.DRAFT), challenge, period=period,
              prompts=[prompt])  # fmt: skip
    make_fill(make_work(writer, title="Next month"), challenge, period=other)

    page = text(make_client_get(masterlist_url(period)))

    assert "Listed" in page
    for absent in ["Pending", "Removed", "Draft", "Next month"]:
        assert absent not in page


def make_client_get(url, user=None):
    from django.test import Client

    client = Client()
    if user:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_title_link_creators_form_rating_size_and_relationships(period, writer):
    work = make_work(writer, title="Fag End", text="one two three",
                     relationships=["Buffy Summers/Spike"])  # fmt: skip
    make_fill(work, period.challenge, period=period, prompts=[make_prompt(period)])
    tracks = [Track(artist="A", title="One"), Track(artist="B", title="Two")]
    mix = make_work(writer, title="Mixtape", form="fanmix", tracks=tracks)
    make_fill(mix, period.challenge, period=period, for_theme=True)

    page = make_client_get(masterlist_url(period))

    assert f'href="{work.get_absolute_url()}"' in page
    assert f'href="{default_pseud(writer).get_absolute_url()}"' in page
    assert "Fic · General Audiences · 3 words · Buffy Summers/Spike" in text(page)
    assert "Fanmix · General Audiences · 2 tracks" in text(page)


def test_it_offers_the_community_feed_in_the_page_head(period):
    page = make_client_get(masterlist_url(period))
    head = page.split("</head>")[0]
    feed = reverse("feed_community", args=[period.challenge.community.slug])
    assert 'type="application/atom+xml"' in head and f'href="{feed}"' in head


def test_it_answers_404_for_an_unknown_period(period, client):
    url = masterlist_url(period).replace(period.slug, "no-such-period")
    assert client.get(url).status_code == 404


# Anonymity


@pytest.fixture
def anonymous_round(community, writer):
    challenge = make_challenge(community, slug="anon", title="Anon fest",
                               anonymity=Anonymity.ANONYMOUS,
                               reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    period = make_period(challenge, slug="round-one", title="Round one")
    make_fill(make_work(writer, title="Masked fic"), challenge, period=period,
              prompts=[make_prompt(period)])  # fmt: skip
    return period


def every_masterlist_surface(period, user=None):
    """The page and its three exports, as one text."""
    pages = [make_client_get(masterlist_url(period), user)]
    pages += [make_client_get(masterlist_url(period, "masterlist_export", fmt), user)
              for fmt in ["html", "md", "dw"]]  # fmt: skip
    return "\n".join(pages)


def test_it_shows_anonymous_instead_of_the_creator_before_the_reveal(anonymous_round, stranger):
    for user in [None, stranger]:
        surfaces = every_masterlist_surface(anonymous_round, user)
        assert "Masked fic" in surfaces
        assert "Anonymous" in surfaces
        assert "zeldaquill" not in surfaces.lower()


def test_it_names_the_creator_once_the_reveal_time_passes(anonymous_round):
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        surfaces = every_masterlist_surface(anonymous_round)
    assert "zeldaquill" in surfaces
    assert "Anonymous" not in surfaces


def test_it_shows_moderators_the_truth_but_exports_stay_anonymous(anonymous_round, mod):
    page = make_client_get(masterlist_url(anonymous_round), mod)
    assert "zeldaquill" in page.split('id="exports-heading"')[0]
    assert "Hidden from readers" in page
    for fmt in ["html", "md", "dw"]:
        export = make_client_get(masterlist_url(anonymous_round, "masterlist_export", fmt), mod)
        assert "Anonymous" in export and "zeldaquill" not in export
    exports_on_page = page.split('id="exports-heading"')[1]
    assert "zeldaquill" not in exports_on_page


def test_it_keeps_unrevealed_works_off_masterlists_until_the_reveal(community, writer, mod):
    challenge = make_challenge(community, slug="secret", anonymity=Anonymity.UNREVEALED,
                               reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    period = make_period(challenge, slug="secret-round")
    make_fill(make_work(writer, title="Under wraps"), challenge, period=period, for_theme=True)

    assert "Under wraps" not in every_masterlist_surface(period)
    moderator_page = make_client_get(masterlist_url(period), mod)
    assert "Under wraps" in moderator_page.split('id="exports-heading"')[0]
    assert "Under wraps" not in moderator_page.split('id="exports-heading"')[1]
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        revealed = every_masterlist_surface(period)
    assert "Under wraps" in revealed and "zeldaquill" in revealed


def test_it_keeps_restricted_works_out_of_exports_even_for_members(period, writer, stranger):
    make_fill(make_work(writer, title="Members only", restricted=True), period.challenge,
              period=period, for_theme=True)  # fmt: skip
    page = make_client_get(masterlist_url(period), stranger)
    assert "Members only" in page.split('id="exports-heading"')[0]
    assert "Members only" not in page.split('id="exports-heading"')[1]


# The creators' masterlist


def test_it_lists_each_creator_with_their_fills_by_pseud(community, period, writer, coauthor):
    from ficfest.accounts.services import pseud_create

    alias = pseud_create(user=writer, name="Nightowl")
    make_fill(make_work(writer, title="Owl story", pseud=alias), period.challenge,
              period=period, for_theme=True)  # fmt: skip
    make_fill(make_work(writer, title="Zelda story"), period.challenge, period=period)
    make_fill(make_work(coauthor, title="Co story"), period.challenge, period=period)

    page = make_client_get(reverse("community_creators", args=[community.slug]))

    sections = [text("<section" + s) for s in page.split("<section")[1:]]
    assert [s.split(" (")[0] for s in sections] == ["coauthor", "Nightowl", "zeldaquill"]
    assert ["Co story" in s for s in sections] == [True, False, False]
    assert ["Owl story" in s for s in sections] == [False, True, False]
    assert ["Zelda story" in s for s in sections] == [False, False, True]
    assert "3 creators" in text(page)


def test_it_never_lists_an_anonymous_work_under_a_name(community, anonymous_round, writer, mod):
    url = reverse("community_creators", args=[community.slug])
    page = text(make_client_get(url))
    assert "zeldaquill" not in page.lower() and "Masked fic" not in page
    assert "1 anonymous work" in page
    assert "Masked fic" in text(make_client_get(url, mod))
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        revealed = text(make_client_get(url))
    assert "zeldaquill" in revealed and "Masked fic" in revealed
    assert "anonymous work" not in revealed


def test_it_builds_pages_in_a_number_of_queries_that_does_not_grow_with_fills(period, mod):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    challenge = period.challenge
    slugs = [challenge.community.slug, challenge.slug, period.slug]
    urls = [reverse(name, args=slugs) for name in ["masterlist", "stats"]]
    urls += [reverse("community_creators", args=slugs[:1])]
    urls += [reverse("feed_community", args=slugs[:1])]
    client = Client()
    client.force_login(mod)

    def counts():
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                client.get(url)
        return len(queries)

    def add_fills(n):
        for i in range(n):
            writer = make_user(f"writer{period.fills.count()}")
            tracks = [Track(artist="a", title="b")]
            make_fill(make_work(writer, relationships=["A/B"]), challenge, period=period,
                      prompts=[make_prompt(period, f"Prompt {i}")])  # fmt: skip
            make_fill(make_work(writer, form="fanmix", tracks=tracks), challenge, period=period,
                      for_theme=True)  # fmt: skip

    add_fills(1)
    few = counts()
    add_fills(4)
    assert counts() == few
