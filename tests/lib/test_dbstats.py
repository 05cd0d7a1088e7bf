"""SQLite gets planner statistics from the periodic tick, at most once an hour."""

from django.core.cache import cache
from django.db import connection

from ficfest.lib.dbstats import sqlite_statistics_refresh
from ficfest.lib.ticks import run_tick


def stat_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        return cursor.fetchone()[0]


def test_the_tick_gives_sqlite_statistics_once_an_hour(author):
    from tests.factories import make_work

    cache.clear()
    if connection.vendor != "sqlite":  # PostgreSQL keeps its own: nothing to do, nothing noted
        sqlite_statistics_refresh()
        assert cache.get("sqlite-statistics") is None
        return
    make_work(author)
    run_tick()
    assert stat_rows() > 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    sqlite_statistics_refresh()
    assert stat_rows() == 0  # not again within the hour
    cache.clear()
    sqlite_statistics_refresh()
    assert stat_rows() > 0
