"""``manage.py flush_view_counts``: move the view counts waiting in the cache into the database.

Run it from cron every few minutes; between runs each page's count is written once per
``newsroom.counters.FLUSH_EVERY`` views.
"""

from django.core.management.base import BaseCommand

from newsroom import counters
from newsroom.models import ChannelPostPage, NewsArticlePage


class Command(BaseCommand):
    help = "Write pending view counts (浏览量) from the cache to the database."

    def handle(self, *args, **options):
        moved = 0
        for model in (NewsArticlePage, ChannelPostPage):
            moved += counters.flush(model.objects.values_list("pk", flat=True).iterator())
        self.stdout.write(f"Moved {moved} views.")
