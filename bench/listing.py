"""The filtered listing at scale: /works/ with two tags included and two excluded.

    .venv/bin/python bench/listing.py --engine postgres [--requests 200] [--explain]
    .venv/bin/python bench/listing.py --engine sqlite [--requests 200]

Builds (or reuses) the corpus of ``corpus.py``, then asks for
``/works/?tag=<fandom>&tag=<a relationship in it>&exclude=<tag>&exclude=<tag>&sort=updated``,
first page and ``&page=10``, as a guest and as a logged-in reader who mutes three tags and
two creators. Fandoms come from the head of the popularity curve (70 %) and its body (30 %).

**What is timed**: server time, the time inside Django's request handler, in this process,
through Django's test client (``Client.get`` around ``BaseHandler.get_response``, which runs
every middleware, the view, its queries and its template). No HTTP parsing and no network:
``run.py`` measures those against the floor. Each (reader, page) pair is warmed with a few
requests first, then measured over ``--requests`` varied URLs.

It says which listing it measured: the filtered one when the page has the filter form (a
field named ``exclude``), or else the plain newest-first listing, which ignores the filters.

``--explain`` (PostgreSQL) prints EXPLAIN ANALYZE of the core query shapes, written out in
SQL: the page of works through ``works_filtertagging``, its count, and the facet counts.
"""

import argparse
import random
import statistics
import sys
import time
from typing import Any
from urllib.parse import urlencode

import corpus

READER = "bench_listing_reader"
WARMUP = 5


def reader_with_mutes(fixtures: dict[str, Any]) -> Any:
    """The logged-in reader of the scenario, with the corpus's mutes (made once)."""
    from ficfest.accounts.models import CreatorMute, User
    from ficfest.tags.models import Tag, TagMute

    user, _ = User.objects.get_or_create(username=READER,
                                         defaults={"email": f"{READER}@example.org"})  # fmt: skip
    for name in fixtures["muted_tags"]:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag:
            TagMute.objects.get_or_create(user=user, tag=tag)
    for username in fixtures["muted_users"]:
        muted = User.objects.filter(username=username).first()
        if muted:
            CreatorMute.objects.get_or_create(user=user, muted=muted)
    return user


def paths(fixtures: dict[str, Any], rng: random.Random, page: int) -> Any:
    while True:
        group = fixtures["head"] if rng.random() < 0.7 or not fixtures["body"] else fixtures["body"]
        fandom = rng.choice(group)
        ship = rng.choice(fandom["ships"])
        query: list[tuple[str, Any]] = [("tag", fandom["fandom"]), ("tag", ship)]
        query += [("exclude", name) for name in rng.sample(fixtures["excludes"], 2)]
        query.append(("sort", "updated"))
        if page > 1:
            query.append(("page", page))
        yield "/works/?" + urlencode(query)


def percentile(ordered: list[float], q: float) -> float:
    return ordered[max(0, round(q * len(ordered) + 0.5) - 1)]


def measure(client: Any, fixtures: dict[str, Any], page: int, count: int, seed: int) -> dict:
    from django.db import connection

    generator = paths(fixtures, random.Random(seed), page)
    for _ in range(WARMUP):
        client.get(next(generator))
    timings, filtered, statuses = [], 0, set()
    queries: list[str] = []
    for n in range(count):
        path = next(generator)
        wrapper = _counter(queries) if n == 0 else _nothing
        with connection.execute_wrapper(wrapper):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
        filtered += b'name="exclude"' in response.content
    timings.sort()
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95),
            "max": timings[-1], "filtered": filtered, "requests": count,
            "statuses": sorted(statuses), "queries": len(queries)}  # fmt: skip


def _counter(queries: list[str]) -> Any:
    def count(execute: Any, sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return execute(sql, *rest)

    return count


def _nothing(execute: Any, sql: str, *rest: Any) -> Any:
    return execute(sql, *rest)


def report(engine: str, meta: dict[str, Any], results: dict[tuple[str, int], dict]) -> None:
    print(f"\n{meta['works']:,} works on {engine}; server time in process (Django test client)")
    print(f"{'reader':<8} {'page':>4} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'queries':>7}  measured")  # fmt: skip
    for (who, page), r in results.items():
        what = ("the filtered listing" if r["filtered"] == r["requests"] else
                "the UNFILTERED listing (no filter form on this branch)" if not r["filtered"]
                else f"filtered on {r['filtered']} of {r['requests']} requests")  # fmt: skip
        print(f"{who:<8} {page:>4} {r['requests']:>8} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['max']:>8.1f} {r['queries']:>7}  {what}; status {r['statuses']}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=sorted(corpus.DEFAULT_WORKS), default="postgres")
    parser.add_argument("--works", type=int)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--explain", action="store_true", help="time and explain the core SQL")
    args = parser.parse_args()
    works = args.works or corpus.DEFAULT_WORKS[args.engine]
    meta = corpus.ensure(args.engine, works, fresh=False)
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    fixtures = meta["fixtures"]
    if args.explain:
        import explain

        explain.run(args.engine, fixtures)
    reader = reader_with_mutes(fixtures)
    results = {}
    for who in ("guest", "reader"):
        client = Client()
        if who == "reader":
            client.force_login(reader)
        for page in (1, 10):
            results[who, page] = measure(client, fixtures, page, args.requests, seed=page)
    report(args.engine, meta, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
