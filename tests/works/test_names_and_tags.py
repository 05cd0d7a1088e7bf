"""Titles and tags refuse hidden characters, a work carries at most 75 additional tags, and a
work's HTML cannot borrow the site's classes."""

import pytest

from ficfest.works.models import Work
from tests.factories import make_work
from tests.works.test_forms_media import form_data, text_of


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_it_refuses_a_title_with_a_hidden_character(author_client, author, char):
    data = form_data(author, title=f"Moon{char}light", **{"chapter-text": "Once."})
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert "Names and titles can't contain" in page and f"U+{ord(char):04X}" in page
    assert not Work.objects.exists()


def test_it_refuses_a_tag_with_a_hidden_character_and_names_it(author_client, author):
    data = form_data(author, relationships="Spike/Buffy, Spike\u200b/Buffy",
                     **{"chapter-text": "Once."})  # fmt: skip
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert ("The tag “Spike/Buffy” contains an invisible character (U+200B ZERO WIDTH SPACE): "
            "please remove it.") in page  # fmt: skip
    assert not Work.objects.exists()


def test_it_refuses_more_than_75_additional_tags(author_client, author):
    tags = ", ".join(f"tag {n}" for n in range(76))
    data = form_data(author, freeforms=tags, **{"chapter-text": "Once."})
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert "A work can have at most 75 of these tags; this one has 76." in page
    assert not Work.objects.exists()
    data["freeforms"] = ", ".join(f"tag {n}" for n in range(75))
    assert author_client.post("/works/new/", data).status_code == 302


def test_it_keeps_a_works_classes_apart_from_the_sites(author, client):
    html = '<div class="preface notes">Styled <span class="header">like the site</span></div>'
    work = make_work(author, text=html, text_format="html")
    chapter = work.chapters.get()
    assert 'class="user-preface user-notes"' in chapter.html
    assert 'class="user-header"' in chapter.html
    page = client.get(f"/works/{work.pk}/").content.decode()
    assert '<div class="preface notes">' not in page
