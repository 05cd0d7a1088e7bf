"""Read pages as a reader would: the text of elements, not the markup."""

from html.parser import HTMLParser


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._depth = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "p":
            self._depth += 1
            self._buffer = []
        elif tag == "br" and self._depth:
            self._buffer.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._depth:
            self._depth -= 1
            self.paragraphs.append("".join(self._buffer).strip())

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._buffer.append(data)


def paragraphs(html: str) -> list[str]:
    """The text of every <p> on the page, entities decoded, <br> as newline."""
    parser = _Paragraphs()
    parser.feed(html)
    return [p.replace("\n\n", "\n") for p in parser.paragraphs]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "style", "title"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "title"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)


def text(html: str) -> str:
    """All visible text of a page, whitespace folded."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def main(html: str) -> str:
    """The page's main content, without the header (which names the logged-in user on every
    page) or the footer: what a check of what the page shows must look at."""
    start = html.index("<main")
    return html[start : html.index("</main>", start)]


def main_text(response) -> str:
    """The visible text of a response's <main>: what the page says, without the site's chrome."""
    return text(main(response.content.decode()))
