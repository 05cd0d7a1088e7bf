"""Reading the index itself, below every visibility rule."""

from django.db import connection

from ficfest.search.engine import WORKS, search


def index_ids(q: str, kind=None) -> list[int]:
    """The ids the index itself matches for ``q``: rows of works or prompts that may be gone."""
    plan = search(q, kind=kind or WORKS).plan
    assert plan is not None
    with connection.cursor() as cursor:
        cursor.execute(*plan.ids)
        return sorted(row[0] for row in cursor.fetchall())
