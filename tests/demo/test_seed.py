import hashlib
from pathlib import Path

import pytest

from ficfest.accounts.models import User
from ficfest.demo import SEED_TITLE, demo_load, seed_text, split_seed
from ficfest.lib.text import word_count
from ficfest.tags.models import Tag
from ficfest.works.models import Work
from tests.html import paragraphs

SHARED_SEED = Path(__file__).parents[3] / "shared" / "seed" / "000_9212b40ac7c2a376.txt"


# The seed's SHA-256, so the shipped copy is checked even where shared/ is not beside the repo.
SEED_SHA256 = "376f6138f2af68ed6893f1ade3f6a9218e632b5227395b2b776a101eef1a18cc"


def test_it_ships_the_seed_byte_for_byte():
    shipped = seed_text().encode("utf-8")
    assert hashlib.sha256(shipped).hexdigest() == SEED_SHA256
    if SHARED_SEED.exists():
        assert shipped == SHARED_SEED.read_bytes()


def test_it_counts_the_seed_as_483_words_with_its_header():
    assert word_count(seed_text()) == 483


def test_it_splits_the_header_lines_into_notes():
    notes, story = split_seed(seed_text())
    assert notes == (
        "Disclaimer: I do not claim to own, etc…\n\n"
        'A/N: Fill for the Fag End prompt: "From the world below, to the world above."'
    )
    assert story.startswith("In the eventide, he meets her.")
    assert story.endswith("down here she can just be.")


@pytest.mark.django_db
def test_it_shows_every_paragraph_of_the_seed_exactly(client):
    work = demo_load()
    response = client.get(f"/works/{work.pk}/")
    assert response.status_code == 200
    shown = paragraphs(response.content.decode())
    _, story = split_seed(seed_text())
    for paragraph in story.split("\n\n"):
        assert paragraph in shown
    assert "Disclaimer: I do not claim to own, etc…" in shown
    assert 'A/N: Fill for the Fag End prompt: "From the world below, to the world above."' in shown
    assert f"<title>{SEED_TITLE} | ficfest</title>" in response.content.decode()


@pytest.mark.django_db
def test_it_loads_the_demo_once_however_often_it_runs():
    first = demo_load()
    count = Work.objects.count()
    again = demo_load()
    assert again.pk == first.pk
    assert Work.objects.count() == count >= 13


@pytest.mark.django_db
def test_it_tags_the_seed_as_the_issue_asks():
    work = demo_load()
    assert work.title == SEED_TITLE
    assert [t.name for t in work.fandoms] == ["Buffy the Vampire Slayer"]
    assert [t.name for t in work.relationships] == ["Buffy Summers/Spike"]
    assert sorted(t.name for t in work.characters) == ["Buffy Summers", "Dawn Summers", "Spike"]


def test_the_demo_tags_are_wrangled_but_spuffy_waits_for_a_wrangler(db):
    demo_load()
    assert User.objects.get(username="mod").is_wrangler
    spuffy = Tag.objects.get(name="Spuffy")
    assert Tag.objects.unwrangled().filter(pk=spuffy.pk).exists()
    canonical = Tag.objects.get(name="Buffy Summers/Spike", type="relationship")
    assert canonical.canonical and canonical.parents.filter(name="Buffy the Vampire Slayer")
    # A filter on the meta tag finds the works tagged with its sub tags.
    comfort = Tag.objects.get(name="Hurt/Comfort")
    titles = set(Work.objects.filter(filter_tags=comfort).values_list("title", flat=True))
    assert {"Patrol Notes", "Bleached"} <= titles


@pytest.mark.django_db
def test_it_makes_the_demo_searchable_without_a_worker(client):
    demo_load()  # no commit callbacks run here: no queued indexing reaches the index
    response = client.get("/search/", {"q": '"world below"'})
    assert SEED_TITLE in [work.title for work in response.context["works"]]
    prompts = client.get("/search/", {"q": "the", "in": "prompts"})
    assert prompts.context["results"]
