"""The journal's search reads indexes instead of the whole journal (docs/performance.md, ADR 0014):

* the journal's order (drafts first, then the newest numbers) as an expression index both databases can walk;
* the registration index with PostgreSQL's pattern operator class, so `LIKE 'q%'` is a range under any collation;
* a text index for words: on SQLite an FTS5 table with the trigram tokenizer over `search_text` (external content,
  kept in step by triggers, so every write of a card, a bulk load or a restored backup included, updates it); on
  PostgreSQL a pg_trgm GIN index on `search_text`, which `LIKE '%word%'` reads.

Where the text index cannot be made (SQLite built without FTS5, a PostgreSQL role that may not create pg_trgm) the
migration says so and goes on: the search is then correct, only slower (docflow.selectors checks for the table)."""

import sys

from django.conf import settings
from django.db import migrations, models

import hromada.docflow.models

SQLITE_CREATE = [
    # case_sensitive 1: the text and the query are folded already, so a match is exactly `contains`.
    "CREATE VIRTUAL TABLE docflow_document_fts USING fts5(search_text, content='docflow_document', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER docflow_document_fts_ai AFTER INSERT ON docflow_document BEGIN "
    "INSERT INTO docflow_document_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER docflow_document_fts_ad AFTER DELETE ON docflow_document BEGIN "
    "INSERT INTO docflow_document_fts(docflow_document_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    # Django's save() writes every column: the text index changes only when the text did.
    "CREATE TRIGGER docflow_document_fts_au AFTER UPDATE OF search_text ON docflow_document "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    "INSERT INTO docflow_document_fts(docflow_document_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO docflow_document_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO docflow_document_fts(docflow_document_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS docflow_document_fts_ai",
    "DROP TRIGGER IF EXISTS docflow_document_fts_ad",
    "DROP TRIGGER IF EXISTS docflow_document_fts_au",
    "DROP TABLE IF EXISTS docflow_document_fts",
]


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT docflow_text_index")
        try:
            if connection.vendor == "sqlite":
                for sql in SQLITE_CREATE:
                    cursor.execute(sql)
            elif connection.vendor == "postgresql":
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute("CREATE INDEX IF NOT EXISTS docflow_doc_search_trgm ON docflow_document "
                               "USING gin (search_text gin_trgm_ops)")
        except Exception as error:  # noqa: BLE001 - without the text index the search still works, only slower
            cursor.execute("ROLLBACK TO SAVEPOINT docflow_text_index")
            print(f"\n  docflow: no text index ({error}); the journal's word search will scan.", file=sys.stderr)
        cursor.execute("RELEASE SAVEPOINT docflow_text_index")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS docflow_doc_search_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('docflow', '0003_intake_public_info'),
        ('identity', '0002_identity_providers'),
        ('tenancy', '0004_community_residency_rule'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='document',
            name='docflow_doc_communi_49cc00_idx',
        ),
        migrations.RemoveIndex(
            model_name='document',
            name='docflow_doc_communi_40e089_idx',
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(models.F('community'), models.F('journal'), models.OrderBy(hromada.docflow.models.NewestFirst('reg_year', 32767), descending=True), models.OrderBy(hromada.docflow.models.NewestFirst('reg_number', 2147483647), descending=True), models.OrderBy(models.F('id'), descending=True), name='docflow_doc_journal_newest'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['community', 'journal', 'reg_index'], name='docflow_doc_reg_index', opclasses=['int8_ops', 'int8_ops', 'varchar_pattern_ops']),
        ),
        migrations.RunPython(create, drop),
    ]
