"""View counts (浏览量) that do not write to the database on every hit.

A page asks for its views to be counted with ``ask_to_count``; the site's page view
(``rongmei.cache.serve``) then reports every view of it, including views served from the page cache,
and ``record_view`` counts them.

Each view adds one to a counter in the cache (Redis in production, shared by every process). Every
``FLUSH_EVERY`` views of a page, the request that reaches the multiple moves that many views into the
database in one ``UPDATE``; ``manage.py flush_view_counts`` (run from cron) moves the rest. Counts live
in their own table, not on the page, so publishing a revision never overwrites them; each batch is
also added to the page's row for the day (``PageViewDay``), which the readership statistics read.
"""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from rongmei.cache import VIEW_HEADER
from rongmei.ratelimit import increment

from .models.base import PageViewCount, PageViewDay

FLUSH_EVERY = 20
KEY = "newsroom:views:{}"


def _key(page_id):
    return KEY.format(page_id)


def pending(page_id):
    return cache.get(_key(page_id), 0)


def record_view(page_id):
    key = _key(page_id)
    count = increment(key)
    if count % FLUSH_EVERY == 0:
        # incr is atomic, so exactly one request sees each multiple and moves that batch.
        cache.decr(key, FLUSH_EVERY)
        add_to_database(page_id, FLUSH_EVERY)


def add_to_database(page_id, amount):
    """Add ``amount`` views to the page's total and to today's row (``PageViewDay``)."""
    if amount <= 0:
        return
    _add(PageViewCount, amount, page_id=page_id)
    _add(PageViewDay, amount, page_id=page_id, day=timezone.localdate())


def _add(model, amount, **key):
    if model.objects.filter(**key).update(count=F("count") + amount):
        return
    try:
        with transaction.atomic():
            model.objects.create(count=amount, **key)
    except IntegrityError:  # created by a concurrent request meanwhile
        model.objects.filter(**key).update(count=F("count") + amount)


def flush(page_ids):
    """Move every pending count of these pages into the database; returns how many views moved."""
    moved = 0
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), 500):
        chunk = page_ids[start : start + 500]
        counts = cache.get_many([_key(page_id) for page_id in chunk])
        for page_id in chunk:
            amount = counts.get(_key(page_id), 0)
            if amount:
                cache.decr(_key(page_id), amount)
                add_to_database(page_id, amount)
                moved += amount
    return moved


def view_count(page_id):
    """Stored views plus the views still waiting in the cache."""
    stored = PageViewCount.objects.filter(page_id=page_id).values_list("count", flat=True).first() or 0
    return stored + pending(page_id)


def ask_to_count(response, page):
    """Mark ``response`` as a view of ``page`` to be counted, however it is served later."""
    response[VIEW_HEADER] = str(page.pk)


def count_reported_view(sender, page_id, **kwargs):
    """Receiver of ``rongmei.cache.page_viewed``."""
    record_view(page_id)
