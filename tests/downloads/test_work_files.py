"""A work's files: each format from the work page's links, with the preface AO3's downloads
open with, metadata inside, valid EPUB 3, and the visibility and anonymity rules of pages."""

import os
import re
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ficfest.communities.models import Anonymity, Challenge
from ficfest.communities.secrecy import works_secrecy_refresh
from ficfest.communities.services.fills import fill_create
from ficfest.lib.text import TextFormat
from ficfest.works import services
from ficfest.works.models import Form, WorkImage
from tests.communities.factories import add_member, make_challenge, make_period
from tests.downloads.conftest import epub_texts, epubcheck_errors
from tests.factories import client_for, make_user, make_work
from tests.media import png

SEED_LINE = "“From the world below, to the world above.” She paused… then: ‘fine’."


def download(client, work, fmt):
    response = client.get(reverse("work_download", args=[work.pk, fmt]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


@pytest.fixture
def three_chapters(author):
    work = make_work(author, title="Three Nights", summary="A summary.", notes="Begin notes.",
                     end_notes="Closing words.", relationships=["Buffy Summers/Spike"])  # fmt: skip
    for n in (2, 3):
        chapter = services.chapter_add(
            work=work,
            content=services.ChapterText(
                text=f"Night {n} text.", title=f"Night {n}", text_format=TextFormat.PLAIN
            ),
        )
        chapter.notes = f"Notes for night {n}."
        chapter.save()
    return work


def test_it_offers_each_format_under_the_work(client, author):
    work = make_work(author, title="Offered")
    page = client.get(work.get_absolute_url()).content.decode()
    for fmt in ("epub", "pdf", "html", "txt"):
        assert f'href="{reverse("work_download", args=[work.pk, fmt])}"' in page


def test_it_names_files_from_the_title(client, author):
    work = make_work(author, title="Fag Ends: “Below” & Above…")
    response, body = download(client, work, "epub")
    assert response.status_code == 200 and body.startswith(b"PK")
    assert 'filename="Fag_Ends_Below_Above.epub"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/epub+zip"
    japanese = make_work(author, title="夜の歌")
    response, _body = download(client, japanese, "txt")
    assert "filename*=utf-8''%E5%A4%9C%E3%81%AE%E6%AD%8C.txt" in response["Content-Disposition"]


def test_it_answers_404_for_an_unknown_format(client, author):
    work = make_work(author)
    assert client.get(f"/works/{work.pk}/download/docx").status_code == 404
    assert client.get("/works/999999/download/epub").status_code == 404


def test_it_hides_drafts_and_restricted_works_from_whoever_may_not_read_them(
    client, author, stranger
):
    draft = make_work(author, status="draft")
    restricted = make_work(author, restricted=True, title="Members only")
    assert download(client, draft, "epub")[0].status_code == 404
    assert download(client_for(stranger), draft, "epub")[0].status_code == 404
    assert download(client, restricted, "txt")[0].status_code == 404
    response, body = download(client_for(stranger), restricted, "txt")
    assert response.status_code == 200 and b"Members only" in body
    assert download(client_for(author), draft, "txt")[0].status_code == 200


def test_it_builds_a_valid_epub_of_three_chapters_with_preface_and_notes(
    client, three_chapters, tmp_path
):
    _response, body = download(client, three_chapters, "epub")
    assert epubcheck_errors(body, tmp_path) == ""
    texts = epub_texts(body)
    whole = " ".join(texts.values())
    for shown in ("Three Nights", "by author", "General Audiences", "Buffy Summers/Spike",
                  "A summary.", "Begin notes.", "Chapter 3: Night 3", "Notes for night 2.",
                  "Night 3 text.", "Closing words."):  # fmt: skip
        assert shown in whole, shown
    opf = next(text for name, text in texts.items() if name.endswith(".opf"))
    assert "<dc:title>Three Nights</dc:title>" in opf
    assert re.search(r"<dc:creator[^>]*>author</dc:creator>", opf)
    assert "<dc:language>en</dc:language>" in opf
    assert "<dc:subject>Buffy the Vampire Slayer</dc:subject>" in opf
    assert "<dc:date>" in opf


def test_it_puts_an_art_works_images_inside_its_epub(client, author, tmp_path):
    work = make_work(author, title="Sketches", form=Form.ART, text="")
    for n in (1, 2):
        WorkImage.objects.create(
            work=work, image=SimpleUploadedFile(f"s{n}.png", png()), alt_text=f"Sketch {n}",
            caption=f"Caption {n}", position=n,
        )  # fmt: skip
    _response, body = download(client, work, "epub")
    assert epubcheck_errors(body, tmp_path) == ""
    with zipfile.ZipFile(BytesIO(body)) as book:
        images = [n for n in book.namelist() if "/images/" in n]
        assert len(images) == 2 and book.read(images[0]).startswith(b"\x89PNG")
    assert 'alt="Sketch 2"' in " ".join(epub_texts(body).values())
    _response, pdf = download(client, work, "pdf")
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf


def test_it_writes_the_same_text_in_every_format(client, author):
    work = make_work(author, title="Quotes", text=SEED_LINE)
    texts = {fmt: download(client, work, fmt)[1] for fmt in ("epub", "html", "txt", "pdf")}
    assert SEED_LINE in " ".join(epub_texts(texts["epub"]).values())
    assert SEED_LINE in texts["html"].decode()
    assert SEED_LINE in texts["txt"].decode()
    assert SEED_LINE in pdf_text(texts["pdf"])


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def anonymous_fill(community, creator, title):
    """A work posted to an anonymous ficathon whose reveal is a year away."""
    add_member(community, creator)
    reveal = timezone.now() + timedelta(days=365)
    fest = make_challenge(community, slug="fest", anonymity=Anonymity.ANONYMOUS,
                          reveal_at=reveal, kind="ficathon")  # fmt: skip
    make_period(fest)
    work = make_work(creator, title=title, summary="For you.")
    fill_create(work=work, challenge=fest, prompts=[], for_theme=False, by=creator)
    return work


def test_it_names_no_creator_of_an_anonymous_work(client, stranger, community):
    creator = make_user("zephyrine")
    work = anonymous_fill(community, creator, "Secret Gift")
    for reader in (client, client_for(stranger)):
        for fmt in ("epub", "html", "txt", "pdf"):
            response, body = download(reader, work, fmt)
            if fmt == "epub":
                inside = " ".join(epub_texts(body).values())
            else:
                inside = pdf_text(body) if fmt == "pdf" else body.decode()
            assert "zephyrine" not in inside.lower() and "Anonymous" in inside, fmt
            assert "zephyrine" not in response["Content-Disposition"]
    _response, own = download(client_for(creator), work, "txt")
    assert b"by zephyrine" in own


def test_it_hides_an_unrevealed_work_and_its_files_until_the_reveal(client, stranger, community):
    creator = make_user("zephyrine")
    work = anonymous_fill(community, creator, "Not yet")
    Challenge.objects.filter(slug="fest").update(anonymity=Anonymity.UNREVEALED)
    works_secrecy_refresh(work_ids=[work.pk])
    for reader in (client, client_for(stranger)):
        assert download(reader, work, "epub")[0].status_code == 404
    response, body = download(client_for(creator), work, "txt")
    assert response.status_code == 200 and b"by zephyrine" in body


def test_it_rebuilds_when_the_work_changes(client, author):
    work = make_work(author, title="Before")
    assert b"Before" in download(client, work, "txt")[1]
    services.chapter_add(
        work=work, content=services.ChapterText(text="A new chapter.", text_format=TextFormat.PLAIN)
    )
    work.title = "After"
    work.save()
    body = download(client, work, "txt")[1]
    assert b"After" in body and b"A new chapter." in body and b"Before" not in body


OLD_MARKUP = (
    '<center><p><a name="top">Old</a> <big>style</big> <tt>code</tt> <strike>gone</strike> '
    '<acronym title="x">ABC</acronym></p></center>'
    '<p align="right">Right. <a href="#top">Back up</a>, <a href="/works/">all works</a>, '
    '<a href="https://example.org/">away</a>.</p>'
    '<p><img src="https://example.org/pic.png" alt="A picture" width="50%"> after</p>'
    '<table><tr><td align="left">cell</td></tr></table><p><em>emphasis</em></p>'
)


def test_it_makes_old_markup_and_outside_images_valid_in_the_epub(client, author, tmp_path):
    work = make_work(author, title="Old markup", text=OLD_MARKUP, text_format=TextFormat.HTML)
    body = download(client, work, "epub")[1]
    assert epubcheck_errors(body, tmp_path) == ""
    inside = " ".join(epub_texts(body).values())
    assert "Old" in inside and "cell" in inside and "[Image: A picture]" in inside
    assert 'href="https://example.org/pic.png"' in inside and "/works/" in inside
    assert "<em>emphasis</em>" in inside


def test_it_offers_azw3_and_mobi_only_where_calibre_is_installed(
    client, author, tmp_path, monkeypatch
):
    work = make_work(author, title="Kindle")
    assert download(client, work, "azw3")[0].status_code == 404
    # A stand-in for calibre's converter: it copies the EPUB to the file asked for.
    converter = tmp_path / "bin" / "ebook-convert"
    converter.parent.mkdir()
    converter.write_text('#!/bin/sh\ncp "$1" "$2"\n')
    converter.chmod(0o755)
    monkeypatch.setenv("PATH", f"{converter.parent}:{os.environ['PATH']}")
    page = client.get(work.get_absolute_url()).content.decode()
    assert reverse("work_download", args=[work.pk, "mobi"]) in page
    response, body = download(client, work, "azw3")
    assert response.status_code == 200 and body.startswith(b"PK")
    assert 'filename="Kindle.azw3"' in response["Content-Disposition"]
