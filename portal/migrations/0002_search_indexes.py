"""Trigram indexes for the archive's keyword search, on PostgreSQL only.

The search matches substrings (`icontains`, i.e. UPPER(column) LIKE UPPER('%…%')),
which suits Chinese; GIN trigram indexes on the same expressions let
PostgreSQL find the few matching articles without reading every body.
Keywords of fewer than three characters have no trigram and are answered by
scanning. On SQLite this migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "portal_article_body_trgm": "UPPER(body)",
    "portal_article_headline_trgm": "UPPER(headline)",
}


class PostgreSQLOnlyRunSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0001_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [
        PostgreSQLOnlyRunSQL(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql=migrations.RunSQL.noop,
        ),
        *(
            PostgreSQLOnlyRunSQL(
                sql=f"CREATE INDEX IF NOT EXISTS {name} ON issues_article "
                f"USING gin ({expression} gin_trgm_ops)",
                reverse_sql=f"DROP INDEX IF EXISTS {name}",
            )
            for name, expression in INDEXES.items()
        ),
    ]
