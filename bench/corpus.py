"""The big archive for the filtered-listing benchmark: a million works on PostgreSQL.

    .venv/bin/python bench/corpus.py --engine postgres [--works 1000000] [--fresh]
    .venv/bin/python bench/corpus.py --engine sqlite [--works 100000] [--fresh]

PostgreSQL goes into its own database, ``ficfest_bench`` on 127.0.0.1:5432 (``--pg-url`` to
change); SQLite into ``bench/out/corpus/sqlite-<works>/``. Both are migrated with the project's
own migrations, then filled with rows written straight to the tables (``COPY`` on PostgreSQL,
``executemany`` on SQLite), one chunk of works at a time so memory stays flat. A finished build
leaves ``bench/out/corpus/<engine>-<works>.json``, which a rerun reuses; ``--fresh`` rebuilds.

Unlike ``generate.py`` (10,000 works through the same rows the services write, verified against
them), this one favours scale: chapters are a paragraph long and the text is drawn from a
small pool. The tags are what matters here, with a Zipf-like popularity: a few huge fandoms, a
long tail; about 12 tags a work; 5 % synonyms; fandoms over their characters and relationships;
meta fandoms and meta freeforms; and each work's filter tags as ``works/filtertags.py`` would
compute them.
"""

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import corpus_tags
from corpus_tags import TagPlan

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / "out" / "corpus"
PG_URL = "postgres://postgres@127.0.0.1:5432/ficfest_bench"
DEFAULT_WORKS = {"postgres": 1_000_000, "sqlite": 100_000}
CHUNK = 20_000  # works per round of writes
SEED = 1061
HISTORY_DAYS = 15 * 365
# Tables the load fills; on PostgreSQL their secondary indexes and constraints are dropped
# before and rebuilt after (one sort per index beats a million index insertions).
LOADED = (
    "accounts_user", "accounts_pseud", "tags_tag", "tags_tag_parents", "works_work",
    "works_chapter", "works_creatorship", "works_work_tags", "works_filtertagging",
)  # fmt: skip
RATINGS = (("general", 25), ("teen", 35), ("mature", 18), ("explicit", 12), ("not_rated", 10))
LANGUAGES = (("en", 92), ("es", 2), ("de", 1), ("fr", 1), ("ru", 1), ("zh", 1), ("ja", 1))


def meta_path(engine: str, works: int) -> Path:
    return OUT / f"{engine}-{works}.json"


def sqlite_dir(works: int) -> Path:
    return OUT / f"sqlite-{works}"


def setup_django(engine: str, works: int, pg_url: str) -> None:
    """Settings as a production server would have them, pointed at the benchmark database."""
    data_dir = sqlite_dir(works) if engine == "sqlite" else OUT / "pg-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.pop("DATABASE_URL", None)
    if engine == "postgres":
        os.environ["DATABASE_URL"] = pg_url
    os.environ.update(
        DJANGO_SETTINGS_MODULE="ficfest.settings", FICFEST_MODE="local", DEBUG="false",
        SECRET_KEY="bench-corpus", FICFEST_DATA_DIR=str(data_dir), LOG_LEVEL="WARNING",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )  # fmt: skip
    import django

    django.setup()


# --- writers -------------------------------------------------------------------------------


class Writer:
    """Rows into tables, as fast as the engine takes them."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def when(self, value: datetime | None) -> Any:
        return value

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def before_load(self) -> None:
        """Make the tables cheap to fill."""

    def after_load(self) -> None:
        """Rebuild what before_load took away and refresh the planner's statistics."""


class PostgresWriter(Writer):
    def __init__(self, raw: Any) -> None:
        super().__init__(raw)
        self.dropped: list[tuple[str, str]] = []  # (table, SQL that puts it back)

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def _execute(self, sql: str) -> list[tuple[Any, ...]]:
        with self.raw.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def before_load(self) -> None:
        for table in LOADED:
            # Foreign keys and unique constraints first (their indexes go with them), then the
            # plain indexes; the primary key stays.
            constraints = self._execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                f"WHERE conrelid = '{table}'::regclass AND contype IN ('f', 'u')"
            )
            for name, definition in constraints:
                self._execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                self.dropped.append((table, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" '
                                            f"{definition}"))  # fmt: skip
            indexes = self._execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                f"WHERE tablename = '{table}' AND indexname NOT LIKE '%_pkey'"
            )
            for name, definition in indexes:
                self._execute(f'DROP INDEX "{name}"')
                self.dropped.insert(0, (table, definition))  # indexes before constraints

    def after_load(self) -> None:
        self._execute("SET maintenance_work_mem = '512MB'")
        for _table, sql in self.dropped:
            started = time.perf_counter()
            self._execute(sql)
            print(f"corpus:   {time.perf_counter() - started:6.1f} s  {sql[:110]}", flush=True)
        for table in ("accounts_user", "accounts_pseud", "tags_tag", "works_work"):
            self._execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"(SELECT max(id) FROM {table}))")  # fmt: skip
        for table in LOADED:
            self._execute(f"VACUUM (ANALYZE) {table}")  # and the visibility map: index-only scans


class SqliteWriter(Writer):
    def when(self, value: datetime | None) -> Any:
        # As Django stores them on SQLite: UTC, without the offset.
        return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.raw.execute("BEGIN IMMEDIATE")
        self.raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        self.raw.execute("COMMIT")

    def before_load(self) -> None:
        self.raw.execute("PRAGMA synchronous = OFF")

    def after_load(self) -> None:
        self.raw.execute("PRAGMA synchronous = NORMAL")
        self.raw.execute("ANALYZE")


# --- works ---------------------------------------------------------------------------------


def zipf_index(rng: random.Random, n: int) -> int:
    """An index in [0, n) where index k comes about 1/(k+1.5) as often as the head: Zipf with
    exponent 1, drawn by inverting the distribution's logarithmic CDF (no table, O(1))."""
    return min(n - 1, int((n + 1) ** rng.random()) - 1)


@dataclass
class People:
    users: int
    pseuds_of: list[list[int]]  # user index -> pseud ids (default first)


@dataclass
class Counts:
    works: int = 0
    chapters: int = 0
    work_tags: int = 0
    filter_tags: int = 0
    fixtures: dict[str, Any] = field(default_factory=dict)


def write_people(writer: Writer, users: int, rng: random.Random, now: datetime) -> People:
    adjectives, nouns = corpus_tags.ADJECTIVES, corpus_tags.NOUNS
    joined = writer.when(now - timedelta(days=HISTORY_DAYS))
    writer.rows(
        "accounts_user",
        ("id", "password", "is_superuser", "username", "first_name", "last_name", "is_staff",
         "is_active", "date_joined", "email", "show_adult_content", "time_zone", "is_wrangler"),
        ((n + 1, "!", False, f"reader{n}", "", "", False, True, joined, f"reader{n}@example.org",
          n % 3 == 0, "", False) for n in range(users)),
    )  # fmt: skip
    pseuds_of: list[list[int]] = []
    rows = []
    for n in range(users):
        ids = [len(rows) + 1]
        rows.append((ids[0], f"reader{n}", "", True, joined, n + 1))
        if rng.random() < 0.1:
            ids.append(len(rows) + 1)
            name = f"{rng.choice(adjectives)} {rng.choice(nouns)}"
            rows.append((ids[1], name, "", False, joined, n + 1))
        pseuds_of.append(ids)
    columns = ("id", "name", "description", "is_default", "created_at", "user_id")
    writer.rows("accounts_pseud", columns, rows)
    return People(users=users, pseuds_of=pseuds_of)


class WorkMaker:
    """One work's rows at a time, from the tag plan and the people."""

    def __init__(self, plan: TagPlan, people: People, works: int, now: datetime) -> None:
        self.plan, self.people, self.works, self.now = plan, people, works, now
        self.rng = random.Random(SEED)
        self.paragraphs = corpus_tags.paragraphs(self.rng, 300)
        self.ratings = [r for r, weight in RATINGS for _ in range(weight)]
        self.languages = [code for code, weight in LANGUAGES for _ in range(weight)]

    def made_at(self, index: int) -> datetime:
        # Ids follow time, and an archive grows: later works come closer together.
        share = (1 - index / self.works) ** 1.6
        return self.now - timedelta(seconds=HISTORY_DAYS * 86400 * share + 3600)

    def secrecy(self) -> tuple[bool, datetime | None, bool, datetime | None]:
        roll = self.rng.random()
        if roll < 0.01:  # anonymous, as a challenge with a reveal to come would leave it
            return True, self.now + timedelta(days=self.rng.randint(1, 60)), False, None
        if roll < 0.013:  # unrevealed until then
            until = self.now + timedelta(days=self.rng.randint(1, 60))
            return True, until, True, until
        if roll < 0.03:  # was anonymous, revealed since
            return True, self.now - timedelta(days=self.rng.randint(1, 900)), False, None
        return False, None, False, None

    def work(self, work_id: int, writer: Writer) -> dict[str, Any]:
        rng = self.rng
        made = self.made_at(work_id - 1)
        chapters = rng.choices((1, 2, 3, 5), weights=(60, 22, 12, 6))[0]
        revised = min(made + timedelta(days=rng.randint(0, 90) * (chapters - 1)), self.now)
        status, published = "posted", made
        roll = rng.random()
        if roll < 0.01:
            status, published, revised = "draft", None, None
        elif roll < 0.013:
            published = revised = self.now + timedelta(days=rng.randint(1, 30))
        anonymous, anon_until, unrevealed, unrev_until = self.secrecy()
        poster = zipf_index(rng, self.people.users)
        texts = [rng.choice(self.paragraphs) for _ in range(chapters)]
        words = [text.count(" ") + 1 for text in texts]
        stamp = writer.when(made)
        return {
            "work": (work_id, corpus_tags.title(rng), rng.choice(self.paragraphs)[:300], "", "",
                     rng.choice(self.ratings), rng.choice(self.languages),
                     chapters == 1 or rng.random() < 0.6, rng.random() < 0.03, status,
                     writer.when(published), writer.when(revised), sum(words), chapters, stamp,
                     writer.when(revised or made), poster + 1, "fic", "", "", anonymous,
                     writer.when(anon_until), unrevealed, writer.when(unrev_until), ""),
            "chapters": [(n + 1, "", "", "", "", text, "plain", f"<p>{text}</p>", count, stamp,
                          stamp, work_id)
                         for n, (text, count) in enumerate(zip(texts, words, strict=True))],
            "creators": self.creators(work_id, poster, stamp),
            "tags": self.plan.work_tags(rng),
        }  # fmt: skip

    def creators(self, work_id: int, poster: int, stamp: Any) -> list[tuple[Any, ...]]:
        pseuds = self.people.pseuds_of[poster]
        credited = [self.rng.choice(pseuds)]
        if self.rng.random() < 0.03:
            other = self.rng.randrange(self.people.users)
            if other != poster:
                credited.append(self.people.pseuds_of[other][0])
        return [(True, stamp, poster + 1, pseud, work_id) for pseud in credited]


WORK_COLUMNS = ("id", "title", "summary", "notes", "end_notes", "rating", "language", "complete",
                "restricted", "status", "published_at", "revised_at", "word_count",
                "chapter_count", "created_at", "updated_at", "poster_id", "form", "video_file",
                "video_url", "anonymous", "anonymous_until", "unrevealed", "unrevealed_until",
                "submission_key")  # fmt: skip
CHAPTER_COLUMNS = ("position", "title", "summary", "notes", "end_notes", "text", "text_format",
                   "html", "word_count", "created_at", "updated_at", "work_id")  # fmt: skip


def write_works(writer: Writer, maker: WorkMaker, counts: Counts) -> None:
    started = time.perf_counter()
    for first in range(1, maker.works + 1, CHUNK):
        made = [maker.work(w, writer) for w in range(first, min(first + CHUNK, maker.works + 1))]
        writer.rows("works_work", WORK_COLUMNS, (m["work"] for m in made))
        writer.rows("works_chapter", CHAPTER_COLUMNS, (c for m in made for c in m["chapters"]))
        writer.rows("works_creatorship",
                    ("accepted", "created_at", "invited_by_id", "pseud_id", "work_id"),
                    (c for m in made for c in m["creators"]))  # fmt: skip
        pairs = [(m["work"][0], tag) for m in made for tag in m["tags"]]
        filters = list(_filter_rows(maker.plan, made))
        writer.rows("works_work_tags", ("work_id", "tag_id"), pairs)
        writer.rows("works_filtertagging", ("work_id", "tag_id"), filters)
        counts.works += len(made)
        counts.chapters += sum(len(m["chapters"]) for m in made)
        counts.work_tags += len(pairs)
        counts.filter_tags += len(filters)
        rate = counts.works / (time.perf_counter() - started)
        print(f"corpus: {counts.works:,} works ({rate:,.0f}/s)", flush=True)


def _filter_rows(plan: TagPlan, made: list[dict[str, Any]]) -> Iterator[tuple[int, int]]:
    for m in made:
        work_id = m["work"][0]
        for tag in sorted({f for t in m["tags"] for f in plan.filters_of(t)}):
            yield (work_id, tag)


# --- the build -----------------------------------------------------------------------------


def fresh_database(engine: str, works: int, pg_url: str) -> None:
    if engine == "sqlite":
        for leftover in sqlite_dir(works).glob("ficfest.sqlite3*"):
            leftover.unlink()
        return
    import psycopg

    name = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(engine: str, works: int, pg_url: str) -> dict[str, Any]:
    started = time.perf_counter()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    connection.ensure_connection()
    raw = connection.connection
    writer: Writer = PostgresWriter(raw) if engine == "postgres" else SqliteWriter(raw)
    now = datetime.now(UTC).replace(microsecond=0)
    rng = random.Random(SEED)
    writer.before_load()
    people = write_people(writer, max(200, works // 20), rng, now)
    plan = corpus_tags.plan_tags(rng, works)
    plan.write(writer, now)
    print(f"corpus: {len(plan.names):,} tags, {len(plan.parent_links):,} parent links; "
          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    counts = Counts()
    write_works(writer, WorkMaker(plan, people, works, now), counts)
    loaded = time.perf_counter()
    writer.after_load()
    indexed = time.perf_counter()
    fixtures = corpus_tags.reader_fixtures(plan, people.users)
    return {
        "engine": engine, "works": works, "generated_at": now.isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        "load_seconds": round(loaded - started, 1), "index_seconds": round(indexed - loaded, 1),
        "users": people.users, "tags": len(plan.names), "chapters": counts.chapters,
        "work_tags": counts.work_tags, "filter_tags": counts.filter_tags, "fixtures": fixtures,
    }  # fmt: skip


def describe(meta: dict[str, Any]) -> str:
    return (
        f"{meta['works']:,} works on {meta['engine']} in {meta['seconds']:,.0f} s (rows "
        f"{meta['load_seconds']:,.0f} s, indexes and statistics {meta['index_seconds']:,.0f} s): "
        f"{meta['tags']:,} tags, {meta['work_tags']:,} work tags "
        f"({meta['work_tags'] / meta['works']:.1f} a work), {meta['filter_tags']:,} filter tags, "
        f"{meta['chapters']:,} chapters, {meta['users']:,} users"
    )


def ensure(engine: str, works: int, *, fresh: bool, pg_url: str = PG_URL) -> dict[str, Any]:
    """The corpus's metadata, building it first unless a finished build is there."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = meta_path(engine, works)
    setup_django(engine, works, pg_url)
    if path.exists() and not fresh:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # a new index, if any
        meta: dict[str, Any] = json.loads(path.read_text())
        print(f"corpus: reusing {describe(meta)}")
        return meta
    path.unlink(missing_ok=True)
    if engine == "postgres":  # one benchmark database: an older size is gone with it
        for other in OUT.glob("postgres-*.json"):
            other.unlink()
    fresh_database(engine, works, pg_url)
    print(f"corpus: building {works:,} works on {engine} …", flush=True)
    meta = build(engine, works, pg_url)
    path.write_text(json.dumps(meta))
    print(f"corpus: {describe(meta)}")
    return meta


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=sorted(DEFAULT_WORKS), default="postgres")
    parser.add_argument("--works", type=int, help="works (PostgreSQL 1,000,000; SQLite 100,000)")
    parser.add_argument("--fresh", action="store_true", help="rebuild even if built")
    parser.add_argument("--pg-url", default=PG_URL, help="the PostgreSQL benchmark database")
    args = parser.parse_args()
    works = args.works or DEFAULT_WORKS[args.engine]
    if works < 1000:
        parser.error("--works must be at least 1,000")
    ensure(args.engine, works, fresh=args.fresh, pg_url=args.pg_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
