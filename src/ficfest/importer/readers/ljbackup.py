"""A LiveJournal or Dreamwidth backup as ljdump writes it: one XML file per entry, named
``L-<itemid>`` (comments beside it in ``C-<itemid>``, not read here).

An entry file is ``<event>`` holding ``itemid``, ``eventtime`` ("2009-10-04 23:31:00"),
``security`` (public, private, usemask for friends-only or a filter), ``subject``, ``event``
(the post's HTML), ``poster`` (in a community) and ``props`` (``taglist``, moods…). It reads
as a post page does (``html`` and ``chrome``): the subject is the title fallback, the poster
the creator, the journal's tags become tags; ``published`` and ``security`` are kept in the
metadata for the import service (the original date; private entries skipped unless asked).
"""

import re
from pathlib import PurePath
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree

from ficfest.importer.document import ImportError_, SourceChapter, SourceDocument
from ficfest.importer.readers.chrome import clean_subject, strip_chrome
from ficfest.importer.readers.html import html_blocks

# "L-12#c345": a fill posted in comment 345 of entry 12, kept as an entry of its own.
_ENTRY_NAME = re.compile(r"^L-\d+(?:\.xml)?(?:#c\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_NEWLINE = re.compile(r"\n")
PRIVATE = frozenset(("private", "usemask", "friends", "friendsonly"))


def is_entry_name(filename: str) -> bool:
    return bool(_ENTRY_NAME.match(PurePath(filename).name))


def journal_html(event: str, preformatted: bool) -> str:
    """The sites turn a post's line breaks into ``<br>`` unless it says it is preformatted
    (``opt_preformatted``): read it as it was shown."""
    if preformatted:
        return event
    return _NEWLINE.sub("<br>\n", event.replace("\r\n", "\n").strip())


def read_entry(data: bytes) -> SourceDocument:
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except (ParseError, defusedxml.DefusedXmlException) as error:
        raise ImportError_(f"This backup entry is not readable XML: {error}") from None
    if root.tag != "event" or root.find("eventtime") is None:
        raise ImportError_("This file is not a LiveJournal/Dreamwidth backup entry (ljdump's L-…).")
    props = root.find("props")
    preformatted = props is not None and (props.findtext("opt_preformatted") or "") == "1"
    blocks = strip_chrome(html_blocks(journal_html(root.findtext("event") or "", preformatted)))
    metadata: dict[str, str] = {}
    subject = clean_subject(root.findtext("subject") or "")
    if subject:
        metadata["title"] = subject
    poster = (root.findtext("poster") or "").strip()
    if poster:
        metadata["author"] = poster
    tags = props.findtext("taglist") if props is not None else ""
    if tags and tags.strip():
        metadata["tags"] = tags.strip()
    eventtime = (root.findtext("eventtime") or "").strip()
    if _DATE.match(eventtime):
        metadata["published"] = eventtime
    metadata["security"] = (root.findtext("security") or "public").strip().lower()
    return SourceDocument(
        format="lj-backup", chapters=[SourceChapter(blocks=blocks)], metadata=metadata
    )
