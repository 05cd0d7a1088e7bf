"""Moderators set up challenges from the web: prompt challenges, prompt memes and ficathons."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from ficfest.communities.models import Anonymity, Challenge, ChallengeKind
from tests.communities.factories import make_challenge, make_community, make_period
from tests.factories import client_for

NEW = "/c/fag-ends/challenges/new/"


def challenge_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Monthly prompts",
        "slug": "monthly",
        "kind": ChallengeKind.PROMPTS,
        "description": "Five prompts on the 1st, 8th, 15th and 22nd.",
        "anonymity": Anonymity.NONE,
        "reveal_at": "",
        "claim_limit": "1",
        "claim_days": "14",
        "reminder_days": "2",
        "anonymous_prompts": "on",
        "signups_open_at": "",
        "signups_close_at": "",
        "assignments_due_at": "",
    }
    data.update(overrides)
    return data


def test_a_moderator_creates_the_seeds_monthly_challenge(community, owner):
    response = client_for(owner).post(NEW, challenge_data())
    assert response.status_code == 302
    assert response.url == "/c/fag-ends/challenges/monthly/"
    challenge = Challenge.objects.get()
    assert (challenge.community, challenge.kind, challenge.claims_enabled) == (
        community,
        ChallengeKind.PROMPTS,
        False,
    )
    page = Client().get(response.url).content.decode()
    assert "<h1>Monthly prompts</h1>" in page and "Five prompts on the 1st" in page


def test_a_moderator_creates_an_anonymous_meme_with_claims(community, owner):
    data = challenge_data(
        slug="kink-meme",
        title="Kink meme",
        kind=ChallengeKind.MEME,
        anonymity=Anonymity.ANONYMOUS,
        reveal_at="2030-01-01T00:00",
        claims_enabled="on",
        claim_limit="3",
        claim_days="10",
        reminder_days="3",
    )
    assert client_for(owner).post(NEW, data).status_code == 302
    meme = Challenge.objects.get()
    assert (meme.claim_limit, meme.claim_days, meme.reminder_days) == (3, 10, 3)
    assert meme.reveal_at == datetime(2030, 1, 1, tzinfo=UTC) and meme.anonymous_prompts
    page = Client().get("/c/fag-ends/challenges/kink-meme/").content.decode()
    assert "Up to 3 open claims per member, 10 days each" in page


def test_a_moderator_sets_a_ficathons_sign_up_window(community, owner):
    data = challenge_data(
        slug="ficathon",
        kind=ChallengeKind.FICATHON,
        signups_open_at="2025-01-01T00:00",
        signups_close_at="2025-02-01T00:00",
        assignments_due_at="2025-04-01T00:00",
    )
    assert client_for(owner).post(NEW, data).status_code == 302
    ficathon = Challenge.objects.get()
    assert ficathon.signups_close_at == datetime(2025, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"anonymity": Anonymity.UNREVEALED}, "need a reveal time"),
        ({"slug": "new"}, "is reserved"),
        ({"slug": "not a slug"}, "Enter a valid “slug”"),
        ({"title": ""}, "This field is required."),
        ({"kind": "bingo"}, "Select a valid choice."),
        (
            {"claims_enabled": "on", "claim_days": "2", "reminder_days": "2"},
            "The reminder must come before the deadline",
        ),
        ({"claim_limit": "0"}, "greater than or equal to 1"),
        (
            {"signups_open_at": "2025-02-01T00:00", "signups_close_at": "2025-01-01T00:00"},
            "Sign-ups must close after they open.",
        ),
        (
            {"signups_close_at": "2025-02-01T00:00", "assignments_due_at": "2025-01-01T00:00"},
            "Works must be due after sign-ups close.",
        ),
    ],
)
def test_it_refuses_a_bad_challenge_and_saves_nothing(community, owner, overrides, message):
    response = client_for(owner).post(NEW, challenge_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Challenge.objects.exists()


def test_a_challenge_address_is_unique_in_its_community(community, owner):
    make_challenge(community, slug="monthly")
    response = client_for(owner).post(NEW, challenge_data())
    assert "Another challenge of this community already uses this address." in (
        response.content.decode()
    )
    assert Challenge.objects.count() == 1
    elsewhere = make_community(owner, slug="overflow", name="Overflow")
    assert (
        client_for(owner).post("/c/overflow/challenges/new/", challenge_data()).status_code == 302
    )
    assert Challenge.objects.filter(community=elsewhere, slug="monthly").exists()


def test_a_moderator_edits_a_challenge(community, owner):
    make_challenge(community)
    url = "/c/fag-ends/challenges/monthly/edit/"
    assert 'value="Monthly prompts"' in client_for(owner).get(url).content.decode()
    response = client_for(owner).post(
        url, challenge_data(title="Fag End prompts", claims_enabled="on")
    )
    assert response.url == "/c/fag-ends/challenges/monthly/"
    challenge = Challenge.objects.get()
    assert challenge.title == "Fag End prompts" and challenge.claims_enabled
    response = client_for(owner).post(
        url, challenge_data(anonymity=Anonymity.ANONYMOUS, slug="new")
    )
    assert "need a reveal time" in response.content.decode()
    assert 'href="/c/fag-ends/challenges/monthly/"' in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.anonymity == Anonymity.NONE


def test_members_and_strangers_cannot_set_up_challenges(community, member, stranger):
    make_challenge(community)
    for user in (member, stranger):
        client = client_for(user)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, challenge_data(slug="mine")).status_code == 403
        assert (
            client.post(
                "/c/fag-ends/challenges/monthly/edit/", challenge_data(title="Hijacked")
            ).status_code
            == 403
        )
        assert client.get("/c/fag-ends/challenges/monthly/periods/new/").status_code == 403
    assert Client().get(NEW).status_code == 302
    assert list(Challenge.objects.values_list("title", flat=True)) == ["Monthly prompts"]


def test_the_challenge_page_shows_moderator_links_only_to_moderators(community, owner, member):
    challenge = make_challenge(community)
    make_period(challenge, title="The current one")
    page = client_for(member).get("/c/fag-ends/challenges/monthly/").content.decode()
    assert "The current one" in page and "Schedule a month" not in page
    assert "New period" not in page
    page = client_for(owner).get("/c/fag-ends/challenges/monthly/").content.decode()
    assert "/c/fag-ends/challenges/monthly/schedule/" in page
    assert "/c/fag-ends/challenges/monthly/periods/new/" in page


def test_unknown_challenges_and_periods_are_not_found(community):
    assert Client().get("/c/fag-ends/challenges/nope/").status_code == 404
    assert Client().get("/c/nowhere/challenges/new/").status_code == 302  # login first
    make_challenge(community)
    assert Client().get("/c/fag-ends/challenges/monthly/nope/").status_code == 404
