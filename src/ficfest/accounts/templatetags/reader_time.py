"""Times on pages, in the reader's zone (activated per request) and with the zone named.

``{{ when|reader_time }}`` -> <time datetime="2026-12-07T11:00:00+00:00">Tue 8 Dec 2026, 00:00
NZDT</time>; ``{{ when|reader_date }}`` for a day alone. The machine-readable part is UTC."""

from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ficfest.lib.dates import describe, utc_offset

register = template.Library()


@register.filter
def reader_time(value: datetime | None, style: str = "") -> SafeString | str:
    """The instant in the reader's zone; ``"short"`` leaves out the weekday."""
    if not isinstance(value, datetime):
        return ""
    tz = timezone.get_current_timezone()
    local = value.astimezone(tz)
    return format_html(
        '<time datetime="{}" title="{}, {}">{}</time>',
        value.astimezone(UTC).isoformat(timespec="seconds"), str(tz), utc_offset(local),
        describe(value, tz, weekday=style != "short"),
    )  # fmt: skip


@register.filter
def reader_date(value: datetime | None) -> SafeString | str:
    """The day of the instant in the reader's zone, e.g. “8 Dec 2026”."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value)
    return format_html('<time datetime="{}">{} {}</time>', local.date().isoformat(), local.day,
                       f"{local:%b %Y}")  # fmt: skip


@register.simple_tag
def reader_zone() -> str:
    """The name of the zone this page's times are in."""
    return timezone.get_current_timezone_name()
