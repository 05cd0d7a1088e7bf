"""``ficfest import``: the seed as the issue runs it, folders, failures, the exit status."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ficfest.accounts.models import User
from ficfest.communities.models import Fill, Prompt
from ficfest.demo import SEED_PROMPT, demo_load, seed_text, split_seed
from ficfest.importer.models import ImportedFile
from ficfest.works.models import Chapter, Work
from tests.communities.factories import make_challenge, make_community, make_period
from tests.factories import make_user

SEED = seed_text().encode("utf-8")
KEYS = ["file", "status", "work_id", "url", "fields", "warnings", "error"]
FIELDS = ["title", "title_derived", "creators", "fandoms", "rating", "warnings", "relationships",
          "characters", "tags", "summary", "notes", "disclaimer", "prompt", "community",
          "word_count", "complete"]  # fmt: skip


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


@pytest.fixture
def seed_file(tmp_path) -> Path:
    path = tmp_path / "000_9212b40ac7c2a376.txt"
    path.write_bytes(SEED)
    return path


def ficfest_import(*args: str) -> tuple[list[dict], int]:
    """Run the command; (its JSON lines, its exit status)."""
    out = StringIO()
    try:
        call_command("import", *args, "--json", stdout=out, stderr=StringIO())
        status = 0
    except CommandError as error:
        status = error.returncode
    assert "\\u2026" not in out.getvalue()  # "…" printed as itself (ensure_ascii=False)
    return [json.loads(line) for line in out.getvalue().splitlines()], status


def stored_files(settings) -> list[Path]:
    root = Path(settings.ORIGINALS_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_reads_the_seed_as_the_issue_says(author, seed_file, settings):
    [report], status = ficfest_import(str(seed_file), "--as", "author", "--dry-run")

    assert status == 0
    assert list(report) == KEYS and list(report["fields"]) == FIELDS
    assert report["file"] == str(seed_file)
    assert report["status"] == "imported" and report["error"] is None
    fields = report["fields"]
    assert fields["disclaimer"] == "I do not claim to own, etc…"
    assert fields["community"] == "Fag End"
    assert fields["prompt"] == "From the world below, to the world above."
    assert fields["title"] == fields["prompt"] and fields["title_derived"] is True
    assert fields["notes"].startswith("Disclaimer: I do not claim to own, etc…\n\nA/N: Fill")
    assert Work.objects.count() == 0 and stored_files(settings) == []


def test_it_imports_the_seed_with_its_story_exactly(author, seed_file):
    [report], status = ficfest_import(str(seed_file), "--as", "author")

    assert status == 0 and report["status"] == "imported"
    text = Work.objects.get(pk=report["work_id"]).chapters.get().text
    story = split_seed(seed_text())[1]
    assert text.split("\n\n") == story.split("\n\n")
    assert text.split("\n\n")[0].startswith("In the eventide, he meets her.")


def test_it_links_the_seed_to_the_demo_prompt_and_skips_it_the_second_time(db, seed_file):
    demo_load()
    works_before = Work.objects.count()

    [first], status = ficfest_import(str(seed_file), "--as", "demo")
    [second], again = ficfest_import(str(seed_file), "--as", "demo")

    assert (status, first["status"]) == (0, "imported")
    fill = Fill.objects.get(work_id=first["work_id"])
    assert [p.text for p in fill.prompts.all()] == [SEED_PROMPT]
    assert fill.prompts.get().period.challenge.community.slug == "fag-ends"
    assert (again, second["status"], second["work_id"]) == (0, "skipped", first["work_id"])
    assert Work.objects.count() == works_before + 1


def test_it_creates_prompts_when_asked(moderator, tmp_path):
    community = make_community(moderator, slug="drabbles", name="Drabble Night")
    period = make_period(make_challenge(community))
    path = tmp_path / "fill.txt"
    path.write_text('Title: Night\n\nWritten for the Drabble Night prompt: "Stars"\n\nSo many.')

    [report], status = ficfest_import(str(path), "--as", "moderator", "--community",
                                      "drabbles", "--create-prompts")  # fmt: skip

    assert (status, report["status"]) == (0, "imported"), report
    prompt = Prompt.objects.get(period=period)
    assert prompt.text == "Stars"
    assert any("created in Drabble Night" in w for w in report["warnings"])
    assert Fill.objects.get(work_id=report["work_id"]).prompts.get() == prompt


def test_it_imports_the_good_files_of_a_folder_and_nothing_of_the_bad(author, tmp_path,
                                                                     settings):  # fmt: skip
    settings.IMPORT_MAX_BYTES = 2000
    folder = tmp_path / "fills"
    (folder / "old").mkdir(parents=True)
    (folder / "a-binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x00\xff" * 10)
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "old" / "c-too-big.txt").write_bytes(b"Title: Big\n\n" + b"word " * 500)
    (folder / "d-good.txt").write_bytes(b"Title: Good\nFandom: Buffy\n\nA short one.")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a story")  # not a format: not picked up

    reports, status = ficfest_import(str(folder), "--as", "author")

    assert status == 1
    by_file = {Path(r["file"]).name: r for r in reports}
    assert sorted(by_file) == ["a-binary.txt", "b-empty.txt", "c-too-big.txt", "d-good.txt"]
    assert [r["file"] for r in reports] == sorted(r["file"] for r in reports)
    assert by_file["a-binary.txt"]["error"] == "This looks like a binary file, not text."
    assert by_file["b-empty.txt"]["error"] == "The file is empty."
    assert by_file["c-too-big.txt"]["error"] == "The file is 2.5 KB; the limit is 2 KB."
    assert by_file["d-good.txt"]["status"] == "imported"
    assert [r["status"] for r in reports].count("failed") == 3
    assert Work.objects.get().title == "Good"
    assert Chapter.objects.count() == 1 and ImportedFile.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_it_tries_a_file_named_whatever_its_extension(author, tmp_path):
    path = tmp_path / "story.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00 an old Word file")

    [report], status = ficfest_import(str(path), "--as", "author")

    assert status == 1
    assert report["status"] == "failed" and report["error"]
    assert "Traceback" not in report["error"]


def test_it_reports_a_path_that_does_not_exist(author, tmp_path):
    [report], status = ficfest_import(str(tmp_path / "nowhere.txt"), "--as", "author")

    assert status == 1
    assert report["error"] == "No such file or folder."


def test_it_reads_the_seed_in_a_dry_run_exactly_as_the_issue_writes_the_command(db, seed_file):
    [report], status = ficfest_import(str(seed_file), "--dry-run")
    assert status == 0 and report["status"] == "imported" and report["work_id"] is None
    fields = report["fields"]
    assert fields["disclaimer"] == "I do not claim to own, etc…"
    assert fields["community"] == "Fag End"
    assert fields["prompt"] == fields["title"] == "From the world below, to the world above."
    assert fields["title_derived"] is True
    assert not User.objects.exists() and not Work.objects.exists()


def test_it_asks_whose_works_they_are(seed_file):
    with pytest.raises(CommandError, match=r"Say whose works these are with --as PSEUD") as e:
        call_command("import", str(seed_file), stdout=StringIO())
    assert e.value.returncode == 2


def test_it_refuses_an_unknown_pseud_or_community(author, seed_file):
    with pytest.raises(CommandError, match="no creator called") as unknown:
        call_command("import", str(seed_file), "--as", "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match=r"no community at /c/nowhere/") as nowhere:
        call_command("import", str(seed_file), "--as", "author", "--community", "nowhere")
    assert unknown.value.returncode == nowhere.value.returncode == 2


def test_it_credits_the_pseud_named_with_its_user(author, seed_file):
    other = make_user("other")
    other.pseuds.create(name="Spikeslover")
    author.pseuds.create(name="Spikeslover")

    [report], status = ficfest_import(str(seed_file), "--as", "Spikeslover (other)")

    assert status == 0
    work = Work.objects.get(pk=report["work_id"])
    assert work.poster == other
    assert [str(p) for p in work.credited_pseuds()] == ["Spikeslover (other)"]


def test_it_prints_a_table_and_totals_without_json(author, seed_file, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = StringIO()

    with pytest.raises(CommandError, match="1 of 2 files failed") as failed:
        call_command("import", str(seed_file), str(bad), "--as", "author", stdout=out,
                     stderr=StringIO())  # fmt: skip

    assert failed.value.returncode == 1
    printed = out.getvalue()
    assert "From the world below, to the world above. (derived)" in " ".join(printed.split())
    assert "The file is empty." in printed
    assert "/works/" in printed
    assert "1 imported, 0 skipped, 1 failed" in printed


@pytest.mark.django_db
def test_it_says_to_migrate_first_on_a_database_not_set_up(seed_file, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    with pytest.raises(CommandError) as raised:
        call_command("import", str(seed_file), "--dry-run")
    assert raised.value.returncode == 2
    assert "run `ficfest migrate` first" in str(raised.value)
