"""An EPUB anthology (FanFicFare/EpubMerge: several works, each behind its own title page)
imports as several works gathered into a series; a plain multi-chapter EPUB stays one work."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ficfest.importer.readers import read_document
from ficfest.works.models import Series, Work
from tests.factories import default_pseud
from tests.importer.readers_builders import make_epub, xhtml


def _title_page(number: int, rating: str) -> str:
    return xhtml(
        f'<h3><a href="#">Rivers {number}</a> by <a href="#">Ann</a></h3><div>'
        f"<b>Series:</b> <a>Rivers [{number}]</a><br/>"
        "<b>Category:</b> Sherlock<br/>"
        f"<b>Rating:</b> {rating}<br/>"
        "<b>Characters:</b> John Watson, Sherlock Holmes<br/>"
        "<b>Status:</b> Completed<br/>"
        f"<b>Summary:</b> The {number} summary.<br/></div>"
    )


def _package(number: int) -> str:
    return (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>Rivers {number}</dc:title><dc:creator>Ann</dc:creator>"
        "<dc:language>en</dc:language></metadata></package>"
    )


def anthology(*, packages: bool = True) -> bytes:
    documents = []
    extra = {}
    for number, rating in ((1, "Teen"), (2, "Explicit")):
        documents.append((f"a{number}t", f"{number}/title_page.xhtml", _title_page(number, rating)))
        for chapter in (1, 2):
            body = f"<h2>{chapter}. Part</h2><p>Work {number} chapter {chapter} text.</p>"
            documents.append((f"a{number}c{chapter}", f"{number}/file000{chapter}.xhtml",
                              xhtml(body)))  # fmt: skip
        if packages:
            extra[f"OEBPS/{number}/content.opf"] = _package(number)
    metadata = "<dc:title>Rivers Anthology</dc:title><dc:creator>Ann</dc:creator>"
    return make_epub(documents, metadata=metadata, extra=extra)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


@pytest.mark.parametrize("packages", [True, False])
def test_it_reads_each_work_of_an_anthology_from_its_title_page(packages):
    document = read_document("rivers.epub", anthology(packages=packages))
    assert document.series == "Rivers"
    assert [part.metadata["title"] for part in document.parts] == ["Rivers 1", "Rivers 2"]
    assert [part.metadata["Rating"] for part in document.parts] == ["Teen", "Explicit"]
    assert [len(part.chapters) for part in document.parts] == [2, 2]
    texts = [block.text for block in document.parts[1].chapters[0].blocks]
    assert texts == ["Work 2 chapter 1 text."]


def test_it_reads_a_book_with_one_title_page_as_one_work():
    documents = [
        ("t", "title_page.xhtml", _title_page(1, "Teen")),
        ("c1", "c1.xhtml", xhtml("<h2>One</h2><p>First.</p>")),
        ("c2", "c2.xhtml", xhtml("<h2>Two</h2><p>Second.</p>")),
    ]
    document = read_document("one.epub", make_epub(documents))
    assert document.parts == []
    assert [chapter.title for chapter in document.chapters] == ["One", "Two"]


@pytest.mark.django_db
def test_it_imports_an_anthology_as_a_series_of_works(author, tmp_path):
    path = tmp_path / "rivers.epub"
    path.write_bytes(anthology())
    out = StringIO()
    call_command("import", str(path), "--as", default_pseud(author).name, "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == [f"{path} (1 of 2)", f"{path} (2 of 2)"]
    assert [line["fields"]["title"] for line in lines] == ["Rivers 1", "Rivers 2"]
    series = Series.objects.get()
    assert series.title == "Rivers"
    assert series.complete
    works = [item.work for item in series.items.order_by("position")]
    assert [work.title for work in works] == ["Rivers 1", "Rivers 2"]
    assert [work.chapter_count for work in works] == [2, 2]
    assert [work.rating for work in works] == ["teen", "explicit"]
    assert works[0].summary == "The 1 summary."


@pytest.mark.django_db
def test_it_skips_an_anthology_imported_before_and_writes_nothing_on_a_dry_run(author, tmp_path):
    path = tmp_path / "rivers.epub"
    path.write_bytes(anthology())
    pseud = default_pseud(author).name
    call_command("import", str(path), "--as", pseud, "--dry-run", "--json", stdout=StringIO())
    assert not Work.objects.exists() and not Series.objects.exists()
    call_command("import", str(path), "--as", pseud, "--json", stdout=StringIO())
    out = StringIO()
    call_command("import", str(path), "--as", pseud, "--json", stdout=out)
    assert json.loads(out.getvalue())["status"] == "skipped"
    assert Work.objects.count() == 2
    assert Series.objects.count() == 1


@pytest.mark.django_db
def test_it_previews_and_imports_an_uploaded_anthology_work_by_work(author_client):
    upload = SimpleUploadedFile("rivers.epub", anthology(), content_type="application/epub+zip")
    author_client.post(reverse("import"), {"uploads": [upload]})
    html = author_client.get(reverse("import_preview")).content.decode()
    assert "Rivers 1" in html and "Rivers 2" in html
    assert "Import 2 works" in html
    token = author_client.session["import_batch"]["token"]
    done = author_client.post(reverse("import_confirm"), {"token": token}, follow=True)
    assert "2 imported, 0 skipped, 0 failed." in done.content.decode()
    assert Series.objects.get().items.count() == 2
