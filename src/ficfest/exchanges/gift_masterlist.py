"""An exchange's masterlist: its gifts by fandom, each with its recipient, exported in the
communities' masterlist formats (HTML, Markdown, Dreamwidth/LiveJournal).

Built from the gifts a given viewer may see (``Work.objects.visible_to``): unrevealed gifts stay
out and anonymous ones say "Anonymous" until their reveals. Exports are public artefacts: views
build them for a logged-out reader whoever asks, as the communities' masterlists do.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import Pseud
from ficfest.communities.masterlists import Entry, md_escape
from ficfest.communities.models import Challenge
from ficfest.exchanges.models import Assignment, AssignmentStatus
from ficfest.lib.urls import site_url
from ficfest.works.feeds import size_text
from ficfest.works.models import Form, Rating, Work

NO_FANDOM = "No fandom"


@dataclass
class GiftEntry:
    entry: Entry
    recipient: Pseud | None  # None: the recipient keeps their name off their gifts


@dataclass
class FandomSection:
    heading: str
    gifts: list[GiftEntry] = field(default_factory=list)


@dataclass
class GiftMasterlist:
    challenge: Challenge
    sections: list[FandomSection]
    gifts: int
    site_url: str = field(default_factory=site_url)

    @property
    def title(self) -> str:
        return f"{self.challenge.title} gifts"

    @property
    def path(self) -> str:
        return reverse("gift_masterlist", args=[self.challenge.community.slug, self.challenge.slug])


def _entry(work: Work) -> Entry:
    hidden = work.creators_are_hidden
    return Entry(
        work=work, hidden=hidden, pseuds=[] if hidden else work.credited_pseuds(),
        form=Form(work.form).label, rating=Rating(work.rating).label, size=size_text(work),
        relationships=[tag.name for tag in work.relationships],
    )  # fmt: skip


def build_gift_masterlist(challenge: Challenge, viewer: AnyUser) -> GiftMasterlist:
    """Every gift of the exchange this viewer may see, under each of its fandoms (A to Z)."""
    fulfilled = Assignment.objects.filter(challenge=challenge, status=AssignmentStatus.FULFILLED)
    visible = Work.objects.visible_to(viewer).filter(pk__in=fulfilled.values("work_id"))
    works = {w.pk: w for w in visible.for_blurbs().prefetch_related("images", "tracks")}
    rows = fulfilled.filter(work_id__in=works).select_related("recipient__pseud__user")
    sections: dict[str, FandomSection] = {}
    gifts = [(works[row.work_id or 0], row) for row in rows]
    for work, row in sorted(gifts, key=lambda pair: (pair[0].title.casefold(), pair[1].pk)):
        gift = GiftEntry(
            _entry(work), row.recipient.pseud if row.recipient.gift_name_shown else None
        )
        for name in [tag.name for tag in work.fandoms] or [NO_FANDOM]:
            sections.setdefault(name, FandomSection(name)).gifts.append(gift)
    ordered = sorted(
        sections.values(), key=lambda s: (s.heading == NO_FANDOM, s.heading.casefold())
    )
    return GiftMasterlist(challenge=challenge, sections=ordered, gifts=len(works))


def _md_link(text: str, url: str) -> str:
    return f"[{md_escape(text)}]({url.replace('(', '%28').replace(')', '%29')})"


def _md_gift(gift: GiftEntry, site: str) -> str:
    entry = gift.entry
    if entry.hidden:
        by = "Anonymous"
    else:
        names = [_md_link(p.name, site + p.get_absolute_url()) for p in entry.pseuds]
        by = ", ".join(names) or "Orphan account"
    line = f"- {_md_link(entry.work.title, site + entry.path)} by {by}"
    if gift.recipient is not None:
        line += f" for {md_escape(gift.recipient.name)}"
    return f"{line} — {md_escape(entry.details)}"


def gift_masterlist_markdown(masterlist: GiftMasterlist) -> str:
    site = masterlist.site_url
    lines = [f"## {_md_link(masterlist.title, site + masterlist.path)}", ""]
    lines += [f"{masterlist.gifts} gift{'' if masterlist.gifts == 1 else 's'}.", ""]
    for section in masterlist.sections:
        lines += [f"### {md_escape(section.heading)}", ""]
        lines += [_md_gift(gift, site) for gift in section.gifts]
        lines.append("")
    return "\n".join(lines)


def render_gift_masterlist(masterlist: GiftMasterlist, fmt: str) -> str:
    """The masterlist in one export format: html (a fragment), md or dw (Dreamwidth/LJ)."""
    if fmt == "md":
        return gift_masterlist_markdown(masterlist)
    context = {
        "masterlist": masterlist,
        "site": masterlist.site_url,
        "url": masterlist.site_url + masterlist.path,
    }
    template = {"html": "gift_masterlist_export_html.html", "dw": "gift_masterlist_export_dw.txt"}
    # An export is text to copy: joining drops the template's "safe" mark, so a page showing
    # it (in a textarea) escapes it like any other text.
    return "".join([render_to_string(f"exchanges/{template[fmt]}", context)])
