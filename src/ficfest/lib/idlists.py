"""A long list of ids as one SQL parameter: ``pk IN (1, 2, …)`` with thousands of literals is
slow for Django to compile (each one quoted, on every query that reuses the filter) and runs
into SQLite's limit on parameters; a JSON array (SQLite) or an integer array (PostgreSQL) is
one parameter whatever its length."""

import json
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL


def ids_sql(ids: list[int]) -> tuple[str, list[Any]]:
    """A subquery selecting these ids, and its parameters."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::integer[])", [list(ids)]
    return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]


def ids_in(ids: list[int]) -> RawSQL:
    """For ``pk__in=``: the ids as one parameter."""
    sql, params = ids_sql(ids)
    return RawSQL(sql, params)
