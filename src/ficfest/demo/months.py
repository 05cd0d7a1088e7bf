"""The months of the demo's monthly challenge, counted from the moment the demo is loaded.

Months are named by the calendar of the demo's communities (the site's time zone). The month
that is running and the one after it are scheduled through ``period_schedule_month``, which
decides their first instants and release times; only the month already over, which that
service rightly refuses, is recorded here, through ``period_create`` and
``prompt_batch_create``, which accept the past.
"""

import calendar
from datetime import date, datetime

from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import Challenge, Period
from ficfest.communities.services.challenges import period_create, period_schedule_month
from ficfest.communities.services.prompts import prompt_batch_create
from ficfest.lib import dates

Month = tuple[int, int]  # (year, month)


def month_add(month: Month, months: int) -> Month:
    return dates.month_add(*month, months)


def local_month(when: datetime) -> Month:
    """The month running at ``when`` on the calendar of the demo's communities, which keep the
    site's time zone."""
    today = dates.local_today(when, dates.site_time_zone())
    return today.year, today.month


def local_midnight(month: Month, day: int) -> datetime:
    """The first instant of a day of the month in the demo communities' zone."""
    return dates.local_midnight(date(*month, day), dates.site_time_zone())


def schedule_running_month(
    *, challenge: Challenge, by: User, release_days: list[int], batches: list[list[str]]
) -> tuple[Period, Month]:
    """Schedule the month that is running now, with its batches; returns it and its month.
    The service bounds months in the community's zone, the one ``local_month`` reads, so the
    month running now is never one it calls over."""
    month = local_month(timezone.now())
    period = period_schedule_month(
        challenge=challenge, year=month[0], month=month[1], release_days=release_days,
        batches=batches, poll_options=[], poll_opens_at=None, poll_closes_at=None, by=by,
    )  # fmt: skip
    return period, month


def schedule_next_month(
    *, challenge: Challenge, by: User, after: Month, release_days: list[int],
    batches: list[list[str]], poll_options: list[str], poll_closes_at: datetime,
) -> Period:  # fmt: skip
    """The month after ``after``, its theme poll open from now until it begins."""
    year, month = month_add(after, 1)
    return period_schedule_month(
        challenge=challenge, year=year, month=month, release_days=release_days,
        batches=batches, poll_options=poll_options, poll_opens_at=timezone.now(),
        poll_closes_at=poll_closes_at, by=by,
    )  # fmt: skip


def record_past_month(
    *, challenge: Challenge, by: User, month: Month, closes_at: datetime,
    release_days: list[int], batches: list[list[str]],
) -> Period:  # fmt: skip
    """A month that is over, named as ``period_schedule_month`` names months, with every batch
    released on its day. It closes where the month after it opens."""
    year, number = month
    period = period_create(
        challenge=challenge, by=by, title=f"{calendar.month_name[number]} {year}",
        slug=f"{year:04d}-{number:02d}", opens_at=local_midnight(month, 1), closes_at=closes_at,
    )  # fmt: skip
    for day, texts in zip(release_days, batches, strict=True):
        prompt_batch_create(period=period, texts=texts, release_at=local_midnight(month, day),
                            tags=[], by=by)  # fmt: skip
    return period
