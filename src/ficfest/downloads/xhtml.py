"""A chapter's sanitised HTML made fit for an EPUB 3 page.

The archive keeps what creators wrote, old markup included (``<center>``, ``<tt>``, ``<a
name>``, ``align``), and its links and images may point anywhere. EPUB 3 is stricter: no
obsolete elements or attributes, no reference to a file missing from the book, no image from
the web. Each is turned into its nearest valid form, so the text reads the same and the
checker finds nothing to refuse.
"""

from lxml import etree
from lxml import html as lxml_html

from ficfest.lib.urls import site_url

# Obsolete elements, as the element HTML5 has for the same meaning (and a class for looks).
RENAMED = {
    "center": ("div", "center"),
    "big": ("span", "big"),
    "tt": ("code", ""),
    "strike": ("s", ""),
    "acronym": ("abbr", ""),
}
OBSOLETE_ATTRIBUTES = {"align", "name"}


def _renamed(element: etree._Element) -> None:
    tag = str(element.tag)
    if tag in RENAMED:
        element.tag, css_class = RENAMED[tag]
        if css_class:
            element.set("class", f"{element.get('class', '')} {css_class}".strip())
    for attribute in OBSOLETE_ATTRIBUTES & set(element.attrib):
        del element.attrib[attribute]


def _link(element: etree._Element) -> None:
    href = element.get("href", "")
    if href.startswith("/"):
        element.set("href", site_url() + href)  # the archive's own pages, by full address
    elif not href.startswith(("http:", "https:", "mailto:")):
        # An anchor of the archive's page (or none at all) is not in the book: the words stay.
        element.attrib.pop("href", None)
        element.tag = "span"


def _image(element: etree._Element) -> None:
    """Images from the web cannot be inside the book: the reader gets a link to them."""
    src = element.get("src", "")
    for size in ("width", "height"):
        if not element.get(size, "").isdigit():
            element.attrib.pop(size, None)
    if src.startswith("data:"):
        return
    link = etree.Element("a", href=site_url() + src if src.startswith("/") else src)
    link.text = f"[Image: {element.get('alt') or 'no description'}]"
    link.tail = element.tail
    parent = element.getparent()
    if parent is not None:
        parent.replace(element, link)


def epub_html(html: str) -> str:
    """The fragment as XHTML an EPUB 3 page takes."""
    if not html.strip():
        return ""
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        _renamed(element)
        if element.tag == "a":
            _link(element)
        elif element.tag == "img":
            _image(element)
    inner = [etree.tostring(child, encoding="unicode", method="xml") for child in root]
    return (root.text or "").replace("&", "&amp;").replace("<", "&lt;") + "".join(inner)
