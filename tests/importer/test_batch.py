"""import_files: many files in batches, one transaction a batch and a savepoint a file. A file
that fails leaves nothing and the others land; what the tag services remember stays inside one
import and follows the wrangling between batches."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ficfest.importer.models import ImportedFile
from ficfest.importer.services import Lookups, Source, import_files, importing
from ficfest.importer.services import batch as batch_module
from ficfest.tags.memo import active_memo
from ficfest.tags.models import Tag, TagType
from ficfest.tags.wrangling import tag_merge
from ficfest.works.models import Work


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


def story(title: str, fandom: str = "Buffy the Vampire Slayer", tags: str = "") -> Source:
    text = f"Title: {title}\nFandom: {fandom}\nTags: {tags}\n\nShe waits. The night goes on.\n"
    return Source(filename=f"{title}.txt", data=text.encode())


def run(author, sources, **options):
    options = {"pseud": None, "community": None, "create_prompts": False, "dry_run": False,
               **options}  # fmt: skip
    return import_files(sources, owner=author, **options)


def stored_files(settings) -> list[Path]:
    root = Path(settings.ORIGINALS_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def failing_after_the_work(monkeypatch):
    """Files whose title starts with "Doomed" fail once their work, tags and original are
    written: the last step of a file's savepoint."""
    store = importing._store_original

    def store_then_fail(original, work, report, owner, stored):
        imported = store(original, work, report, owner, stored)
        if work.title.startswith("Doomed"):
            raise RuntimeError("the disk is full")
        return imported

    monkeypatch.setattr(importing, "_store_original", store_then_fail)


def test_it_imports_every_file_of_a_batch_in_order(author, settings):
    reports = list(run(author, [story("One"), story("Two"), story("Three")]))

    assert [(r.file, r.status) for r in reports] == [
        ("One.txt", "imported"), ("Two.txt", "imported"), ("Three.txt", "imported"),
    ]  # fmt: skip
    assert sorted(Work.objects.values_list("title", flat=True)) == ["One", "Three", "Two"]
    assert ImportedFile.objects.count() == 3 and len(stored_files(settings)) == 3


def test_it_reports_a_file_refused_before_reading_in_its_place(author):
    refused = Source(filename="huge.txt", refusal="The file is 12 MB; the limit is 10 MB.")

    reports = list(run(author, [story("One"), refused, story("Two")]))

    assert [r.status for r in reports] == ["imported", "failed", "imported"]
    assert reports[1].error == "The file is 12 MB; the limit is 10 MB."


def test_a_file_failing_mid_batch_leaves_nothing_and_the_others_land(
    author, settings, failing_after_the_work
):
    reports = list(run(author, [story("Before"), story("Doomed", tags="Only here"),
                                story("After")]))  # fmt: skip

    assert [r.status for r in reports] == ["imported", "failed", "imported"]
    assert reports[1].error == "Could not read this file: RuntimeError"
    assert reports[1].work_id is None
    assert sorted(Work.objects.values_list("title", flat=True)) == ["After", "Before"]
    assert not Tag.objects.filter(name="Only here").exists()
    assert ImportedFile.objects.count() == 2 and len(stored_files(settings)) == 2


def test_a_tag_created_by_a_failed_file_is_created_again_by_the_next(
    author, failing_after_the_work
):
    """The failed file's savepoint took its new tag with it: the next file naming the tag must
    not be given the vanished row."""
    reports = list(
        run(author, [story("Doomed", tags="Brand new"), story("Next", tags="brand new")])
    )

    assert [r.status for r in reports] == ["failed", "imported"]
    work = Work.objects.get(title="Next")
    assert "brand new" in [tag.name for tag in work.tags.all()]


def test_a_tag_created_by_one_file_is_reused_by_the_next(author):
    list(run(author, [story("One", tags="Rain, Sunlight"), story("Two", tags="rain")]))

    rain = Tag.objects.get(type=TagType.FREEFORM, name__iexact="rain")
    assert rain.name == "Rain"
    assert set(Work.objects.filter(tags=rain).values_list("title", flat=True)) == {"One", "Two"}


def test_a_batch_asks_once_for_tags_it_has_seen(author):
    list(run(author, [story("Warm up", tags="Rain")]))
    with CaptureQueriesContext(connection) as first:
        list(run(author, [story("One", tags="Rain")]))
    with CaptureQueriesContext(connection) as both:
        list(run(author, [story("Two", tags="Rain"), story("Three", tags="Rain")]))

    def tag_reads(context):
        return [q for q in context.captured_queries if q["sql"].startswith('SELECT "tags_tag"')]

    assert tag_reads(first) and len(tag_reads(both)) == len(tag_reads(first))


def test_the_next_batch_starts_from_its_tags_read_again(
    author, monkeypatch, django_capture_on_commit_callbacks
):
    """A wrangler's change between two batches of one import: the next batch files its works
    under the tags as they are now (the autouse check compares every work's filter tags)."""
    monkeypatch.setattr(batch_module, "BATCH_FILES", 1)
    lookups = Lookups()
    reports = run(author, [story("One", tags="Rainy day"), story("Two", tags="Rainy day")],
                  lookups=lookups)  # fmt: skip

    assert next(reports).status == "imported"
    rain = Tag.objects.create(type=TagType.FREEFORM, name="Rain", canonical=True)
    with django_capture_on_commit_callbacks(execute=True):  # the works carrying it, refreshed
        tag_merge(tag=Tag.objects.get(name="Rainy day"), into=rain)
    assert next(reports).status == "imported"

    two = Work.objects.get(title="Two")
    assert rain.pk in set(two.filter_tags.values_list("pk", flat=True))


def test_the_memo_does_not_outlive_the_import(author):
    reports = run(author, [story("One")])
    list(reports)

    assert active_memo() is None


def test_a_failing_source_stops_the_import_after_the_files_before_it(author):
    def sources():
        yield story("One")
        raise OSError("the folder went away")

    reports = run(author, sources())

    assert next(reports).status == "imported"
    with pytest.raises(OSError, match="went away"):
        next(reports)
    assert list(Work.objects.values_list("title", flat=True)) == ["One"]


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_cannot_commit_is_imported_again_file_by_file(author, settings, monkeypatch):
    """A row that breaks a constraint checked only at commit (a foreign key, here) fails the
    whole batch: it is undone, originals included, and each file imported on its own."""
    store = importing._store_original

    def store_dangling(original, work, report, owner, stored):
        imported = store(original, work, report, owner, stored)
        if work.title == "Dangling":
            ImportedFile.objects.filter(pk=imported.pk).update(owner_id=10**9)
        return imported

    monkeypatch.setattr(importing, "_store_original", store_dangling)

    reports = list(run(author, [story("Before"), story("Dangling"), story("After")]))

    assert [r.status for r in reports] == ["imported", "failed", "imported"]
    assert sorted(Work.objects.values_list("title", flat=True)) == ["After", "Before"]
    assert ImportedFile.objects.count() == 2 and len(stored_files(settings)) == 2
    assert reports[0].work_id == Work.objects.get(title="Before").pk


def test_it_queues_the_search_rows_of_a_batch_once_after_it_commits(
    author, settings, monkeypatch, failing_after_the_work
):
    from ficfest.search import indexing

    sent: list[list[int]] = []
    monkeypatch.setattr(indexing, "_send_works", sent.append)

    reports = list(run(author, [story("One"), story("Doomed"), story("Three")]))

    imported = sorted(r.work_id for r in reports if r.status == "imported")
    assert len(imported) == 2
    assert len(sent) == 1  # one task for the batch, not one per change of each work
    assert set(imported) <= set(sent[0])
    assert Work.objects.filter(pk__in=sent[0]).count() == 2  # a failed file's work is gone
