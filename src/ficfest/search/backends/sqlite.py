"""SQLite: FTS5 tables, a stemmed one (porter) ranked by bm25, and a trigram one holding only
the runs of scripts written without spaces, matched as substrings.

Each kind has its two tables, keyed by the work's or prompt's id (the FTS ``rowid``)."""

from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from ficfest.search.backends.base import (
    PROMPTS,
    START,
    STOP,
    WORKS,
    Kind,
    Plan,
    clean_text,
    has_mark,
    marked,
    needles,
    text_snippet,
)
from ficfest.search.documents import PromptText, WorkText
from ficfest.search.query import Group, Query, Term, spaceless_runs

COLUMNS = {
    "works": ("title", "tags", "summary", "notes", "creators", "body"),
    "prompts": ("text", "tags"),
}
# The tables, as the migration made them: a full build drops and makes them again, far faster
# than deleting every row (FTS5 reads a row's text back to take its words out of the index).
TOKENIZERS = {"fts": "porter unicode61 remove_diacritics 2", "cjk": "trigram"}
# bm25 weights, column by column: title and tags above summary, notes and creators, above body.
WEIGHTS = {"works": (10.0, 8.0, 4.0, 3.0, 4.0, 1.0), "prompts": (2.0, 3.0)}


def fts_table(kind: Kind) -> str:
    return f"search_{kind.name}_fts"


def cjk_table(kind: Kind) -> str:
    return f"search_{kind.name}_cjk"


def _phrase(term: Term, kind: Kind) -> str | None:
    """The term in FTS5's syntax: a quoted string (its words in order), in its column."""
    words = " ".join(w for w in term.text.split() if not spaceless_runs(w))
    if not words:
        return None
    quoted = '"' + words.replace('"', '""') + '"'
    if term.field is None:
        return quoted
    return f"{kind.columns[term.field]} : {quoted}"


def _substrings(term: Term) -> list[str]:
    return [f"%{run}%" for run in spaceless_runs(term.text).split()]


class SQLiteBackend:
    vendor = "sqlite"

    def _run(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return list(cursor.fetchall())

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)

    def _delete(self, kind: Kind, ids: list[int]) -> None:
        for table in (fts_table(kind), cjk_table(kind)):
            self._many(f"DELETE FROM {table} WHERE rowid = %s", [(pk,) for pk in ids])

    def works_write(self, texts: list[WorkText], *, fresh: bool = False) -> None:
        if not fresh:  # rows written before (a fresh build starts from empty tables)
            self._delete(WORKS, [t.pk for t in texts])
        rows = [(t.pk, *(clean_text(getattr(t, c)) for c in COLUMNS["works"])) for t in texts]
        self._many(
            "INSERT INTO search_works_fts(rowid, title, tags, summary, notes, creators, body) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        self._cjk_write(WORKS, [(t.pk, t.spaceless) for t in texts])

    def _cjk_write(self, kind: Kind, rows: list[tuple[int, str]]) -> None:
        self._many(
            f"INSERT INTO {cjk_table(kind)}(rowid, text) VALUES (%s, %s)",
            [(pk, text) for pk, text in rows if text],
        )

    def works_delete(self, ids: list[int]) -> None:
        self._delete(WORKS, ids)

    def prompts_write(self, texts: list[PromptText]) -> None:
        self._delete(PROMPTS, [t.pk for t in texts])
        self._many(
            "INSERT INTO search_prompts_fts(rowid, text, tags) VALUES (%s, %s, %s)",
            [(t.pk, clean_text(t.text), clean_text(t.tags)) for t in texts],
        )
        self._cjk_write(PROMPTS, [(t.pk, t.spaceless) for t in texts])

    def prompts_delete(self, ids: list[int]) -> None:
        self._delete(PROMPTS, ids)

    def bulk_start(self, kind: Kind) -> None:
        """Before a full build: empty tables, made again rather than emptied row by row."""
        tables = {"fts": (fts_table(kind), ", ".join(COLUMNS[kind.name])),
                  "cjk": (cjk_table(kind), "text")}  # fmt: skip
        for key, (name, columns) in tables.items():
            self._run(f"DROP TABLE IF EXISTS {name}")
            self._run(f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, "
                      f"tokenize='{TOKENIZERS[key]}')")  # fmt: skip

    def bulk_finish(self, kind: Kind) -> None:
        """After it: every segment merged into one (``optimize``), which queries read fastest."""
        for name in (fts_table(kind), cjk_table(kind)):
            self._run(f"INSERT INTO {name}({name}) VALUES ('optimize')")

    def clear(self, kind: Kind) -> None:
        self._run(f"DELETE FROM {fts_table(kind)}")
        self._run(f"DELETE FROM {cjk_table(kind)}")

    # -- Reading -------------------------------------------------------------------------

    def _term_condition(self, kind: Kind, term: Term) -> tuple[str, list[Any]]:
        """One term as a condition on ``rowid``: its words through the stemmed table, its
        runs of spaceless scripts through the trigram one (all of them, in any order)."""
        parts: list[tuple[str, list[Any]]] = []
        phrase = _phrase(term, kind)
        if phrase:
            parts.append((f"+rowid IN (SELECT rowid FROM {fts_table(kind)} WHERE "
                          f"{fts_table(kind)} MATCH %s)", [phrase]))  # fmt: skip
        for pattern in _substrings(term):
            parts.append((f"+rowid IN (SELECT rowid FROM {cjk_table(kind)} WHERE text LIKE %s)",
                          [pattern]))  # fmt: skip
        sql = " AND ".join(p[0] for p in parts)
        return f"({sql})", [param for p in parts for param in p[1]]

    def _group_condition(self, kind: Kind, group: Group) -> tuple[str, list[Any]]:
        conditions = [self._term_condition(kind, t) for t in group.terms]
        sql = "(" + " OR ".join(c[0] for c in conditions) + ")"
        return (f"NOT {sql}" if group.negated else sql), [p for c in conditions for p in c[1]]

    def plan(self, kind: Kind, query: Query) -> Plan:
        table = fts_table(kind)
        merged: list[str] = []
        excluded: list[str] = []
        conditions: list[tuple[str, list[Any]]] = []
        for group in query.groups:
            terms = [t for t in group.terms if t.field is None or t.field in kind.columns]
            if not terms:
                if group.negated:
                    continue  # leaving out what cannot match leaves out nothing
                return Plan(ids=("SELECT 0 WHERE 0", []), nothing=True)
            usable = Group(tuple(terms), group.negated)
            if any(t.spaceless for t in terms):
                conditions.append(self._group_condition(kind, usable))
                continue
            alternatives = [p for t in terms if (p := _phrase(t, kind))]
            (excluded if group.negated else merged).append(f"({' OR '.join(alternatives)})")
        rank: tuple[str, list[Any]] | None = None
        if merged:
            match = " AND ".join(merged) + "".join(f" NOT {e}" for e in excluded)
            conditions.insert(0, (f"{table} MATCH %s", [match]))
            weights = ", ".join(str(w) for w in WEIGHTS[kind.name])
            rank = (f"bm25({table}, {weights})", [])
        else:
            conditions += [
                (f"+rowid NOT IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)", [e])
                for e in excluded
            ]
        where = " AND ".join(c[0] for c in conditions) or "1"
        params = [p for c in conditions for p in c[1]]
        return Plan(ids=(f"SELECT rowid FROM {table} WHERE {where}", params), rank=rank)

    def matches(self, kind: Kind, plan: Plan, limit: int) -> list[int]:
        """The newest ``limit`` matches: FTS5 walks its doclists in rowid order and stops."""
        sql, params = plan.ids
        return [
            row[0] for row in self._run(f"{sql} ORDER BY rowid DESC LIMIT %s", [*params, limit])
        ]

    def ranked(
        self, kind: Kind, plan: Plan, within: tuple[str, list[Any]], offset: int, limit: int
    ) -> list[int]:
        """The ids of ``within`` in relevance order (best first), a page of them."""
        ids_sql, ids_params = plan.ids
        order, order_params = plan.rank or ("0", [])
        # The plan's own select already filters on MATCH: ranking its rows needs the same
        # MATCH in the same statement, which is why the restriction goes inside. ``+rowid``
        # everywhere beside a MATCH: a plain ``rowid IN`` would be handed to FTS5, which
        # would then run the whole MATCH again for each id (quadratic on common words).
        sql = (
            f"{ids_sql} AND +rowid IN ({within[0]}) ORDER BY {order}, rowid DESC LIMIT %s OFFSET %s"
        )
        if plan.rank is None:
            sql = f"SELECT * FROM ({within[0]}) ORDER BY 1 DESC LIMIT %s OFFSET %s"
            rows = self._run(sql, [*within[1], limit, offset])
            return [row[0] for row in rows]
        params = [*ids_params, *within[1], *order_params, limit, offset]
        return [row[0] for row in self._run(sql, params)]

    def snippets(self, kind: Kind, query: Query, ids: list[int]) -> dict[int, SafeString]:
        """A passage of each row around what matched, marked. Only the index's own text, which
        holds nothing a stranger may not read (see documents.py)."""
        if not ids:
            return {}
        table = fts_table(kind)
        found: dict[int, SafeString] = {}
        terms = [t for g in query.positive for t in g.terms
                 if t.field is None or t.field in kind.columns]  # fmt: skip
        phrases = [p for t in terms if (p := _phrase(t, kind))]
        if phrases:
            # The passage from the text (the first column for prompts, the chapters for
            # works) when it matched there, else from the best column: the blurb shows the
            # title and tags already.
            text_column = len(COLUMNS[kind.name]) - 1 if kind is WORKS else 0
            match = " OR ".join(phrases)
            found = self._fts_snippets(table, text_column, match, ids)
            others = [pk for pk in ids if pk not in found]
            if others and text_column:
                found.update(self._fts_snippets(table, -1, match, others))
        missing = [pk for pk in ids if pk not in found]
        if missing:
            found.update(self._substring_snippets(kind, query, missing))
        return found

    def _fts_snippets(
        self, table: str, column: int, match: str, ids: list[int]
    ) -> dict[int, SafeString]:
        marks = ", ".join("%s" for _ in ids)
        rows = self._run(
            f"SELECT rowid, snippet({table}, {column}, %s, %s, '…', 24) FROM {table} "
            f"WHERE {table} MATCH %s AND +rowid IN ({marks})",
            [START, STOP, match, *ids],
        )
        return {pk: marked(text) for pk, text in rows if has_mark(text)}

    def _substring_snippets(
        self, kind: Kind, query: Query, ids: list[int]
    ) -> dict[int, SafeString]:
        columns = " || char(10) || ".join(COLUMNS[kind.name])
        marks = ", ".join("%s" for _ in ids)
        rows = self._run(
            f"SELECT rowid, {columns} FROM {fts_table(kind)} WHERE rowid IN ({marks})", ids
        )
        looked_for = needles(query)
        return {pk: s for pk, text in rows if (s := text_snippet(text or "", looked_for))}
