"""The statistics' per-day aggregates also per intake channel (来源), so the statistics page's channel table
is read from them; every row is recomputed from the petitions (``daily.rebuild``)."""

from django.db import migrations, models


def rebuild(apps, schema_editor):
    from petitions.supervision import daily

    models = [apps.get_model("petitions", name) for name in ("Petition", "PetitionDispatch", "DailyFigures")]
    daily.rebuild(models)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0012_return_visits_and_intake_channels")]

    operations = [
        migrations.RemoveConstraint(model_name="dailyfigures", name="petition_daily_figures_once"),
        migrations.AddField(
            model_name="dailyfigures",
            name="channel_key",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="来源"),
        ),
        migrations.AddConstraint(
            model_name="dailyfigures",
            constraint=models.UniqueConstraint(
                fields=("day", "department_key", "topic_key", "channel_key"), name="petition_daily_figures_once"
            ),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
