"""Small DOCX and EPUB files built in memory for the reader tests (no binary fixtures)."""

import io
import zipfile
from collections.abc import Sequence
from html import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_zip(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# -- DOCX --------------------------------------------------------------------------------------


def run(text: str, *props: str, style: str = "") -> str:
    """A run: props are rPr children written as given ("<w:b/>", '<w:i w:val="0"/>')."""
    rpr = "".join(props) + (f'<w:rStyle w:val="{style}"/>' if style else "")
    properties = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    content = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"<w:p>{ppr}{content}</w:p>"


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
    <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
  <w:style w:type="character" w:styleId="Emphasis"><w:name w:val="Emphasis"/>
    <w:rPr><w:i/></w:rPr></w:style>
</w:styles>"""


def make_docx(
    *paragraphs: str,
    core: dict[str, str] | None = None,
    styles: str | None = STYLES,
    extra: dict[str, bytes | str] | None = None,
) -> bytes:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(paragraphs)}'
        f"<w:sectPr/></w:body></w:document>"
    )
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": document,
    }
    if styles is not None:
        members["word/styles.xml"] = styles
    if core is not None:
        fields = "".join(f"<dc:{k}>{escape(v)}</dc:{k}>" for k, v in core.items())
        members["docProps/core.xml"] = (
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.'
            'org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/'
            f'1.1/">{fields}</cp:coreProperties>'
        )
    members.update(extra or {})
    return make_zip(members)


# -- EPUB --------------------------------------------------------------------------------------

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""


def xhtml(body: str, title: str = "x") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head>'
        f"<body>{body}</body></html>"
    )


def make_epub(
    documents: Sequence[tuple[str, str, str | bytes]],
    *,
    metadata: str = "<dc:title>A Story</dc:title><dc:creator>Someone</dc:creator>",
    nav: bool = True,
    spine_extra: str = "",
    guide: str = "",
    container: str | None = CONTAINER,
    extra: dict[str, bytes | str] | None = None,
) -> bytes:
    """documents: (id, href under OEBPS/, xhtml text), in spine order."""
    manifest = "".join(
        f'<item id="{id_}" href="{href}" media-type="application/xhtml+xml"/>'
        for id_, href, _ in documents
    )
    spine = "".join(f'<itemref idref="{id_}"/>' for id_, _, _ in documents)
    members: dict[str, bytes | str] = {"mimetype": "application/epub+zip"}
    if nav:
        manifest += (
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
        spine = '<itemref idref="nav"/>' + spine
        members["OEBPS/nav.xhtml"] = xhtml('<nav epub:type="toc"><ol><li>Contents</li></ol></nav>')
    if container is not None:
        members["META-INF/container.xml"] = container
    members["OEBPS/content.opf"] = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">{metadata}</metadata>'
        f"<manifest>{manifest}</manifest><spine>{spine}{spine_extra}</spine>"
        f"{f'<guide>{guide}</guide>' if guide else ''}</package>"
    )
    for _, href, text in documents:
        members[f"OEBPS/{href}"] = text
    members.update(extra or {})
    return make_zip(members)
