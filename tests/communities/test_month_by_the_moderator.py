"""The moderator's month, measured: a month of the seed's community run end to end through the
pages, with the clock moved, counting what the moderator has to do. Everything else (releases,
the poll closing into the theme, masterlists, reminders, the stat post's draft) runs by itself.

The count documented in docs/communities.md: two actions a month.
1. Schedule the next month: one form, started from "Copy last month's schedule" (release days
   and the poll's closing time copied), with the twenty prompts and the poll's options written.
2. Publish the stat post: copy it, ready made, from the stats page's export.
"""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ficfest.communities.models import Period, Prompt
from ficfest.communities.services.challenges import period_schedule_month
from ficfest.communities.services.claims import claim_create
from ficfest.communities.services.fills import fill_create
from ficfest.communities.services.polls import poll_vote
from tests.communities.factories import add_member, make_challenge, make_community, set_limits
from tests.factories import make_user, make_work
from tests.html import main_text

SEPT_20 = datetime(2026, 9, 20, 12, tzinfo=UTC)
OCT_20 = datetime(2026, 10, 20, 12, tzinfo=UTC)
DAYS = [1, 8, 15, 22]


def day(n: int, month: int = 11, hour: int = 12) -> datetime:
    return datetime(2026, month, n, hour, tzinfo=UTC)


class Moderator:
    """The moderator's browser, counting what they do: each form sent, each export copied."""

    def __init__(self, user) -> None:
        self.client = Client()
        self.client.force_login(user)
        self.actions: list[str] = []

    def look(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.content.decode()

    def send(self, what: str, url: str, data: dict) -> None:
        self.actions.append(what)
        response = self.client.post(url, data)
        assert response.status_code == 302, main_text(response)

    def copy_export(self, what: str, url: str) -> str:
        self.actions.append(what)
        return self.look(url)


def form_values(html: str) -> dict[str, str]:
    """The values a browser would send for the form's inputs and selects as the page gave them."""
    values = {name: unescape(value) for name, value in
              re.findall(r'<input type="[^"]*" name="([^"]+)" value="([^"]*)"', html)}  # fmt: skip
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        if chosen := re.search(r'<option value="([^"]*)" selected', options):
            values[name] = chosen.group(1)
    values.pop("csrfmiddlewaretoken", None)
    return values


@pytest.fixture
def community(moderator):
    """Fag Ends as it stands on 20 October: October scheduled a month ago, with its poll."""
    with time_machine.travel(SEPT_20, tick=False):
        community = make_community(moderator, slug="fag-ends", name="Fag Ends")
        set_limits(community, fic=1000)
        challenge = make_challenge(community, slug="monthly", claims_enabled=True,
                                   claim_days=7, reminder_days=2)  # fmt: skip
        period_schedule_month(
            challenge=challenge, year=2026, month=10, release_days=DAYS,
            batches=[[f"October {d}.{i}" for i in range(1, 6)] for d in DAYS],
            poll_options=["Rain", "Smoke"], poll_opens_at=None,
            poll_closes_at=datetime(2026, 10, 1, tzinfo=UTC), by=moderator,
        )  # fmt: skip
    return community


def test_it_runs_a_month_with_two_moderator_actions(community, moderator):
    mod = Moderator(moderator)
    members = [make_user(name) for name in ("anya", "tara", "faith")]
    for member in members:
        add_member(community, member)
    schedule = reverse("challenge_schedule", args=["fag-ends", "monthly"])

    with time_machine.travel(OCT_20, tick=False):
        assert "Copy last month's schedule" in mod.look(schedule)
        copied = form_values(mod.look(schedule + "?copy=last"))
        assert (copied["year"], copied["month"]) == ("2026", "11")
        assert [copied[f"batch_{n}_day"] for n in range(1, 5)] == ["1", "8", "15", "22"]
        assert "batch_5_day" not in copied and copied["poll_closes_at"] == "2026-11-01T00:00"
        written = {f"batch_{n}_prompts": "\n".join(f"Prompt {d}.{i}" for i in range(1, 6))
                   for n, d in enumerate(DAYS, start=1)}  # fmt: skip
        mod.send("schedule the month", schedule,
                 {**copied, **written, "poll_options": "Masks\nCrossroads"})  # fmt: skip
        november = Period.objects.get(opens_at=day(1, hour=0))
        poll_vote(poll=november.poll, option=november.poll.options.get(text="Crossroads"),
                  user=members[0])  # fmt: skip

    for number, when in enumerate([day(1), day(8), day(15), day(22)], start=1):
        with time_machine.travel(when, tick=False):
            shown = main_text(Client().get(november.get_absolute_url()))
            released = [p for p in Prompt.objects.filter(period=november) if p.text in shown]
            assert len(released) == 5 * number
            assert november.current_theme() == "Crossroads"

    with time_machine.travel(day(23), tick=False):
        first = Prompt.objects.filter(period=november).order_by("release_at", "pk").first()
        claim_create(prompt=first, user=members[1])
        work = make_work(members[1], title="Kept Promise", text="word " * 300)
        fill_create(work=work, challenge=november.challenge, prompts=[first], for_theme=False,
                    by=members[1])  # fmt: skip

    with time_machine.travel(day(1, month=12), tick=False):
        args = ["fag-ends", "monthly", november.slug]
        assert "Kept Promise" in mod.look(reverse("masterlist", args=args))
        post = mod.copy_export("publish the stat post", reverse("stats_export", args=[*args, "md"]))
        assert "tara" in post

    assert mod.actions == ["schedule the month", "publish the stat post"]
