"""Searching works through /search/ and the listings, as a reader does: the text of the
chapters, phrases, exclusions, alternatives, field terms, relevance, snippets, and bad queries.
The same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""

import re

import pytest

from ficfest.tags.models import Tag
from ficfest.works.models import Rating
from tests.factories import client_for, make_user, make_work
from tests.html import main, main_text

DUSK = "They walked to the cemetery at dusk, and the world below was quiet."
RAIN = "It rained on the Bronze all night; nobody walked home."


def found(client, q: str, path: str = "/search/", **params) -> list[str]:
    response = client.get(path, {"q": q, **params})
    assert response.status_code == 200
    return [work.title for work in response.context["works"]]


@pytest.fixture
def shelf(author, indexed):
    with indexed():
        make_work(author, title="Dusk", text=DUSK, summary="A walk.", freeforms=["Graveyards"])
        make_work(author, title="Rain", text=RAIN, summary="Weather.", rating=Rating.TEEN)
        make_work(
            author,
            title="Cemetery Gates",
            text="Nothing much happens here.",
            fandoms=["Angel: the Series"],
        )


def test_it_finds_words_in_the_chapter_text(client, shelf):
    assert found(client, "cemetery quiet") == ["Dusk"]


def test_it_finds_other_forms_of_a_word(client, shelf):
    assert sorted(found(client, "walking")) == ["Dusk", "Rain"]


def test_it_finds_a_phrase_only_in_its_order(client, shelf):
    assert found(client, '"cemetery at dusk"') == ["Dusk"]
    assert found(client, '"dusk at cemetery"') == []


def test_it_leaves_out_excluded_words(client, shelf):
    assert found(client, "walked -cemetery") == ["Rain"]
    assert found(client, 'walked -"world below"') == ["Rain"]


def test_it_finds_either_of_alternatives(client, shelf):
    assert sorted(found(client, "quiet OR bronze")) == ["Dusk", "Rain"]


def test_it_searches_one_field_with_a_field_term(client, shelf):
    assert found(client, "title:cemetery") == ["Cemetery Gates"]
    assert found(client, "summary:weather") == ["Rain"]
    assert found(client, 'tag:"Angel: the Series"') == ["Cemetery Gates"]
    assert found(client, "tag:graveyards") == ["Dusk"]


def test_it_finds_works_by_their_creator(client, shelf):
    assert len(found(client, "creator:author")) == 3
    assert found(client, "creator:nobody") == []


def test_it_ranks_a_title_match_above_a_body_match(client, shelf):
    assert found(client, "cemetery") == ["Cemetery Gates", "Dusk"]


def test_it_sorts_by_a_listing_sort_when_asked(client, shelf):
    assert found(client, "cemetery", sort="title") == ["Cemetery Gates", "Dusk"]
    assert found(client, "walked", sort="title") == ["Dusk", "Rain"]


def test_it_shows_where_the_search_matched_with_the_words_marked(client, shelf):
    page = main(client.get("/search/", {"q": '"world below"'}).content.decode())
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', page, re.S)
    marked = " ".join(re.findall(r"<mark>(.*?)</mark>", snippet.group(1)))
    assert marked.split() == ["world", "below"]
    assert "cemetery at dusk" in snippet.group(1)


def test_it_escapes_the_text_around_the_marks(client, author, indexed):
    with indexed():
        make_work(
            author,
            title="Tags",
            text="The <b>bold</b> vampire <script>x()</script> friends.",
            text_format="plain",
            fandoms=["Angel: the Series"],
        )
    page = main(client.get("/search/", {"q": "vampire"}).content.decode())
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', page, re.S).group(1)
    assert "<mark>vampire</mark>" in snippet and "bold" in snippet
    assert (
        "<script>" not in snippet and "<b>" not in snippet
    )  # shown as text (SQLite) or dropped (PostgreSQL's headline)


def test_it_searches_inside_any_listing_with_its_filters(client, shelf):
    angel = Tag.objects.get(name="Angel: the Series")
    assert found(client, "cemetery", path=f"/tags/{angel.pk}/") == ["Cemetery Gates"]
    assert found(client, "walked", path="/works/", rating=Rating.TEEN) == ["Rain"]
    response = client.get("/works/", {"q": "walked"})
    assert "2 works" in main_text(response)


@pytest.mark.parametrize(
    "q",
    [
        '"world below',
        '"',
        "OR OR",
        "-",
        "- -- ---",
        "*",
        "title:",
        "x" * 10_000,
        "NEAR(a b)",
        "AND",
        "NOT",
        '" OR "',
        "東京 -",
        "\x00\x02",
        'tag:"',
        "(((",
    ],
)
def test_it_answers_any_query_with_a_page(client, shelf, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    response = client.get("/works/", {"q": q})
    assert response.status_code == 200


def test_it_says_what_it_did_with_a_bad_query(client, shelf):
    assert "not closed" in main_text(client.get("/search/", {"q": '"world below'}))
    assert "no words" in main_text(client.get("/search/", {"q": "OR -"}))
    assert "longer than" in main_text(client.get("/search/", {"q": "x " * 5000}))
    assert found(client, '"world below') == ["Dusk"]


def test_it_lists_everything_but_the_excluded_for_an_exclusion_alone(client, shelf):
    assert sorted(found(client, "-cemetery")) == ["Rain"]


def test_it_finds_substrings_of_scripts_without_spaces(client, author, indexed):
    with indexed():
        make_work(author, title="ฝน", text="วันนี้ฝนตกหนักมากที่กรุงเทพ", language="th")
        make_work(author, title="東京", text="東京タワーの下で待っていた。", language="ja")
    assert found(client, "ฝนตก") == ["ฝน"]
    assert found(client, "タワー") == ["東京"]
    assert found(client, "待って") == ["東京"]
    page = main(client.get("/search/", {"q": "タワー"}).content.decode())
    assert "<mark>タワー</mark>" in page


def test_it_pages_results_in_relevance_order(client, author, indexed):
    with indexed():
        for n in range(25):
            make_work(author, title=f"Work {n:02}", text="lantern " * (n + 1))
    first, second = found(client, "lantern"), found(client, "lantern", page=2)
    assert len(first) == 20 and len(second) == 5
    assert not set(first) & set(second)


def test_it_shows_the_search_box_alone_without_words(client, shelf):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "works" not in response.context or not response.context["works"]
    assert 'name="q"' in main(response.content.decode())


def test_it_keeps_muted_works_out(client, shelf, indexed):
    from ficfest.tags.models import TagMute

    reader = make_user("reader")
    TagMute.objects.create(user=reader, tag=Tag.objects.get(name="Angel: the Series"))
    assert found(client_for(reader), "cemetery") == ["Dusk"]


def test_a_listing_feed_takes_the_words_too(client, shelf):
    feed = client.get("/works/feed/", {"q": "bronze"}).content.decode()
    assert "<title>Rain</title>" in feed
    assert "<title>Dusk</title>" not in feed


def test_it_lists_only_the_newest_matches_of_a_word_found_almost_everywhere(
    client, author, indexed, monkeypatch
):
    monkeypatch.setattr("ficfest.search.engine.MATCH_CAP", 2)
    with indexed():
        for title in ("First", "Second", "Third"):
            make_work(author, title=title, text="The stone bridge.")
        make_work(author, title="Other", text="A river.")
    response = client.get("/search/", {"q": "stone"})
    assert sorted(work.title for work in response.context["works"]) == ["Second", "Third"]
    assert "More than 2 works match your search" in main_text(response)
    assert found(client, "river") == ["Other"]


def test_it_ranks_only_the_newest_matches_and_lists_older_ones_after_them(
    client, author, indexed, monkeypatch
):
    monkeypatch.setattr("ficfest.search.engine.RANK_CAP", 2)
    with indexed():
        make_work(author, title="Stone Bridge", text="A stone bridge.", freeforms=["Stone"])
        make_work(author, title="Second", text="A river, and one stone.")
        make_work(author, title="Third", text="A road, and one stone.")
    assert found(client, "stone") == ["Third", "Second", "Stone Bridge"]
    monkeypatch.setattr("ficfest.search.engine.RANK_CAP", 1000)
    assert found(client, "stone")[0] == "Stone Bridge"
