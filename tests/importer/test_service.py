"""import_file: the seed, linking to communities and prompts, idempotency, failures that leave
nothing behind."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ficfest.communities.models import Fill, Prompt
from ficfest.demo import SEED_PROMPT, demo_load, seed_text, split_seed
from ficfest.importer.document import Block, SourceChapter, SourceDocument
from ficfest.importer.models import ImportedFile
from ficfest.importer.services import FIELD_NAMES, Lookups, import_file
from ficfest.lib.text import TextFormat, word_count
from ficfest.works.models import Chapter, Rating, Status, Work
from tests.communities.factories import (
    make_prompt,
    set_limits,
)
from tests.factories import default_pseud

SEED = seed_text().encode("utf-8")
DISCLAIMER = "I do not claim to own, etc…"
SEED_NOTES = (
    "Disclaimer: I do not claim to own, etc…\n\n"
    'A/N: Fill for the Fag End prompt: "From the world below, to the world above."'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"
    settings.SITE_URL = "https://archive.example.org"


def run(owner, data=SEED, filename="seed.txt", **options):
    options = {"pseud": None, "community": None, "create_prompts": False, "dry_run": False,
               **options}  # fmt: skip
    return import_file(filename=filename, data=data, owner=owner, **options)


def stored_files(settings) -> list[Path]:
    root = Path(settings.ORIGINALS_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def story_paragraphs() -> list[str]:
    return split_seed(seed_text())[1].split("\n\n")


# -- The seed -------------------------------------------------------------------------------


def test_it_reads_the_seed_in_a_dry_run_and_writes_nothing(author, settings):
    report = run(author, dry_run=True)

    assert report.status == "imported", report.error
    fields = report.fields
    assert fields["disclaimer"] == DISCLAIMER
    assert fields["community"] == "Fag End"
    assert fields["prompt"] == SEED_PROMPT
    assert fields["title"] == SEED_PROMPT
    assert fields["title_derived"] is True
    assert fields["notes"] == SEED_NOTES
    assert fields["rating"] == "Not Rated"
    assert fields["word_count"] == word_count("\n\n".join(story_paragraphs()))
    assert "No title: used the prompt as the title." in report.warnings
    assert "The file names no fandom: add one when you next edit the work." in report.warnings
    assert report.work_id is None and report.url is None
    assert list(report.as_json()) == ["file", "status", "work_id", "url", "fields", "warnings",
                                      "error"]  # fmt: skip
    assert tuple(report.as_json()["fields"]) == FIELD_NAMES
    assert Work.objects.count() == 0
    assert ImportedFile.objects.count() == 0
    assert stored_files(settings) == []


def test_it_imports_the_seed_with_its_paragraphs_exactly(author, settings):
    report = run(author)

    assert report.status == "imported", report.error
    work = Work.objects.get(pk=report.work_id)
    assert report.url == f"https://archive.example.org/works/{work.pk}/"
    assert work.title == SEED_PROMPT
    assert work.notes == SEED_NOTES
    assert work.status == Status.POSTED and work.is_published
    assert work.rating == Rating.NOT_RATED
    assert [t.name for t in work.warnings] == ["Creator Chose Not To Use Archive Warnings"]
    chapter = work.chapters.get()
    assert chapter.text_format == TextFormat.PLAIN
    assert chapter.text.split("\n\n") == story_paragraphs()
    assert chapter.text.startswith("In the eventide, he meets her.")
    assert report.fields["word_count"] == work.word_count == word_count(chapter.text)
    assert work.credited_pseuds() == [default_pseud(author)]


def test_it_keeps_the_original_file_with_its_encoding(author, settings):
    report = run(author)

    imported = ImportedFile.objects.get()
    assert report.imported_file_id == imported.pk
    assert imported.owner == author and imported.work_id == report.work_id
    assert imported.filename == "seed.txt"
    assert imported.original.read() == SEED
    assert imported.size == len(SEED)
    assert imported.encoding == "utf-8"
    assert imported.format == "txt"
    assert "seed" not in imported.original.name  # a random name, never the file's own
    assert imported.report["fields"]["title"] == SEED_PROMPT


def test_it_links_the_seed_to_the_demo_prompt(db):
    demo_load()
    demo = Work.objects.get(title=SEED_PROMPT).poster  # the demo's member of Fag Ends

    report = run(demo)

    assert report.status == "imported", report.error
    work = Work.objects.get(pk=report.work_id)
    fill = Fill.objects.get(work=work)
    demo_prompt = Prompt.objects.get(
        text=SEED_PROMPT, period__challenge__community__slug="fag-ends"
    )
    assert list(fill.prompts.all()) == [demo_prompt]
    assert fill.challenge.community.name == "Fag Ends"
    assert work.status == Status.POSTED
    assert f"Linked to the prompt “{SEED_PROMPT}” of Fag Ends." in report.warnings
    # Fag Ends requires its pairing on every work; the seed's header names none.
    assert report.fields["relationships"] == ["Buffy Summers/Spike"]
    assert [t.name for t in work.relationships] == ["Buffy Summers/Spike"]


def test_it_reports_a_community_it_does_not_have(author):
    report = run(author)

    assert "No community here is called “Fag End”: the work is not linked to its prompt." in (
        report.warnings
    )
    assert not Fill.objects.exists()


# -- Communities and prompts ----------------------------------------------------------------


@pytest.fixture
def owner(moderator):
    """Fag Ends is run by the site's moderator, who also posts fills there."""
    return moderator


@pytest.fixture
def fag_ends(community, member):
    set_limits(community, fic=1000)
    return community


def test_it_matches_a_prompt_ignoring_case_quotes_and_punctuation(author, fag_ends, period):
    prompt = make_prompt(period, "from the world below -- to the world above")

    report = run(author)

    fill = Fill.objects.get(work_id=report.work_id)
    assert list(fill.prompts.all()) == [prompt]


def test_it_reports_a_prompt_the_community_lacks(author, fag_ends, period):
    report = run(author)

    assert report.status == "imported"
    assert any(w.startswith("Prompt not found: Fag Ends has no prompt") for w in report.warnings)
    assert not Fill.objects.exists()
    assert Work.objects.get().status == Status.POSTED


def test_it_creates_a_missing_prompt_for_a_moderator(moderator, fag_ends, period):
    report = run(moderator, create_prompts=True)

    prompt = Prompt.objects.get(text=SEED_PROMPT)
    assert prompt.period == period and prompt.posted_by == moderator and prompt.is_released
    assert list(Fill.objects.get(work_id=report.work_id).prompts.all()) == [prompt]
    assert f"The prompt “{SEED_PROMPT}” created in Fag Ends (This month)." in report.warnings


def test_it_creates_no_prompt_for_a_member_who_does_not_moderate(author, fag_ends, period):
    report = run(author, create_prompts=True)

    assert not Prompt.objects.exists()
    assert any("only its moderators can create prompts" in w for w in report.warnings)


def test_it_creates_no_prompt_in_a_dry_run(moderator, fag_ends, period):
    lookups = Lookups()
    first = run(moderator, create_prompts=True, dry_run=True, lookups=lookups)
    again = run(moderator, data=SEED + b"\n", create_prompts=True, dry_run=True, lookups=lookups)

    assert not Prompt.objects.exists() and not Work.objects.exists()
    assert f"The prompt “{SEED_PROMPT}” will be created in Fag Ends (This month)." in first.warnings
    # The cache forgot the prompt the rolled-back run made, so the next file plans it again.
    assert any("will be created" in w for w in again.warnings)


def test_it_imports_a_fill_over_the_form_limit_as_a_draft(author, fag_ends, period):
    make_prompt(period)
    long_story = 'Title: Too Long\nA/N: Fill for the Fag End prompt: "' + SEED_PROMPT + '"\n\n'
    long_story += " ".join(["word"] * 1001)

    report = run(author, data=long_story.encode())

    assert report.status == "imported", report.error
    work = Work.objects.get(pk=report.work_id)
    assert work.status == Status.DRAFT
    assert not Fill.objects.exists()
    assert "Fic in Fag Ends is limited to 1,000 words; this work has 1,001." in report.warnings
    assert any("imported as a draft" in w for w in report.warnings)


def test_it_puts_fills_in_the_community_asked_for(author, fag_ends, period):
    make_prompt(period)
    story = f"Prompt: {SEED_PROMPT}\n\nShe went up the stairs."

    report = run(author, data=story.encode(), community=fag_ends)

    assert report.fields["community"] == "Fag Ends"
    assert Fill.objects.get(work_id=report.work_id).challenge.community == fag_ends


# -- Idempotency ----------------------------------------------------------------------------


def test_it_skips_a_file_it_imported_before(author, settings):
    first = run(author)
    second = run(author, filename="renamed.txt")

    assert second.status == "skipped"
    assert second.work_id == first.work_id and second.url == first.url
    assert second.fields["title"] == SEED_PROMPT
    assert Work.objects.count() == 1 and ImportedFile.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_it_skips_nothing_for_another_person(author, stranger):
    run(author)
    report = run(stranger)

    assert report.status == "imported"
    assert Work.objects.count() == 2


def test_it_imports_again_once_the_work_was_deleted(
    author, settings, django_capture_on_commit_callbacks
):
    first = run(author)
    Work.objects.filter(pk=first.work_id).delete()

    with django_capture_on_commit_callbacks(execute=True):
        again = run(author)

    assert again.status == "imported", again.error
    assert ImportedFile.objects.get().work_id == again.work_id
    assert len(stored_files(settings)) == 1


def test_it_skips_a_second_copy_within_one_dry_run(author):
    lookups = Lookups()
    run(author, dry_run=True, lookups=lookups)
    copy = run(author, filename="copy.txt", dry_run=True, lookups=lookups)

    assert copy.status == "skipped"


# -- Fields from headers ---------------------------------------------------------------------

HEADER = """Title: Borrowed Coat
Author: Jane
Fandom: Buffy the Vampire Slayer; Angel
Rating: PG-13
Pairing: Buffy Summers/Spike, Willow Rosenberg & Tara Maclay
Characters: Buffy Summers, Spike
Warnings: character death, swearing
Category: F/M
Genre: angst, romance
Summary: She keeps the coat.
Beta: Willowtree
Mood: rainy

The coat smells of smoke.

She keeps it anyway."""


def test_it_maps_the_header_to_the_work(author):
    report = run(author, data=HEADER.encode(), filename="coat.txt")

    fields = report.fields
    assert report.status == "imported", report.error
    assert fields["title"] == "Borrowed Coat" and fields["title_derived"] is False
    assert fields["creators"] == ["Jane"]
    assert fields["fandoms"] == ["Buffy the Vampire Slayer", "Angel"]
    assert fields["rating"] == "Teen And Up Audiences"
    assert fields["relationships"] == ["Buffy Summers/Spike", "Willow Rosenberg & Tara Maclay"]
    assert fields["characters"] == ["Buffy Summers", "Spike"]
    assert fields["warnings"] == ["Major Character Death"]
    assert fields["tags"] == ["F/M", "swearing", "angst", "romance"]
    assert fields["summary"] == "She keeps the coat."
    assert "Beta: Willowtree" in fields["notes"] and "Mood: rainy" in fields["notes"]
    assert "The header names Jane as creator; the work is credited to your pseud author." in (
        report.warnings
    )
    work = Work.objects.get(pk=report.work_id)
    assert work.rating == Rating.TEEN
    assert [t.name for t in work.categories] == ["F/M"]
    assert work.chapters.get().text == "The coat smells of smoke.\n\nShe keeps it anyway."


def test_it_names_no_one_else_when_the_header_names_the_importer(author):
    report = run(author, data=b"Title: Mine\nAuthor: author\n\nA story.")

    assert report.fields["creators"] == ["author"]
    assert not any("header names" in w for w in report.warnings)


def test_it_rates_an_unknown_rating_not_rated(author):
    report = run(author, data=b"Title: Odd\nRating: spicy\n\nA story.")

    assert report.fields["rating"] == "Not Rated"
    assert "Unknown rating “spicy”: the work is Not Rated." in report.warnings


def test_it_uses_no_archive_warnings_apply_when_the_header_says_none(author):
    report = run(author, data=b"Title: Calm\nWarnings: none\n\nA story.")

    assert report.fields["warnings"] == ["No Archive Warnings Apply"]


def test_it_titles_a_story_without_title_or_prompt_by_its_first_words(author):
    report = run(author, data=b"Rating: G\n\nThe rain came down on Sunnydale all night long.")

    assert report.fields["title"] == "The rain came down on Sunnydale…"
    assert report.fields["title_derived"] is True
    assert "No title: used the first words of the story as the title." in report.warnings


def test_it_reads_html_as_html(author):
    html = b"<html><body><p><b>Title:</b> Lit</p><p>She <em>ran</em>.</p><p>He didn't.</p>"

    report = run(author, data=html, filename="lit.html")

    assert report.status == "imported", report.error
    chapter = Work.objects.get(pk=report.work_id).chapters.get()
    assert report.fields["title"] == "Lit"
    assert chapter.text_format == TextFormat.HTML
    assert "<em>ran</em>" in chapter.html
    assert "Title" not in chapter.text


def test_it_makes_chapters_of_a_multi_chapter_source(author, monkeypatch):
    document = SourceDocument(format="epub", chapters=[
        SourceChapter(title="One", blocks=[Block(text="Title: Two Parts"), Block(text="First.")]),
        SourceChapter(title="Two", blocks=[Block(text="Second, and last.")]),
    ])  # fmt: skip
    monkeypatch.setattr("ficfest.importer.services.plan.read_document", lambda name, data: document)

    report = run(author, data=b"PK\x03\x04 stands for an epub", filename="two.epub")

    assert report.status == "imported", report.error
    chapters = list(Chapter.objects.filter(work_id=report.work_id))
    assert [(c.position, c.title, c.text) for c in chapters] == [
        (1, "One", "First."), (2, "Two", "Second, and last.")
    ]  # fmt: skip
    assert report.fields["word_count"] == 4 == Work.objects.get().word_count


# -- Failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This file is named .txt but looks like a PNG picture."),
        (b"\x00\x01\x02\x03 data", "This looks like a binary file, not text."),
    ],
)
def test_it_fails_a_bad_file_with_a_clear_error(author, settings, data, error):
    report = run(author, data=data)

    assert report.status == "failed"
    assert report.error == error
    assert Work.objects.count() == 0 and stored_files(settings) == []


def test_it_fails_a_file_over_the_size_limit(author, settings):
    settings.IMPORT_MAX_BYTES = 10 * 1024 * 1024

    report = run(author, data=b"a" * int(12.3 * 1024 * 1024))

    assert report.status == "failed"
    assert report.error == "The file is 12.3 MB; the limit is 10 MB."


def test_it_fails_a_header_with_no_story(author):
    report = run(author, data=b"Title: Nothing\nRating: G")

    assert report.status == "failed"
    assert report.error


def test_it_leaves_nothing_when_a_file_fails_half_way(
    author, settings, fag_ends, period, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    make_prompt(period)
    monkeypatch.setattr("ficfest.importer.services.importing.fill_create", broken)

    report = run(author)

    assert report.status == "failed"
    assert report.error == "Could not read this file: RuntimeError"
    assert Work.objects.count() == 0 and Chapter.objects.count() == 0
    assert ImportedFile.objects.count() == 0
    assert stored_files(settings) == []


def test_it_leaves_nothing_when_storing_the_record_fails(author, settings, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ValidationError("no")

    monkeypatch.setattr(ImportedFile, "save", refuse)

    report = run(author)

    assert report.status == "failed"
    assert Work.objects.count() == 0
    assert stored_files(settings) == []


def test_it_keeps_going_after_a_failure_in_the_same_run(author):
    lookups = Lookups()
    bad = run(author, data=b"\x00\x01\x02", lookups=lookups)
    good = run(author, lookups=lookups)

    assert (bad.status, good.status) == ("failed", "imported")
    assert Work.objects.count() == 1
    assert timezone.now() >= Work.objects.get().published_at


def test_it_records_the_language_the_header_names_instead_of_noting_it(author):
    text = "Title: Mondlicht\nLanguage: Deutsch\nFandom: Buffy the Vampire Slayer\n\nEs regnet."
    report = run(author, data=text.encode(), filename="de.txt")
    work = Work.objects.get(pk=report.work_id)
    assert work.language == "de" and "Language" not in work.notes
    odd = run(author, data=text.replace("Deutsch", "Klingon").encode(), filename="tlh.txt")
    odd_work = Work.objects.get(pk=odd.work_id)
    assert odd_work.language == "en" and "Language: Klingon" in odd_work.notes


def test_it_imports_a_work_in_progress_as_one(author):
    data = b"Title: Half done\nChapters: 3/?\n\nThe story so far."
    report = run(author, data=data, filename="wip.txt")
    assert report.status == "imported", report.error
    work = Work.objects.get(pk=report.work_id)
    assert work.complete is False
    assert "Chapters" not in work.notes
    assert report.as_json()["fields"]["complete"] is False


def test_it_puts_notes_over_the_limit_into_the_end_notes(author):
    long_notes = "\n\n".join(f"Note {n}: " + "x" * 900 for n in range(8))
    data = f"Title: Long notes\nNotes:\n\n{long_notes}\n\n---\n\nThe story.".encode()
    report = run(author, data=data, filename="notes.txt")
    assert report.status == "imported", report.error
    work = Work.objects.get(pk=report.work_id)
    assert 0 < len(work.notes) <= 5000 and 0 < len(work.end_notes) <= 5000
    assert work.notes.count("x") + work.end_notes.count("x") == 8 * 900
    assert any("end notes" in warning for warning in report.warnings)
