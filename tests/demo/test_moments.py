"""The demo loads at any moment, in any site time zone: on the 1st at midnight, on the 7th, in
the last second of a month, on 29 February, as a year turns. Each case loads it with the
``ficfest demo`` command, then again with ``demo_load``, which must change nothing."""

from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from ficfest.communities.models import Challenge, ChallengeKind, Fill, Period
from ficfest.demo import SEED_PROMPT, demo_load
from ficfest.works.models import Work

ZONES = ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Bangkok"]
# Instants, the same for every zone.
INSTANTS = [
    datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC),
    datetime(2026, 12, 1, 0, 0, 30, tzinfo=UTC),
    datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
    datetime(2026, 11, 30, 23, 59, 30, tzinfo=UTC),
    datetime(2028, 2, 29, 12, 0, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC),
]
# Wall-clock times in each zone: where its own month and year turn.
WALL_CLOCKS = [
    datetime(2026, 12, 1, 0, 0, 0),
    datetime(2027, 2, 28, 23, 59, 59),
    datetime(2027, 1, 1, 0, 0, 0),
]


def moments() -> list[tuple[str, datetime]]:
    cases = {(zone, instant) for zone in ZONES for instant in INSTANTS}
    for zone in ZONES:
        for wall in WALL_CLOCKS:
            cases.add((zone, wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)))
    return sorted(cases)


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table, to show that a second load writes nothing."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


def monthly_periods() -> list[Period]:
    return list(Period.objects.filter(challenge__community__slug="fag-ends").order_by("opens_at"))


@pytest.mark.own_clock
@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "instant"), moments(), ids=lambda v: str(v).replace(" ", "T"))
def test_it_loads_the_demo_at_any_moment_in_any_zone(settings, zone, instant):
    settings.TIME_ZONE = zone
    with time_machine.travel(instant, tick=False):
        out = StringIO()
        call_command("demo", stdout=out)
        assert "Demo archive ready" in out.getvalue()
        now = timezone.now()

        seed = Work.objects.get(title=SEED_PROMPT, poster__username="demo")
        seed_fill = Fill.objects.get(work=seed, challenge__community__slug="fag-ends")
        [prompt] = seed_fill.prompts.all()
        assert prompt.text == SEED_PROMPT and prompt.is_released
        assert prompt.period.is_open and seed_fill.period == prompt.period
        assert prompt.release_at == prompt.period.opens_at  # the batch of the 1st

        fills = Fill.objects.prefetch_related("prompts")
        assert all(p.release_at <= now for fill in fills for p in fill.prompts.all())
        assert fills.get(work__title="The Long Way Round").prompts.get().text == "Eventide"

        last, running, upcoming = monthly_periods()
        assert last.closes_at == running.opens_at <= now < running.closes_at
        assert running.closes_at == upcoming.opens_at
        assert last.closes_at <= now and not last.prompts.filter(release_at__gt=now).exists()
        assert last.fills.count() == 2 and last.poll.is_closed
        assert last.current_theme() == "Masks" and running.current_theme() == "Crossroads"
        assert running.prompts.filter(release_at__lte=now).count() % 5 == 0
        assert running.prompts.count() == upcoming.prompts.count() == 20
        assert upcoming.poll.is_open and upcoming.poll.closes_at == upcoming.opens_at
        assert not upcoming.prompts.filter(release_at__lte=now).exists()

        fests = Challenge.objects.filter(kind=ChallengeKind.FICATHON).order_by("reveal_at")
        assert [fest.is_revealed for fest in fests] == [True, False]
        assert [fest.slug for fest in fests] == [str(int(fests[1].slug) - 1), fests[1].slug]

        before = snapshot()
        assert demo_load().pk == seed.pk
        assert snapshot() == before


@pytest.mark.own_clock
@pytest.mark.django_db
def test_its_pages_show_at_the_turn_of_a_month(client, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    with time_machine.travel(datetime(2026, 12, 1, tzinfo=UTC), tick=False):
        seed = demo_load()
        for url in ["/", "/c/fag-ends/", "/c/fag-ends-overflow/", "/c/slayerfest/",
                    "/c/sunnydale-meme/", f"/works/{seed.pk}/"]:  # fmt: skip
            assert client.get(url).status_code == 200, url
        for period in monthly_periods():
            assert client.get(period.get_absolute_url()).status_code == 200
