"""Full-text search at scale: index build speed, index size and query times, on each backend.

    .venv/bin/python bench/search_bench.py [--works 100000] [--words 2000] [--runs 20]
                                          [--backend sqlite|postgres|both]

Generates ``--works`` works of about ``--words`` words each (bulk inserts straight into the
tables: works, one chapter each, tags, filter tags, creators), with text drawn from a made-up
vocabulary of 20,000 words in a Zipf-like spread (a few words everywhere, most words rare), and
a few planted phrases to look for. Then it builds the index through the code ``ficfest reindex``
runs (``works_index`` in batches) and prints the works indexed per second, the size of the
index, and for ten typical queries the p50/p95 server time of the search alone (the matching
works counted and the first page ranked, with snippets) and of the whole ``/search/`` page
(facets, blurbs, template), read through Django's test client in this process.

SQLite runs in a temporary folder; PostgreSQL in the database ``ficfest_search_bench`` on
``--pg`` (dropped and made again). Each backend runs in a child process of its own.
"""

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "ficfest_search_bench"
SEED = 13
BATCH = 1000
VOCABULARY = 20_000
COMMON = [
    *[
        "the",
        "and",
        "she",
        "he",
        "was",
        "her",
        "his",
        "that",
        "to",
        "of",
        "in",
        "it",
        "you",
        "with",
        "for",
        "had",
        "not",
        "but",
        "they",
        "on",
        "at",
    ],
    *[
        "said",
        "all",
        "what",
        "world",
        "night",
        "blood",
        "slayer",
        "vampire",
        "watcher",
        "dark",
        "light",
        "door",
        "road",
    ],
    *[
        "stone",
        "cemetery",
        "dusk",
        "library",
        "rain",
        "crypt",
        "kiss",
        "knife",
        "fire",
        "window",
        "morning",
    ],
]
PLANTED = "the world below"  # planted in one work in 500
RARE_PLANTED = "zanzibarine"  # planted in one work in 20,000


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai",
                                                                "ou", "ee")]  # fmt: skip
    words = list(COMMON)
    seen = set(words)
    while len(words) < VOCABULARY:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _pool(rng: random.Random, words: list[str], size: int) -> list[str]:
    """A long run of words in a Zipf-like spread, which texts are cut from."""
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(words))))
    return rng.choices(words, cum_weights=weights, k=size)


class Texts:
    def __init__(self, words_per_work: int) -> None:
        self.rng = random.Random(SEED)
        self.words = _vocabulary(self.rng)
        self.pool = _pool(self.rng, self.words, 2_000_000)
        self.size = words_per_work

    def body(self, n: int) -> str:
        parts = []
        for _ in range(4):  # four passages from anywhere in the pool
            start = self.rng.randrange(len(self.pool) - self.size // 4)
            parts.append(" ".join(self.pool[start : start + self.size // 4]))
        if n % 500 == 7:
            parts.insert(2, f"and so they went from {PLANTED} to the world above")
        if n % 20_000 == 11:
            parts.insert(1, RARE_PLANTED)
        return ".\n\n".join(parts) + "."

    def title(self) -> str:
        return " ".join(self.rng.choices(self.words[:3000], k=self.rng.choice((1, 2, 3))))


def generate(works: int, words: int) -> dict[str, Any]:
    """Bulk rows: users with pseuds, 60 fandoms, 400 freeforms, works with one chapter each."""
    from django.db import transaction

    from ficfest.accounts.models import Pseud, User
    from ficfest.tags.models import Tag, TagType
    from ficfest.works.models import Chapter, Creatorship, FilterTagging, Status, Work

    texts = Texts(words)
    rng = texts.rng
    users = User.objects.bulk_create(
        User(username=f"writer{n}", email=f"writer{n}@example.org") for n in range(500)
    )
    pseuds = Pseud.objects.bulk_create(
        Pseud(user=u, name=u.username, is_default=True) for u in users
    )
    fandoms = Tag.objects.bulk_create(
        Tag(name=f"Fandom {n}", type=TagType.FANDOM, canonical=True) for n in range(60)
    )
    freeforms = Tag.objects.bulk_create(
        Tag(name=f"Trope {texts.words[n + 40]}", type=TagType.FREEFORM, canonical=True)
        for n in range(400)
    )
    published = _moment()
    for start in range(0, works, BATCH):
        with transaction.atomic():
            rows = []
            for n in range(start, min(works, start + BATCH)):
                author = rng.randrange(len(users))
                rows.append((n, author, Work(
                    title=texts.title(), summary=" ".join(rng.choices(texts.words[:5000], k=30)),
                    poster=users[author], status=Status.POSTED, published_at=published,
                    revised_at=published, word_count=words, chapter_count=1,
                )))  # fmt: skip
            made = Work.objects.bulk_create([w for _n, _a, w in rows])
            Chapter.objects.bulk_create(
                Chapter(work=w, position=1, text=(body := texts.body(n)), html=body,
                        word_count=words)
                for (n, _a, _w), w in zip(rows, made, strict=True)
            )  # fmt: skip
            Creatorship.objects.bulk_create(
                Creatorship(work=w, pseud=pseuds[a], accepted=True)
                for (_n, a, _w), w in zip(rows, made, strict=True)
            )
            tagged = [
                (w, tag)
                for w in made
                for tag in [rng.choice(fandoms[:10] if rng.random() < 0.7 else fandoms),
                            *rng.sample(freeforms, 3)]
            ]  # fmt: skip
            Work.tags.through.objects.bulk_create(
                Work.tags.through(work=w, tag=t) for w, t in tagged
            )
            FilterTagging.objects.bulk_create(FilterTagging(work=w, tag=t) for w, t in tagged)
        _progress("generated", min(works, start + BATCH), works)
    return {
        "fandoms": [t.pk for t in fandoms[:2]], "freeform": freeforms[0].pk,
        "common": texts.words[60], "rare": texts.words[15000], "title": texts.words[45],
        "sometimes": texts.words[3000],  # in about one work in twenty
    }  # fmt: skip


def _moment() -> Any:
    from datetime import UTC, datetime

    return datetime(2026, 1, 1, tzinfo=UTC)


def _progress(what: str, done: int, total: int) -> None:
    if done == total or done % (BATCH * 10) == 0:
        print(f"  {what} {done:,}/{total:,}", file=sys.stderr, flush=True)


def build(works: int, replace: bool = False) -> tuple[float, float]:
    """Seconds to index every work, through the code ``ficfest reindex --clear`` runs (the
    bulk path), or with ``replace`` through the one that replaces rows in place (``ficfest
    reindex``, and the tasks): on the clock, and in CPU, of this process and of its
    PostgreSQL backend when the server runs on this machine (on a machine busy with other
    things, the CPU time is what the build costs)."""
    from ficfest.search.indexing import works_index, works_rebuild
    from ficfest.works.models import Work

    ids = list(Work.objects.order_by("pk").values_list("pk", flat=True))
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        _progress("indexed", done[0], len(ids))

    start, cpu = time.perf_counter(), _cpu()
    if replace:
        for at in range(0, len(ids), 1000):
            works_index(ids=ids[at : at + 1000])
            advance(len(ids[at : at + 1000]))
    else:
        works_rebuild(ids=ids, batch=1000, progress=advance)
    return time.perf_counter() - start, _cpu() - cpu


def _cpu() -> float:
    """CPU seconds of this process, and of its database server process if it has one here."""
    from django.db import connection

    used = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:  # a server elsewhere: this process's CPU only
            pass
    return used


def index_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_works_pg')")
            return int(cursor.fetchone()[0])
        # The FTS5 tables' shadow tables, page by page (dbstat), else the file's growth.
        cursor.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_works_fts%' "
            "OR name LIKE 'search_works_cjk%'"
        )
        return int(cursor.fetchone()[0] or 0)


def queries(known: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    fandom = known["fandoms"][0]
    return [
        ("rare word", {"q": RARE_PLANTED}),
        ("uncommon word", {"q": known["rare"]}),
        ("common word", {"q": known["common"]}),
        ("very common word", {"q": "vampire"}),
        ("two words", {"q": f"cemetery {known['rare']}"}),
        ("phrase", {"q": f'"{PLANTED}"'}),
        ("field term", {"q": f"title:{known['title']}"}),
        ("exclusion", {"q": f"{known['rare']} -{known['sometimes']}"}),
        ("word OR word", {"q": f"{RARE_PLANTED} OR {known['rare']}"}),
        ("query + two tag filters", {"q": known["common"], "tag_id": [fandom, known["freeform"]]}),
    ]


def timed(run: Any, runs: int) -> list[float]:
    run()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def search_alone(params: dict[str, Any], cap: int | None = None) -> Any:
    """The search's own work for a page: match, count, rank the first page, cut snippets;
    with ``cap``, the most matches it works with set to that (a huge one: the search as it
    was before it had a cap, every match counted and ranked)."""
    from ficfest.search import engine
    from ficfest.works.models import Work

    def run() -> None:
        kept = engine.MATCH_CAP
        engine.MATCH_CAP = cap or kept
        try:
            found = engine.search(params["q"])
        finally:
            engine.MATCH_CAP = kept
        works = Work.objects.visible_to(_anonymous()).published()
        matched = found.filter(works)
        matched.count()
        ids = found.ranked_ids(matched, 0, 20) if found.rankable else [
            w.pk for w in matched.order_by("-revised_at")[:20]]  # fmt: skip
        found.snippets(ids)

    return run


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def page(params: dict[str, Any]) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")

    def run() -> None:
        response = client.get("/search/", params)
        assert response.status_code == 200, response.status_code

    return run


def figures(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def child(args: argparse.Namespace) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    print(f"\n== {connection.vendor}: {args.works:,} works of {args.words:,} words ==", flush=True)
    start = time.perf_counter()
    known = generate(args.works, args.words)
    print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)
    _analyze()
    for what, replace in (("index build (bulk, reindex --clear)", False),
                          ("index rewrite (rows replaced in place)", True)):  # fmt: skip
        if replace and not args.rewrite:
            continue
        seconds, cpu = build(args.works, replace)
        _analyze()
        rates = f"{args.works / seconds:,.0f} works/s (CPU: {cpu:.1f} s, "
        print(f"{what}: {seconds:.1f} s, {rates}{args.works / cpu:,.0f} works/s)", flush=True)
    print(f"index size: {index_size() / 2**20:,.0f} MiB", flush=True)
    print(
        f"{'query':<26} {'matches':>8}  {'uncapped p50':>12} {'p95':>7}  {'search p50':>10} "
        f"{'p95':>7}  {'page p50':>9} {'p95':>7}"
    )
    from ficfest.search.engine import search
    from ficfest.works.models import Work

    for name, params in queries(known):
        matches = search(params["q"]).filter(Work.objects.all()).count()  # at most the cap
        before = figures(timed(search_alone(params, cap=10**9), args.runs))
        alone = figures(timed(search_alone(params), args.runs))
        whole = figures(timed(page(params), args.runs))
        print(f"{name:<26} {matches:>8,}  {before[0]:>10.1f}ms {before[1]:>5.1f}ms  "
              f"{alone[0]:>8.1f}ms {alone[1]:>5.1f}ms  "
              f"{whole[0]:>7.1f}ms {whole[1]:>5.1f}ms", flush=True)  # fmt: skip


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help="also time rewriting every row in place (the path before the bulk one)",
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server URL (no database)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    for backend in ("sqlite", "postgres") if args.backend == "both" else (args.backend,):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ficfest.settings", "DEBUG": "false",
               "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
               "FICFEST_DATA_DIR": tempfile.mkdtemp(prefix="search-bench-"),
               "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}  # fmt: skip
        env.pop("DATABASE_URL", None)
        if backend == "postgres":
            _recreate(args.pg)
            env["DATABASE_URL"] = f"{args.pg}/{PG_DB}"
        command = [sys.executable, __file__, "--child", "--works", str(args.works),
                   "--words", str(args.words), "--runs", str(args.runs),
                   *(["--rewrite"] if args.rewrite else [])]  # fmt: skip
        subprocess.run(command, env=env, check=True)
    print(f"\nload average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def _recreate(server: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        connection.execute(f"CREATE DATABASE {PG_DB}")


if __name__ == "__main__":
    main()
