"""Where a page's time goes: queries, time in process and the hottest functions.

    .venv/bin/python bench/profile_page.py / /works/ /works/123/ [--repeat 200] [--top 25]
    .venv/bin/python bench/profile_page.py / /works/ work --top 0   # "work": cycle over works

Serves the paths in process (Django's test client, production settings, DEBUG off) against a
copy of the 10,000-work benchmark archive, after one unmeasured request each. Prints the
queries of one request and the mean wall-clock and CPU time over ``--repeat``, then
cProfile's top functions by cumulative time. CPU time is steadier than wall-clock time when
other work shares the machine, which makes it the fairer figure to compare two commits by.
For finding what to cache; ``run.py`` measures what a reader gets.
"""

import argparse
import cProfile
import itertools
import os
import pstats
import shutil
import sys
import time
from typing import Any

import generate

PROFILE_DIR = generate.BENCH_DIR / "out" / "profile"


def _setup(works: int) -> list[int]:
    archive = generate.ensure(works)
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(archive / generate.DB_NAME, PROFILE_DIR / generate.DB_NAME)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="ficfest.settings", FICFEST_MODE="production", DEBUG="false",
        SECRET_KEY="bench-not-secret-" + "x" * 40, ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false", FICFEST_DATA_DIR=str(PROFILE_DIR), LOG_LEVEL="WARNING",
    )  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    readable: list[int] = generate.read_meta(archive)["fixtures"]["readable_work_ids"]
    return readable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help='paths, or "work" for works in turn')
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--queries", action="store_true", help="print each query's SQL")
    args = parser.parse_args()
    readable = itertools.cycle(_setup(args.works))
    from django.db import connection
    from django.test import Client

    client = Client()
    for name in args.paths:
        paths = (f"/works/{pk}/" for pk in readable) if name == "work" else itertools.repeat(name)
        path = next(paths)
        assert client.get(path).status_code == 200, path
        queries: list[str] = []

        def count(execute: Any, sql: str, *rest: Any, seen: list[str] = queries) -> Any:
            seen.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(path)
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            client.get(next(paths))
        mean = (time.perf_counter() - started) / args.repeat * 1000
        cpu_mean = (time.process_time() - cpu) / args.repeat * 1000
        print(f"{name}: {len(queries)} queries, {mean:.2f} ms a request in process "
              f"({cpu_mean:.2f} ms CPU)")  # fmt: skip
        if args.queries:
            for query in queries:
                print("   ", query[:300])
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(next(paths))
        profile.disable()
        if args.top:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
