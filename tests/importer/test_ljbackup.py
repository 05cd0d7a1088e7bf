"""A LiveJournal/Dreamwidth backup as ljdump writes it (generated here): its entries become
works with their own dates; private and friends-only entries are skipped unless asked for."""

from datetime import UTC, datetime
from html import escape
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ficfest.importer.readers import read_document
from ficfest.works.models import Work
from tests.factories import default_pseud


def entry(itemid: int, subject: str, body: str, *, security: str = "public",
          when: str = "2009-10-04 23:31:00", tags: str = "fic") -> str:  # fmt: skip
    return (
        '<?xml version="1.0"?>\n<event>\n'
        f"<itemid>{itemid}</itemid>\n<eventtime>{when}</eventtime>\n"
        f"<security>{security}</security>\n<subject>{escape(subject)}</subject>\n"
        f"<event>{escape(body)}</event>\n<props><taglist>{tags}</taglist>"
        "<current_mood>curious</current_mood></props>\n</event>\n"
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


@pytest.fixture
def backup(tmp_path) -> Path:
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "L-1").write_text(entry(
        1, "SPN fic: Repave (Dean/Sam, R)",
        "Rating: R<br>Pairing: Dean/Sam<br><br>Sam's gone.<br><br>He left.<br><br>"
        "This entry was originally posted at https://x.dreamwidth.org/1.html.",
    ))  # fmt: skip
    (folder / "L-2").write_text(entry(2, "Locked", "Secret story.", security="private"))
    (folder / "L-3").write_text(entry(3, "Flocked", "Friends story.", security="usemask"))
    (folder / "C-1").write_text("<comments></comments>")
    return folder


def test_it_reads_an_entry_like_a_post(backup):
    document = read_document("L-1", (backup / "L-1").read_bytes())
    assert document.format == "lj-backup"
    assert document.metadata["title"] == "Repave"
    assert document.metadata["published"] == "2009-10-04 23:31:00"
    texts = [block.text for block in document.chapters[0].blocks]
    assert texts[-1] == "He left."


@pytest.mark.django_db
def test_it_imports_a_backup_folder_with_original_dates(author, backup):
    out = StringIO()
    pseud = default_pseud(author).name
    call_command("import", str(backup), "--as", pseud, "--json", stdout=out)
    work = Work.objects.get()
    assert work.title == "Repave"
    assert work.published_at == datetime(2009, 10, 4, 23, 31, tzinfo=UTC)
    assert "Secret story" not in out.getvalue()
    assert out.getvalue().count('"skipped"') == 2
    assert "friends-only entry" in out.getvalue()


@pytest.mark.django_db
def test_it_imports_private_entries_when_asked(author, backup):
    pseud = default_pseud(author).name
    call_command("import", str(backup), "--as", pseud, "--include-private", "--json",
                 stdout=StringIO())  # fmt: skip
    assert sorted(Work.objects.values_list("title", flat=True)) == ["Flocked", "Locked", "Repave"]
