"""OPDS 1.2 catalogs as XML: the Atom feeds e-reader apps (KOReader, Calibre, Thorium...) browse.

A catalog is a tree of navigation feeds whose entries lead to other feeds, ending in acquisition
feeds whose entries are works, each with a link per file format. This module only writes the
XML; what a feed lists, and for whom, is decided in ``opds_catalogs`` and ``opds_views``.

An entry names a work's creators only when nobody's catalog would hide them: a catalog is a file
an app keeps and may sync elsewhere, so even a creator's or a challenge moderator's own catalog
says "Anonymous" until the reveal (the pages, which nobody stores, may tell them more).
"""

import mimetypes
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone

from ficfest.accounts.models import Pseud
from ficfest.lib.urls import absolute
from ficfest.works.models import Form, Rating, Work

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
THR = "http://purl.org/syndication/thread/1.0"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
# Names are written with these prefixes as they are (ElementTree's own namespace handling is
# global state: it would change what other code in the process writes).
PREFIXES = {ATOM: "", DC: "dc", OPDS: "opds", THR: "thr", OPENSEARCH: ""}

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"
ACQUIRE = "http://opds-spec.org/acquisition"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
NEWEST = "http://opds-spec.org/sort/new"
FACET = "http://opds-spec.org/facet"
SUBSECTION = "subsection"
# Entry and feed ids are URNs made from an address, so that they stay the same for a work
# whichever catalog (public or personal) lists it, and differ between two archives.
_ID_NAMESPACE = uuid.NAMESPACE_URL


def _tag(namespace: str, name: str) -> str:
    prefix = PREFIXES[namespace]
    return f"{prefix}:{name}" if prefix else name


def urn_for(path: str) -> str:
    """A stable id for what lives at ``path`` on this archive."""
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, absolute(path))}"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# Characters XML 1.0 cannot carry at all (ElementTree would write them, and apps' parsers
# would refuse the whole feed): control characters an old imported file may hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _add(parent: ET.Element, name: str, text: str = "", namespace: str = ATOM,
         **attributes: str) -> ET.Element:  # fmt: skip
    safe = {key: xml_safe(value) for key, value in attributes.items()}
    element = ET.SubElement(parent, _tag(namespace, name), safe)
    if text:
        element.text = xml_safe(text)
    return element


@dataclass(frozen=True)
class Link:
    href: str
    rel: str
    type: str
    title: str = ""
    count: int | None = None  # thr:count, how many works lie behind a navigation link
    facet_group: str = ""  # opds:facetGroup of a facet link, and whether it is the one shown
    active: bool = False

    def write(self, parent: ET.Element) -> None:
        attributes = {"rel": self.rel, "href": self.href, "type": self.type}
        if self.title:
            attributes["title"] = self.title
        if self.count is not None:
            attributes[_tag(THR, "count")] = str(self.count)
        if self.facet_group:
            attributes[_tag(OPDS, "facetGroup")] = self.facet_group
            attributes[_tag(OPDS, "activeFacet")] = "true" if self.active else "false"
        _add(parent, "link", **attributes)


@dataclass
class Feed:
    """One catalog page. ``path`` is its public address (its id); ``links`` are its own (self,
    start, up, search, pages), already absolute."""

    path: str
    title: str
    kind: str  # NAVIGATION or ACQUISITION
    links: list[Link] = field(default_factory=list)
    entries: list[ET.Element] = field(default_factory=list)
    updated: datetime | None = None
    subtitle: str = ""

    def xml(self) -> bytes:
        root = ET.Element(_tag(ATOM, "feed"), _declarations(ATOM, DC, OPDS, THR))
        _add(root, "id", urn_for(self.path))
        _add(root, "title", self.title)
        if self.subtitle:
            _add(root, "subtitle", self.subtitle)
        _add(root, "updated", _stamp(self.updated or timezone.now()))
        author = _add(root, "author")
        _add(author, "name", "ficfest")
        _add(author, "uri", absolute("/"))
        for link in self.links:
            link.write(root)
        root.extend(self.entries)
        return _serialise(root)


def _declarations(*namespaces: str) -> dict[str, str]:
    return {f"xmlns:{PREFIXES[ns]}" if PREFIXES[ns] else "xmlns": ns for ns in namespaces}


def _serialise(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def navigation_entry(*, title: str, link: Link, path: str, content: str = "",
                     updated: datetime | None = None) -> ET.Element:  # fmt: skip
    """An entry leading to another catalog feed (``link``); ``path`` is that feed's public
    address, for its id."""
    entry = ET.Element(_tag(ATOM, "entry"))
    _add(entry, "title", title)
    _add(entry, "id", urn_for(path))
    _add(entry, "updated", _stamp(updated or timezone.now()))
    if content:
        _add(entry, "content", content, type="text")
    link.write(entry)
    return entry


def _secret(flag: bool, until: datetime | None, now: datetime) -> bool:
    return flag and (until is None or until > now)  # as works.models.secret_now, per row


def hides_creators(work: Work) -> bool:
    """True while anyone's view of the work would hide its creators: anonymous or unrevealed,
    its reveal still ahead (more than ``visible_to`` annotated for this reader)."""
    now = timezone.now()
    return (
        work.creators_are_hidden
        or _secret(work.anonymous, work.anonymous_until, now)
        or _secret(work.unrevealed, work.unrevealed_until, now)
    )


def named_pseuds(work: Work) -> list[Pseud]:
    """The pseuds an entry names: none while the work's creators are hidden from anyone."""
    return [] if hides_creators(work) else work.credited_pseuds()


@dataclass(frozen=True)
class WorkLinks:
    """Where an entry's links point: the work's page and one download per format."""

    page: str
    downloads: Sequence[tuple[str, str, str]]  # (href, MIME type, label)


def _details(work: Work) -> str:
    unit, amount = work.size()
    size = f"{amount:,} {unit.removesuffix('s') if amount == 1 else unit}"
    parts = [Form(work.form).label, Rating(work.rating).label, size]
    if work.chapter_count > 1:
        parts.append(f"{work.chapter_count} chapters")
    parts.append("Complete" if work.complete else "In progress")
    return " · ".join(parts)


def _authors(entry: ET.Element, work: Work) -> None:
    pseuds = named_pseuds(work)
    if hides_creators(work):
        _add(_add(entry, "author"), "name", "Anonymous")
    elif not pseuds:
        _add(_add(entry, "author"), "name", "Orphan account")
    for pseud in pseuds:
        author = _add(entry, "author")
        _add(author, "name", pseud.name)
        _add(author, "uri", absolute(pseud.get_absolute_url()))


def _categories(entry: ET.Element, work: Work) -> None:
    for tag in work.tags.all():  # prefetched, in name order
        scheme = f"urn:ficfest:tags:{tag.type}"
        _add(entry, "category", term=tag.name, label=tag.name, scheme=scheme)


def _images(entry: ET.Element, work: Work) -> None:
    """The first image of an art work as its cover and thumbnail: the file already served, as
    no smaller copy is kept."""
    if work.form not in {Form.ART, Form.PICSPAM}:
        return
    images = list(work.images.all())  # prefetched
    if not images:
        return
    href = absolute(images[0].image.url)
    kind = mimetypes.guess_type(images[0].image.name)[0] or "image/png"
    for rel in (IMAGE, THUMBNAIL):
        Link(href, rel, kind).write(entry)


def work_entry(work: Work, links: WorkLinks) -> ET.Element:
    """An acquisition entry: what a reader needs to choose a work, and its files."""
    entry = ET.Element(_tag(ATOM, "entry"))
    _add(entry, "title", work.title)
    _add(entry, "id", urn_for(work.get_absolute_url()))
    _add(entry, "updated", _stamp(work.revised_at or work.updated_at))
    if work.published_at:
        _add(entry, "published", _stamp(work.published_at))
        _add(entry, "issued", work.published_at.date().isoformat(), namespace=DC)
    _authors(entry, work)
    _add(entry, "language", work.language, namespace=DC)
    _categories(entry, work)
    if work.summary:
        _add(entry, "summary", work.summary, type="text")
    _add(entry, "content", _details(work), type="text")
    Link(links.page, "alternate", "text/html", "Read online").write(entry)
    for href, kind, label in links.downloads:
        Link(href, ACQUIRE, kind, label).write(entry)
    _images(entry, work)
    return entry


def opensearch_description(*, template: str, title: str) -> bytes:
    """The OpenSearch description an app reads to learn how to search the catalog."""
    root = ET.Element(_tag(OPENSEARCH, "OpenSearchDescription"), _declarations(OPENSEARCH))
    _add(root, "ShortName", title[:16], namespace=OPENSEARCH)
    _add(root, "Description", f"Search the works of {title}", namespace=OPENSEARCH)
    _add(root, "InputEncoding", "UTF-8", namespace=OPENSEARCH)
    _add(root, "OutputEncoding", "UTF-8", namespace=OPENSEARCH)
    _add(root, "Url", namespace=OPENSEARCH, type=ACQUISITION, template=template)
    return _serialise(root)
