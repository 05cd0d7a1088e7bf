"""The index tables, of each backend's own kind: FTS5 virtual tables on SQLite (a porter-stemmed
one and a trigram one per kind), tsvector columns with GIN indexes and pg_trgm on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_works_fts USING fts5(title, tags, summary, notes, creators, body, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_works_cjk USING fts5(text, tokenize='trigram')",
    "CREATE VIRTUAL TABLE search_prompts_fts USING fts5(text, tags, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_prompts_cjk USING fts5(text, tokenize='trigram')",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_works_fts",
    "DROP TABLE IF EXISTS search_works_cjk",
    "DROP TABLE IF EXISTS search_prompts_fts",
    "DROP TABLE IF EXISTS search_prompts_cjk",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TEXT SEARCH DICTIONARY ficfest_english_stem (TEMPLATE = snowball, LANGUAGE = english)",
    "CREATE TEXT SEARCH CONFIGURATION ficfest_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION ficfest_english ALTER MAPPING FOR asciiword, asciihword, "
    "hword_asciipart, word, hword, hword_part WITH ficfest_english_stem",
    "CREATE TABLE search_works_pg (id integer PRIMARY KEY, title_v tsvector NOT NULL, tags_v tsvector NOT NULL, summary_v tsvector NOT NULL, creators_v tsvector NOT NULL, document tsvector NOT NULL, spaceless text NOT NULL DEFAULT '')",
    "CREATE INDEX search_works_pg_document ON search_works_pg USING gin (document)",
    "CREATE INDEX search_works_pg_spaceless ON search_works_pg USING gin (spaceless gin_trgm_ops) WHERE spaceless <> ''",
    "CREATE INDEX search_works_pg_title_v ON search_works_pg USING gin (title_v)",
    "CREATE INDEX search_works_pg_tags_v ON search_works_pg USING gin (tags_v)",
    "CREATE INDEX search_works_pg_summary_v ON search_works_pg USING gin (summary_v)",
    "CREATE INDEX search_works_pg_creators_v ON search_works_pg USING gin (creators_v)",
    "CREATE TABLE search_prompts_pg (id integer PRIMARY KEY, text_v tsvector NOT NULL, tags_v tsvector NOT NULL, document tsvector NOT NULL, spaceless text NOT NULL DEFAULT '')",
    "CREATE INDEX search_prompts_pg_document ON search_prompts_pg USING gin (document)",
    "CREATE INDEX search_prompts_pg_spaceless ON search_prompts_pg USING gin (spaceless gin_trgm_ops) WHERE spaceless <> ''",
    "CREATE INDEX search_prompts_pg_text_v ON search_prompts_pg USING gin (text_v)",
    "CREATE INDEX search_prompts_pg_tags_v ON search_prompts_pg USING gin (tags_v)",
]
POSTGRES_DROP = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS ficfest_english",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS ficfest_english_stem",
    "DROP TABLE IF EXISTS search_works_pg",
    "DROP TABLE IF EXISTS search_prompts_pg",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_indexed_works")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
