"""Prompts: moderators' batches hidden until released, prompt pages with their fills, and
members' prompts in a prompt meme (anonymous ones never show their poster)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from ficfest.communities.models import Anonymity, ChallengeKind, Prompt
from ficfest.works.models import Status
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import client_for, make_user, make_work

PERIOD = "/c/fag-ends/challenges/monthly/this-month/"


def test_an_unreleased_prompt_exists_only_for_moderators(period, owner, member, stranger):
    later = timezone.now() + timedelta(days=3)
    secret = make_prompt(period, "The secret prompt", release_at=later)
    make_prompt(period, "The open prompt")
    url = f"/c/fag-ends/prompts/{secret.pk}/"
    for reader in (client_for(member), client_for(stranger), Client()):
        assert reader.get(url).status_code == 404
        assert reader.post(f"{url}claim/").status_code in {404, 302}
        page = reader.get(PERIOD).content.decode()
        assert "The open prompt" in page
        assert "secret" not in page and f"/prompts/{secret.pk}/" not in page
        assert "Scheduled" not in page
        assert page.count("/c/fag-ends/prompts/") == 1
    moderator_page = client_for(owner).get(url).content.decode()
    assert (
        "The secret prompt" in moderator_page
        and "only moderators see this prompt" in moderator_page
    )
    period_page = client_for(owner).get(PERIOD).content.decode()
    assert "The secret prompt" in period_page and "Scheduled for" in period_page
    with time_machine.travel(later + timedelta(seconds=1), tick=False):
        assert "The secret prompt" in Client().get(url).content.decode()


def test_the_prompt_page_lists_visible_fills_newest_first(challenge, period, member, coauthor):
    prompt = make_prompt(period, "From the world below, to the world above.")
    older = make_work(member, title="Ash and Embers")
    newer = make_work(coauthor, title="Sunrise Again")
    draft = make_work(member, title="Unfinished Business", status=Status.DRAFT)
    for work in (older, newer, draft):
        make_fill(work, challenge, period=period, prompts=[prompt])
    type(older).objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=2))
    page = Client().get(f"/c/fag-ends/prompts/{prompt.pk}/").content.decode()
    assert "From the world below, to the world above." in page
    assert page.index("Sunrise Again") < page.index("Ash and Embers")
    assert "Unfinished Business" not in page
    assert "/c/fag-ends/challenges/monthly/this-month/" in page
    period_page = Client().get(PERIOD).content.decode()
    assert "2 fills" in period_page and "Unfinished Business" not in period_page
    assert "Sunrise Again" in period_page  # the period's works, as blurbs


def test_the_prompt_page_links_to_posting_a_fill(period, member):
    prompt = make_prompt(period)
    page = client_for(member).get(f"/c/fag-ends/prompts/{prompt.pk}/").content.decode()
    assert f'href="/works/new/?community=fag-ends&amp;prompt={prompt.pk}"' in page


def test_anonymous_creators_stay_hidden_on_prompt_pages(community, owner, member):
    challenge = make_challenge(
        community,
        slug="anon",
        anonymity=Anonymity.ANONYMOUS,
        reveal_at=timezone.now() + timedelta(days=5),
    )
    period = make_period(challenge)
    prompt = make_prompt(period)
    make_fill(make_work(member, title="Masked"), challenge, period=period, prompts=[prompt])
    page = Client().get(f"/c/fag-ends/prompts/{prompt.pk}/").content.decode()
    assert "Masked" in page and "Anonymous" in page and "author" not in page


def batch_data(**overrides: str) -> dict[str, str]:
    data = {"prompts": "Teeth\n\n  Graveyard dirt  \nSunrise", "tags": "angst, Angst, fluff"}
    data["release_at"] = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data.update(overrides)
    return data


def test_moderators_add_a_batch_released_later(period, owner, member):
    url = f"{PERIOD}prompts/batch/"
    response = client_for(owner).post(url, batch_data())
    assert response.status_code == 302 and response.url == PERIOD
    prompts = list(Prompt.objects.order_by("pk"))
    assert [p.text for p in prompts] == ["Teeth", "Graveyard dirt", "Sunrise"]
    assert [t.name for t in prompts[0].tags.all()] == ["angst", "fluff"]
    assert len({p.release_at for p in prompts}) == 1
    assert "Teeth" not in client_for(member).get(PERIOD).content.decode()
    assert client_for(member).get(url).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"prompts": " \n \n"}, "Add at least one prompt, one per line."),
        ({"prompts": "x" * 2001}, "at most 2000 characters"),
        ({"release_at": ""}, "This field is required."),
        ({"release_at": "2001-01-01T00:00"}, "Release the batch while the period runs"),
        ({"tags": "x" * 151}, "Tags can be at most 150 characters"),
    ],
)
def test_it_refuses_a_bad_batch_and_saves_nothing(period, owner, overrides, message):
    response = client_for(owner).post(f"{PERIOD}prompts/batch/", batch_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Prompt.objects.exists()


@pytest.fixture
def meme(community):
    challenge = make_challenge(community, slug="meme", kind=ChallengeKind.MEME)
    return make_period(
        challenge,
        slug="round-1",
        title="Round 1",
        prompts_close_at=timezone.now() + timedelta(days=10),
    )


MEME = "/c/fag-ends/challenges/meme/round-1/"


def test_an_anonymous_prompt_never_shows_its_poster(meme, member, owner):
    reader = make_user("reader")
    add_member(meme.challenge.community, reader)
    response = client_for(member).post(
        f"{MEME}prompts/new/", {"text": "Spike learns to knit.", "tags": "crack", "anonymous": "on"}
    )
    prompt = Prompt.objects.get()
    assert response.url == f"/c/fag-ends/prompts/{prompt.pk}/"
    assert prompt.anonymous and prompt.posted_by == member and prompt.is_released
    for client in (client_for(reader), Client()):
        for url in (response.url, MEME):
            page = client.get(url).content.decode()
            assert "Spike learns to knit." in page
            assert not re.search(r"(?<![\w-])author(?![\w-])", page)
    assert "Posted anonymously" in Client().get(response.url).content.decode()
    moderator_page = client_for(owner).get(response.url).content.decode()
    assert "by author; only moderators see this" in moderator_page


def test_a_named_prompt_shows_its_poster(meme, member):
    client_for(member).post(f"{MEME}prompts/new/", {"text": "Buffy bakes.", "tags": ""})
    prompt = Prompt.objects.get()
    assert not prompt.anonymous
    page = Client().get(f"/c/fag-ends/prompts/{prompt.pk}/").content.decode()
    assert re.search(r'Posted by <a href="/users/author/">author</a>', page)


def test_a_meme_without_anonymous_prompts_offers_no_such_box(meme, member):
    meme.challenge.anonymous_prompts = False
    meme.challenge.save()
    client = client_for(member)
    form = client.get(f"{MEME}prompts/new/")
    assert form.status_code == 200 and 'name="text"' in form.content.decode()
    assert 'name="anonymous"' not in form.content.decode()
    client.post(f"{MEME}prompts/new/", {"text": "Named anyway.", "anonymous": "on"})
    prompt = Prompt.objects.get()
    assert prompt.text == "Named anyway." and not prompt.anonymous


def test_a_fill_only_period_refuses_prompts(meme, member):
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        client = client_for(member)
        page = client.get(f"{MEME}prompts/new/").content.decode()
        assert "fill-only now" in page and 'name="text"' not in page
        response = client.post(f"{MEME}prompts/new/", {"text": "Too late."})
        assert response.status_code == 403 and "fill-only now" in response.content.decode()
        assert "Fill-only" in Client().get(MEME).content.decode()
    assert not Prompt.objects.exists()


def test_only_members_post_prompts_to_a_members_only_meme(meme, stranger):
    response = client_for(stranger).post(f"{MEME}prompts/new/", {"text": "Let me in."})
    assert response.status_code == 403
    assert "Only members of Fag Ends can post prompts here." in response.content.decode()
    assert Client().get(f"{MEME}prompts/new/").status_code == 302  # to the login page
    assert not Prompt.objects.exists()


def test_anyone_logged_in_posts_when_the_community_lets_them(meme, stranger):
    community = meme.challenge.community
    community.members_only_posting = False
    community.save()
    client_for(stranger).post(f"{MEME}prompts/new/", {"text": "Open door."})
    assert Prompt.objects.get().posted_by == stranger


def test_an_empty_meme_prompt_is_refused(meme, member):
    response = client_for(member).post(f"{MEME}prompts/new/", {"text": "   "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not Prompt.objects.exists()


def test_a_prompt_challenge_takes_no_member_prompts(period, member):
    assert client_for(member).get(f"{PERIOD}prompts/new/").status_code == 404


def test_a_meme_before_it_opens_takes_no_prompts(community, member):
    challenge = make_challenge(community, slug="meme", kind=ChallengeKind.MEME)
    make_period(challenge, slug="soon", opens_at=datetime(2999, 1, 1, tzinfo=UTC))
    url = "/c/fag-ends/challenges/meme/soon/prompts/new/"
    response = client_for(member).post(url, {"text": "Early bird."})
    assert response.status_code == 403 and "is not open yet" in response.content.decode()
