"""What the new-work form knows before a fill is posted: the tags its community requires (and
the one fandom all its fills share), and the form limits to show beside the text, with the
overflow community that takes a work over them. The rules themselves are checked on posting
(``fills.work_refusals``); this only says them in advance."""

from typing import Any

from ficfest.communities.models import Community, Fill, FillStatus, FormLimit
from ficfest.communities.services.fills import PROMPT_KINDS, FillTarget
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import FORM_UNIT, Form, SizeUnit
from ficfest.works.seams import PostingNotes

# The new-work form's tag fields, by tag type: text fields take names joined by commas, choice
# fields (warnings, categories) a list of names.
_TEXT_FIELDS = {
    TagType.FANDOM: "fandoms", TagType.RELATIONSHIP: "relationships",
    TagType.CHARACTER: "characters", TagType.FREEFORM: "freeforms",
}  # fmt: skip
_CHOICE_FIELDS = {TagType.WARNING: "warnings", TagType.CATEGORY: "categories"}

# How many of a community's latest fills say what fandom it is for.
_TYPICAL_FILLS = 50


def usual_fandom(community: Community) -> Tag | None:
    """The one fandom every recent fill of the community carries, if they share exactly one."""
    latest = Fill.objects.filter(challenge__community=community, status=FillStatus.APPROVED)
    works = list(latest.order_by("-created_at").values_list("work", flat=True)[:_TYPICAL_FILLS])
    if not works:
        return None
    fandoms = list(Tag.objects.filter(type=TagType.FANDOM, works__in=works).distinct()[:2])
    return fandoms[0] if len(fandoms) == 1 else None


def _required_by_type(community: Community) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for tag in community.required_tags.order_by("name"):
        names.setdefault(tag.type, []).append(tag.name)
    if TagType.FANDOM not in names:
        fandom = usual_fandom(community) or (
            usual_fandom(community.overflow_of) if community.overflow_of else None
        )
        if fandom is not None:
            names[TagType.FANDOM] = [fandom.name]
    return names


def fill_initial(target: FillTarget) -> dict[str, Any]:
    """The new-work form's tag fields, filled with what the target's community requires."""
    initial: dict[str, Any] = {}
    for tag_type, names in _required_by_type(target.challenge.community).items():
        if tag_type in _TEXT_FIELDS:
            initial[_TEXT_FIELDS[TagType(tag_type)]] = ", ".join(names)
        elif tag_type in _CHOICE_FIELDS:
            initial[_CHOICE_FIELDS[TagType(tag_type)]] = names
    return initial


def _limit_lines(limits: list[FormLimit]) -> list[str]:
    """ "fic and meta: up to 1,000 words", forms with the same limit said together."""
    grouped: dict[tuple[int | None, str], list[str]] = {}
    for row in limits:
        unit = str(FORM_UNIT[Form(row.form)])
        grouped.setdefault((row.limit, unit), []).append(Form(row.form).label.lower())
    lines = []
    for (limit, unit), forms in grouped.items():
        names = " and ".join([", ".join(forms[:-1]), forms[-1]] if len(forms) > 1 else forms)
        lines.append(f"{names}: up to {limit:,} {unit}" if limit else f"{names}: any size")
    return lines


def _overflow(community: Community) -> Community | None:
    return (
        community.overflows.filter(challenges__kind__in=PROMPT_KINDS)
        .distinct()
        .order_by("name")
        .first()
    )


def _word_limits(limits: list[FormLimit]) -> dict[str, int]:
    """The limits a live word count can check: forms measured in words that have one."""
    return {row.form: row.limit for row in limits
            if row.limit and FORM_UNIT[Form(row.form)] == SizeUnit.WORDS}  # fmt: skip


def fill_notes(target: FillTarget) -> PostingNotes:
    community = target.challenge.community
    order = list(Form.values)  # as the form's menu lists them, not alphabetically
    limits = sorted(community.form_limits.all(), key=lambda row: order.index(row.form))
    overflow = _overflow(community)
    return PostingNotes(
        place=community.name,
        limits=_limit_lines(limits),
        word_limits=_word_limits(limits),
        overflow=overflow.name if overflow else "",
        overflow_url=overflow.get_absolute_url() if overflow else "",
    )
