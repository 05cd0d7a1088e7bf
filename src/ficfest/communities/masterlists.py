"""Masterlists: a period's fills grouped by prompt, then the theme, then anything else; the
creators' masterlist of a community; and the exports moderators paste into Dreamwidth, LJ or a
Markdown site instead of writing them by hand.

Everything is built from the fills a given viewer may see (services.points.period_fills, which
starts from Work.objects.visible_to), so anonymous and unrevealed works follow the one rule.
Exports and stat posts are public artefacts: views build them for a logged-out reader even when
a moderator asks, so a moderator can never paste a hidden creator's name by mistake.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from django.template.loader import render_to_string
from django.urls import reverse

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import Pseud
from ficfest.communities.models import Community, Fill, Period, Prompt
from ficfest.communities.permissions import is_moderator
from ficfest.communities.selectors import approved_fills, works_in_community
from ficfest.communities.services.points import LeaderboardRow, PeriodStats, period_fills
from ficfest.lib.urls import site_url
from ficfest.works.feeds import size_text
from ficfest.works.models import Form, Rating, Work

ExportFormat = Literal["html", "md", "dw"]
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    # format: (content type, file extension)
    "html": ("text/html; charset=utf-8", "html"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "dw": ("text/plain; charset=utf-8", "txt"),
}
STATS_FORMATS = ("md", "dw")


def one_line(text: str) -> str:
    """Prompts may hold line breaks; headings may not."""
    return " ".join(text.split())


@dataclass
class Entry:
    work: Work
    hidden: bool  # creators shown as "Anonymous"
    pseuds: list[Pseud]
    form: str
    rating: str
    size: str
    relationships: list[str]
    # For moderators: readers see this work as anonymous (or not at all) until reveal_at.
    secret: bool = False
    reveal_at: datetime | None = None

    @property
    def path(self) -> str:
        return self.work.get_absolute_url()

    @property
    def details(self) -> str:
        return " · ".join([self.form, self.rating, self.size, *self.relationships])


@dataclass
class Section:
    kind: Literal["prompt", "theme", "other"]
    heading: str
    prompt: Prompt | None = None
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Masterlist:
    period: Period
    sections: list[Section]
    fills: int
    site_url: str = field(default_factory=site_url)

    @property
    def community(self) -> Community:
        return self.period.challenge.community

    @property
    def title(self) -> str:
        return f"{self.period.challenge.title}: {self.period.title}"


def entry_for(fill: Fill, *, moderating: bool = False) -> Entry:
    work = fill.work
    hidden = work.creators_are_hidden
    return Entry(
        work=work,
        hidden=hidden,
        pseuds=[] if hidden else work.credited_pseuds(),
        form=Form(work.form).label,
        rating=Rating(work.rating).label,
        size=size_text(work),
        relationships=[tag.name for tag in work.relationships],
        secret=moderating and not fill.challenge.is_revealed,
        reveal_at=fill.challenge.names_revealed_at,
    )


def _prompt_heading(prompt: Prompt, period: Period) -> str:
    text = f"Prompt: “{one_line(prompt.text)}”"
    if prompt.period.challenge.community_id != period.challenge.community_id:
        text += f" (from {prompt.period.challenge.community.name})"
    return text


def _shown_prompts(fill: Fill, viewer: AnyUser) -> list[Prompt]:
    """A fill's prompts, minus any still unreleased for this viewer (a fill should never
    answer one, but a masterlist must not be the page that leaks it)."""
    return [p for p in fill.prompts.all() if p.is_released or is_moderator(viewer, p.community)]


def _sections(fills: Iterable[Fill], period: Period, viewer: AnyUser) -> list[Section]:
    moderating = is_moderator(viewer, period.challenge.community)
    by_prompt: dict[Prompt, Section] = {}
    theme = Section("theme", f"Theme: {t}" if (t := period.current_theme()) else "Theme")
    other = Section("other", "Other fills")
    for fill in fills:
        entry = entry_for(fill, moderating=moderating)
        prompts = _shown_prompts(fill, viewer)
        for prompt in prompts:
            if prompt.period_id == period.pk:
                prompt.period = period  # saves a query per prompt for its heading and link
        for prompt in prompts:
            section = by_prompt.setdefault(
                prompt, Section("prompt", _prompt_heading(prompt, period), prompt)
            )
            section.entries.append(entry)
        if fill.for_theme:
            theme.entries.append(entry)
        elif not prompts:
            other.entries.append(entry)
    # Prompt order: as released, then as posted.
    ordered = [by_prompt[p] for p in sorted(by_prompt, key=lambda p: (p.release_at, p.pk))]
    return [s for s in [*ordered, theme, other] if s.entries]


def build_masterlist(period: Period, viewer: AnyUser) -> Masterlist:
    """The period's masterlist as this viewer may see it (moderators see the truth)."""
    fills = period_fills(period, viewer)
    return Masterlist(period=period, sections=_sections(fills, period, viewer), fills=len(fills))


# Creators' masterlist


@dataclass
class CreatorWorks:
    pseud: Pseud
    entries: list[Entry] = field(default_factory=list)


@dataclass
class CreatorsList:
    community: Community
    creators: list[CreatorWorks]
    anonymous_works: int


def build_creators(community: Community, viewer: AnyUser) -> CreatorsList:
    """Every creator with their approved fills in the community, by pseud. Works whose
    creators this viewer may not know are never listed under a name, only counted."""
    visible = works_in_community(community, viewer)
    named = visible.named_creators().for_blurbs().prefetch_related("images", "tracks")
    works = {work.pk: work for work in named}
    newest_first = {pk: index for index, pk in enumerate(works)}
    fills = approved_fills(named).filter(challenge__community=community)
    moderating = is_moderator(viewer, community)
    groups: dict[int, CreatorWorks] = {}
    seen: set[tuple[int, int]] = set()
    for fill in sorted(fills, key=lambda f: (newest_first[f.work_id], f.pk)):
        fill.work = works[fill.work_id]
        for pseud in fill.work.credited_pseuds():
            if (pseud.pk, fill.work_id) in seen:  # a work in two challenges, listed once
                continue
            seen.add((pseud.pk, fill.work_id))
            group = groups.setdefault(pseud.pk, CreatorWorks(pseud))
            group.entries.append(entry_for(fill, moderating=moderating))
    creators = sorted(groups.values(), key=lambda g: (g.pseud.name.casefold(), g.pseud.pk))
    anonymous = visible.filter(**{"creators_hidden": True}).count()
    return CreatorsList(community=community, creators=creators, anonymous_works=anonymous)


# Exports

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|#!{}()])")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: every character it could read as markup is
    backslash-escaped (CommonMark allows that for any ASCII punctuation)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def _md_link(text: str, url: str) -> str:
    return f"[{md_escape(text)}]({url.replace('(', '%28').replace(')', '%29')})"


def _md_entry(entry: Entry, site: str) -> str:
    if entry.hidden:
        by = "Anonymous"
    else:
        names = [_md_link(p.name, site + p.get_absolute_url()) for p in entry.pseuds]
        by = ", ".join(names) or "Orphan account"
    return f"- {_md_link(entry.work.title, site + entry.path)} by {by} — {md_escape(entry.details)}"


def masterlist_markdown(masterlist: Masterlist) -> str:
    site = masterlist.site_url
    url = site + _period_path(masterlist.period, "masterlist")
    lines = [f"## {_md_link(masterlist.title + ' masterlist', url)}", ""]
    lines += [f"{masterlist.fills} fill{'' if masterlist.fills == 1 else 's'}.", ""]
    for section in masterlist.sections:
        lines += [f"### {md_escape(section.heading)}", ""]
        lines += [_md_entry(entry, site) for entry in section.entries]
        lines.append("")
    return "\n".join(lines)


def _period_path(period: Period, name: str) -> str:
    challenge = period.challenge
    return reverse(name, args=[challenge.community.slug, challenge.slug, period.slug])


def render_masterlist(masterlist: Masterlist, fmt: str) -> str:
    """The masterlist in one export format: html (a fragment), md or dw (Dreamwidth/LJ)."""
    if fmt == "md":
        return masterlist_markdown(masterlist)
    context = {
        "masterlist": masterlist,
        "site": masterlist.site_url,
        "url": masterlist.site_url + _period_path(masterlist.period, "masterlist"),
    }
    template = {"html": "masterlist_export_html.html", "dw": "masterlist_export_dw.txt"}[fmt]
    return _plain(render_to_string(f"communities/{template}", context))


def _plain(rendered: str) -> str:
    """An export is text to copy, not markup for our pages: dropping the template's "safe"
    mark makes a page that shows it (in a textarea) escape it like any other text."""
    return "".join([rendered])


def _stats_md_row(row: LeaderboardRow, site: str) -> str:
    name = md_escape(row.name)
    if row.pseud is not None:
        name = _md_link(row.name, site + row.pseud.get_absolute_url())
    plural = "" if row.points == 1 else "s"
    return f"- {md_escape(row.summary)} by {name} ({row.points} point{plural})"


def stats_markdown(stats: PeriodStats) -> str:
    site = site_url()
    challenge = stats.period.challenge
    url = site + _period_path(stats.period, "stats")
    title = f"{challenge.title}: {stats.period.title} stats"
    totals = [md_escape(line) + "  " for line in stats_totals(stats)]  # "  ": a line break
    lines = [f"## {_md_link(title, url)}", "", *totals, ""]
    if stats.leaderboard:
        lines += ["### Leaderboard", ""]
        lines += [_stats_md_row(row, site) for row in stats.leaderboard]
        lines.append("")
    if stats.top_prompts:
        lines += ["### Most-filled prompts", ""]
        for item in stats.top_prompts:
            link = _md_link(item.text, site + item.prompt.get_absolute_url())
            lines.append(f"- {link}: {item.fills} fill{'' if item.fills == 1 else 's'}")
        lines.append("")
    return "\n".join(lines)


def stats_totals(stats: PeriodStats) -> list[str]:
    """The stat post's opening lines, as plain text."""
    who = (
        [f"{stats.creators} creator{'' if stats.creators == 1 else 's'}"] if stats.creators else []
    )
    who += ["Anonymous"] if stats.anonymous_fills else []
    line = f"{stats.fills} fill{'' if stats.fills == 1 else 's'}"
    line += f" by {' and '.join(who)}" if who else ""
    line += f": {stats.words:,} words, {stats.points} point{'' if stats.points == 1 else 's'}."
    return [line] + ([f"By form: {stats.by_form_text}."] if stats.by_form else [])


def render_stats(stats: PeriodStats, fmt: str) -> str:
    """The stat post in one export format: md or dw."""
    if fmt == "md":
        return stats_markdown(stats)
    site = site_url()
    context = {
        "stats": stats,
        "totals": stats_totals(stats),
        "site": site,
        "url": site + _period_path(stats.period, "stats"),
    }
    return _plain(render_to_string("communities/stats_export_dw.txt", context))
