"""Fill the statistics' per-day aggregates from the petitions already stored (their history as it is)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from petitions.supervision import daily

    models = [apps.get_model("petitions", name) for name in ("Petition", "PetitionDispatch", "DailyFigures")]
    daily.rebuild(models)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0005_daily_figures")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
