"""The public OPDS catalog: valid feeds an e-reader app can walk from the root to each work's
files, with what a logged-out reader may see and nothing more."""

import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ficfest.downloads import opds_views
from ficfest.downloads.formats import CONTENT_TYPES, available_formats
from ficfest.downloads.opds_access import catalog_key_renew, catalog_key_text
from ficfest.tags.models import Tag, TagType
from ficfest.tags.wrangling import tag_merge
from ficfest.works.models import FanmixTrack, Form, Language, Status, WorkImage
from tests.communities.factories import make_challenge, make_fill, make_period
from tests.downloads.opds_xml import (
    ACQUIRE,
    ACQUISITION,
    DC,
    NAVIGATION,
    OPENSEARCH,
    THR,
    get_feed,
    path_of,
)
from tests.factories import make_work


def test_it_opens_on_a_navigation_feed_leading_to_every_catalog(client, settings):
    settings.SITE_URL = "https://fest.example.org"
    root = get_feed(client, "/opds/")
    assert root.content_type == NAVIGATION
    assert root.link("self") == "https://fest.example.org/opds/"
    assert root.link("start") == "https://fest.example.org/opds/"
    assert root.link("search", "application/opensearchdescription+xml").endswith("/opds/search.xml")
    leads = {entry.title: (entry.href, entry.links()[0].get("type")) for entry in root.entries}
    assert leads == {
        "Newest works": ("/opds/new/", ACQUISITION),
        "Fandoms": ("/opds/tags/fandom/", NAVIGATION),
        "Tags": ("/opds/tags/", NAVIGATION),
        "Communities": ("/opds/c/", NAVIGATION),
        "Marked for later": ("/opds/later/", ACQUISITION),
        "Bookmarks": ("/opds/bookmarks/", ACQUISITION),
    }
    assert root.entry("Newest works").links()[0].get("rel") == "http://opds-spec.org/sort/new"


def test_it_lists_each_work_with_what_a_reader_chooses_by_and_its_files(client, author):
    work = make_work(author, title="From the World Below", summary="Spike, after.",
                     relationships=["Buffy/Spike"], language=Language.EN)  # fmt: skip
    newest = get_feed(client, "/opds/new/")
    assert newest.content_type == ACQUISITION
    [entry] = newest.entries
    assert entry.title == "From the World Below"
    assert entry.authors == ["author"]
    assert entry.element.findtext(f"{{{DC}}}language") == "en"
    assert entry.element.findtext("{http://www.w3.org/2005/Atom}summary") == "Spike, after."
    assert {"Buffy the Vampire Slayer", "Buffy/Spike"} <= set(entry.categories)
    files = {link.get("type"): path_of(link.get("href")) for link in entry.links(ACQUIRE)}
    assert len(files) == len(available_formats())
    assert files["application/epub+zip"] == reverse(
        "work_download", kwargs={"pk": work.pk, "fmt": "epub"}
    )
    for fmt in available_formats():
        assert CONTENT_TYPES[fmt].split(";")[0] in files
    [page] = entry.links("alternate")
    assert path_of(page.get("href")) == work.get_absolute_url()


def test_it_keeps_an_entrys_id_whichever_feed_lists_it(
    client, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # indexed for search on commit
        make_work(author, title="Once")
    first = (
        get_feed(client, "/opds/new/")
        .entries[0]
        .element.findtext("{http://www.w3.org/2005/Atom}id")
    )
    again = (
        get_feed(client, "/opds/search/?q=once")
        .entries[0]
        .element.findtext("{http://www.w3.org/2005/Atom}id")
    )
    assert first == again and first.startswith("urn:uuid:")


def test_it_lists_only_what_a_logged_out_reader_may_see(client, author):
    make_work(author, title="Public")
    make_work(author, title="Restricted", restricted=True)
    make_work(author, title="Draft", status=Status.DRAFT)
    assert get_feed(client, "/opds/new/").titles() == ["Public"]


def test_it_pages_the_newest_works_with_first_next_and_previous(client, author, monkeypatch):
    monkeypatch.setattr(opds_views, "FEED_PAGE", 2)
    for n in range(5):
        make_work(author, title=f"Work {n}")
    first = get_feed(client, "/opds/new/")
    assert first.titles() == ["Work 4", "Work 3"]
    assert first.link("previous") is None
    assert path_of(first.link("next")) == "/opds/new/?page=2"
    assert path_of(first.link("first")) == "/opds/new/?page=1"
    assert path_of(first.link("last")) == "/opds/new/?page=3"
    second = get_feed(client, path_of(first.link("next")))
    assert second.titles() == ["Work 2", "Work 1"]
    assert path_of(second.link("previous")) == "/opds/new/?page=1"
    assert get_feed(client, "/opds/new/?page=3").titles() == ["Work 0"]
    assert get_feed(client, "/opds/new/?page=nonsense").titles() == ["Work 4", "Work 3"]


def art(author, title: str = "Moonlit"):
    work = make_work(author, title=title, form=Form.ART)
    picture = BytesIO()
    Image.new("RGB", (8, 6), "red").save(picture, "PNG")
    upload = SimpleUploadedFile("art.png", picture.getvalue(), content_type="image/png")
    WorkImage.objects.create(work=work, image=upload, alt_text="A moon.", position=1)
    return work


def fanmix(author, title: str = "Songs"):
    work = make_work(author, title=title, form=Form.FANMIX)
    FanmixTrack.objects.create(work=work, position=1, artist="Band", title="Song")
    return work


def test_it_shows_an_art_works_image_as_its_cover(client, author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    work = art(author)
    [entry] = get_feed(client, "/opds/new/").entries
    image = work.images.get().image
    for rel in ("http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"):
        [link] = entry.links(rel)
        assert path_of(link.get("href")) == image.url
        assert link.get("type") == "image/png"


def test_it_reads_a_feed_in_a_fixed_number_of_queries(
    client, author, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    key = reverse("opds_newest", kwargs={"key": catalog_key_text(catalog_key_renew(user=author))})
    make_work(author, title="First", relationships=["Buffy/Spike"])
    with django_assert_max_num_queries(6):
        get_feed(client, "/opds/new/")
    with django_assert_max_num_queries(7):  # and the key
        get_feed(client, key)
    for n in range(6):
        make_work(author, title=f"Work {n}", relationships=[f"Pairing {n}"], characters=["Spike"])
        art(author, f"Art {n}")
        fanmix(author, f"Mix {n}")
    with django_assert_max_num_queries(6):
        assert len(get_feed(client, "/opds/new/").entries) == 19
    with django_assert_max_num_queries(7):
        assert len(get_feed(client, key).entries) == 19


def test_it_reads_the_navigation_feeds_in_a_fixed_number_of_queries(
    client, community, challenge, period, member, django_assert_max_num_queries
):
    for n in range(4):
        make_fill(make_work(member, title=f"Fill {n}", fandoms=[f"Fandom {n}"]), challenge,
                  period=make_period(challenge, slug=f"p{n}", title=f"P{n}"))  # fmt: skip
    feeds = [("/opds/tags/fandom/", 1, 4), ("/opds/c/", 2, 1), ("/opds/c/fag-ends/", 3, 6)]
    for url, queries, entries in feeds:
        with django_assert_max_num_queries(queries):
            assert len(get_feed(client, url).entries) == entries, url


def test_it_leads_from_fandoms_with_their_counts_to_their_works(
    client, author, django_capture_on_commit_callbacks
):
    canonical = Tag.objects.create(type=TagType.FANDOM, name="Angel: the Series", canonical=True)
    make_work(author, title="In LA", fandoms=["Angel: the Series"])
    make_work(author, title="Nickname", fandoms=["AtS"])
    make_work(author, title="Sunnydale")
    make_work(author, title="Hidden", fandoms=["Angel: the Series"], restricted=True)
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="AtS"), into=canonical)
    fandoms = get_feed(client, "/opds/tags/fandom/")
    assert fandoms.titles() == ["Angel: the Series", "Buffy the Vampire Slayer"]
    link = fandoms.entry("Angel: the Series").links()[0]
    assert link.get(f"{{{THR}}}count") == "2"
    assert link.get("type") == ACQUISITION
    works = get_feed(client, path_of(link.get("href")))
    assert works.title == "Angel: the Series"
    assert sorted(works.titles()) == ["In LA", "Nickname"]


def test_it_lists_canonical_tags_by_type(client, author):
    Tag.objects.create(type=TagType.RELATIONSHIP, name="Buffy Summers/Spike", canonical=True)
    make_work(author, title="Canon", relationships=["Buffy Summers/Spike", "Unwrangled/Pair"])
    types = get_feed(client, "/opds/tags/")
    assert types.titles() == [
        "Archive Warnings", "Categories", "Fandoms", "Relationships", "Characters",
        "Additional Tags",
    ]  # fmt: skip
    relationships = get_feed(client, types.entry("Relationships").href)
    assert relationships.titles() == ["Buffy Summers/Spike"]
    assert client.get("/opds/tags/nonsense/").status_code == 404


def test_it_hides_a_tag_only_hidden_works_carry(client, author):
    make_work(author, title="Draft", freeforms=["Secret Santa"], status=Status.DRAFT)
    tag = Tag.objects.get(name="Secret Santa")
    assert client.get(f"/opds/tag/{tag.pk}/").status_code == 404
    assert client.get("/opds/tag/999999/").status_code == 404


def test_it_leads_from_communities_through_their_periods_to_their_fills(
    client, community, challenge, period, member
):
    earlier = make_period(challenge, slug="last-month", title="Last month",
                          opens_at=period.opens_at - period_length(period))  # fmt: skip
    make_fill(make_work(member, title="This month's fill"), challenge, period=period)
    make_fill(make_work(member, title="Last month's fill"), make_challenge(community, slug="b"),
              period=earlier)  # fmt: skip
    communities = get_feed(client, "/opds/c/")
    [entry] = communities.entries
    assert entry.title == "Fag Ends"
    assert entry.links()[0].get(f"{{{THR}}}count") == "2"
    periods = get_feed(client, entry.href)
    assert periods.titles() == [
        "All of Fag Ends",
        "Monthly prompts: This month",
        "Monthly prompts: Last month",
    ]
    this_month = get_feed(client, periods.entry("Monthly prompts: This month").href)
    assert this_month.titles() == ["This month's fill"]
    everything = get_feed(client, periods.entry("All of Fag Ends").href)
    assert sorted(everything.titles()) == ["Last month's fill", "This month's fill"]
    assert client.get("/opds/c/nowhere/").status_code == 404
    assert client.get("/opds/c/fag-ends/monthly/nowhen/").status_code == 404


def period_length(period):
    return period.closes_at - period.opens_at


def test_it_describes_its_search_and_finds_works_by_title_and_summary(
    client, author, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://fest.example.org"
    with django_capture_on_commit_callbacks(execute=True):  # the index is written on commit
        make_work(author, title="Fag Ends", summary="Smoke on the stairs.")
        make_work(author, title="Stairs", summary="Up and down.")
        make_work(author, title="Elsewhere", summary="Nothing alike.")
        make_work(author, title="Cemetery", text="They walk to the cemetery at dusk.")
    response = client.get("/opds/search.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    description = ET.fromstring(response.content)
    assert description.tag == f"{{{OPENSEARCH}}}OpenSearchDescription"
    url = description.find(f"{{{OPENSEARCH}}}Url")
    assert url.get("type") == ACQUISITION
    assert url.get("template") == "https://fest.example.org/opds/search/?q={searchTerms}"
    assert sorted(get_feed(client, "/opds/search/?q=stairs").titles()) == ["Fag Ends", "Stairs"]
    assert get_feed(client, "/opds/search/?q=smoke+STAIRS").titles() == ["Fag Ends"]
    # The archive's search: chapter text, phrases and exclusions too.
    assert get_feed(client, '/opds/search/?q="at+dusk"').titles() == ["Cemetery"]
    assert get_feed(client, "/opds/search/?q=stairs+-smoke").titles() == ["Stairs"]
    assert get_feed(client, "/opds/search/?q=").titles() == []
    assert get_feed(client, "/opds/search/?q=" + "x" * 5000).titles() == []


def test_it_links_the_catalog_from_every_pages_footer(client, db):
    response = client.get("/")
    assert reverse("opds_setup").encode() in response.content
    setup = client.get(reverse("opds_setup"))
    assert setup.status_code == 200
    assert b"/opds/" in setup.content


@pytest.mark.parametrize("url", ["/opds/later/", "/opds/bookmarks/"])
def test_it_asks_for_a_password_before_a_readers_own_lists(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")


def test_an_app_walks_from_the_root_to_a_works_epub(client, author):
    make_work(author, title="From the World Below", text="“Fag end…” he said.")
    root = get_feed(client, "/opds/")
    newest = get_feed(client, root.entry("Newest works").href)
    [epub] = [
        link
        for link in newest.entry("From the World Below").links(ACQUIRE)
        if link.get("type") == "application/epub+zip"
    ]
    response = client.get(path_of(epub.get("href")))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/epub+zip"
    assert b"".join(response).startswith(b"PK")


def test_it_leaves_out_what_xml_cannot_carry(client, author):
    make_work(author, title="Old\x0cFile", summary="Form\x1bfeed\x08.")
    [entry] = get_feed(client, "/opds/new/").entries
    assert entry.title == "OldFile"
    assert entry.element.findtext("{http://www.w3.org/2005/Atom}summary") == "Formfeed."


def test_it_offers_the_listings_sorts_as_facets_but_by_creator(client, author):
    make_work(author, title="Alpha", text="One.")
    make_work(author, title="Gamma", text="One two three four.")
    make_work(author, title="Beta", text="One two.")
    newest = get_feed(client, "/opds/new/")
    facets = {
        link.get("title"): link
        for link in newest.root.findall("{http://www.w3.org/2005/Atom}link")
        if link.get("rel") == "http://opds-spec.org/facet"
    }
    assert "Creator" not in facets
    assert {"Date updated", "Title", "Word count"} <= set(facets)
    group = "{http://opds-spec.org/2010/catalog}facetGroup"
    active = "{http://opds-spec.org/2010/catalog}activeFacet"
    assert {link.get(group) for link in facets.values()} == {"Sort by"}
    assert facets["Date updated"].get(active) == "true"
    assert facets["Title"].get(active) == "false"
    assert newest.titles() == ["Beta", "Gamma", "Alpha"]
    by_title = get_feed(client, path_of(facets["Title"].get("href")))
    assert by_title.titles() == ["Alpha", "Beta", "Gamma"]
    by_words = get_feed(client, path_of(facets["Word count"].get("href")))
    assert by_words.titles() == ["Gamma", "Beta", "Alpha"]
    assert "sort=words" in by_words.link("first")  # paging keeps the order
    assert get_feed(client, "/opds/new/?sort=creator").titles() == ["Beta", "Gamma", "Alpha"]
