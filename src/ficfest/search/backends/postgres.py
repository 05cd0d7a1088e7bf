"""PostgreSQL: a weighted ``tsvector`` per row with a GIN index (English stemming), ranked by
``ts_rank``; small vectors of their own for the field terms; and the runs of scripts written
without spaces in a text column with a ``pg_trgm`` GIN index, matched as substrings.

Weights: title and tags A, summary, notes and creators B, chapter text C."""

from typing import Any

from django.db import connection, transaction
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
from ficfest.search.documents import PromptText, WorkText, prompt_texts, work_texts
from ficfest.search.query import Group, Query, Term, spaceless_runs

# English stemming without a stop list (its own configuration, made by the migration): a
# title such as "To the World Below" is all stop words but "world", and phrases keep them.
CONFIG = "ficfest_english"
# The field vectors of each kind, by the column names of Kind.columns.
VECTORS = {
    "works": {"title": "title_v", "tags": "tags_v", "summary": "summary_v",
              "creators": "creators_v"},
    "prompts": {"text": "text_v", "tags": "tags_v"},
}  # fmt: skip
HEADLINE = f'StartSel="{START}", StopSel="{STOP}", MaxWords=35, MinWords=15'

_WORK_ROW = """
INSERT INTO search_works_pg (id, title_v, tags_v, summary_v, creators_v, document, spaceless)
VALUES (%(id)s, to_tsvector('ficfest_english', %(title)s), to_tsvector('ficfest_english', %(tags)s),
  to_tsvector('ficfest_english', %(summary)s), to_tsvector('ficfest_english', %(creators)s),
  setweight(to_tsvector('ficfest_english', %(title)s), 'A') || setweight(to_tsvector('ficfest_english', %(tags)s), 'A')
  || setweight(to_tsvector('ficfest_english', %(summary)s || E'\\n' || %(notes)s || E'\\n' || %(creators)s), 'B')
  || setweight(to_tsvector('ficfest_english', %(body)s), 'C'),
  %(spaceless)s)
ON CONFLICT (id) DO UPDATE SET title_v = EXCLUDED.title_v, tags_v = EXCLUDED.tags_v,
  summary_v = EXCLUDED.summary_v, creators_v = EXCLUDED.creators_v,
  document = EXCLUDED.document, spaceless = EXCLUDED.spaceless
"""  # noqa: E501

_PROMPT_ROW = """
INSERT INTO search_prompts_pg (id, text_v, tags_v, document, spaceless)
VALUES (%(id)s, to_tsvector('ficfest_english', %(text)s), to_tsvector('ficfest_english', %(tags)s),
  setweight(to_tsvector('ficfest_english', %(text)s), 'B') || setweight(to_tsvector('ficfest_english', %(tags)s), 'A'),
  %(spaceless)s)
ON CONFLICT (id) DO UPDATE SET text_v = EXCLUDED.text_v, tags_v = EXCLUDED.tags_v,
  document = EXCLUDED.document, spaceless = EXCLUDED.spaceless
"""  # noqa: E501


def table(kind: Kind) -> str:
    return f"search_{kind.name}_pg"


def _words(term: Term) -> str:
    return " ".join(w for w in term.text.split() if not spaceless_runs(w))


def _tsquery(term: Term) -> tuple[str, list[Any]]:
    return f"phraseto_tsquery('{CONFIG}', %s)", [_words(term)]


class PostgresBackend:
    vendor = "postgresql"

    def _run(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return list(cursor.fetchall()) if cursor.description else []

    def _many(self, sql: str, rows: list[Any]) -> None:
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)

    def works_write(self, texts: list[WorkText], *, fresh: bool = False) -> None:
        rows = [{"id": t.pk, "title": clean_text(t.title), "tags": clean_text(t.tags),
                 "summary": clean_text(t.summary), "notes": clean_text(t.notes),
                 "creators": clean_text(t.creators), "body": clean_text(t.body),
                 "spaceless": t.spaceless} for t in texts]  # fmt: skip
        self._many(_WORK_ROW, rows)

    def works_delete(self, ids: list[int]) -> None:
        if ids:
            self._run("DELETE FROM search_works_pg WHERE id = ANY(%s)", [list(ids)])

    def prompts_write(self, texts: list[PromptText]) -> None:
        rows = [{"id": t.pk, "text": clean_text(t.text), "tags": clean_text(t.tags),
                 "spaceless": t.spaceless} for t in texts]  # fmt: skip
        self._many(_PROMPT_ROW, rows)

    def prompts_delete(self, ids: list[int]) -> None:
        if ids:
            self._run("DELETE FROM search_prompts_pg WHERE id = ANY(%s)", [list(ids)])

    def bulk_start(self, kind: Kind) -> None:
        """Before a full build: an empty table without its GIN indexes (built once at the
        end from all the rows, far faster than updated row by row)."""
        self._run(f"TRUNCATE {table(kind)}")
        for name, _definition in _gin_indexes(kind):
            self._run(f"DROP INDEX IF EXISTS {name}")

    def bulk_finish(self, kind: Kind) -> None:
        for name, definition in _gin_indexes(kind):
            self._run(f"CREATE INDEX IF NOT EXISTS {name} ON {table(kind)} {definition}")
        self._run(f"ANALYZE {table(kind)}")

    def clear(self, kind: Kind) -> None:
        self._run(f"DELETE FROM {table(kind)}")

    # -- Reading -------------------------------------------------------------------------

    def _term_condition(self, kind: Kind, term: Term) -> tuple[str, list[Any]]:
        parts: list[tuple[str, list[Any]]] = []
        if _words(term):
            column = "document"
            if term.field is not None:
                column = VECTORS[kind.name][kind.columns[term.field]]
            tsquery, params = _tsquery(term)
            parts.append((f"{column} @@ {tsquery}", params))
        for run in spaceless_runs(term.text).split():
            parts.append(("spaceless LIKE %s", [f"%{run}%"]))
        return "(" + " AND ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]

    def _group_condition(self, kind: Kind, group: Group) -> tuple[str, list[Any]]:
        conditions = [self._term_condition(kind, t) for t in group.terms]
        sql = "(" + " OR ".join(c[0] for c in conditions) + ")"
        return (f"NOT {sql}" if group.negated else sql), [p for c in conditions for p in c[1]]

    def plan(self, kind: Kind, query: Query) -> Plan:
        merged: list[tuple[str, list[Any]]] = []
        conditions: list[tuple[str, list[Any]]] = []
        for group in query.groups:
            terms = [t for t in group.terms if t.field is None or t.field in kind.columns]
            if not terms:
                if group.negated:
                    continue
                return Plan(ids=("SELECT 0 WHERE false", []), nothing=True)
            usable = Group(tuple(terms), group.negated)
            if group.negated or any(t.spaceless or t.field for t in terms):
                conditions.append(self._group_condition(kind, usable))
                continue
            alternatives = [_tsquery(t) for t in terms]
            sql = "(" + " || ".join(a[0] for a in alternatives) + ")"
            merged.append((sql, [p for a in alternatives for p in a[1]]))
        rank: tuple[str, list[Any]] | None = None
        if merged:
            tsquery = " && ".join(m[0] for m in merged)
            params = [p for m in merged for p in m[1]]
            conditions.insert(0, (f"document @@ ({tsquery})", params))
            rank = (f"ts_rank(document, ({tsquery}))", params)
        where = " AND ".join(c[0] for c in conditions) or "true"
        params = [p for c in conditions for p in c[1]]
        return Plan(ids=(f"SELECT id FROM {table(kind)} WHERE {where}", params), rank=rank)

    def matches(self, kind: Kind, plan: Plan, limit: int) -> list[int]:
        """The newest ``limit`` matches, through the GIN indexes: when most rows match, the
        planner would otherwise read the whole table (detoasting every large vector) or walk
        the primary key testing each row, both far slower than a bitmap of the index."""
        sql, params = plan.ids
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            try:
                cursor.execute(f"{sql} ORDER BY id DESC LIMIT %s", [*params, limit])
                return [row[0] for row in cursor.fetchall()]
            finally:
                cursor.execute("RESET enable_seqscan")
                cursor.execute("RESET enable_indexscan")

    def ranked(
        self, kind: Kind, plan: Plan, within: tuple[str, list[Any]], offset: int, limit: int
    ) -> list[int]:
        if plan.rank is None:
            sql = f"SELECT * FROM ({within[0]}) w ORDER BY 1 DESC LIMIT %s OFFSET %s"
            return [row[0] for row in self._run(sql, [*within[1], limit, offset])]
        # ``within`` holds only matches (the search's candidates, filtered): no need to test
        # the match again, which would tempt the planner into reading the whole table.
        sql = (
            f"SELECT id FROM {table(kind)} WHERE id IN ({within[0]}) "
            f"ORDER BY {plan.rank[0]} DESC, id DESC LIMIT %s OFFSET %s"
        )
        params = [*within[1], *plan.rank[1], limit, offset]
        return [row[0] for row in self._run(sql, params)]

    def snippets(self, kind: Kind, query: Query, ids: list[int]) -> dict[int, SafeString]:
        """``ts_headline`` over the text readers see (never the creators: a snippet comes
        from the title, summary, notes and chapter text, or a prompt's text and tags)."""
        phrases = [t.text for g in query.positive for t in g.terms if len(t.words) > 1]
        texts = {pk: _window(text, phrases, query.words())
                 for pk, text in _readable(kind, ids).items()}  # fmt: skip
        terms = [t for g in query.positive for t in g.terms if _words(t)]
        found: dict[int, SafeString] = {}
        if terms and texts:
            tsquery = " || ".join(_tsquery(t)[0] for t in terms)
            values = ", ".join("(%s::integer, %s::text)" for _ in texts)
            rows = self._run(
                f"SELECT v.id, ts_headline('{CONFIG}', v.t, ({tsquery}), %s) "
                f"FROM (VALUES {values}) v(id, t)",
                [*(_words(t) for t in terms), HEADLINE,
                 *(x for pk, text in texts.items() for x in (pk, text))],
            )  # fmt: skip
            found = {pk: marked(text) for pk, text in rows if has_mark(text)}
        looked_for = needles(query)
        for pk, text in texts.items():
            if pk not in found and (snippet := text_snippet(text, looked_for)):
                found[pk] = snippet
        return found


def _gin_indexes(kind: Kind) -> list[tuple[str, str]]:
    """The GIN indexes of a kind's table, as the migration made them."""
    name = table(kind)
    vectors = ["document", *VECTORS[kind.name].values()]
    return [
        *((f"{name}_{v}", f"USING gin ({v})") for v in vectors),
        (f"{name}_spaceless", "USING gin (spaceless gin_trgm_ops) WHERE spaceless <> ''"),
    ]


def _window(text: str, phrases: list[str], words: list[str], size: int = 4000) -> str:
    """The part of a long text where a phrase, else a word, first appears (a word by a prefix,
    so that "walking" finds "walked"): ts_headline parses all it is given, and a work's text
    may run to hundreds of thousands of characters."""
    if len(text) <= size:
        return text
    lowered = text.lower()
    at = 0
    for candidates in (phrases, [w[: max(4, len(w) - 3)] for w in words]):
        found = [f for n in candidates if (f := lowered.find(n.lower())) >= 0]
        if found:
            at = min(found)
            break
    start = max(0, at - size // 2)
    return text[start : start + size]


def _readable(kind: Kind, ids: list[int]) -> dict[int, str]:
    if kind is PROMPTS:
        return {t.pk: clean_text(f"{t.text}\n{t.tags}") for t in prompt_texts(ids)}
    assert kind is WORKS
    return {
        t.pk: clean_text("\n".join((t.title, t.summary, t.notes, t.body))) for t in work_texts(ids)
    }
