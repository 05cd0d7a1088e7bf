"""Imported originals are whatever someone uploaded: they live outside MEDIA_ROOT, have no URL,
and reach only their owner, as a sandboxed download."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from ficfest.importer.models import ImportedFile
from ficfest.importer.services import import_file
from ficfest.lib.storage import originals_storage
from tests.factories import make_user

HOSTILE = (
    b"Title: Trap\nFandom: Buffy the Vampire Slayer\nRating: G\n\n"
    b"<p>Hello</p><script>fetch('/admin/')</script>"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


def files_under(root) -> list[Path]:
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def imported_by(owner, data: bytes = HOSTILE, filename: str = "trap.html") -> ImportedFile:
    report = import_file(filename=filename, data=data, owner=owner, pseud=None, community=None,
                         create_prompts=False, dry_run=False)  # fmt: skip
    return ImportedFile.objects.get(pk=report.imported_file_id)


def test_it_keeps_originals_out_of_media_root(settings, author):
    imported = imported_by(author)

    assert files_under(settings.MEDIA_ROOT) == []
    assert [p.read_bytes() for p in files_under(settings.ORIGINALS_ROOT)] == [HOSTILE]
    with pytest.raises(ValueError, match="no URL"):
        imported.original.url  # noqa: B018


def test_it_keeps_staged_uploads_out_of_media_root(settings, author_client):
    upload = ContentFile(HOSTILE, name="trap.html")
    author_client.post(reverse("import"), {"uploads": [upload]})

    assert author_client.session["import_batch"]
    assert files_under(settings.MEDIA_ROOT) == []
    assert len(files_under(settings.ORIGINALS_ROOT)) == 1


def test_it_sends_the_original_to_its_owner_as_a_sandboxed_attachment(author_client, author):
    imported = imported_by(author)

    response = author_client.get(reverse("imported_file", args=[imported.pk]))

    assert b"".join(response.streaming_content) == HOSTILE
    assert response["Content-Disposition"] == 'attachment; filename="trap.html"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_it_shows_the_original_in_the_admin_without_a_link(client, author):
    imported = imported_by(author)
    client.force_login(make_user("root", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:importer_importedfile_change", args=[imported.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert imported.original.name in html
    assert "/media/" not in html and 'href="imports/' not in html


def test_it_moves_originals_from_media_root_in_its_migration(settings, author):
    imported = imported_by(author)
    name = imported.original.name
    # As an install from before the move had it: the file under MEDIA_ROOT.
    with originals_storage().open(name, "rb") as file:
        default_storage.save(name, file)
    originals_storage().delete(name)
    default_storage.save("import-staging/" + "a" * 32 + "/000", ContentFile(b"<script>"))
    migration = importlib.import_module(
        "ficfest.importer.migrations.0002_originals_private_storage"
    )

    migration.to_private(apps, None)
    migration.to_private(apps, None)  # a second run finds nothing left to move

    assert files_under(settings.MEDIA_ROOT) == []
    imported.refresh_from_db()
    assert imported.original.name == name
    assert imported.original.read() == HOSTILE
