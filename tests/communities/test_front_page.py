"""A community's front page leads with now: the running period and its theme, the prompts
released so far (newest batch first, with fill and claim counts, "new" since the member's last
visit, never one before its release instant), when the next batch comes in the reader's time,
open polls with a vote button, and the member's own claims with their deadlines."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from itertools import pairwise

import pytest
import time_machine
from django.urls import reverse

from ficfest.communities.models import ChallengeKind, Membership, Poll, PollOption, Vote
from ficfest.communities.services.claims import claim_create
from tests.communities.factories import add_member, make_fill, make_period, make_prompt
from tests.factories import client_for, make_user, make_work
from tests.html import text

DEC_1 = datetime(2026, 12, 1, tzinfo=UTC)
DEC_8 = datetime(2026, 12, 8, tzinfo=UTC)
DEC_15 = datetime(2026, 12, 15, tzinfo=UTC)
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
PAGE = "/c/fag-ends/"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def challenge_fields():
    return {"claims_enabled": True, "claim_days": 7}


@pytest.fixture
def month(challenge):
    """December: a batch on the 1st and the 8th (released by the 10th), one on the 15th."""
    period = make_period(challenge, opens_at=DEC_1, days=31, title="December 2026",
                         slug="2026-12", theme="Crossroads")  # fmt: skip
    for release, texts in [
        (DEC_1, ["Cigarette smoke", "Borrowed coat"]),
        (DEC_8, ["Graveyard shift", "Band candy"]),
        (DEC_15, ["Something blue"]),
    ]:
        for prompt_text in texts:
            make_prompt(period, prompt_text, release_at=release)
    return period


def prompt(period, prompt_text):
    return period.prompts.get(text=prompt_text)


def front_prompts(html: str) -> list[tuple[str, str, bool]]:
    """(text, counts, marked new) of each prompt of the running period, in page order."""
    start = html.index('class="now-period"')
    section = html[start : html.index("</section>", start)]
    rows = re.findall(
        r'<li( class="is-new")?><a href="[^"]+">([^<]*)</a>.*?<span class="count">([^<]*)</span>',
        section,
        re.S,
    )
    return [(unescape(t), " ".join(counts.split()), bool(new)) for new, t, counts in rows]


def batch_headings(html: str) -> list[str]:
    return [text(found) for found in re.findall(r"<h4>(.*?)</h4>", html, re.S)]


def said(page) -> str:
    """What the page's main part says, as a reader reads it (no space before punctuation)."""
    html = page if isinstance(page, str) else page.content.decode()
    folded = text(html[html.index("<main") : html.index("</main>")])
    return re.sub(r"\( ", "(", re.sub(r" ([.,:;)])", r"\1", folded))


def seen_at(user, when):
    Membership.objects.filter(user=user).update(last_seen_at=when)


def test_a_member_sees_this_months_released_prompts_newest_batch_first_with_counts_and_new_marks(
    client, member, writer, month, community
):
    add_member(community, writer)
    seen_at(member, DEC_8 - timedelta(days=2))  # before the batch of the 8th, after the 1st's
    smoke = prompt(month, "Cigarette smoke")
    make_fill(make_work(writer, title="Smoke Signals"), month.challenge, period=month,
              prompts=[smoke])  # fmt: skip
    claim_create(prompt=prompt(month, "Band candy"), user=writer)
    client.force_login(member)

    html = client.get(PAGE).content.decode()

    assert front_prompts(html) == [
        ("Graveyard shift", "0 fills · 0 claims", True),
        ("Band candy", "0 fills · 1 claim", True),
        ("Cigarette smoke", "1 fill · 0 claims", False),
        ("Borrowed coat", "0 fills · 0 claims", False),
    ]
    assert batch_headings(html) == [
        "Released Tue 8 Dec 2026, 00:00 UTC new",
        "Released Tue 1 Dec 2026, 00:00 UTC",
    ]
    page = said(client.get(PAGE))  # the visit was recorded: nothing is new any more
    assert "Monthly prompts: December 2026" in page
    assert "Theme: Crossroads" in page
    assert "new 2 prompts released since your last visit." in said(html)
    assert "Something blue" not in html
    assert not any(new for _t, _c, new in front_prompts(client.get(PAGE).content.decode()))


def test_it_never_shows_a_prompt_before_the_exact_instant_of_its_release(
    client, member, month, clock
):
    client.force_login(member)
    seen_at(member, NOW)
    clock.move_to(DEC_15 - timedelta(microseconds=1))
    html = client.get(PAGE).content.decode()
    assert "Something blue" not in html
    assert "Next prompts: Tue 15 Dec 2026, 00:00 UTC." in said(html)

    clock.move_to(DEC_15)
    html = client.get(PAGE).content.decode()
    assert front_prompts(html)[0] == ("Something blue", "0 fills · 0 claims", True)
    assert batch_headings(html)[0] == "Released Tue 15 Dec 2026, 00:00 UTC new"
    assert "No more prompts are scheduled." in said(html)


def test_no_one_sees_an_unreleased_prompt_there_not_even_a_moderator(client, mod, month):
    for viewer in [None, mod]:
        if viewer:
            client.force_login(viewer)
        html = client.get(PAGE).content.decode()
        assert "Graveyard shift" in html
        assert "Something blue" not in html


def test_it_says_when_the_next_batch_comes_in_the_readers_time_zone(client, member, month):
    member.time_zone = "Pacific/Auckland"
    member.save()
    client.force_login(member)
    assert "Next prompts: Tue 15 Dec 2026, 13:00 NZDT." in said(client.get(PAGE))
    # A guest reads the site's zone.
    client.logout()
    assert "Next prompts: Tue 15 Dec 2026, 00:00 UTC." in said(client.get(PAGE))


def test_it_marks_nothing_new_for_guests_or_for_a_member_who_joined_after_the_release(
    client, author, month, community
):
    html = client.get(PAGE).content.decode()
    assert not any(new for _t, _c, new in front_prompts(html))
    add_member(community, author)  # joins now, after every release so far
    client.force_login(author)
    html = client.get(PAGE).content.decode()
    assert not any(new for _t, _c, new in front_prompts(html))
    assert "since your last visit" not in said(html)


def test_it_records_a_visit_at_most_every_few_minutes(client, member, month, clock):
    client.force_login(member)
    client.get(PAGE)
    first = Membership.objects.get(user=member).last_seen_at
    assert first == NOW
    clock.move_to(NOW + timedelta(minutes=2))
    client.get(PAGE)
    assert Membership.objects.get(user=member).last_seen_at == first
    clock.move_to(NOW + timedelta(minutes=6))
    client.get(PAGE)
    assert Membership.objects.get(user=member).last_seen_at == NOW + timedelta(minutes=6)


@pytest.fixture
def poll(challenge):
    """January's theme poll, open now until January begins."""
    january = make_period(challenge, opens_at=DEC_1 + timedelta(days=31), days=31,
                          title="January 2027", slug="2027-01")  # fmt: skip
    poll = Poll.objects.create(period=january, opens_at=NOW - timedelta(days=1),
                               closes_at=january.opens_at)  # fmt: skip
    for option in ["Winter", "Homecoming", "Secrets"]:
        PollOption.objects.create(poll=poll, text=option)
    return poll


def test_it_shows_an_open_poll_with_its_closing_time_and_a_vote_button_that_comes_back(
    client, member, month, poll
):
    client.force_login(member)
    html = client.get(PAGE).content.decode()
    page = said(html)
    assert "Which theme should we have? (Monthly prompts: January 2027)" in page
    assert "Open until Fri 1 Jan 2027, 00:00 UTC." in page
    poll_url = reverse("poll", args=["fag-ends", "monthly", "2027-01"])
    assert f'<form method="post" action="{poll_url}" class="vote-form">' in html
    assert '<button type="submit">Vote</button>' in html

    secrets = poll.options.get(text="Secrets")
    response = client.post(poll_url, {"action": "vote", "option": secrets.pk,
                                      "next": PAGE + f"#poll-{poll.pk}-heading"})  # fmt: skip
    assert response.status_code == 302 and response.url == PAGE + f"#poll-{poll.pk}-heading"
    assert Vote.objects.get(poll=poll, user=member).option == secrets
    html = client.get(PAGE).content.decode()
    assert "Your vote is in." in said(html)
    assert "Your vote (now: Secrets)" in said(html)
    assert f'value="{secrets.pk}" id="poll-{poll.pk}-option-{secrets.pk}" required checked' in html
    assert '<button type="submit">Change my vote</button>' in html


def test_it_sends_a_vote_with_a_foreign_next_to_the_poll_page(client, member, month, poll):
    client.force_login(member)
    poll_url = reverse("poll", args=["fag-ends", "monthly", "2027-01"])
    option = poll.options.first()
    response = client.post(poll_url, {"action": "vote", "option": option.pk,
                                      "next": "https://evil.example/"})  # fmt: skip
    assert response.url == poll_url


def test_a_poll_asks_guests_to_log_in_and_non_members_to_join(client, stranger, month, poll):
    page = said(client.get(PAGE))
    assert "Log in to vote, or see the options." in page
    assert "Vote</button>" not in client.get(PAGE).content.decode()
    client.force_login(stranger)
    assert "Only members can vote: join to have your say." in said(client.get(PAGE))


def test_it_lists_the_members_own_claims_with_their_deadlines(client, member, writer, month,
                                                             community):  # fmt: skip
    add_member(community, writer)
    claim_create(prompt=prompt(month, "Graveyard shift"), user=member)
    claim_create(prompt=prompt(month, "Band candy"), user=writer)
    client.force_login(member)
    html = client.get(PAGE).content.decode()
    claims = html[html.index('<h2 id="claims-heading">') :]
    claims = said("<main>" + claims[: claims.index("</section>")] + "</main>")
    assert claims == (
        "Your claims Graveyard shift (December 2026): due Thu 17 Dec 2026, 12:00 UTC. "
        "All your claims"
    )
    assert "claimed by you" in said(html)
    client.force_login(writer)
    assert "Graveyard shift (December 2026): due" not in said(client.get(PAGE))


def test_a_prompt_meme_lists_its_prompts_newest_first_in_one_list(client, community, member):
    from tests.communities.factories import make_challenge

    meme = make_challenge(community, slug="meme", title="Prompt meme", kind=ChallengeKind.MEME)
    period = make_period(meme, opens_at=NOW - timedelta(days=3), days=30, title="Round one",
                         slug="round-one")  # fmt: skip
    for hours, prompt_text in [(30, "Karaoke at the Bronze"), (2, "Poker with kittens")]:
        make_prompt(period, prompt_text, release_at=NOW - timedelta(hours=hours))
    seen_at(member, NOW - timedelta(hours=10))
    client.force_login(member)
    html = client.get(PAGE).content.decode()
    assert front_prompts(html) == [
        ("Poker with kittens", "0 fills", True),
        ("Karaoke at the Bronze", "0 fills", False),
    ]
    assert batch_headings(html) == []
    assert "Prompt meme: Round one" in said(html)
    assert "Next prompts" not in said(html)


def test_the_page_keeps_its_headings_in_order(client, member, month, poll, mod):
    claim_create(prompt=prompt(month, "Graveyard shift"), user=member)
    for viewer in [member, mod]:
        client.force_login(viewer)
        html = client.get(PAGE).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in pairwise(levels)), levels


def test_a_ficathon_says_where_it_stands(client, community):
    from tests.communities.factories import make_challenge

    make_challenge(community, slug="winter", title="Winter Ficathon", kind=ChallengeKind.FICATHON,
                   signups_open_at=NOW - timedelta(days=1),
                   signups_close_at=NOW + timedelta(days=5))  # fmt: skip
    page = said(client.get(PAGE))
    assert "Winter Ficathon: sign-ups are open until Tue 15 Dec 2026, 12:00 UTC. Sign up" in page


def test_a_challenge_between_periods_names_the_next_one(client, challenge):
    make_period(challenge, opens_at=DEC_15, days=17, title="Late December", slug="late-dec")
    page = said(client.get(PAGE))
    assert "Coming up Monthly prompts: Late December opens Tue 15 Dec 2026, 00:00 UTC." in page


def test_a_stranger_sees_no_claims_section_and_no_new_marks(client, month):
    client.force_login(make_user("passerby"))
    html = client.get(PAGE).content.decode()
    assert "Your claims" not in html
    assert not any(new for _t, _c, new in front_prompts(html))
    assert client_for(make_user("other")).get(PAGE).status_code == 200
