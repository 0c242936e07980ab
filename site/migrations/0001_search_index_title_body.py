"""A GIN index on ``title || body`` of Wagtail's search index entries, on PostgreSQL.

modelsearch's PostgreSQL backend filters every search on ``(title || body) @@ query``. Its model says a
computed index on that expression "is created in a SQL migration", but no migration creates it, so without
this PostgreSQL reads and joins the vectors of every index entry for every search (about a second at
100,000 petitions). The expression here must stay the one the backend's query uses;
``tests/search/test_backend.py`` checks that the planner can use the index for a real search.
"""

from django.db import migrations

INDEX_NAME = "rongmei_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} USING gin ((title || body))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
