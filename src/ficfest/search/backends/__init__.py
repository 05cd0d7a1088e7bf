"""The backend of the database in use: FTS5 on SQLite, tsvector and pg_trgm on PostgreSQL."""

from django.db import connection

from ficfest.search.backends.base import Backend
from ficfest.search.backends.postgres import PostgresBackend
from ficfest.search.backends.sqlite import SQLiteBackend

_BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend() -> Backend:
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"Search has no backend for {connection.vendor}") from None
