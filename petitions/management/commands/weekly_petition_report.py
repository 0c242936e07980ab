"""Freeze the weekly ranking report (民情数据排名周报); run it every Monday morning (safe to run twice)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from petitions.supervision.reports import make_weekly_report


class Command(BaseCommand):
    help = "Freeze last week's (or --week's) per-department petition figures as the weekly ranking report."

    def add_arguments(self, parser):
        parser.add_argument("--week", help="any day of the week to report, YYYY-MM-DD (default: last week)")
        parser.add_argument(
            "--replace", action="store_true", help="recompute a report that already exists (normally kept)"
        )

    def handle(self, *args, week=None, replace=False, **options):
        day = None
        if week:
            try:
                day = datetime.date.fromisoformat(week)
            except ValueError as error:
                raise CommandError(f"--week must be YYYY-MM-DD: {error}") from None
        report, created = make_weekly_report(day, replace=replace)
        verb = "created" if created else ("replaced" if replace else "already exists, kept")
        self.stdout.write(f"Weekly report {report}: {verb} ({len(report.rows)} departments).")
