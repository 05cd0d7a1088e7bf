"""Searching prompts: /search/?in=prompts and the box on challenge and period pages, with the
unfilled and unclaimed filters; scheduled prompts stay hidden until their release."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ficfest.communities.models import Claim, FillStatus, Prompt
from ficfest.search.engine import PROMPTS, search
from tests.communities.factories import make_fill, make_prompt
from tests.factories import default_pseud, make_user, make_work
from tests.html import main
from tests.search.index import index_ids


def found(client, q: str, **params) -> list[str]:
    response = client.get("/search/", {"q": q, "in": "prompts", **params})
    assert response.status_code == 200
    return [prompt.text for prompt, *_rest in response.context["results"]]


@pytest.fixture
def prompts(period, indexed):
    with indexed():
        rain = make_prompt(period, "Rain on the Bronze, and nobody has an umbrella.")
        storm = make_prompt(period, "A storm at the Magic Box; the lights go out.")
        later = make_prompt(
            period, "Rain again, but scheduled.", release_at=timezone.now() + timedelta(days=3)
        )
    return {"rain": rain, "storm": storm, "later": later}


def test_it_finds_released_prompts_by_their_words(client, prompts):
    assert found(client, "rain") == ["Rain on the Bronze, and nobody has an umbrella."]
    assert sorted(found(client, "umbrella OR lights")) == [
        "A storm at the Magic Box; the lights go out.",
        "Rain on the Bronze, and nobody has an umbrella.",
    ]


def test_it_keeps_scheduled_prompts_hidden(client, prompts):
    assert "Rain again, but scheduled." not in found(client, "rain")


def test_it_leaves_out_filled_prompts_when_asked(client, prompts, author, challenge, period):
    work = make_work(author, title="Umbrella")
    make_fill(work, challenge, period=period, prompts=[prompts["rain"]], status=FillStatus.APPROVED)
    assert found(client, "rain OR storm", unfilled="1") == [
        "A storm at the Magic Box; the lights go out."
    ]


def test_it_counts_a_hidden_fill_as_no_fill(client, prompts, author, challenge, period):
    work = make_work(author, title="Draft fill", status="draft")
    make_fill(work, challenge, period=period, prompts=[prompts["rain"]])
    assert "Rain on the Bronze, and nobody has an umbrella." in found(client, "rain", unfilled="1")


def test_it_leaves_out_claimed_prompts_when_asked(client, prompts, author):
    Claim.objects.create(
        prompt=prompts["storm"],
        user=author,
        pseud=default_pseud(author),
        due_at=timezone.now() + timedelta(days=7),
    )
    assert found(client, "rain OR storm", unclaimed="1") == [
        "Rain on the Bronze, and nobody has an umbrella."
    ]


def test_it_searches_one_period_from_its_page(client, prompts, community, challenge, period):
    page = main(
        client.get(
            f"/c/{community.slug}/challenges/{challenge.slug}/{period.slug}/"
        ).content.decode()
    )
    assert 'name="in" value="prompts"' in page and f'value="{period.slug}"' in page
    params = {"community": community.slug, "challenge": challenge.slug, "period": period.slug}
    assert len(found(client, "storm", **params)) == 1
    assert found(client, "storm", community="no-such-place") == []


def test_it_marks_the_words_in_prompt_results(client, prompts):
    page = main(client.get("/search/", {"q": "umbrella", "in": "prompts"}).content.decode())
    assert "<mark>umbrella</mark>" in page


def test_the_index_never_holds_who_posted_a_prompt(period, indexed):
    poster = make_user("poster")
    with indexed():
        make_prompt(period, "Snow in Sunnydale.", posted_by=poster, anonymous=True)
    assert not search("poster", kind=PROMPTS).filter(Prompt.objects.all()).exists()


def test_a_deleted_prompt_leaves_the_index(prompts):
    storm = prompts["storm"].pk
    assert index_ids("storm", PROMPTS) == [storm]
    prompts["storm"].delete()
    assert index_ids("storm", PROMPTS) == []
