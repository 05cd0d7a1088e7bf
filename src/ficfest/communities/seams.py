"""Where apps above ``communities`` add to its pages without being imported by it: a section
of the community page (``social`` registers the announcements and the subscribe button) or of a
prompt's page (``social`` registers its comment thread and subscribe button) is a template and
its context, registered at start-up and rendered by the page's view."""

from collections.abc import Callable

from django.http import HttpRequest
from django.template.loader import render_to_string

from ficfest.communities.models import Community, Period, Prompt
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


# Given the request and a prompt the reader may see (released, or they moderate it).
PromptSectionSource = Callable[[HttpRequest, Prompt], WorkSection | None]

_prompt_sections: list[tuple[int, PromptSectionSource]] = []


def register_prompt_section(source: PromptSectionSource, *, order: int) -> None:
    """Add a section to every prompt's page (once: registering it again changes nothing)."""
    if all(known is not source for _order, known in _prompt_sections):
        _prompt_sections.append((order, source))


def prompt_sections(request: HttpRequest, prompt: Prompt) -> list[str]:
    """The prompt page's sections, rendered (safe HTML) in their order."""
    ordered = sorted(_prompt_sections, key=lambda entry: entry[0])
    sections = [s for _order, source in ordered if (s := source(request, prompt)) is not None]
    return [render_to_string(s.template, dict(s.context), request=request) for s in sections]


# Given the request and the period whose masterlist is shown (downloads' anthology link).
MasterlistSectionSource = Callable[[HttpRequest, Period], WorkSection | None]

_masterlist_sections: list[tuple[int, MasterlistSectionSource]] = []


def register_masterlist_section(source: MasterlistSectionSource, *, order: int) -> None:
    """Add a section to every period's masterlist page, under its heading (once)."""
    if all(known is not source for _order, known in _masterlist_sections):
        _masterlist_sections.append((order, source))


def masterlist_sections(request: HttpRequest, period: Period) -> list[str]:
    """The masterlist page's sections, rendered (safe HTML) in their order."""
    ordered = sorted(_masterlist_sections, key=lambda entry: entry[0])
    sections = [s for _order, source in ordered if (s := source(request, period)) is not None]
    return [render_to_string(s.template, dict(s.context), request=request) for s in sections]
