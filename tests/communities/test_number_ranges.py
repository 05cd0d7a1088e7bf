"""Every number a person types has a range, and the periodic jobs survive a row from before the
ranges: one bad challenge is logged and everyone else still gets their reminders."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ficfest.communities.models import Challenge, Community
from ficfest.communities.services.polls import OPTIONS_MAX, poll_create
from ficfest.communities.services.prompts import PROMPTS_MAX, prompt_batch_create
from ficfest.communities.tasks import claims_send_reminders
from ficfest.lib import ticks
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    make_prompt,
)
from tests.communities.test_challenges import NEW, challenge_data
from tests.communities.test_community import form_data
from tests.factories import client_for, make_user

START = datetime(2025, 3, 2, 12, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return make_user("owner")


@pytest.fixture
def community(owner):
    return make_community(owner)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"claims_enabled": "on", "claim_days": "99999999999"}, "less than or equal to 365"),
        ({"claim_days": "0"}, "greater than or equal to 1"),
        ({"claim_limit": "101"}, "less than or equal to 100"),
        ({"claim_days": "365", "reminder_days": "365"}, "less than or equal to 364"),
        ({"claims_enabled": "on", "claim_days": "30", "reminder_days": "30"}, "must come before"),
    ],
)
def test_it_refuses_claim_numbers_out_of_range(community, owner, overrides, message):
    response = client_for(owner).post(NEW, challenge_data(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Challenge.objects.exists()


def test_it_refuses_a_form_limit_over_a_million(author_client):
    response = author_client.post("/c/new/", form_data(limit_fic="99999999999"))

    assert response.status_code == 200
    assert "less than or equal to 1000000" in response.content.decode()
    assert not Community.objects.exists()


def test_it_refuses_a_poll_with_too_many_options(community, owner):
    period = make_period(make_challenge(community))
    options = [f"Theme {n}" for n in range(OPTIONS_MAX + 1)]

    with pytest.raises(ValidationError, match=f"at most {OPTIONS_MAX} options"):
        poll_create(period=period, options=options, opens_at=period.opens_at,
                    closes_at=period.closes_at, by=owner)  # fmt: skip


def test_it_refuses_a_batch_of_too_many_prompts(community, owner):
    period = make_period(make_challenge(community))

    with pytest.raises(ValidationError, match=f"at most {PROMPTS_MAX} prompts"):
        prompt_batch_create(period=period, texts=["A prompt"] * (PROMPTS_MAX + 1),
                            release_at=period.opens_at, tags=[], by=owner)  # fmt: skip


def claimed_prompt(community, slug, claimer):
    challenge = make_challenge(community, slug=slug, title=f"The {slug} one", claims_enabled=True,
                               claim_days=7, reminder_days=2)  # fmt: skip
    period = make_period(challenge, opens_at=datetime(2025, 3, 1, tzinfo=UTC), days=31)
    prompt = make_prompt(period, f"Prompt of {slug}", release_at=datetime(2025, 3, 1, tzinfo=UTC))
    client_for(claimer).post(f"/c/fag-ends/prompts/{prompt.pk}/claim/")
    return challenge


def test_it_reminds_the_other_challenges_when_one_is_poisoned(
    community, author, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    add_member(community, author)
    with time_machine.travel(START, tick=False) as clock:
        poisoned = claimed_prompt(community, "poisoned", author)
        claimed_prompt(community, "healthy", author)
        # As an install before the ranges could have saved it: too many days for a date.
        Challenge.objects.filter(pk=poisoned.pk).update(reminder_days=2_000_000_000)
        clock.move_to(START + timedelta(days=5, minutes=1))

        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            assert claims_send_reminders() == 1
            ticks.run_tick()  # and the tick, every minute, goes on too

    assert [m.subject for m in mailoutbox] == ["Your claim is due 09 March 2025: The healthy one"]
    assert "Prompt of healthy" in mailoutbox[0].body
    assert "claim reminders failed for <Challenge: Fag Ends: The poisoned one>" in caplog.text
