"""The new-work form, opened from a prompt: it starts with the community's required tags and
usual fandom, and says the community's limits, and where a longer work can go, before posting."""

import re
from html import unescape

import pytest

from ficfest.communities.models import Fill
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work
from tests.communities.factories import (
    make_challenge,
    make_community,
    make_fill,
    make_prompt,
    set_limits,
)
from tests.factories import default_pseud, make_work
from tests.html import main, main_text

SPUFFY = "Buffy Summers/Spike"


def words(count: int) -> str:
    return " ".join(["night"] * count)


@pytest.fixture
def fag_ends(community, member):
    set_limits(community, fic=1000, meta=1000, art=8, vid=60)
    community.required_tags.add(Tag.objects.create(name=SPUFFY, type=TagType.RELATIONSHIP))
    return community


@pytest.fixture
def prompt(fag_ends, period):
    return make_prompt(period, "Borrowed coat")


@pytest.fixture
def overflow(fag_ends, owner):
    spill = make_community(owner, slug="fag-ends-overflow", name="Fag Ends Overflow",
                           overflow_of=fag_ends)  # fmt: skip
    make_challenge(spill, slug="fills")
    return spill


def url_for(prompt) -> str:
    return f"/works/new/?community=fag-ends&prompt={prompt.pk}"


def field_value(html: str, name: str) -> str:
    found = re.search(rf'<input type="text" name="{name}"(?: value="([^"]*)")?', html)
    assert found, name
    return unescape(found.group(1) or "")


def as_sent(author, html: str, text: str) -> dict:
    """What the browser sends when the poster fills in only the title and the text."""
    return {
        "title": "Borrowed Coat", "form": "fic", "pseud": default_pseud(author).pk,
        "rating": "teen", "warnings": ["No Archive Warnings Apply"], "language": "en",
        **{name: field_value(html, name)
           for name in ("fandoms", "relationships", "characters", "freeforms")},
        "chapter-text": text, "chapter-text_format": "plain", "action": "post",
    }  # fmt: skip


def test_it_starts_with_the_required_tag_and_posts_the_fill_without_typing_it(
    author_client, author, prompt, challenge
):
    make_fill(make_work(author, title="Earlier"), challenge, prompts=[prompt])
    html = author_client.get(url_for(prompt)).content.decode()
    assert field_value(html, "relationships") == SPUFFY
    response = author_client.post(url_for(prompt), as_sent(author, html, words(300)))
    work = Work.objects.get(title="Borrowed Coat")
    assert response.url == work.get_absolute_url()
    assert SPUFFY in [tag.name for tag in work.relationships]
    assert list(Fill.objects.get(work=work).prompts.all()) == [prompt]


def test_it_starts_with_the_fandom_every_fill_shares(author_client, author, prompt, challenge):
    make_fill(make_work(author, title="Earlier"), challenge, prompts=[prompt])
    html = author_client.get(url_for(prompt)).content.decode()
    assert field_value(html, "fandoms") == "Buffy the Vampire Slayer"


def test_it_leaves_the_fandom_empty_when_fills_have_several(author_client, author, prompt,
                                                             challenge):  # fmt: skip
    make_fill(make_work(author, title="One"), challenge, prompts=[prompt])
    make_fill(make_work(author, title="Two", fandoms=["Angel"]), challenge, prompts=[prompt])
    assert field_value(author_client.get(url_for(prompt)).content.decode(), "fandoms") == ""


def test_it_leaves_a_plain_new_work_empty(author_client):
    html = author_client.get("/works/new/").content.decode()
    assert field_value(html, "relationships") == ""
    assert "posting-notes" not in html and "word_limit.js" not in html


def test_it_shows_the_limits_and_the_overflow_beside_the_text(author_client, prompt, overflow):
    html = main(author_client.get(url_for(prompt)).content.decode())
    page = main_text(author_client.get(url_for(prompt)))
    assert (
        "Fag Ends takes fic and meta: up to 1,000 words; art: up to 8 images; "
        "vid: up to 60 seconds."
    ) in page
    assert "Over the limit? Fag Ends Overflow takes longer works for the same prompts" in page
    assert 'href="/c/fag-ends-overflow/"' in html
    # The notes sit in the text's fieldset, before the text field, with the script's hooks.
    assert html.index("posting-notes") < html.index('name="chapter-text"')
    assert 'data-word-limits="fic:1000 meta:1000 "' in html


def test_it_names_no_overflow_when_there_is_none(author_client, prompt):
    page = main_text(author_client.get(url_for(prompt)))
    assert "up to 1,000 words" in page and "Over the limit?" not in page


def test_it_posts_exactly_the_limit_and_refuses_one_word_more(author_client, author, prompt,
                                                              overflow):  # fmt: skip
    html = author_client.get(url_for(prompt)).content.decode()
    html = html.replace('name="fandoms"', 'name="fandoms" value="Buffy the Vampire Slayer"')
    over = author_client.post(url_for(prompt), as_sent(author, html, words(1001)))
    refused = main_text(over)
    assert "limited to 1,000 words; this work has 1,001" in refused
    assert "You can post it to Fag Ends Overflow instead." in refused
    assert "Over the limit? Fag Ends Overflow takes longer works" in refused  # said before, too
    assert not Work.objects.exists()
    response = author_client.post(url_for(prompt), as_sent(author, html, words(1000)))
    assert response.status_code == 302
    assert Fill.objects.get().work.word_count == 1000
