"""The web import: upload, preview, confirm, and the originals for their owner only."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ficfest.communities.models import Fill
from ficfest.demo import SEED_PROMPT, seed_text
from ficfest.importer.forms import MAX_FILES
from ficfest.importer.models import ImportedFile
from ficfest.importer.services import STAGING
from ficfest.lib.storage import originals_storage
from ficfest.works.models import Work
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_period,
    make_prompt,
)
from tests.html import main, main_text, text

SEED = seed_text().encode("utf-8")
COAT = "Title: Borrowed Coat\nFandom: Buffy the Vampire Slayer\nRating: PG\n\nShe keeps it."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def staged_batches(settings) -> list[Path]:
    root = Path(settings.ORIGINALS_ROOT) / STAGING
    return list(root.iterdir()) if root.exists() else []


def post_files(client, *files, **data):
    return client.post(reverse("import"), {"uploads": list(files), **data})


def test_it_shows_the_upload_form(author_client):
    response = author_client.get(reverse("import"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file" name="uploads"' in html and " multiple" in html
    assert "Create missing prompts" in html


def test_it_sends_strangers_to_log_in(client):
    response = client.get(reverse("import"))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_previews_then_imports_then_serves_the_originals(author_client, author, settings):
    response = post_files(
        author_client, upload("seed.txt", SEED), upload("coat.txt", COAT.encode())
    )
    assert response.status_code == 302 and response["Location"] == reverse("import_preview")
    assert Work.objects.count() == 0

    preview = author_client.get(reverse("import_preview"))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert html.count("will be imported") == 2
    assert SEED_PROMPT in html and "derived" in html
    assert "I do not claim to own, etc…" in html
    assert "Fag End" in html
    assert "Borrowed Coat" in html and "General Audiences" in html
    assert "Buffy the Vampire Slayer" in html
    assert "Import 2 works" in html
    assert Work.objects.count() == 0

    token = author_client.session["import_batch"]["token"]
    done = author_client.post(reverse("import_confirm"), {"token": token}, follow=True)
    html = done.content.decode()
    assert "2 imported, 0 skipped, 0 failed." in html
    works = {w.title: w for w in Work.objects.all()}
    assert set(works) == {SEED_PROMPT, "Borrowed Coat"}
    assert f'href="/works/{works["Borrowed Coat"].pk}/"' in html
    assert staged_batches(settings) == []

    imported = ImportedFile.objects.get(filename="coat.txt")
    download = author_client.get(reverse("imported_file", args=[imported.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == COAT.encode()
    assert download["Content-Disposition"] == 'attachment; filename="coat.txt"'
    assert reverse("imported_file", args=[imported.pk]) in html

    listing = author_client.get(reverse("imported_files")).content.decode()
    assert "seed.txt" in listing and "coat.txt" in listing


def test_it_refuses_an_original_to_anyone_but_its_owner(author_client, client, stranger):
    post_files(author_client, upload("coat.txt", COAT.encode()))
    token = author_client.session["import_batch"]["token"]
    author_client.post(reverse("import_confirm"), {"token": token})
    imported = ImportedFile.objects.get()

    client.force_login(stranger)
    assert client.get(reverse("imported_file", args=[imported.pk])).status_code == 404
    assert "coat.txt" not in client.get(reverse("imported_files")).content.decode()
    client.logout()
    anonymous = client.get(reverse("imported_file", args=[imported.pk]))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_it_shows_each_files_problem_in_the_preview(author_client):
    post_files(author_client, upload("empty.txt", b""), upload("coat.txt", COAT.encode()))

    html = author_client.get(reverse("import_preview")).content.decode()

    assert "Cannot be imported:" in html and "The file is empty." in html
    assert "Import 1 work" in html


def test_it_refuses_files_over_the_limit_by_the_field(author_client, settings):
    settings.IMPORT_MAX_BYTES = 1024

    response = post_files(author_client, upload("big.txt", b"x" * 3000))

    assert response.status_code == 200
    html = response.content.decode()
    assert "“big.txt”: The file is 2.9 KB; the limit is 1 KB." in html
    assert 'aria-invalid="true"' in html
    assert staged_batches(settings) == []


def test_it_refuses_too_many_files(author_client, settings):
    files = [upload(f"{n}.txt", b"x") for n in range(MAX_FILES + 1)]

    html = post_files(author_client, *files).content.decode()

    assert f"Upload at most {MAX_FILES} files at a time; you chose {MAX_FILES + 1}." in html


def test_it_confirms_only_the_current_preview(author_client):
    post_files(author_client, upload("coat.txt", COAT.encode()))

    response = author_client.post(reverse("import_confirm"), {"token": "0" * 32}, follow=True)

    assert "That preview has expired" in response.content.decode()
    assert Work.objects.count() == 0


def test_it_skips_a_file_imported_before(author_client):
    for _ in range(2):
        post_files(author_client, upload("coat.txt", COAT.encode()))
        token = author_client.session["import_batch"]["token"]
        response = author_client.post(reverse("import_confirm"), {"token": token}, follow=True)

    assert "0 imported, 1 skipped, 0 failed." in response.content.decode()
    assert Work.objects.count() == 1


def test_it_offers_the_communities_the_user_may_post_to(author_client, author, moderator):
    joined = make_community(moderator, slug="joined", name="Joined")
    add_member(joined, author)
    make_community(moderator, slug="closed", name="Closed")

    html = author_client.get(reverse("import")).content.decode()

    assert ">Joined</option>" in html and ">Closed</option>" not in html


def test_it_imports_fills_into_the_chosen_community(author_client, author, moderator):
    community = make_community(moderator, slug="drabbles", name="Drabble Night")
    add_member(community, author)
    make_prompt(make_period(make_challenge(community)), "Stars")
    story = b"Title: Night\nPrompt: Stars\n\nSo many."
    post_files(author_client, upload("night.txt", story), community=community.pk)

    preview = author_client.get(reverse("import_preview")).content.decode()
    token = author_client.session["import_batch"]["token"]
    author_client.post(reverse("import_confirm"), {"token": token})

    assert "Drabble Night" in preview
    assert Fill.objects.get().challenge.community == community


def test_it_clears_stale_staged_batches(author_client, settings):
    stale = originals_storage().save(f"{STAGING}/{'a' * 32}/000", upload("x.txt", b"x"))
    old = time.time() - 2 * 24 * 3600
    os.utime(originals_storage().path(stale), (old, old))
    os.utime(os.path.dirname(originals_storage().path(stale)), (old, old))

    post_files(author_client, upload("coat.txt", COAT.encode()))

    assert [p.name for p in staged_batches(settings)] == [
        author_client.session["import_batch"]["token"]
    ]


def multipart(files: list[tuple[str, bytes]]) -> bytes:
    """A form body as a browser sends it, with file names the test client would refuse."""
    parts = [
        b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"uploads\"; filename=\""
        + name.encode() + b"\"\r\nContent-Type: text/plain\r\n\r\n" + data + b"\r\n"
        for name, data in files
    ]  # fmt: skip
    return b"".join(parts) + b"--BOUNDARY--\r\n"


def test_it_names_a_file_it_could_not_read_and_imports_nothing(author_client, settings):
    body = multipart([("coat.txt", COAT.encode()), ("..", b"Title: Dots")])
    form_type = "multipart/form-data; boundary=BOUNDARY"
    response = author_client.post(reverse("import"), body, content_type=form_type)
    page = main(response.content.decode())
    assert response.status_code == 200
    assert "“..” was not read: the archive can't use that file name." in text(page)
    assert "Nothing was uploaded" in text(page)
    assert "import_batch" not in author_client.session
    assert staged_batches(settings) == []


def test_it_says_so_when_a_form_carries_more_files_than_the_site_reads(author_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [upload(f"fic-{n}.txt", COAT.encode()) for n in range(5)]
    response = author_client.post(reverse("import"), {"uploads": files})
    assert response.status_code == 200
    assert "more than 3 files, so none was read" in text(main(response.content.decode()))
    assert "import_batch" not in author_client.session


def test_it_previews_a_work_in_progress_as_one(author_client):
    wip = b"Title: Half done\nChapters: 3/?\n\nThe story so far."
    post_files(author_client, upload("wip.txt", wip), upload("coat.txt", COAT.encode()))

    page = main_text(author_client.get(reverse("import_preview")))
    assert "Half done" in page and "Borrowed Coat" in page
    assert page.count("Work in progress") == 1
