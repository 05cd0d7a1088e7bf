"""Adding works to challenges from the web: the two-step fill page, posting a new work for a
prompt, and the fill notes on the work page."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from ficfest.communities.models import Anonymity, Fill, FillStatus
from ficfest.works.models import Chapter, Status, Work
from tests.communities.factories import (
    make_challenge,
    make_community,
    make_fill,
    make_period,
    make_prompt,
    set_limits,
)
from tests.factories import default_pseud, make_work

SEED_PROMPT = "From the world below, to the world above."


def text_of(html):
    """What a reader sees: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def words(count):
    return " ".join(["word"] * count)


@pytest.fixture
def owner(moderator):
    """Fag Ends is run by the site's moderator, who also posts fills there."""
    return moderator


@pytest.fixture
def fag_ends(community, member):
    set_limits(community, fic=1000, meta=1000, art=8, picspam=8, vid=60, fanmix=5)
    return community


@pytest.fixture
def challenge(fag_ends, challenge):
    return challenge


@pytest.fixture
def period_fields():
    return {"theme": "Rain"}


@pytest.fixture
def prompt(period):
    return make_prompt(period, SEED_PROMPT)


def test_it_adds_a_work_to_a_prompt_in_two_steps_and_the_work_page_says_so(
    author_client, author, challenge, prompt, period
):
    make_prompt(period, "Not yet", release_at=timezone.now() + timedelta(days=2))
    members_only = make_community(make_work(author).poster, slug="closed", name="Closed Club")
    make_challenge(members_only, title="Closed prompts").community.memberships.all().delete()
    work = make_work(author, title="Fag End")
    step_one = author_client.get(f"/works/{work.pk}/fill/").content.decode()
    assert "Fag Ends: Monthly prompts" in step_one and "Closed prompts" not in step_one
    step_two = author_client.get(f"/works/{work.pk}/fill/?challenge={challenge.pk}")
    page = step_two.content.decode()
    assert SEED_PROMPT in page and "Not yet" not in page and "For the theme: Rain" in page
    response = author_client.post(f"/works/{work.pk}/fill/?challenge={challenge.pk}",
                                  {"prompts": [prompt.pk]})  # fmt: skip
    assert response.status_code == 302 and response.url == f"/works/{work.pk}/"
    made = Fill.objects.get()
    assert made.work == work and list(made.prompts.all()) == [prompt]
    reader = text_of(Client().get(f"/works/{work.pk}/").content.decode())
    assert f"Fill for the Fag Ends prompt: {SEED_PROMPT}" in reader
    html = Client().get(f"/works/{work.pk}/").content.decode()
    assert f'href="/c/fag-ends/prompts/{prompt.pk}/">{SEED_PROMPT}</a>' in html
    assert 'href="/c/fag-ends/">Fag Ends</a> prompt' in html


def test_it_shows_the_broken_rule_by_the_form_and_saves_nothing(author_client, author, challenge,
                                                                prompt):  # fmt: skip
    work = make_work(author, text=words(1001))
    url = f"/works/{work.pk}/fill/?challenge={challenge.pk}"
    page = text_of(author_client.post(url, {"prompts": [prompt.pk]}).content.decode())
    assert "Fic in Fag Ends is limited to 1,000 words; this work has 1,001." in page
    empty = text_of(author_client.post(url, {}).content.decode())
    assert "Choose at least one prompt, or the theme." in empty
    assert Fill.objects.count() == 0


def test_it_adds_a_work_to_the_theme(author_client, author, challenge, period):
    work = make_work(author)
    author_client.post(f"/works/{work.pk}/fill/?challenge={challenge.pk}", {"for_theme": "on"})
    assert Fill.objects.get().for_theme
    page = text_of(Client().get(f"/works/{work.pk}/").content.decode())
    assert "Fill for the Fag Ends theme: Rain" in page


def test_only_creators_reach_the_fill_page(author, stranger, client, challenge):
    work = make_work(author)
    client.force_login(stranger)
    assert client.get(f"/works/{work.pk}/fill/").status_code == 403
    assert client.post(f"/works/{work.pk}/fill/?challenge={challenge.pk}").status_code == 403


def test_a_creator_takes_a_work_out_of_a_challenge(author_client, author, challenge, prompt):
    work = make_work(author)
    made = make_fill(work, challenge, prompts=[prompt])
    response = author_client.post(f"/works/{work.pk}/fill/{made.pk}/withdraw/", follow=True)
    assert response.status_code == 200
    assert "is no longer in Fag Ends" in text_of(response.content.decode())
    assert not Fill.objects.live().exists()
    assert "Already in" not in text_of(response.content.decode())


def post_data(author, **overrides):
    data = {
        "title": "Fag End", "form": "fic", "pseud": default_pseud(author).pk, "rating": "teen",
        "warnings": ["No Archive Warnings Apply"], "fandoms": "Buffy the Vampire Slayer",
        "language": "en", "complete": "on", "chapter-text": words(483),
        "chapter-text_format": "plain", "action": "post",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_it_posts_a_new_work_as_a_fill_for_the_prompt(author_client, author, prompt):
    url = f"/works/new/?community=fag-ends&prompt={prompt.pk}"
    form = text_of(author_client.get(url).content.decode())
    assert f"this work becomes a fill for the Fag Ends prompt: {SEED_PROMPT}" in form
    response = author_client.post(url, post_data(author))
    work = Work.objects.get()
    assert response.url == f"/works/{work.pk}/"
    assert list(Fill.objects.get(work=work).prompts.all()) == [prompt]


def test_a_post_over_the_limit_is_refused_whole(author_client, author, prompt):
    url = f"/works/new/?community=fag-ends&prompt={prompt.pk}"
    response = author_client.post(url, post_data(author, **{"chapter-text": words(1234)}))
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Fic in Fag Ends is limited to 1,000 words; this work has 1,234." in page
    assert Work.objects.count() == 0 and Chapter.objects.count() == 0
    assert Fill.objects.count() == 0


def test_a_draft_over_the_limit_is_kept_with_a_warning(author_client, author, prompt):
    url = f"/works/new/?community=fag-ends&prompt={prompt.pk}"
    data = post_data(author, action="draft", **{"chapter-text": words(1234)})
    response = author_client.post(url, data, follow=True)
    work = Work.objects.get()
    assert work.status == Status.DRAFT and not Fill.objects.exists()
    page = text_of(response.content.decode())
    assert "The draft is not a fill yet: Fic in Fag Ends is limited to 1,000 words" in page


def test_an_unreleased_prompt_cannot_be_prefilled(author_client, period):
    later = make_prompt(period, "Soon", release_at=timezone.now() + timedelta(days=1))
    assert author_client.get(f"/works/new/?community=fag-ends&prompt={later.pk}").status_code == 404


def test_a_pending_fill_shows_only_to_its_creators(author_client, author, fag_ends, challenge,
                                                   prompt):  # fmt: skip
    work = make_work(author)
    make_fill(work, challenge, prompts=[prompt], status=FillStatus.PENDING)
    assert "Waiting for a moderator" in author_client.get(f"/works/{work.pk}/").content.decode()
    assert SEED_PROMPT not in Client().get(f"/works/{work.pk}/").content.decode()


def test_fill_notes_never_name_an_anonymous_creator(author, fag_ends, period, prompt):
    secret = make_challenge(fag_ends, slug="secret", title="Secret Santa",
                            anonymity=Anonymity.ANONYMOUS,
                            reveal_at=timezone.now() + timedelta(days=10))  # fmt: skip
    secret_prompt = make_prompt(make_period(secret), "Mistletoe")
    work = make_work(author, title="Gift")
    make_fill(work, secret, prompts=[secret_prompt])
    page = Client().get(f"/works/{work.pk}/").content.decode()
    assert "Fill for the Fag Ends prompt: Mistletoe" in text_of(page)
    assert "Anonymous" in page and "author" not in page.lower().replace('rel="author"', "")
