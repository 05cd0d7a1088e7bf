"""Form fields for time zones and for times typed in a named zone.

A datetime-local input has no zone. Django reads it in the active zone, which is the reader's;
a moderator's community forms read it in the community's zone instead, so “the 1st at 00:00”
means the community's midnight whoever types it.
"""

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from functools import partial
from typing import Any

from django import forms
from django.utils import timezone

from ficfest.lib.dates import site_time_zone, time_zone_names, validate_time_zone

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class TimeZoneField(forms.ChoiceField):
    """A <select> of IANA zone names; with ``site_default``, led by an empty choice that
    stands for the site's zone."""

    def __init__(self, *, site_default: bool = False, **kwargs: Any) -> None:
        # A callable: the site's zone is read when the form is shown, not when Python starts.
        super().__init__(choices=partial(zone_choices, site_default), **kwargs)

    def validate(self, value: Any) -> None:
        # Say what is wrong with the zone, not Django's generic “not one of the choices”.
        if value in self.empty_values:
            super().validate(value)
        else:
            validate_time_zone(value)


def zone_choices(site_default: bool) -> list[tuple[str, str]]:
    zones = [(name, name.replace("_", " ")) for name in time_zone_names()]
    if site_default:
        return [("", f"The site's time zone ({site_time_zone()})"), *zones]
    return zones


class ZonedDateTimeField(forms.DateTimeField):
    """A datetime-local input read and shown in ``time_zone`` (the active zone while unset)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def __init__(self, *, time_zone: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.time_zone = time_zone

    def _zone(self) -> AbstractContextManager[Any]:
        return timezone.override(self.time_zone) if self.time_zone else nullcontext()

    def to_python(self, value: Any) -> datetime | None:
        with self._zone():
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with self._zone():
            return super().prepare_value(value)


class ZonedForm(forms.BaseForm):
    """Reads every ZonedDateTimeField in ``time_zone`` (a keyword argument) and says so by
    the field."""

    zone_help = "Times are in {zone}, the community's time zone."

    def __init__(self, *args: Any, time_zone: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone or timezone.get_current_timezone_name()
        for field in self.fields.values():
            if isinstance(field, ZonedDateTimeField):
                field.time_zone = self.time_zone
                said = self.zone_help.format(zone=self.time_zone)
                field.help_text = f"{field.help_text} {said}".strip()
