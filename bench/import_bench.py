"""`make bench` (second part): import 10,000 generated short files into a fresh SQLite archive.

    .venv/bin/python bench/import_bench.py [--files N] [--per-file] [--profile] [--json]

Generates N short fills (text, with some HTML and Markdown) with headers in the conventions
fandom used — "Title:"/"Author:"/"Pairing:" lines, "<b>Rating:</b>" in HTML, a Markdown front
matter, a seed-like "Disclaimer:"/"A/N: Fill for the … prompt" pair, labels nobody knows — in
a temporary folder, migrates a fresh SQLite database in another, and imports every file through
``import_files`` in one process, a transaction per batch of files and a savepoint per file, as
``ficfest import`` does (``--per-file``: through ``import_file``, one transaction per file).

The baseline, measured in the same run over the same files, is reading alone: decoding, the
format reader and the header parser, with no database. Figures are files per second for both
and their ratio, so the cost of writing reads the same from one machine to another. The aim is
500 files/s or more for the import. The statements sent to the database are counted (BEGIN,
COMMIT and savepoints included) and printed per file. ``--profile`` prints where the import
spends its time.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = 500  # files per second
SEED = 4

FANDOMS = ["Buffy the Vampire Slayer", "Angel: the Series", "Firefly", "Supernatural",
           "Stargate SG-1", "Harry Potter - J. K. Rowling", "Star Trek: The Original Series",
           "Doctor Who", "Sherlock (TV)", "Due South"]  # fmt: skip
PAIRINGS = ["Buffy Summers/Spike", "Willow Rosenberg/Tara Maclay", "Mal Reynolds/Inara Serra",
            "Dean Winchester/Castiel", "Jack O'Neill/Samantha Carter", "Kirk/Spock",
            "Ben Fraser/Ray Kowalski", "Spike & Dawn Summers"]  # fmt: skip
CHARACTERS = ["Buffy Summers", "Spike", "Dawn Summers", "Willow Rosenberg", "Giles", "Faith",
              "Angel", "Cordelia Chase", "Kaylee Frye", "River Tam", "Sam Carter"]  # fmt: skip
RATINGS = ["G", "PG", "PG-13", "pg-15", "T", "R", "M", "NC-17", "Explicit", "Teen", "K+", "MA"]
WARNINGS = ["none", "None", "character death", "violence", "non-con", "underage",
            "choose not to warn", "swearing", "spoilers for s5"]  # fmt: skip
GENRES = ["angst", "fluff", "humour", "romance", "drama", "hurt/comfort", "pwp", "schmoop"]
PROMPTS = [f"Prompt number {n}: the world {word}" for n, word in
           enumerate(["below", "above", "between", "beyond", "within"] * 4, start=1)]  # fmt: skip
WORDS = [
    "the", "night", "she", "he", "stake", "crypt", "coat", "smoke", "cigarette", "door", "street",
    "moon", "walk", "dark", "light", "quiet", "hand", "sword", "sister", "world", "below", "above",
    "slayer", "vampire", "patrol", "cemetery", "gate", "boots", "wind", "rain", "heart", "home",
    "normal", "want", "belong", "waits", "stands", "blinks",
]  # fmt: skip
COMMUNITY = "Bench Ends"


def story(rng: random.Random) -> list[str]:
    def sentence() -> str:
        words = rng.choices(WORDS, k=rng.randint(6, 16))
        return " ".join(words).capitalize() + rng.choice([".", ".", "!", "?", "…"])

    return [
        " ".join(sentence() for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 8))
    ]


def header(rng: random.Random, number: int) -> list[tuple[str, str]]:
    """(label, value) lines in one of several conventions."""
    lines: list[tuple[str, str]] = []
    if rng.random() < 0.85:
        lines.append((rng.choice(["Title", "TITLE", "Title"]), f"Story {number} of the night"))
    if rng.random() < 0.7:
        lines.append((rng.choice(["Author", "By", "Writer", "Creator"]), "benchwriter"))
    lines.append(
        (rng.choice(["Fandom", "Fandoms"]), ", ".join(rng.sample(FANDOMS, rng.randint(1, 2))))
    )
    lines.append((rng.choice(["Rating", "Rated"]), rng.choice(RATINGS)))
    if rng.random() < 0.8:
        label = rng.choice(["Pairing", "Pairings", "Ship", "Relationship"])
        lines.append((label, ", ".join(rng.sample(PAIRINGS, rng.randint(1, 2)))))
    if rng.random() < 0.6:
        lines.append(("Characters", ", ".join(rng.sample(CHARACTERS, rng.randint(1, 3)))))
    if rng.random() < 0.7:
        lines.append((rng.choice(["Warnings", "Warning"]), rng.choice(WARNINGS)))
    if rng.random() < 0.5:
        lines.append(("Genre", ", ".join(rng.sample(GENRES, rng.randint(1, 3)))))
    if rng.random() < 0.5:
        lines.append(("Summary", "She waits. He doesn't. The night goes on."))
    if rng.random() < 0.3:
        lines.append(("Disclaimer", "I do not claim to own, etc…"))
    if rng.random() < 0.2:
        lines.append((rng.choice(["Beta", "Mood", "Music", "Spoilers"]), "thanks to everyone"))
    if rng.random() < 0.4:
        prompt = rng.choice(PROMPTS)
        lines.append(("A/N", f'Fill for the {COMMUNITY} prompt: "{prompt}"'))
    return lines


def as_text(lines: list[tuple[str, str]], paragraphs: list[str]) -> str:
    return (
        "\n".join(f"{label}: {value}" for label, value in lines) + "\n\n" + "\n\n".join(paragraphs)
    )


def as_html(lines: list[tuple[str, str]], paragraphs: list[str]) -> str:
    head = "<br>\n".join(f"<b>{label}:</b> {value}" for label, value in lines)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body>\n<p>{head}</p>\n{body}\n</body></html>\n"


def as_markdown(lines: list[tuple[str, str]], paragraphs: list[str]) -> str:
    front = "\n".join(f"{label.lower()}: {value}" for label, value in lines)
    return f"---\n{front}\n---\n\n" + "\n\n".join(paragraphs)


def generate(folder: Path, count: int) -> list[Path]:
    rng = random.Random(SEED)
    paths = []
    for number in range(count):
        lines, paragraphs = header(rng, number), story(rng)
        kind = rng.random()
        if kind < 0.1:
            path, text = folder / f"{number:05d}.html", as_html(lines, paragraphs)
        elif kind < 0.15:
            path, text = folder / f"{number:05d}.md", as_markdown(lines, paragraphs)
        else:
            path, text = folder / f"{number:05d}.txt", as_text(lines, paragraphs)
        # Old files: some Windows line ends, some cp1252.
        encoding = "cp1252" if rng.random() < 0.1 else "utf-8"
        data = text.encode(encoding, errors="replace")
        path.write_bytes(data.replace(b"\n", b"\r\n") if rng.random() < 0.2 else data)
        paths.append(path)
    return paths


def setup_django(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="ficfest.settings", FICFEST_MODE="local", DEBUG="false",
        FICFEST_DATA_DIR=str(data_dir), LOG_LEVEL="WARNING",
    )  # fmt: skip
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # Loaded now, not in the timed import: the importer's modules and the URLs (a work's link).
    from django.urls import get_resolver

    import ficfest.importer.services  # noqa: F401

    get_resolver().url_patterns  # noqa: B018


def community_with_prompts() -> Any:
    """The community the files' prompt references name, its prompts released, the importer a
    member (the imports are fills, as in the seed's case)."""
    from django.utils import timezone

    from ficfest.accounts.models import User
    from ficfest.communities.models import (
        Challenge,
        ChallengeKind,
        Community,
        Membership,
        Period,
        Prompt,
        Role,
    )

    user = User.objects.create_user(username="benchwriter", email="bench@example.org")
    community = Community.objects.create(name=COMMUNITY, slug="bench-ends")
    Membership.objects.create(community=community, user=user, role=Role.OWNER)
    challenge = Challenge.objects.create(community=community, title="Prompts", slug="prompts",
                                         kind=ChallengeKind.PROMPTS)  # fmt: skip
    now = timezone.now()
    period = Period.objects.create(challenge=challenge, title="Now", slug="now",
                                   opens_at=now - timezone.timedelta(days=1),
                                   closes_at=now + timezone.timedelta(days=30))  # fmt: skip
    for text in PROMPTS:
        Prompt.objects.create(period=period, text=text, release_at=now, posted_by=user)
    return user


def read_only(paths: list[Path]) -> Counter[str]:
    """The baseline: what importing costs without a database."""
    from ficfest.importer.document import ImportError_
    from ficfest.importer.encoding import decode
    from ficfest.importer.headers import split_header
    from ficfest.importer.readers import read_document

    outcomes: Counter[str] = Counter()
    for path in paths:
        data = path.read_bytes()
        try:
            decode(data)
            split_header(read_document(path.name, data))
            outcomes["read"] += 1
        except ImportError_:
            outcomes["refused"] += 1
    return outcomes


class QueryCounter:
    """Counts the statements sent to the database (``connection.execute_wrapper``): cheap
    enough to leave on while timing."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def import_all(paths: list[Path], user: Any, counter: QueryCounter, *,
               per_file: bool) -> Counter[str]:  # fmt: skip
    """Every file through ``import_files`` (batches, as ``ficfest import`` does), or with
    ``per_file`` through ``import_file``, one transaction per file."""
    from django.db import connection

    from ficfest.importer.services import Lookups, Source, import_file, import_files

    lookups = Lookups()
    pseud = user.default_pseud
    outcomes: Counter[str] = Counter()
    options = {"owner": user, "pseud": pseud, "community": None, "create_prompts": False,
               "dry_run": False, "lookups": lookups}  # fmt: skip
    with connection.execute_wrapper(counter):
        if per_file:
            reports = (import_file(filename=path.name, data=path.read_bytes(), **options)
                       for path in paths)  # fmt: skip
        else:
            sources = (Source(filename=path.name, data=path.read_bytes()) for path in paths)
            reports = import_files(sources, **options)
        for report in reports:
            outcomes[report.status] += 1
            if report.status == "failed" and outcomes["failed"] <= 3:
                print(f"  failed: {report.file}: {report.error}", file=sys.stderr)
    return outcomes


CPU_SECONDS: dict[str, float] = {}


def timed(function: Callable[[], Counter[str]], name: str) -> tuple[float, Counter[str]]:
    """Wall-clock seconds, and into CPU_SECONDS the process's CPU time: on a machine other work
    shares, the CPU time grows far less than the wall clock."""
    start, cpu = time.perf_counter(), time.process_time()
    outcome = function()
    CPU_SECONDS[name] = time.process_time() - cpu
    return time.perf_counter() - start, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="profile the import (slower)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--per-file", action="store_true",
                        help="one transaction per file (import_file), not batches")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ficfest-import-bench-") as tmp:
        files_dir, data_dir = Path(tmp, "files"), Path(tmp, "data")
        files_dir.mkdir()
        print(f"Generating {args.files:,} files…", file=sys.stderr)
        paths = generate(files_dir, args.files)
        setup_django(data_dir)
        user = community_with_prompts()
        print("Reading them (baseline)…", file=sys.stderr)
        read_seconds, read = timed(lambda: read_only(paths), "baseline")
        print("Importing them…", file=sys.stderr)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        counter = QueryCounter()
        import_seconds, imported = timed(
            lambda: import_all(paths, user, counter, per_file=args.per_file), "import"
        )
        if profiler:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        figures = _figures(len(paths), read_seconds, import_seconds, read, imported)
        figures["queries_per_file"] = round(counter.count / len(paths), 2)
        figures["baseline_cpu_seconds"] = round(CPU_SECONDS["baseline"], 2)
        figures["import_cpu_seconds"] = round(CPU_SECONDS["import"], 2)
        # The CPU time is the figure a shared machine disturbs least (SQLite runs in-process,
        # so it includes the database's own work): per file, and over the baseline's.
        figures["import_cpu_ms_per_file"] = round(1000 * CPU_SECONDS["import"] / len(paths), 2)
        figures["cpu_over_baseline"] = round(CPU_SECONDS["import"] / CPU_SECONDS["baseline"], 1)
        figures["load_average"] = round(os.getloadavg()[0], 2)
        figures["mode"] = "per file" if args.per_file else "batches"
    _print(figures, as_json=args.json)
    return 0 if imported["failed"] == 0 else 1


def _figures(count: int, read_seconds: float, import_seconds: float, read: Counter[str],
             imported: Counter[str]) -> dict[str, Any]:  # fmt: skip
    return {
        "files": count,
        "baseline_seconds": round(read_seconds, 2),
        "baseline_files_per_second": round(count / read_seconds),
        "import_seconds": round(import_seconds, 2),
        "import_files_per_second": round(count / import_seconds),
        "import_over_baseline": round(import_seconds / read_seconds, 1),
        "target_files_per_second": TARGET,
        "outcomes": dict(imported),
        "baseline_outcomes": dict(read),
    }


def _print(figures: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("scenario", "files", "seconds", "CPU s", "files/s", "× baseline",
                  title="Import benchmark (SQLite, one process)")  # fmt: skip
    table.add_row("baseline: decode + read + header", f"{figures['files']:,}",
                  f"{figures['baseline_seconds']:.2f}", f"{figures['baseline_cpu_seconds']:.2f}",
                  f"{figures['baseline_files_per_second']:,}", "1.0")  # fmt: skip
    mode = ("import_file, one transaction per file" if figures["mode"] == "per file"
            else "import_files, a transaction per batch")  # fmt: skip
    table.add_row(mode, f"{figures['files']:,}",
                  f"{figures['import_seconds']:.2f}", f"{figures['import_cpu_seconds']:.2f}",
                  f"{figures['import_files_per_second']:,}",
                  f"{figures['import_over_baseline']}")  # fmt: skip
    console = Console()
    console.print(table)
    met = figures["import_files_per_second"] >= TARGET
    outcomes = ", ".join(f"{n:,} {status}" for status, n in sorted(figures["outcomes"].items()))
    console.print(f"Import CPU per file: {figures['import_cpu_ms_per_file']} ms, "
                  f"{figures['cpu_over_baseline']}× the baseline's CPU time.")  # fmt: skip
    console.print(f"Outcomes: {outcomes}. Queries per file: {figures['queries_per_file']}. "
                  f"1-minute load average after: {figures['load_average']}.")  # fmt: skip
    console.print(f"Target {TARGET} files/s: {'met' if met else 'NOT met'}.")


if __name__ == "__main__":
    sys.exit(main())
