"""The full-text index of the catalogue, per database.

SQLite: an FTS5 table `catalogue_search` (rowid = product id) holding the folded search text,
written by ocop.catalogue.index. The text is folded by ocop.lib.text.fold before it gets here
(FTS5's remove_diacritics does not fold đ), so the tokenizer only splits words.
PostgreSQL: a pg_trgm GIN index on catalogue_catalogueentry.search_text (already folded).
"""

from django.db import migrations

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_search USING fts5("
    "search_text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
SQLITE_DOWN = "DROP TABLE IF EXISTS catalogue_search"
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalogue_entry_search_trgm ON catalogue_catalogueentry "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS catalogue_entry_search_trgm"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        for sql in POSTGRES_UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        for sql in POSTGRES_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
