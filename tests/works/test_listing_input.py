"""Nonsense in a listing's address gives a page that says what was left out and why, never a
500; an address with thousands of parameters gets a clear 400 page."""

import pytest

from tests.factories import make_work
from tests.html import main_text


@pytest.fixture
def works(author):
    make_work(author, title="Rainy", freeforms=["Rain"])
    make_work(author, title="Sunny", freeforms=["Sun"])


def page(client, params):
    response = client.get("/works/", params)
    assert response.status_code == 200
    return [w.title for w in response.context["works"]], main_text(response)


def test_an_unknown_included_tag_matches_nothing_and_says_which(client, works):
    listed, text = page(client, {"tag": ["Rain", "Snow storms"]})
    assert listed == []
    assert "There is no tag “Snow storms”, so no work matches it." in text
    assert "0 works" in text


def test_an_unknown_excluded_tag_is_ignored_and_says_so(client, works):
    listed, text = page(client, {"exclude": "Hail"})
    assert listed == ["Sunny", "Rainy"]
    assert "There is no tag “Hail”, so excluding it leaves nothing out." in text


def test_a_tag_id_that_is_not_a_number_is_left_out(client, works):
    listed, text = page(client, {"tag_id": "abc", "exclude_id": "1; DROP TABLE"})
    assert listed == ["Sunny", "Rainy"]
    assert "“abc” is not a tag number, so it was left out." in text
    assert "“1; DROP TABLE” is not a tag number" in text


def test_an_unknown_tag_id_included_matches_nothing(client, works):
    listed, text = page(client, {"tag_id": "999999"})
    assert listed == [] and "There is no tag number 999999, so no work matches it." in text


def test_words_from_above_words_to_are_swapped_and_said(client, works):
    listed, text = page(client, {"words_from": "5000", "words_to": "1"})
    assert listed == ["Sunny", "Rainy"]
    assert "Words from (5,000) is more than words to (1); the two were swapped." in text
    _, text = page(client, {"words_from": "lots"})
    assert "Words from: “lots” is not a whole number of words" in text


def test_bad_dates_and_unknown_choices_are_left_out_with_a_note(client, works):
    listed, text = page(client, {"updated_from": "2026-02-30", "updated_to": "yesterday",
                                 "rating": "spicy", "sort": "random", "complete": "maybe",
                                 "crossover": "sometimes", "language": "xx",
                                 "form": "poem"})  # fmt: skip
    assert listed == ["Sunny", "Rainy"]
    for note in [
        "Updated from: “2026-02-30” is not a date written as YYYY-MM-DD",
        "Updated to: “yesterday” is not a date",
        "“spicy” is not a rating",
        "“random” is not a choice for sort",
        "“maybe” is not a choice for complete (yes or no)",
        "“sometimes” is not a choice for crossover",
        "“xx” is not a language",
        "“poem” is not a form",
    ]:
        assert note in text


def test_more_than_thirty_tags_uses_the_first_ones_and_says_so(client, works):
    listed, text = page(client, {"exclude": [f"Nope {n}" for n in range(40)] + ["Rain"]})
    assert "You asked for 41 tags; a filter takes up to 30, so only the first 30 were used." in text
    assert listed == ["Sunny", "Rainy"]  # "Rain", the 41st, was not used


def test_unknown_names_stay_in_the_text_field_to_be_corrected(client, works):
    response = client.get("/works/", {"tag": "Snow storms"})
    assert 'name="tag" value="Snow storms"' in response.content.decode()


def test_a_hostile_value_is_shown_escaped(client, works):
    response = client.get("/works/", {"tag": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("path", ["/works/", "/works/feed/"])
def test_five_thousand_parameters_get_a_clear_400_page(client, works, settings, path):
    settings.DEBUG = False
    response = client.get(path + "?" + "&".join(["tag=Rain"] * 5000))
    assert response.status_code == 400
    text = main_text(response)
    assert "more than 1000 parameters" in text
    assert "this page without its filters" in text
    assert 'class="site-header"' in response.content.decode()


def test_a_nonsense_page_number_gives_a_page(client, works):
    for number in ["x", "-1", "99999999999999999999"]:
        response = client.get("/works/", {"page": number})
        assert response.status_code == 200 and "Rainy" in main_text(response)
