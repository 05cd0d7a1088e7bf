"""Planner statistics for SQLite, which keeps none unless asked. Without them it starts a
filtered listing from the status index and tests every work of the archive (130 ms at 100,000
works) instead of starting from the filter tag's works (4 ms). PostgreSQL keeps its own
(autovacuum's ANALYZE), so this does nothing there.
"""

from django.core.cache import cache
from django.db import connection

from ficfest.lib.ticks import periodic

# Rows sampled per index: approximate statistics, enough for the planner's choices, in a few
# milliseconds at 100,000 works (a full ANALYZE takes seconds and holds the write lock).
SAMPLE = 400
EVERY_SECONDS = 3600


@periodic
def sqlite_statistics_refresh() -> None:
    """At most once an hour per worker: new statistics, as the archive grows."""
    if connection.vendor != "sqlite" or not cache.add("sqlite-statistics", 1, EVERY_SECONDS):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={SAMPLE}")
        cursor.execute("ANALYZE")
