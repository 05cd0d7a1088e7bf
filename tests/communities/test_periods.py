"""Periods and the month a moderator schedules in one form, then watches run by itself."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from ficfest.communities.models import Period, Poll, Prompt
from ficfest.communities.services.challenges import period_schedule_month
from tests.communities.factories import (
    make_challenge,
    make_community,
    make_period,
    make_prompt,
)
from tests.factories import client_for
from tests.html import text

FEB_20 = datetime(2025, 2, 20, 12, tzinfo=UTC)
SCHEDULE = "/c/fag-ends/challenges/monthly/schedule/"
MARCH = "/c/fag-ends/challenges/monthly/2025-03/"


def month_data(**overrides: str) -> dict[str, str]:
    """March 2025 as COMMUNITY.md §1 runs it: four batches of five prompts and a theme poll."""
    data = {
        "year": "2025",
        "month": "3",
        "poll_options": "Graveyards\nSunrise\nTeeth",
        "poll_opens_at": "",
        "poll_closes_at": "2025-02-28T23:00",
        "batch_5_day": "",
        "batch_5_prompts": "",
    }
    for batch, day in enumerate([1, 8, 15, 22], start=1):
        data[f"batch_{batch}_day"] = str(day)
        data[f"batch_{batch}_prompts"] = "\n".join(f"Prompt {batch}.{n}" for n in range(1, 6))
    data.update(overrides)
    return data


def prompt_texts(html: str) -> list[str]:
    return re.findall(r">(Prompt \d\.\d)</a>", html)


def test_it_schedules_a_month_that_then_runs_by_itself(challenge, owner, member, stranger):
    with time_machine.travel(FEB_20, tick=False):
        response = client_for(owner).post(SCHEDULE, month_data())
        assert response.status_code == 302 and response.url == MARCH
        period = Period.objects.get()
        assert (period.title, period.opens_at, period.closes_at) == (
            "March 2025",
            datetime(2025, 3, 1, tzinfo=UTC),
            datetime(2025, 4, 1, tzinfo=UTC),
        )
        assert Prompt.objects.filter(period=period).count() == 20
        # Before the 1st: members see no prompt, not even a trace of one; moderators see all.
        page = client_for(member).get(MARCH).content.decode()
        assert prompt_texts(page) == [] and "Scheduled for" not in page
        assert "Theme to be decided by poll" in page
        mod_page = client_for(owner).get(MARCH).content.decode()
        assert len(prompt_texts(mod_page)) == 20
        assert "Scheduled for Sat 1 Mar 2025, 00:00 UTC" in text(mod_page)
        client_for(member).post(f"{MARCH}poll/", {"action": "vote", "option": _option("Sunrise")})
    expected = {1: 5, 8: 10, 15: 15, 22: 20}
    for day, count in expected.items():
        with time_machine.travel(datetime(2025, 3, day, 0, 0, 1, tzinfo=UTC), tick=False):
            for reader in (client_for(member), client_for(stranger), Client()):
                page = reader.get(MARCH).content.decode()
                assert len(prompt_texts(page)) == count, (day, page)
                assert "Scheduled for" not in page
                assert "<strong>Sunrise</strong>" in page
    with time_machine.travel(datetime(2025, 3, 7, 23, 59, tzinfo=UTC), tick=False):
        page = Client().get(MARCH).content.decode()
        assert prompt_texts(page) == [f"Prompt 1.{n}" for n in range(1, 6)]


def _option(text: str) -> int:
    return Poll.objects.get().options.get(text=text).pk


def test_it_makes_the_period_current_on_the_challenge_page(challenge, owner, member):
    with time_machine.travel(FEB_20, tick=False):
        client_for(owner).post(SCHEDULE, month_data())
        upcoming = client_for(member).get("/c/fag-ends/challenges/monthly/").content.decode()
        assert "No period is running right now." in upcoming and "March 2025" in upcoming
    with time_machine.travel(datetime(2025, 3, 2, tzinfo=UTC), tick=False):
        page = client_for(member).get("/c/fag-ends/challenges/monthly/").content.decode()
        current = re.search(r'class="current-period">(.*?)</p>', page, re.S)
        assert current and "March 2025" in current.group(1)
        assert "Schedule a month" not in page
        assert (
            "Schedule a month"
            in client_for(owner).get("/c/fag-ends/challenges/monthly/").content.decode()
        )
    with time_machine.travel(datetime(2025, 4, 2, tzinfo=UTC), tick=False):
        page = Client().get("/c/fag-ends/challenges/monthly/").content.decode()
        assert re.search(r'id="past-heading".*March 2025', page, re.S)


def test_it_makes_a_month_without_a_poll_and_with_fewer_batches(challenge, owner):
    data = month_data(poll_options="", poll_closes_at="", batch_4_day="", batch_4_prompts="")
    with time_machine.travel(FEB_20, tick=False):
        assert client_for(owner).post(SCHEDULE, data).status_code == 302
    assert Prompt.objects.count() == 15 and not Poll.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"month": "13"}, "Choose a month from January to December."),
        ({"month": "0"}, "Choose a month from January to December."),
        ({"year": "1999"}, "greater than or equal to 2000"),
        ({"batch_2_prompts": "  \n "}, "Add this batch&#x27;s prompts"),
        ({"batch_3_day": "31", "month": "2"}, "That month has only 28 days."),
        ({"batch_3_day": "8"}, "Another batch is released that day."),
        ({"batch_5_prompts": "A fifth batch without a day"}, "Give this batch a release day."),
        ({"poll_options": "Only one"}, "at least two options"),
        ({"poll_closes_at": ""}, "Say when the poll closes."),
        ({"poll_closes_at": "2025-04-05T00:00"}, "must close by the end of the period"),
        ({"poll_closes_at": "2025-02-01T00:00"}, "must close after it opens"),
        ({"month": "1"}, "January 2025 is already over."),
    ],
)
def test_it_refuses_a_bad_month_and_saves_nothing(challenge, owner, overrides, message):
    with time_machine.travel(FEB_20, tick=False):
        response = client_for(owner).post(SCHEDULE, month_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Period.objects.exists() and not Prompt.objects.exists()
    assert not Poll.objects.exists()


def test_it_refuses_a_month_that_overlaps_a_period(challenge, owner):
    make_period(challenge, opens_at=datetime(2025, 3, 20, tzinfo=UTC), slug="spring")
    with time_machine.travel(FEB_20, tick=False):
        response = client_for(owner).post(SCHEDULE, month_data())
    assert "overlap" in response.content.decode()
    assert Period.objects.count() == 1 and not Prompt.objects.exists()


def test_the_service_refuses_nonsense_and_saves_nothing(challenge, owner):
    good = {
        "challenge": challenge,
        "year": 2025,
        "release_days": [1, 8],
        "by": owner,
        "batches": [["One"], ["Two"]],
        "poll_options": [],
        "poll_opens_at": None,
        "poll_closes_at": None,
    }
    with time_machine.travel(FEB_20, tick=False):
        for month, changes in [
            (13, {}),
            (3, {"batches": [["One"], []]}),
            (2, {"release_days": [1, 30]}),
            (3, {"release_days": [1]}),
            (3, {"poll_options": ["A", "B"]}),
        ]:
            with pytest.raises(ValidationError):
                period_schedule_month(month=month, **{**good, **changes})
        assert not Period.objects.exists() and not Prompt.objects.exists()
        period_schedule_month(month=3, **good)
    assert Prompt.objects.count() == 2


def test_only_moderators_schedule(challenge, member):
    assert client_for(member).get(SCHEDULE).status_code == 403
    assert client_for(member).post(SCHEDULE, month_data()).status_code == 403
    assert not Period.objects.exists()


def period_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Round one",
        "slug": "round-one",
        "opens_at": "2025-05-01T00:00",
        "closes_at": "2025-06-01T00:00",
        "theme": "",
        "prompts_close_at": "",
    }
    data.update(overrides)
    return data


def test_it_creates_and_edits_a_period(challenge, owner):
    client = client_for(owner)
    response = client.post("/c/fag-ends/challenges/monthly/periods/new/", period_data())
    assert response.url == "/c/fag-ends/challenges/monthly/round-one/"
    response = client.post(f"{response.url}edit/", period_data(theme="Teeth", title="Round 1"))
    assert response.status_code == 302
    period = Period.objects.get()
    assert (period.title, period.current_theme()) == ("Round 1", "Teeth")
    assert "Teeth" in Client().get(response.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2025-04-30T00:00"}, "A period must close after it opens."),
        ({"closes_at": "2025-05-01T00:00"}, "A period must close after it opens."),
        ({"opens_at": "2025-03-15T00:00"}, "overlap “March 2025”"),
        ({"slug": "2025-03"}, "already uses this address"),
        ({"slug": "signup"}, "is reserved"),
        ({"prompts_close_at": "2025-07-01T00:00"}, "Prompts must close after the period opens"),
        ({"opens_at": "yesterday"}, "Enter a valid date/time."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_it_refuses_bad_periods_and_saves_nothing(challenge, owner, overrides, message):
    make_period(
        challenge,
        opens_at=datetime(2025, 3, 1, tzinfo=UTC),
        days=31,
        slug="2025-03",
        title="March 2025",
    )
    response = client_for(owner).post(
        "/c/fag-ends/challenges/monthly/periods/new/", period_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Period.objects.count() == 1


def test_editing_a_period_into_its_neighbour_is_refused(challenge, owner):
    make_period(
        challenge, opens_at=datetime(2025, 3, 1, tzinfo=UTC), days=31, slug="march", title="March"
    )
    april = make_period(
        challenge, opens_at=datetime(2025, 4, 1, tzinfo=UTC), days=30, slug="april", title="April"
    )
    response = client_for(owner).post(
        "/c/fag-ends/challenges/monthly/april/edit/",
        period_data(slug="april", title="April", opens_at="2025-03-31T00:00"),
    )
    assert "overlap “March”" in response.content.decode()
    april.refresh_from_db()
    assert april.opens_at == datetime(2025, 4, 1, tzinfo=UTC)
    response = client_for(owner).post(
        "/c/fag-ends/challenges/monthly/april/edit/", period_data(slug="signup", title="April")
    )
    assert response.status_code == 200 and "is reserved" in response.content.decode()
    assert 'href="/c/fag-ends/challenges/monthly/april/"' in response.content.decode()
    april.refresh_from_db()
    assert april.slug == "april"


def test_period_addresses_leave_the_challenges_own_pages_alone(challenge):
    for word in ("signup", "signups", "assignments", "edit", "schedule"):
        try:
            match = resolve(f"/c/fag-ends/challenges/monthly/{word}/")
        except Resolver404:
            continue
        assert match.url_name != "period"
    assert resolve("/c/fag-ends/challenges/monthly/editorial/").url_name == "period"


def test_it_tells_readers_when_the_next_prompts_come_without_their_text(moderator, client):
    challenge = make_challenge(make_community(moderator))
    period = make_period(challenge)
    soon = timezone.now() + timedelta(days=3)
    make_prompt(period, "Secret prompt text", release_at=soon)
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Prompts still to come" in page and soon.strftime("%Y") in page
    assert "Secret prompt text" not in page
