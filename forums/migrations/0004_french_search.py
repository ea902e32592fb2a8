"""French, accent-insensitive full-text search on PostgreSQL; nothing to do on SQLite.

“societe” finds “société” and “facture” finds “facturé”: unaccent runs before the French
stemmer. The GIN index makes a search over hundreds of thousands of posts a matter of ms.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS forums_post_search_idx ON forums_post USING gin (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS forums_post_search_idx",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("forums", "0003_topics_posts_read_state")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
