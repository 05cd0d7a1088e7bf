"""Download builds, in server time: the EPUB of a 100,000-word work of 30 chapters (aim ≤ 1 s),
the EPUB anthology of a period with 500 fills (aim ≤ 5 s), and the PDF of the seed fill.

    .venv/bin/python bench/downloads_bench.py [--fills 500] [--words 100000] [--runs 3]

Runs in a fresh SQLite archive in a temporary folder (or PostgreSQL with DATABASE_URL). Each
figure is the best of ``--runs`` builds from the database to the file's bytes (reading the rows,
rendering, zipping; storing the file is left out), beside a baseline measured in the same run:
the plain-text file of the same volume, which reads the same rows and writes no markup. The
load average is printed too: on a shared machine, figures taken under load say little.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FICFEST_DATA_DIR", tempfile.mkdtemp(prefix="downloads-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficfest.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")
os.environ.setdefault("DOWNLOADS_PREBUILD", "false")
os.environ.setdefault("DEBUG", "false")

PARAGRAPH = (
    "She could turn around now… “Her hand is still wrapped around the brass handle,” he said, "
    "and the dusk gathers to the east while the television casts brilliant colours across the "
    "drawn curtains. "
)


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def long_work(words: int, chapters: int) -> int:
    from tests.factories import make_user, make_work

    from ficfest.lib.text import TextFormat
    from ficfest.works import services

    per_chapter = words // chapters
    paragraph_words = len(PARAGRAPH.split())
    text = "\n\n".join([PARAGRAPH] * (per_chapter // paragraph_words))
    work = make_work(make_user("benchauthor"), title="A Long Night", text=text)
    for n in range(2, chapters + 1):
        content = services.ChapterText(text=text, text_format=TextFormat.PLAIN, title=f"Hour {n}")
        services.chapter_add(work=work, content=content)
    return int(work.pk)


def full_period(fills: int) -> int:
    """A period with ``fills`` approved fills of short works (rows written in bulk)."""
    from tests.communities.factories import make_challenge, make_community, make_period
    from tests.factories import make_user, make_work

    from ficfest.communities.models import Fill

    owner = make_user("benchmod")
    challenge = make_challenge(make_community(owner))
    period = make_period(challenge)
    text = "\n\n".join([PARAGRAPH] * 12)
    works = [make_work(owner, title=f"Fill {n}", text=text) for n in range(fills)]
    Fill.objects.bulk_create(Fill(work=w, challenge=challenge, period=period) for w in works)
    return int(period.pk)


def seed_work() -> int:
    from tests.factories import make_user, make_work

    text = (ROOT / "src" / "ficfest" / "demo" / "seed_fill.txt").read_text()
    return int(make_work(make_user("benchseed"), title="Fag End", text=text).pk)


def best(runs: int, build: Callable[[], bytes]) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(build())
        times.append(time.perf_counter() - start)
    return min(times), size


def work_builder(work_id: int, fmt: str) -> Callable[[], bytes]:
    from django.contrib.auth.models import AnonymousUser

    from ficfest.downloads import files
    from ficfest.downloads.book import with_text
    from ficfest.downloads.works import readable_work, work_volume

    def build() -> bytes:
        volume = work_volume(readable_work(AnonymousUser(), work_id))
        with_text(volume.books)
        return files.write(volume, fmt)

    return build


def anthology_builder(period_id: int, fmt: str) -> Callable[[], bytes]:
    from ficfest.communities.models import Period
    from ficfest.downloads import files
    from ficfest.downloads.anthology import anthology_volume
    from ficfest.downloads.book import with_text

    def build() -> bytes:
        period = Period.objects.select_related("challenge__community").get(pk=period_id)
        volume = anthology_volume(period, "public")
        with_text(volume.books)
        return files.write(volume, fmt)

    return build


def report(
    label: str, aim: float | None, figure: tuple[float, int], base: tuple[float, int]
) -> None:
    seconds, size = figure
    aim_text = f" (aim ≤ {aim:g} s: {'met' if seconds <= aim else 'MISSED'})" if aim else ""
    ratio = seconds / base[0] if base[0] else float("nan")
    print(f"{label:<44} {seconds:7.3f} s {size / 1024:9.0f} KiB  {ratio:5.1f}× text{aim_text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fills", type=int, default=500)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    started = time.perf_counter()
    work, period, seed = long_work(args.words, args.chapters), full_period(args.fills), seed_work()
    print(f"data made in {time.perf_counter() - started:.1f} s; load average {os.getloadavg()}")
    text = best(args.runs, work_builder(work, "txt"))
    report(f"EPUB, {args.words:,} words in {args.chapters} chapters", 1,
           best(args.runs, work_builder(work, "epub")), text)  # fmt: skip
    report("  baseline: its text file", None, text, text)
    anthology_text = best(args.runs, anthology_builder(period, "txt"))
    report(f"EPUB anthology of {args.fills} fills", 5,
           best(args.runs, anthology_builder(period, "epub")), anthology_text)  # fmt: skip
    report("  baseline: its text file", None, anthology_text, anthology_text)
    seed_text = best(args.runs, work_builder(seed, "txt"))
    report("PDF of the seed fill", None, best(args.runs, work_builder(seed, "pdf")), seed_text)
    report("EPUB of the seed fill", None, best(args.runs, work_builder(seed, "epub")), seed_text)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
