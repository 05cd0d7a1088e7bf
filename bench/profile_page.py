"""Where a page's time goes: queries, time in process and the hottest functions.

    .venv/bin/python bench/profile_page.py / /works/ /works/123/ [--repeat 200] [--top 25]

Serves the paths in process (Django's test client, production settings, DEBUG off) against a
copy of the 10,000-work benchmark archive, after one unmeasured request each. Prints the
queries of one request and the mean time over ``--repeat``, then cProfile's top functions by
cumulative time. For finding what to cache; ``run.py`` measures what a reader gets.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import time
from typing import Any

import generate

PROFILE_DIR = generate.BENCH_DIR / "out" / "profile"


def _setup(works: int) -> None:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--queries", action="store_true", help="print each query's SQL")
    args = parser.parse_args()
    _setup(args.works)
    from django.db import connection
    from django.test import Client

    client = Client()
    for path in args.paths:
        assert client.get(path).status_code == 200, path
        queries: list[str] = []

        def count(execute: Any, sql: str, *rest: Any, seen: list[str] = queries) -> Any:
            seen.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(path)
        started = time.perf_counter()
        for _ in range(args.repeat):
            client.get(path)
        mean = (time.perf_counter() - started) / args.repeat * 1000
        print(f"{path}: {len(queries)} queries, {mean:.2f} ms a request in process")
        if args.queries:
            for query in queries:
                print("   ", query[:300])
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
