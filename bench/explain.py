"""EXPLAIN ANALYZE of the filtered listing's core queries, written out in SQL.

The shape any implementation of the /works/ filters comes down to: the works a guest may see
(visibility as ``Work.objects.visible_to`` writes it for a logged-out reader), carrying every
included filter tag and none of the excluded ones, through ``works_filtertagging``; a page of
them newest first; their count; and the facet counts (each filter tag's works among them).
Run by ``listing.py --explain``: timed on both engines, with EXPLAIN ANALYZE on PostgreSQL and
EXPLAIN QUERY PLAN on SQLite (which has no ANALYZE of a plan).
"""

import random
import time
from typing import Any

VISIBLE = """
    w.status = 'posted' AND w.published_at <= %(now)s AND NOT w.restricted
    AND NOT (w.unrevealed AND (w.unrevealed_until IS NULL OR w.unrevealed_until > %(now)s))
"""
MATCHING = f"""
    FROM works_work w
    WHERE {VISIBLE}
      AND w.id IN (SELECT work_id FROM works_filtertagging WHERE tag_id = %(fandom)s)
      AND w.id IN (SELECT work_id FROM works_filtertagging WHERE tag_id = %(ship)s)
      AND NOT EXISTS (SELECT 1 FROM works_filtertagging x
                      WHERE x.work_id = w.id AND x.tag_id IN (%(ex1)s, %(ex2)s))
"""
QUERIES = {
    "page 1": f"SELECT w.id {MATCHING} ORDER BY w.revised_at DESC, w.id DESC LIMIT 20",
    "page 10": f"SELECT w.id {MATCHING} ORDER BY w.revised_at DESC, w.id DESC LIMIT 20 OFFSET 180",
    "count": f"SELECT count(*) {MATCHING}",
    # The alternative: the matching set read once (ids and sort key), the count and the page
    # taken from it in Python, and the facets counted over the ids (see "facets of ids").
    "ids": f"SELECT w.id, w.revised_at {MATCHING}",
    "facets": f"""
        SELECT t.type, t.name, f.works FROM (
            SELECT ft.tag_id, count(*) AS works FROM works_filtertagging ft
            WHERE ft.work_id IN (SELECT w.id {MATCHING})
            GROUP BY ft.tag_id ORDER BY works DESC LIMIT 60
        ) f JOIN tags_tag t ON t.id = f.tag_id ORDER BY t.type, f.works DESC""",
}
FACETS_OF_IDS = """
    SELECT tag_id, count(*) AS works FROM works_filtertagging WHERE work_id IN (%s)
    GROUP BY tag_id ORDER BY works DESC LIMIT 60"""


def _tag_id(cursor: Any, name: str) -> int:
    cursor.execute(
        "SELECT coalesce(merger_id, id) FROM tags_tag WHERE lower(name) = lower(%s) LIMIT 1",
        [name],
    )
    row = cursor.fetchone()
    if row is None:
        raise SystemExit(f"explain: no tag named {name!r} in the corpus")
    return int(row[0])


def _params(cursor: Any, fixtures: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    fandom = rng.choice(fixtures["head"])
    ex1, ex2 = rng.sample(fixtures["excludes"], 2)
    names = {"fandom": fandom["fandom"], "ship": fandom["ships"][0], "ex1": ex1, "ex2": ex2}
    print("explain: " + ", ".join(f"{k} = {v}" for k, v in names.items()))
    from django.utils import timezone

    params: dict[str, Any] = {key: _tag_id(cursor, name) for key, name in names.items()}
    params["now"] = timezone.now()
    return params


def run(engine: str, fixtures: dict[str, Any]) -> None:
    from django.db import connection

    explain = (
        "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if engine == "postgres" else "EXPLAIN QUERY PLAN "
    )

    with connection.cursor() as cursor:
        params = _params(cursor, fixtures, random.Random(3))
        for label, sql in QUERIES.items():
            cursor.execute(sql, params)  # warm the cache, as a busy server's would be
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            took = (time.perf_counter() - started) * 1000
            print(f"\n== {label}: {took:.1f} ms, {len(rows)} rows "
                  f"(first: {rows[0] if rows else None})")  # fmt: skip
            cursor.execute(explain + sql, params)
            for row in cursor.fetchall():
                print("   ", row[0] if len(row) == 1 else row[-1])
            if label == "ids":
                _facets_of_ids(cursor, [row[0] for row in rows])


def _facets_of_ids(cursor: Any, ids: list[int]) -> None:
    sql = FACETS_OF_IDS % ", ".join("%s" for _ in ids)
    cursor.execute(sql, ids)
    started = time.perf_counter()
    cursor.execute(sql, ids)
    rows = cursor.fetchall()
    took = (time.perf_counter() - started) * 1000
    print(f"\n== facets of ids: {took:.1f} ms over {len(ids)} works, {len(rows)} rows")
