"""The works listing's filters, sorts, facet counts and pages, through /works/ as a reader
uses it: every GET parameter, counts that agree with what is listed, and constant queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from ficfest.tags.models import Tag, TagMute, TagType
from ficfest.tags.wrangling import tag_canonical_set, tag_merge, tag_parent_add
from ficfest.works.models import ArchiveWarning, Category, Rating, Status, Work
from tests.factories import client_for, make_user, make_work
from tests.html import main_text

BTVS = "Buffy the Vampire Slayer"
ANGEL = "Angel: the Series"


def titles(response) -> list[str]:
    """The titles listed, in order (the blurbs' headings)."""
    assert response.status_code == 200
    return [w.title for w in response.context["works"]]


def listed(client, **params) -> list[str]:
    return titles(client.get("/works/", params))


@pytest.fixture
def shelf(author):
    """A small archive: two fandoms, a pairing, warnings, ratings, sizes, dates."""
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    works = {}
    specs = [
        ("Alpha", dict(fandoms=[BTVS], relationships=["Buffy Summers/Spike"],
                       rating=Rating.EXPLICIT, categories=[Category.FM], language="en")),
        ("bravo", dict(fandoms=[BTVS], relationships=["Willow Rosenberg/Tara Maclay"],
                       rating=Rating.GENERAL, categories=[Category.FF], complete=False,
                       warnings=[ArchiveWarning.MAJOR_CHARACTER_DEATH])),
        ("Charlie", dict(fandoms=[BTVS, ANGEL], relationships=["Buffy Summers/Spike"],
                         rating=Rating.TEEN, freeforms=["Fluff"], language="de")),
        ("Delta", dict(fandoms=[ANGEL], characters=["Spike"], rating=Rating.MATURE,
                       form="art", text="")),
    ]  # fmt: skip
    for day, (title, fields) in enumerate(specs):
        with time_machine.travel(start + timedelta(days=day * 10), tick=False):
            works[title] = make_work(author, title=title, **fields)
    sizes = {"Alpha": 500, "bravo": 3000, "Charlie": 12000, "Delta": 0}
    for title, words in sizes.items():
        Work.objects.filter(pk=works[title].pk).update(word_count=words)
    return works


def test_it_lists_every_visible_work_newest_first_by_default(client, shelf):
    assert listed(client) == ["Delta", "Charlie", "bravo", "Alpha"]


def test_it_includes_tags_by_name_case_insensitively_each_one_required(client, shelf):
    assert listed(client, tag="buffy summers/spike") == ["Charlie", "Alpha"]
    assert listed(client, tag=["Buffy Summers/Spike", "Fluff"]) == ["Charlie"]
    assert listed(client, tag="Buffy Summers/Spike, Fluff") == ["Charlie"]


def test_it_includes_and_excludes_tags_by_id(client, shelf):
    spuffy = Tag.objects.get(name="Buffy Summers/Spike")
    assert listed(client, tag_id=spuffy.pk) == ["Charlie", "Alpha"]
    assert listed(client, exclude_id=spuffy.pk) == ["Delta", "bravo"]


def test_it_excludes_tags_by_name(client, shelf):
    assert listed(client, exclude=["Fluff", ANGEL]) == ["bravo", "Alpha"]


def test_it_filters_by_rating_warning_category_language_form_and_completion(client, shelf):
    assert listed(client, rating=[Rating.GENERAL, Rating.TEEN]) == ["Charlie", "bravo"]
    assert listed(client, warning=ArchiveWarning.MAJOR_CHARACTER_DEATH) == ["bravo"]
    assert listed(client, category=[Category.FF, Category.FM]) == ["bravo", "Alpha"]
    assert listed(client, language="de") == ["Charlie"]
    assert listed(client, form="art") == ["Delta"]
    assert listed(client, complete="no") == ["bravo"]
    assert listed(client, complete="yes") == ["Delta", "Charlie", "Alpha"]


def test_it_filters_by_words_and_by_date_updated(client, shelf):
    assert listed(client, words_from=1000) == ["Charlie", "bravo"]
    assert listed(client, words_from=100, words_to=5000) == ["bravo", "Alpha"]
    assert listed(client, updated_from="2026-03-11", updated_to="2026-03-21") == [
        "Charlie",
        "bravo",
    ]
    assert listed(client, updated_to="2026-03-01") == ["Alpha"]


def test_it_filters_crossovers(client, shelf):
    assert listed(client, crossover="only") == ["Charlie"]
    assert listed(client, crossover="exclude") == ["Delta", "bravo", "Alpha"]
    assert listed(client, crossover="include") == ["Delta", "Charlie", "bravo", "Alpha"]


def test_a_crossover_is_two_different_fandoms_not_a_fandom_and_its_synonym(
    client, author, django_capture_on_commit_callbacks
):
    make_work(author, title="Same show", fandoms=[BTVS, "BtVS"])
    with django_capture_on_commit_callbacks(execute=True):
        tag_canonical_set(tag=Tag.objects.get(name=BTVS), canonical=True)
        tag_merge(tag=Tag.objects.get(name="BtVS"), into=Tag.objects.get(name=BTVS))
    assert listed(client, crossover="only") == []
    assert listed(client, crossover="exclude") == ["Same show"]


def test_it_sorts_by_each_order_with_a_stable_tiebreak(client, shelf, author):
    assert listed(client, sort="posted") == ["Delta", "Charlie", "bravo", "Alpha"]
    assert listed(client, sort="title") == ["Alpha", "bravo", "Charlie", "Delta"]
    assert listed(client, sort="words") == ["Charlie", "bravo", "Alpha", "Delta"]
    twin = make_work(author, title="alpha")  # the same title: the newer one first
    assert listed(client, sort="title")[:2] == ["alpha", "Alpha"]
    assert twin.pk > shelf["Alpha"].pk


def test_it_sorts_by_creator_name(client, author, stranger):
    zed = make_user("zed")
    make_work(zed, title="By zed")
    make_work(author, title="By author")
    make_work(stranger, title="By stranger")
    assert listed(client, sort="creator") == ["By author", "By stranger", "By zed"]


def test_a_synonym_filters_as_its_canonical_and_either_name_finds_both(
    client, author, django_capture_on_commit_callbacks
):
    canonical = Tag.objects.create(type=TagType.RELATIONSHIP, name="Buffy Summers/Spike",
                                   canonical=True)  # fmt: skip
    make_work(author, title="Long name", relationships=["Buffy Summers/Spike"])
    make_work(author, title="Short name", relationships=["Spuffy"])
    make_work(author, title="Other", relationships=["Willow/Tara"])
    assert listed(client, tag="Spuffy") == ["Short name"]
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="Spuffy"), into=canonical)
    assert listed(client, tag="Spuffy") == ["Short name", "Long name"]
    assert listed(client, tag="Buffy Summers/Spike") == ["Short name", "Long name"]
    assert listed(client, exclude="spuffy") == ["Other"]
    # The sidebar counts the canonical, never the synonym.
    text = main_text(client.get("/works/"))
    assert "Buffy Summers/Spike (2)" in text and "Spuffy (" not in text


def test_a_meta_tag_finds_its_sub_tags_works(client, author, django_capture_on_commit_callbacks):
    au = Tag.objects.create(type=TagType.FREEFORM, name="Alternate Universe", canonical=True)
    human = Tag.objects.create(type=TagType.FREEFORM, name="AU - Human", canonical=True)
    make_work(author, title="Human", freeforms=["AU - Human"])
    make_work(author, title="Canon")
    with django_capture_on_commit_callbacks(execute=True):
        tag_parent_add(child=human, parent=au)
    assert listed(client, tag="Alternate Universe") == ["Human"]
    assert listed(client, exclude="Alternate Universe") == ["Canon"]


def facet_counts(response) -> dict[str, int]:
    """Every "Name (n)" label of the sidebar."""
    labels = re.findall(r"<label for=\"f-[^\"]+\">([^<]+?) <span class=\"facet-count\">\((\d+)\)",
                        response.content.decode())  # fmt: skip
    return {name: int(n) for name, n in labels}


def test_facet_counts_agree_with_what_is_listed(client, shelf):
    response = client.get("/works/")
    facets = response.context["listing"].facets
    works = list(response.context["works"])
    assert facets.total == len(works) == 4
    for tags in facets.tags.values():
        for tag in tags:
            carrying = [w for w in works if w.filter_tags.filter(pk=tag.pk).exists()]
            assert tag.count == len(carrying), tag.name
    assert sum(facets.ratings.values()) == facets.total
    assert facets.complete == {True: 3, False: 1}
    counts = facet_counts(response)
    assert counts["Buffy Summers/Spike"] == 2 and counts[BTVS] == 3 and counts["Fluff"] == 1


def test_excluding_a_tag_removes_its_works_and_every_count_agrees(client, shelf):
    angel = Tag.objects.get(name=ANGEL)
    response = client.get("/works/", {"exclude_id": angel.pk})
    assert titles(response) == ["bravo", "Alpha"]
    counts = facet_counts(response)
    assert counts[BTVS] == 2 and counts["Buffy Summers/Spike"] == 1
    assert counts[ANGEL] == 0  # still offered, checked, so it can be unchecked
    assert "Fluff" not in counts and "Spike" not in counts
    assert "2 works, 1–2 shown" in main_text(response)
    assert re.search(rf'id="f-exclude-{angel.pk}" name="exclude_id" value="{angel.pk}" checked',
                     response.content.decode())  # fmt: skip


def test_facets_never_count_what_the_reader_cannot_see(client, author, stranger):
    make_work(author, title="Public", freeforms=["Rain"])
    make_work(author, title="Draft", freeforms=["Rain", "Secret"], status=Status.DRAFT)
    make_work(author, title="Locked", freeforms=["Rain", "Secret"], restricted=True)
    later = timezone.now() + timedelta(days=3)
    make_work(author, title="Later", freeforms=["Rain", "Secret"], publish_at=later)
    counts = facet_counts(client.get("/works/"))
    assert counts["Rain"] == 1 and "Secret" not in counts
    logged_in = facet_counts(client_for(stranger).get("/works/"))
    assert logged_in["Rain"] == 2 and logged_in["Secret"] == 1
    # Its creator sees their draft on the dashboard, never in listings or their counts.
    own = client_for(author).get("/works/")
    assert facet_counts(own)["Rain"] == 2 and "Draft" not in titles(own)


def test_mutes_take_works_out_of_the_list_and_the_counts_and_show_turns_them_off(author, stranger):
    make_work(author, title="Rainy", freeforms=["Rain"])
    make_work(author, title="Sunny", freeforms=["Sun"])
    TagMute.objects.create(user=stranger, tag=Tag.objects.get(name="Rain"))
    reader = client_for(stranger)
    response = reader.get("/works/")
    assert titles(response) == ["Sunny"] and "Rain" not in facet_counts(response)
    assert "1 work" in main_text(response)
    shown = reader.get("/works/", {"muted": "show"})
    assert titles(shown) == ["Sunny", "Rainy"] and facet_counts(shown)["Rain"] == 1


def test_pages_are_numbered_and_keep_every_parameter(client, author):
    for n in range(45):
        make_work(author, title=f"Work {n:02}", freeforms=["Many"])
    response = client.get("/works/", {"tag": "Many", "sort": "title", "page": 2})
    assert titles(response)[0] == "Work 20"
    html = response.content.decode()
    assert 'rel="next" href="?tag=Many&amp;sort=title&amp;page=3"' in html
    assert 'rel="prev" href="?tag=Many&amp;sort=title&amp;page=1"' in html
    assert 'aria-current="page" href="?tag=Many&amp;sort=title&amp;page=2"' in html
    assert "45 works, 21–40 shown" in main_text(response)


def test_a_long_run_of_pages_shows_first_last_and_a_window(client, author):
    for n in range(12 * 20 + 1):
        Work.objects.create(poster=author, title=f"W{n}", status=Status.POSTED,
                            published_at=timezone.now(), revised_at=timezone.now())  # fmt: skip
    response = client.get("/works/", {"page": 6})
    links = response.context["listing"].page_links
    assert [n for n, _ in links] == [1, None, 4, 5, 6, 7, 8, None, 13]


@pytest.mark.parametrize("size", [5, 25])
def test_the_number_of_queries_does_not_grow_with_the_page(
    client, author, size, django_assert_max_num_queries
):
    for n in range(size):
        make_work(author, title=f"Work {n}", relationships=[f"A/B{n}"], freeforms=["Fluff"])
    with django_assert_max_num_queries(9):
        response = client.get("/works/", {"tag": "Fluff", "exclude": "Angst", "sort": "creator"})
    assert len(titles(response)) == min(size, 20)


@pytest.mark.parametrize(
    ("count", "number", "shown"),
    [
        (1, 1, [1]),
        (13, 1, [1, 2, 3, None, 13]),
        (13, 4, [1, 2, 3, 4, 5, 6, None, 13]),
        (13, 5, [1, 2, 3, 4, 5, 6, 7, None, 13]),  # page 2 shown, not a gap of one
        (13, 9, [1, None, 7, 8, 9, 10, 11, 12, 13]),
        (13, 13, [1, None, 11, 12, 13]),
        (5, 3, [1, 2, 3, 4, 5]),
    ],
)
def test_page_links_show_the_ends_a_window_and_gaps_of_two_or_more(count, number, shown):
    from django.core.paginator import Paginator

    from ficfest.works.listing import _page_links

    page = Paginator(range(count * 20), 20).page(number)
    links = _page_links(page, "tag=Rain")
    assert [n for n, _ in links] == shown
    assert all(url == f"?tag=Rain&page={n}" for n, url in links if n)
    assert _page_links(page, "")[0][1] == "?page=1"


def test_the_last_day_of_updated_to_counts_to_its_last_second(client, author, settings):
    settings.TIME_ZONE = "Asia/Bangkok"
    late, early = (
        datetime(2026, 3, 10, 16, 59, 59, tzinfo=UTC),
        datetime(2026, 3, 10, 17, tzinfo=UTC),
    )
    for title, when in [("Late on the 10th", late), ("Start of the 11th", early)]:
        with time_machine.travel(when, tick=False):
            make_work(author, title=title)
    assert listed(client, updated_to="2026-03-10") == ["Late on the 10th"]
    assert listed(client, updated_from="2026-03-11") == ["Start of the 11th"]


def test_the_sidebar_lists_the_most_used_tags_first_then_by_name(client, author):
    for title, freeforms in [("One", ["Rain", "Fluff"]), ("Two", ["Rain", "Angst"]),
                             ("Three", ["Rain", "Fluff", "Bees"])]:  # fmt: skip
        make_work(author, title=title, freeforms=freeforms)
    groups = dict(client.get("/works/").context["include_groups"])
    assert [(o.label, o.count) for o in groups["Additional Tags"]] == [
        ("Rain", 3), ("Fluff", 2), ("Angst", 1), ("Bees", 1),
    ]  # fmt: skip


def test_a_wide_listing_gives_the_same_works_and_counts_as_a_narrow_one(client, shelf, monkeypatch):
    from ficfest.works import listing

    narrow = client.get("/works/", {"tag": BTVS, "exclude": "Fluff", "sort": "title"})
    monkeypatch.setattr(listing, "NARROW_LIMIT", 1)
    wide = client.get("/works/", {"tag": BTVS, "exclude": "Fluff", "sort": "title"})
    assert titles(wide) == titles(narrow) == ["Alpha", "bravo"]
    assert wide.context["listing"].facets == narrow.context["listing"].facets
