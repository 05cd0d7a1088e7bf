"""LiveJournal and Dreamwidth backups, in the layouts the tools and the sites write them.

Every layout is read into the same ``JournalEntry`` (with its ``JournalComment``s):

- **ljdump**: a folder of ``L-<itemid>`` files (``<event>``: itemid, anum, eventtime,
  security, subject, event, poster, props/taglist) with each entry's comments in
  ``C-<itemid>`` (``<comments><comment>``: id, parentid, subject, date, body, user, state);
- **jbackup** (``--dump=xml``): one file, ``<dreamwidth>`` or ``<livejournal>`` holding
  ``<events><event jitemid anum ditemid security poster>`` with subject, event, date, props
  (``<prop name value>``) and comments nested as replies;
- **the sites' own "Export journal"**: a month's entries as XML (``<livejournal><entry>``:
  itemid, eventtime, subject, event, security, allowmask, current_mood…) or as CSV with those
  columns; and "Export comments" (``<livejournal><comments><comment id jitemid posterid
  parentid>`` with the ``usermaps`` naming the posters).

An entry's own address ends in its ``ditemid`` (itemid × 256 + anum); links between entries
and comments of one backup are found by it.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from ficfest.importer.document import ImportError_

_STATE_HIDDEN = frozenset(("D", "S", "F"))  # deleted, screened, frozen comments
_W3C = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)")
EXPORT_COLUMNS = ("itemid", "eventtime", "subject", "event")


@dataclass
class JournalComment:
    id: str
    parent: str  # "" for a comment on the entry itself
    user: str  # "" for an anonymous comment
    subject: str
    body: str  # HTML
    date: str  # "YYYY-MM-DD HH:MM:SS"


@dataclass
class JournalEntry:
    itemid: str
    subject: str
    event: str  # HTML
    eventtime: str
    security: str = "public"
    poster: str = ""
    tags: str = ""
    anum: str = ""
    preformatted: bool = False  # its line breaks are HTML's, not <br>s to be
    comments: list[JournalComment] = field(default_factory=list)

    @property
    def ditemid(self) -> str:
        """The number the entry's address ends in."""
        if not self.anum.isdigit() or not self.itemid.isdigit():
            return ""
        return str(int(self.itemid) * 256 + int(self.anum))


def parse_xml(data: bytes, what: str) -> Element:
    try:
        return defusedxml.ElementTree.fromstring(data)
    except (ParseError, defusedxml.DefusedXmlException) as error:
        raise ImportError_(f"This {what} is not readable XML: {error}") from None


def _text(element: Element, name: str) -> str:
    return (element.findtext(name) or "").strip()


def ljdump_entry(root: Element) -> JournalEntry:
    """An ``L-<itemid>`` file's ``<event>``."""
    props = root.find("props")
    return JournalEntry(
        itemid=_text(root, "itemid"), subject=_text(root, "subject"),
        event=root.findtext("event") or "", eventtime=_text(root, "eventtime"),
        security=(_text(root, "security") or "public").lower(), poster=_text(root, "poster"),
        tags=_text(props, "taglist") if props is not None else "", anum=_text(root, "anum"),
        preformatted=props is not None and _text(props, "opt_preformatted") == "1",
    )  # fmt: skip


def ljdump_comments(data: bytes) -> list[JournalComment]:
    """A ``C-<itemid>`` file: the entry's comments, flat, each naming its parent."""
    root = parse_xml(data, "comments file")
    comments = []
    for element in root.iter("comment"):
        if _text(element, "state") in _STATE_HIDDEN:
            continue
        comments.append(JournalComment(
            id=_text(element, "id"), parent=_text(element, "parentid"),
            user=_text(element, "user"), subject=_text(element, "subject"),
            body=element.findtext("body") or "", date=_w3c(_text(element, "date")),
        ))  # fmt: skip
    return comments


def backup_entries(data: bytes) -> list[JournalEntry] | None:
    """A one-file backup (jbackup, a site's XML export), or None when the XML is none."""
    root = parse_xml(data, "backup")
    if root.tag not in ("livejournal", "dreamwidth"):
        return None
    events = root.find("events")
    if events is not None:
        return [_jbackup_entry(event) for event in events.findall("event")]
    entries = root.findall("entry")
    if entries:
        return [_export_entry(entry) for entry in entries]
    return None


def export_comments(data: bytes) -> dict[str, list[JournalComment]] | None:
    """A site's comment export: comments by the itemid of their entry."""
    root = parse_xml(data, "comment export")
    section = root.find("comments") if root.tag == "livejournal" else None
    if section is None:
        return None
    users = {u.get("id", ""): u.get("user", "") for u in root.iter("usermap")}
    found: dict[str, list[JournalComment]] = {}
    for element in section.findall("comment"):
        if element.get("state", "A") in _STATE_HIDDEN:
            continue
        found.setdefault(element.get("jitemid", ""), []).append(JournalComment(
            id=element.get("id", ""), parent=element.get("parentid", ""),
            user=users.get(element.get("posterid", ""), ""), subject=_text(element, "subject"),
            body=element.findtext("body") or "", date=_w3c(_text(element, "date")),
        ))  # fmt: skip
    return found


def export_csv(text: str) -> list[JournalEntry] | None:
    """A site's CSV export (its first row names the columns), or None when it is not one."""
    rows = csv.DictReader(io.StringIO(text))
    if not set(EXPORT_COLUMNS) <= set(rows.fieldnames or ()):
        return None
    return [
        JournalEntry(
            itemid=row["itemid"] or "", subject=row["subject"] or "", event=row["event"] or "",
            eventtime=(row["eventtime"] or "").strip(),
            security=(row.get("security") or "public").strip().lower(),
        )
        for row in rows
    ]  # fmt: skip


def _jbackup_entry(event: Element) -> JournalEntry:
    props = {p.get("name", ""): p.get("value", "") for p in event.iter("prop")}
    entry = JournalEntry(
        itemid=event.get("jitemid", ""), subject=_text(event, "subject"),
        event=event.findtext("event") or "", eventtime=_text(event, "date"),
        security=event.get("security", "public").lower(), poster=event.get("poster", ""),
        tags=props.get("taglist", ""), anum=event.get("anum", ""),
        preformatted=props.get("opt_preformatted", "") == "1",
    )  # fmt: skip
    comments = event.find("comments")
    if comments is not None:
        _jbackup_comments(comments, "", entry.comments)
    return entry


def _jbackup_comments(section: Element, parent: str, into: list[JournalComment]) -> None:
    for element in section.findall("comment"):
        comment_id = element.get("jtalkid", "")
        if element.get("state", "A") not in _STATE_HIDDEN:
            into.append(JournalComment(
                id=comment_id, parent=parent, user=element.get("poster", ""),
                subject=_text(element, "subject"), body=element.findtext("body") or "",
                date=_w3c(_text(element, "date")),
            ))  # fmt: skip
        replies = element.find("comments")
        if replies is not None:
            _jbackup_comments(replies, comment_id, into)


def _export_entry(entry: Element) -> JournalEntry:
    return JournalEntry(
        itemid=_text(entry, "itemid"), subject=_text(entry, "subject"),
        event=entry.findtext("event") or "", eventtime=_text(entry, "eventtime"),
        security=(_text(entry, "security") or "public").lower(),
    )  # fmt: skip


def _w3c(date: str) -> str:
    """ "2009-10-05T12:00:00Z" -> "2009-10-05 12:00:00" (comments are dated in UTC)."""
    match = _W3C.match(date)
    return f"{match.group(1)} {match.group(2)}" if match else date


def journal_date(text: str) -> datetime | None:
    """An entry's or comment's date, read as UTC (the journal's own time zone is not known)."""
    try:
        when = datetime.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


def entry_xml(entry: JournalEntry) -> bytes:
    """One entry as ljdump writes it: what is kept as the original of a work made of an entry
    of a one-file backup (or of a comment), and read back like any ``L-`` file."""
    fields = {"itemid": entry.itemid, "eventtime": entry.eventtime, "security": entry.security,
              "subject": entry.subject, "event": entry.event, "poster": entry.poster,
              "anum": entry.anum}  # fmt: skip
    inner = "".join(f"<{k}>{escape(v, quote=False)}</{k}>\n" for k, v in fields.items() if v)
    preformatted = "<opt_preformatted>1</opt_preformatted>" if entry.preformatted else ""
    inner += f"<props><taglist>{escape(entry.tags, quote=False)}</taglist>{preformatted}</props>\n"
    return f'<?xml version="1.0"?>\n<event>\n{inner}</event>\n'.encode()


def comment_entry(comment: JournalComment, on: JournalEntry) -> JournalEntry:
    """A comment as an entry of its own (a fill posted in the comments)."""
    return JournalEntry(itemid=on.itemid, subject=comment.subject, event=comment.body,
                        eventtime=comment.date, poster=comment.user)  # fmt: skip
