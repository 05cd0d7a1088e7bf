"""Every listing shares the filters: a tag's, a community's, a period's, a prompt's, a user's and
a pseud's works; feeds of any listing are public, anonymous where the page is, and follow the
reader's mutes. Creator sorts and counts never betray a hidden creator."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from ficfest.accounts.models import CreatorMute, Pseud
from ficfest.communities.models import Anonymity
from ficfest.tags.models import Tag, TagType
from ficfest.tags.wrangling import tag_merge
from ficfest.works.models import Status
from tests.communities.factories import make_challenge, make_fill, make_period, make_prompt
from tests.factories import client_for, make_user, make_work
from tests.html import main_text

ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [w.title for w in response.context["works"]]


def feed_entries(response) -> list[dict[str, str | None]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": e.findtext(f"{ATOM}title"),
            "author": e.findtext(f"{ATOM}author/{ATOM}name"),
            "author_link": e.findtext(f"{ATOM}author/{ATOM}uri"),
            "xml": ET.tostring(e, encoding="unicode"),
        }
        for e in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def masked(community, writer):
    """A fill in an anonymous challenge, its creator hidden for a week."""
    challenge = make_challenge(community, slug="anon", anonymity=Anonymity.ANONYMOUS,
                               reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    prompt = make_prompt(make_period(challenge, slug="round"))
    work = make_work(writer, title="Masked", freeforms=["Rain"])
    make_fill(work, challenge, period=prompt.period, prompts=[prompt])
    return prompt


def test_an_anonymous_work_sorts_by_creator_as_if_named_anonymous(client, masked, author):
    for name in ["aardvark", "Anonymous", "zzz"]:
        make_work(make_user(name.lower()), title=f"By {name}")
    order = titles(client.get("/works/", {"sort": "creator"}))
    # "Masked" ties with the work of a creator really called Anonymous (the newer one first on
    # a tie), not where its creator's name ("zeldaquill") would put it: last.
    assert order == ["By aardvark", "By Anonymous", "Masked", "By zzz"]


def test_listings_by_creator_never_show_an_anonymous_work(client, masked, writer):
    make_work(writer, title="Signed", freeforms=["Rain"])
    user_page = client.get(f"/users/{writer.username}/works/")
    assert titles(user_page) == ["Signed"]
    assert "Rain (1)" in main_text(user_page)
    pseud = Pseud.objects.get(user=writer, is_default=True)
    assert titles(client.get(pseud.get_absolute_url())) == ["Signed"]
    feed = feed_entries(client.get(f"/users/{writer.username}/works/feed/"))
    assert [e["title"] for e in feed] == ["Signed"]


def test_community_period_and_prompt_listings_filter_their_own_works(
    client, community, masked, author
):
    period = masked.period
    make_work(author, title="Elsewhere", freeforms=["Rain"])
    slug, challenge = community.slug, period.challenge.slug
    pages = [
        f"/c/{slug}/works/",
        f"/c/{slug}/challenges/{challenge}/{period.slug}/works/",
        f"/c/{slug}/prompts/{masked.pk}/fills/",
    ]
    for path in pages:
        response = client.get(path, {"tag": "Rain"})
        assert titles(response) == ["Masked"], path
        assert "Rain (1)" in main_text(response)
        assert titles(client.get(path, {"exclude": "Rain"})) == [], path
        entries = feed_entries(client.get(path + "feed/", {"tag": "Rain"}))
        assert [(e["title"], e["author"]) for e in entries] == [("Masked", "Anonymous")]
        assert "zeldaquill" not in entries[0]["xml"].lower()
    assert f"/c/{slug}/works/" in client.get(f"/c/{slug}/").content.decode()


def test_a_tag_page_lists_its_synonyms_works_and_a_synonym_page_redirects(
    client, author, django_capture_on_commit_callbacks
):
    canonical = Tag.objects.create(type=TagType.RELATIONSHIP, name="Buffy Summers/Spike",
                                   canonical=True)  # fmt: skip
    make_work(author, title="Long", relationships=["Buffy Summers/Spike"])
    make_work(author, title="Short", relationships=["Spuffy"], rating="explicit")
    spuffy = Tag.objects.get(name="Spuffy")
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=spuffy, into=canonical)
    assert titles(client.get(f"/tags/{canonical.pk}/")) == ["Short", "Long"]
    assert titles(client.get(f"/tags/{canonical.pk}/", {"rating": "explicit"})) == ["Short"]
    response = client.get(f"/tags/{spuffy.pk}/?rating=explicit")
    assert response.status_code in (301, 302)
    assert response["Location"] == f"/tags/{canonical.pk}/?rating=explicit"
    feed = client.get(f"/tags/{spuffy.pk}/feed/")
    assert feed.status_code in (301, 302) and feed["Location"] == f"/tags/{canonical.pk}/feed/"
    entries = feed_entries(client.get(f"/tags/{canonical.pk}/feed/"))
    assert [e["title"] for e in entries] == ["Short", "Long"]


def test_feeds_are_public_whoever_asks(client, author, stranger):
    make_work(author, title="Open", freeforms=["Rain"])
    make_work(author, title="Members only", freeforms=["Rain"], restricted=True)
    make_work(author, title="Draft", freeforms=["Rain"], status=Status.DRAFT)
    rain = Tag.objects.get(name="Rain")
    for reader in [client, client_for(stranger), client_for(author)]:
        for path in ["/works/feed/", f"/tags/{rain.pk}/feed/"]:
            assert [e["title"] for e in feed_entries(reader.get(path))] == ["Open"]


def test_a_muted_creator_leaves_the_readers_listings_feeds_and_counts(author, stranger, client):
    make_work(author, title="Muted one", freeforms=["Rain"])
    make_work(stranger, title="Kept", freeforms=["Sun"])
    reader_user = make_user("reader")
    CreatorMute.objects.create(user=reader_user, muted=author)
    reader = client_for(reader_user)
    response = reader.get("/works/")
    assert titles(response) == ["Kept"]
    assert "Rain (" not in main_text(response) and "Sun (1)" in main_text(response)
    assert [e["title"] for e in feed_entries(reader.get("/works/feed/"))] == ["Kept"]
    shown = reader.get("/works/feed/", {"muted": "show"})
    assert [e["title"] for e in feed_entries(shown)] == ["Kept", "Muted one"]
    # Another reader's feed is untouched.
    assert [e["title"] for e in feed_entries(client.get("/works/feed/"))] == ["Kept", "Muted one"]


def test_a_muted_creator_of_an_anonymous_work_is_not_muted_out(masked, writer, stranger):
    CreatorMute.objects.create(user=stranger, muted=writer)
    reader = client_for(stranger)
    assert titles(reader.get("/works/")) == ["Masked"]  # leaving it out would say who made it
    assert [e["author"] for e in feed_entries(reader.get("/works/feed/"))] == ["Anonymous"]


def test_each_listing_links_its_feed_for_the_current_filter(client, author):
    make_work(author, title="Open", freeforms=["Rain"])
    html = client.get("/works/", {"tag": "Rain", "sort": "title"}).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="ficfest: works" '
        'href="/works/feed/?tag=Rain&amp;sort=title">'
    ) in html
    assert 'class="feed-link" href="/works/feed/?tag=Rain&amp;sort=title"' in html
    feed = feed_entries(client.get("/works/feed/", {"tag": "Rain", "sort": "title"}))
    assert [e["title"] for e in feed] == ["Open"]
