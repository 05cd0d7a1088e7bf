"""Where apps above ``communities`` add to its pages without being imported by it: a section
of the community page (``social`` registers the announcements and the subscribe button) is a
template and its context, registered at start-up and rendered by the community page's view."""

from collections.abc import Callable

from django.http import HttpRequest

from ficfest.communities.models import Community
from ficfest.works.seams import WorkSection

# Given the request and the community shown, a section (template and context) or None.
CommunitySectionSource = Callable[[HttpRequest, Community], WorkSection | None]

_sections: list[tuple[int, CommunitySectionSource]] = []


def register_community_section(source: CommunitySectionSource, *, order: int) -> None:
    """Add a section to every community page (once: registering it again changes nothing)."""
    if all(known is not source for _order, known in _sections):
        _sections.append((order, source))


def community_sections(request: HttpRequest, community: Community) -> list[WorkSection]:
    ordered = sorted(_sections, key=lambda entry: entry[0])
    return [s for _order, source in ordered if (s := source(request, community)) is not None]
