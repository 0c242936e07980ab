"""Recompute the statistics' per-day aggregates (``DailyFigures``) from the petitions' history.

The workflow keeps them up to date on every change; run this after loading petitions around the
workflow (a bulk import, a restored backup) or to check them: ``--check`` reports rows that differ and
changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from petitions.models import DailyFigures
from petitions.models.daily import MEASURES
from petitions.supervision import daily


def _snapshot():
    return {
        (row["day"], row["department_key"], row["topic_key"], row["channel_key"]): tuple(
            round(row[m], 3) for m in MEASURES
        )
        for row in DailyFigures.objects.values("day", "department_key", "topic_key", "channel_key", *MEASURES)
        if any(row[m] for m in MEASURES)
    }


class Command(BaseCommand):
    help = "Rebuild the per-day statistics aggregates from the petitions (or --check them)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; exit 1 if they differ")

    def handle(self, *args, check=False, **options):
        if not check:
            rows = daily.rebuild()
            self.stdout.write(f"Rebuilt {rows} rows of per-day figures.")
            return
        with transaction.atomic():
            kept = _snapshot()
            daily.rebuild()
            rebuilt = _snapshot()
            transaction.set_rollback(True)
        differing = sorted(key for key in kept.keys() | rebuilt.keys() if kept.get(key) != rebuilt.get(key))
        for key in differing[:20]:
            self.stdout.write(f"{key}: kept {kept.get(key)}, from the petitions {rebuilt.get(key)}")
        if differing:
            raise CommandError(f"{len(differing)} rows of per-day figures differ from the petitions.")
        self.stdout.write(f"The per-day figures match the petitions ({len(rebuilt)} rows).")
