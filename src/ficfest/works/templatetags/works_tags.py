from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ficfest.works import fragments
from ficfest.works.models import ArchiveWarning, Category, Rating, Work

register = template.Library()

_RATING_LETTER = {
    Rating.GENERAL: "G", Rating.TEEN: "T", Rating.MATURE: "M", Rating.EXPLICIT: "E",
    Rating.NOT_RATED: "NR",
}  # fmt: skip
_CATEGORY_CLASS = {
    Category.FF: "ff", Category.FM: "fm", Category.MM: "mm", Category.GEN: "gen",
    Category.MULTI: "multi", Category.OTHER: "other",
}  # fmt: skip
_QUIET_WARNINGS = {ArchiveWarning.NONE_APPLY}


def _warning_square(work: Work) -> tuple[str, str, str]:
    names = [tag.name for tag in work.warnings]
    label = ", ".join(names) or "No warnings given"
    if any(n not in _QUIET_WARNINGS and n != ArchiveWarning.CHOSE_NOT_TO_WARN for n in names):
        return ("w-yes", "!", label)
    if ArchiveWarning.CHOSE_NOT_TO_WARN in names:
        return ("w-choose", "?", label)
    return ("w-no", "–", label)


def _category_square(work: Work) -> tuple[str, str, str]:
    names = [tag.name for tag in work.categories]
    if not names:
        return ("c-none", "–", "No category")
    if len(names) > 1:
        return ("c-multi", "⚥", ", ".join(names))
    return (f"c-{_CATEGORY_CLASS.get(Category(names[0]), 'other')}", names[0][:3], names[0])


@register.simple_tag
def required_tags(work: Work) -> SafeString:
    """AO3's square of four symbols: rating, category, warnings, completion."""
    done = (
        ("done-yes", "✓", "Complete Work")
        if work.complete
        else ("done-no", "…", "Work in Progress")
    )
    squares = [
        (f"r-{work.rating}", _RATING_LETTER[Rating(work.rating)], work.get_rating_display()),
        _category_square(work),
        _warning_square(work),
        done,
    ]
    items = format_html_join(
        "", '<li class="{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></li>',
        ((cls, label, symbol, label) for cls, symbol, label in squares),
    )  # fmt: skip
    return format_html('<ul class="required-tags" aria-label="Rating, category, warnings, '
                       'status">{}</ul>', items)  # fmt: skip


@register.simple_tag(name="blurb")
def blurb_tag(work: Work) -> SafeString:
    """A work's listing blurb, cached per what it shows (ficfest.works.fragments), with the
    passage a search matched (``search_snippet``, safe HTML, set by the listing) inside it."""
    html = fragments.blurb(work)
    snippet = getattr(work, "search_snippet", None)
    if not snippet:
        return html
    head, end, tail = str(html).rpartition("</li>")
    passage = format_html('<p class="search-snippet"><span class="visually-hidden">Where '
                          "your search matched: </span>{}</p>", snippet)  # fmt: skip
    return format_html("{}{}{}{}", mark_safe(head), passage, mark_safe(end), mark_safe(tail))
