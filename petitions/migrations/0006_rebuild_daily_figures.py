"""Filled the statistics' per-day aggregates from the petitions already stored. Now nothing: the rows are
recomputed by 0013 (per intake channel too), and ``daily.rebuild`` reads fields this point of the history
does not have yet."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("petitions", "0005_daily_figures")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
