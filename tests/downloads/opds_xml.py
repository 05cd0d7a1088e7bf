"""Reading OPDS feeds as an e-reader app would: parsed XML, checked against what OPDS 1.2
and Atom require of every feed and entry."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
THR = "http://purl.org/syndication/thread/1.0"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUIRE = "http://opds-spec.org/acquisition"


def a(name: str) -> str:
    return f"{{{ATOM}}}{name}"


@dataclass
class Entry:
    element: ET.Element

    @property
    def title(self) -> str:
        return self.element.findtext(a("title")) or ""

    @property
    def authors(self) -> list[str]:
        return [e.findtext(a("name")) or "" for e in self.element.findall(a("author"))]

    def links(self, rel: str | None = None) -> list[ET.Element]:
        found = self.element.findall(a("link"))
        return [link for link in found if rel is None or link.get("rel") == rel]

    @property
    def href(self) -> str:
        """Where a navigation entry leads, as a path."""
        return urlsplit(self.links()[0].get("href", "")).path

    @property
    def categories(self) -> list[str]:
        return [c.get("term", "") for c in self.element.findall(a("category"))]


@dataclass
class Feed:
    root: ET.Element
    content_type: str

    @property
    def title(self) -> str:
        return self.root.findtext(a("title")) or ""

    @property
    def entries(self) -> list[Entry]:
        return [Entry(e) for e in self.root.findall(a("entry"))]

    def titles(self) -> list[str]:
        return [entry.title for entry in self.entries]

    def entry(self, title: str) -> Entry:
        return next(e for e in self.entries if e.title == title)

    def link(self, rel: str, kind: str | None = None) -> str | None:
        for link in self.root.findall(a("link")):
            if link.get("rel") == rel and (kind is None or link.get("type") == kind):
                return link.get("href")
        return None


def check_feed(root: ET.Element) -> None:
    """What Atom (RFC 4287) and OPDS 1.2 require of a catalog feed and its entries."""
    assert root.tag == a("feed")
    for required in ("id", "title", "updated"):
        assert (root.findtext(a(required)) or "").strip(), f"feed without {required}"
    rels = {link.get("rel") for link in root.findall(a("link"))}
    assert {"self", "start"} <= rels
    ids = set()
    for entry in root.findall(a("entry")):
        for required in ("id", "title", "updated"):
            assert (entry.findtext(a(required)) or "").strip(), f"entry without {required}"
        ids.add(entry.findtext(a("id")))
        links = entry.findall(a("link"))
        assert links and all(link.get("href", "").startswith("http") for link in links)
        assert all(link.get("type") for link in links)
    assert len(ids) == len(root.findall(a("entry"))), "two entries share an id"


def feed_of(response) -> Feed:
    assert response.status_code == 200, response.content[:300]
    kind = response["Content-Type"]
    assert kind in {NAVIGATION, ACQUISITION}
    root = ET.fromstring(response.content)
    check_feed(root)
    return Feed(root, kind)


def get_feed(client, url: str, **extra) -> Feed:
    return feed_of(client.get(url, **extra))


def path_of(url: str | None) -> str:
    parts = urlsplit(url or "")
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
