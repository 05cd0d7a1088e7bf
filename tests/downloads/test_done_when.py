"""The issue's "Done when", tried as a new user would with the demo: the seed fill downloads
in every format from its work page, with its `…` and quotes intact and a valid EPUB; this month
of Fag Ends downloads as one anthology from its masterlist page, the masterlist as its table of
contents; this year's still-anonymous ficathon gift's EPUB names no creator anywhere inside."""

import re
import zipfile
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse

from ficfest.communities.models import Fill
from ficfest.demo import demo_load
from ficfest.works.models import Work
from tests.downloads.conftest import epub_texts, epubcheck_errors
from tests.downloads.test_work_files import pdf_text
from tests.html import main

SEED_WORDS = "From the world below, to the world above."


@pytest.fixture
def seed(db):
    return demo_load()


def links_on(client, url, pattern):
    page = main(client.get(url).content.decode())
    return re.findall(pattern, page)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def seed_lines(seed):
    """The seed's own lines (notes and text) that carry its `…` and its quotes, as stored."""
    text = "\n".join([seed.notes, *[c.text for c in seed.chapters.all()]])
    found = [" ".join(s.split()) for s in text.splitlines() if re.search("[…\"'“”’]", s)]
    assert any("…" in s for s in found) and any('"' in s for s in found)
    return found


def test_it_downloads_the_seed_fill_in_every_format_from_its_page(seed, client, tmp_path):
    links = links_on(client, seed.get_absolute_url(), r'href="(/works/\d+/download/(\w+))"')
    files = {fmt: fetch(client, url) for url, fmt in links}
    assert {"epub", "pdf", "html", "txt"} <= set(files)
    assert epubcheck_errors(files["epub"], tmp_path) == ""
    epub = " ".join(" ".join(unescape(t).split()) for t in epub_texts(files["epub"]).values())
    html = " ".join(unescape(re.sub(r"<[^>]+>", " ", files["html"].decode())).split())
    txt = " ".join(files["txt"].decode().split())
    pdf = pdf_text(files["pdf"])
    for sentence in seed_lines(seed):
        for fmt, text in (("epub", epub), ("html", html), ("txt", txt), ("pdf", pdf)):
            assert sentence in text, (fmt, sentence)
    assert SEED_WORDS in txt


def test_it_downloads_this_month_of_fag_ends_as_one_anthology(seed, client, tmp_path):
    period = Fill.objects.get(work=seed, challenge__community__slug="fag-ends").period
    masterlist = reverse("masterlist", args=[period.challenge.community.slug,
                                             period.challenge.slug, period.slug])  # fmt: skip
    (epub_url,) = links_on(client, masterlist, r'href="([^"]+anthology\.epub)"')
    body = fetch(client, epub_url)
    assert epubcheck_errors(body, tmp_path) == ""
    texts = epub_texts(body)
    contents = texts["EPUB/contents.xhtml"]
    listed = main(client.get(masterlist).content.decode())
    for work in Work.objects.filter(fills__period=period):
        assert work.title in listed and work.title in contents
    assert "Prompt: “" in contents and seed.title in contents
    nav = texts["EPUB/nav.xhtml"]
    assert nav.index("Contents") < nav.index(seed.title)
    (pdf_url,) = links_on(client, masterlist, r'href="([^"]+anthology\.pdf)"')
    assert fetch(client, pdf_url).startswith(b"%PDF")


def test_it_names_no_creator_inside_the_anonymous_gifts_epub(seed, client):
    gift = Work.objects.get(title="Tea for the Watcher")
    creator = gift.poster
    names = {creator.username, *[p.name for p in creator.pseuds.all()]}
    body = fetch(client, reverse("work_download", args=[gift.pk, "epub"]))
    with zipfile.ZipFile(BytesIO(body)) as book:
        for name in book.namelist():
            data = book.read(name).decode("utf-8", "replace")
            assert not any(n in data or n in name for n in names), name
    assert "Anonymous" in " ".join(epub_texts(body).values())
