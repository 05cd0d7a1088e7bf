"""The tag autocomplete: canonical tags first, names that begin with the term before names
that contain it, synonyms as their canonical, the type filter; what it must never name; and
the fields that ask for it."""

import re

import pytest
from django.test import override_settings

from ficfest.tags.models import Tag, TagType
from ficfest.works import tag_autocomplete
from ficfest.works.models import Status
from tests.factories import make_work
from tests.html import main

REL = TagType.RELATIONSHIP


def names(client, q: str, tag_type: str = "") -> list[str]:
    response = client.get("/tags/autocomplete/", {"q": q, "type": tag_type})
    assert response.status_code == 200
    return [found["name"] for found in response.json()["results"]]


@pytest.fixture
def tags(author):
    make_work(author, relationships=["Spike/Xander", "Dru/Spike"], characters=["Spiked Punch"])
    ship = Tag.objects.create(type=REL, name="Buffy Summers/Spike", canonical=True)
    Tag.objects.create(type=REL, name="Spuffy", merger=ship)
    Tag.objects.create(type=TagType.CHARACTER, name="Spike", canonical=True)
    return ship


def test_it_puts_canonical_tags_first_then_prefix_matches(client, tags):
    assert names(client, "spi") == [
        "Spike",  # canonical, begins with the term
        "Buffy Summers/Spike",  # canonical, contains it
        "Spike/Xander",  # others: beginning first, then containing
        "Spiked Punch",
        "Dru/Spike",
    ]


def test_it_gives_a_synonym_as_its_canonical_and_filters_by_type(client, tags):
    assert names(client, "SPUF") == ["Buffy Summers/Spike"]
    assert names(client, "spi", "relationship") == ["Buffy Summers/Spike", "Spike/Xander",
                                                     "Dru/Spike"]  # fmt: skip
    assert names(client, "spi", "character") == ["Spike", "Spiked Punch"]
    response = client.get("/tags/autocomplete/", {"q": "spi", "type": "relationship"})
    assert response.json()["results"][0] == {"name": "Buffy Summers/Spike", "type": "Relationship"}


def test_it_never_names_a_tag_only_unpublished_works_carry(client, author, tags):
    make_work(author, title="Secret", relationships=["Spike/Secret"], status=Status.DRAFT)
    make_work(author, title="Locked", relationships=["Spike/Locked"], restricted=True)
    found = names(client, "spike/")
    assert "Spike/Xander" in found
    assert "Spike/Secret" not in found and "Spike/Locked" not in found


def test_it_answers_nonsense_with_nothing_or_a_clear_error(client, tags):
    assert names(client, "") == [] and names(client, "   ") == []
    assert names(client, "x" * 5000) == []
    assert names(client, "%_'\"<script>") == []
    response = client.get("/tags/autocomplete/", {"q": "spi", "type": "nonsense"})
    assert response.status_code == 400 and response.json()["error"] == "Unknown tag type."
    assert client.post("/tags/autocomplete/", {"q": "spi"}).status_code == 405


def test_one_letter_matches_only_names_that_begin_with_it(client, tags):
    assert names(client, "d") == ["Dru/Spike"]


def test_it_folds_non_ascii_case_where_the_database_can(client, author, db):
    make_work(author, relationships=["Émilie/Zoë"])
    assert names(client, "Émi") == ["Émilie/Zoë"]
    assert names(client, "zoë") == ["Émilie/Zoë"]


def test_it_caches_answers_briefly_and_limits_a_flood(client, tags, monkeypatch):
    monkeypatch.setattr(tag_autocomplete, "PER_MINUTE", 4)
    assert names(client, "spi")[0] == "Spike"
    Tag.objects.filter(name="Spike").update(name="Spike the Vampire")
    assert names(client, "spi")[0] == "Spike"  # the cached answer, for a minute
    statuses = [client.get("/tags/autocomplete/", {"q": "spi"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/tags/autocomplete/", {"q": "x"}).json()["error"].startswith("Too many")


def test_every_tag_field_asks_for_the_autocomplete(author_client, owner, community, period):
    html = main(author_client.get("/works/new/").content.decode())
    for name, kind in [("fandoms", "fandom"), ("relationships", "relationship"),
                       ("characters", "character"), ("freeforms", "freeform")]:  # fmt: skip
        assert re.search(f'<input[^>]*name="{name}"[^>]*data-tag-autocomplete="{kind}"', html)
    from tests.factories import client_for

    html = main(client_for(owner).get(f"/c/{community.slug}/edit/").content.decode())
    assert 'data-tag-autocomplete="relationship"' in html and 'name="required_tags_raw"' in html
    base = f"/c/{community.slug}/challenges/{period.challenge.slug}/{period.slug}/prompts/"
    for page in ["batch/"]:  # the meme form (prompts/new/) uses the same field
        html = main(client_for(owner).get(base + page).content.decode())
        assert re.search('<input[^>]*name="tags"[^>]*data-tag-autocomplete="freeform"', html)


@override_settings()
def test_the_script_loads_on_every_page(client, db):
    html = client.get("/").content.decode()
    assert 'src="/static/ficfest/autocomplete.js"' in html and "defer" in html
