"""Calendar arithmetic in a named time zone, and saying an instant the way a reader reads it.

Instants are stored as UTC-aware datetimes. A community's "1st of the month at midnight" is an
instant only once its time zone is known, so every calendar computation here takes the zone;
the instants it returns are UTC, and changing a zone later never moves what was stored.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

Zone = ZoneInfo | str


def site_time_zone() -> str:
    """The site's zone (settings.TIME_ZONE): communities' default, and what guests see."""
    return str(settings.TIME_ZONE)


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted for a select list."""
    return tuple(sorted(available_timezones()))


def validate_time_zone(name: str) -> None:
    if name not in time_zone_names():
        raise ValidationError(
            "“%(name)s” is not a time zone we know. Choose one from the list, by its IANA "
            "name, e.g. Europe/London or America/Los_Angeles.",
            code="invalid_time_zone", params={"name": name},
        )  # fmt: skip


def zone(tz: Zone) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def local_midnight(day: date, tz: Zone) -> datetime:
    """The first instant of ``day`` in the zone, in UTC. Where clocks jump over midnight the
    day starts at the jump: fold 0 takes the offset in force before it, which lands there."""
    return datetime.combine(day, time(0), tzinfo=zone(tz)).astimezone(UTC)


def month_add(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` months after this one (before it, when negative)."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def next_month(year: int, month: int) -> tuple[int, int]:
    return month_add(year, month, 1)


def month_bounds(year: int, month: int, tz: Zone) -> tuple[datetime, datetime]:
    """The first instants (UTC) of the month and of the month after it, in the zone."""
    after = next_month(year, month)
    return (local_midnight(date(year, month, 1), tz),
            local_midnight(date(after[0], after[1], 1), tz))  # fmt: skip


def local_today(now: datetime, tz: Zone) -> date:
    return now.astimezone(zone(tz)).date()


def add_local_days(instant: datetime, days: int, tz: Zone) -> datetime:
    """The same wall-clock time ``days`` calendar days later in the zone (so a deadline keeps
    its hour across a change of summer time), in UTC."""
    local = instant.astimezone(zone(tz))
    later = local.replace(tzinfo=None) + timedelta(days=days)
    return later.replace(tzinfo=local.tzinfo).astimezone(UTC)


def zone_label(local: datetime) -> str:
    """How a reader sees the zone of a local time: its abbreviation where it has letters
    (GMT, NZDT, PST), else its IANA name in brackets, e.g. (Asia/Singapore) for “+08”."""
    abbreviation = local.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    return f"({local.tzinfo})"


def describe(instant: datetime, tz: Zone, *, weekday: bool = True) -> str:
    """“Tue 8 Dec 2026, 00:00 NZDT”: the instant in the zone, with the zone named."""
    local = instant.astimezone(zone(tz))
    day = f"{local:%a} " if weekday else ""
    return f"{day}{local.day} {local:%b %Y, %H:%M} {zone_label(local)}"


def describe_here(instant: datetime, *, weekday: bool = True) -> str:
    """describe() in the active zone: during a request, the reader's."""
    return describe(instant, timezone.get_current_timezone(), weekday=weekday)


def utc_offset(local: datetime) -> str:
    """“UTC+13:00” for a local time; for titles, where an abbreviation may be ambiguous."""
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
