"""Extract (again) the keywords and places of existing petitions for the hot topics (热点诉求).

New and edited petitions get theirs when saved; run this once after installing, or after changing the
stop-word list in ``petitions.supervision.hot_topics``. ``--since`` limits it to petitions submitted from that day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from petitions.models import Petition
from petitions.supervision import hot_topics

BATCH = 1000


class Command(BaseCommand):
    help = "Extract the hot-topic keywords of existing petitions (all, or those submitted since --since)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only petitions submitted on or after this day, YYYY-MM-DD")

    def handle(self, *args, since=None, **options):
        petitions = Petition.objects.order_by("pk").only("pk", "title", "content", "address", "submitted_at")
        if since:
            try:
                day = datetime.date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(f"--since must be YYYY-MM-DD: {error}") from None
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
            petitions = petitions.filter(submitted_at__gte=start)
        done = rows = 0
        last_pk = 0
        while True:
            batch = list(petitions.filter(pk__gt=last_pk)[:BATCH])
            if not batch:
                break
            rows += hot_topics.refresh(batch)
            done += len(batch)
            last_pk = batch[-1].pk
        self.stdout.write(f"Keywords extracted for {done} petitions ({rows} keywords and places).")
