"""Filters for showing a work's media (images, vids, fanmixes)."""

from django import template

from ficfest.works.media_fields import duration_format

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """65 -> “1:05”, as vidders write it."""
    return duration_format(seconds)
