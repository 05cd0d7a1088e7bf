"""The months of the demo's monthly challenge, counted from the moment the demo is loaded.

Months are named by the local calendar (``timezone.localtime``). The month that is running and
the one after it are scheduled through ``period_schedule_month``, which decides their first
instants and release times; only the month already over, which that service rightly refuses, is
recorded here, through ``period_create`` and ``prompt_batch_create``, which accept the past.
"""

import calendar
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import Challenge, Period
from ficfest.communities.services.challenges import period_create, period_schedule_month
from ficfest.communities.services.prompts import prompt_batch_create

Month = tuple[int, int]  # (year, month)


def month_add(month: Month, months: int) -> Month:
    index = month[0] * 12 + month[1] - 1 + months
    return index // 12, index % 12 + 1


def local_month(when: datetime) -> Month:
    local = timezone.localtime(when)
    return local.year, local.month


def local_midnight(month: Month, day: int) -> datetime:
    """The start of a day of the month in the current time zone."""
    return timezone.make_aware(datetime(month[0], month[1], day))


def schedule_running_month(
    *, challenge: Challenge, by: User, release_days: list[int], batches: list[list[str]]
) -> tuple[Period, Month]:
    """Schedule the month that is running now, with its batches; returns it and its month.

    The running month is the first one the service does not call over. Starting a month before
    the local one and going forward finds it even where the service bounds months in another
    zone than the site's (so near midnight on the 1st the two calendars name different months).
    """
    local = local_month(timezone.now())
    for month in (month_add(local, -1), local, month_add(local, 1)):
        try:
            period = period_schedule_month(
                challenge=challenge, year=month[0], month=month[1], release_days=release_days,
                batches=batches, poll_options=[], poll_opens_at=None, poll_closes_at=None,
                by=by,
            )  # fmt: skip
        except ValidationError as error:
            # A new challenge has no periods to clash with: a month error says it is over.
            if "month" not in getattr(error, "error_dict", {}):
                raise
            continue
        return period, month
    raise ValidationError(f"No month around {local[1]}/{local[0]} could be scheduled.")


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
