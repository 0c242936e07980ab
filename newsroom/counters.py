"""View counts (浏览量) that do not write to the database on every hit.

A page asks for its views to be counted with ``ask_to_count``; the site's page view
(``rongmei.cache.serve``) then reports every view of it, including views served from the page cache,
and ``record_view`` counts them.

Each view adds one to a counter in the cache (Redis in production, shared by every process). Every
``FLUSH_EVERY`` views of a page, the request whose count crosses the multiple moves that many views into
the database in one ``UPDATE``; ``manage.py flush_view_counts`` (run from cron) moves the rest. Counts live
in their own table, not on the page, so publishing a revision never overwrites them; each batch is
also added to the page's row for the day (``PageViewDay``), which the readership statistics read.

On Redis a cached page would otherwise cost a second round trip to count its view; so each process
keeps the views it served for up to ``BUFFER_SECONDS`` (or ``FLUSH_EVERY`` views of one page) and adds
them in one pipeline with the next view after that, and at exit. With the in-process cache of one
machine a count is a dictionary update and is made at once.
"""

import atexit
import threading
import time
from collections import Counter

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from rongmei.cache import VIEW_HEADER
from rongmei.ratelimit import increment_many

from .models.base import PageViewCount, PageViewDay

FLUSH_EVERY = 100  # one database write per this many views of a page; cron moves the rest
KEY = "newsroom:views:{}"


def _key(page_id):
    return KEY.format(page_id)


def pending(page_id):
    return cache.get(_key(page_id), 0)


BUFFER_SECONDS = 1.0


class _Buffer:
    """The views this process served and has not yet added to the shared counters."""

    def __init__(self):
        self.lock = threading.Lock()
        self.views = Counter()
        self.since = time.monotonic()

    def add(self, page_id):
        """Count one view; the views to add now (``{page_id: views}``), or an empty dict."""
        with self.lock:
            self.views[page_id] += 1
            if self.views[page_id] < FLUSH_EVERY and time.monotonic() - self.since < BUFFER_SECONDS:
                return {}
            return self._take()

    def take(self):
        with self.lock:
            return self._take()

    def _take(self):
        taken, self.views, self.since = dict(self.views), Counter(), time.monotonic()
        return taken


_buffer = _Buffer()


def record_view(page_id):
    if isinstance(caches["default"], RedisCache):
        add_views(_buffer.add(page_id))
    else:
        add_views({page_id: 1})


def add_views(views):
    """Add ``{page_id: views}`` to the shared counters; each batch of ``FLUSH_EVERY`` views a count
    crosses is moved into the database by the request that crossed it (counts are atomic, so exactly
    one request crosses each multiple)."""
    if not views:
        return
    counts = increment_many({_key(page_id): amount for page_id, amount in views.items()})
    for page_id, amount in views.items():
        count = counts[_key(page_id)]
        batches = count // FLUSH_EVERY - (count - amount) // FLUSH_EVERY
        if batches:
            cache.decr(_key(page_id), batches * FLUSH_EVERY)
            add_to_database(page_id, batches * FLUSH_EVERY)


def flush_buffer():
    """Add the views this process still holds (at exit, and before ``flush``)."""
    add_views(_buffer.take())


atexit.register(flush_buffer)


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
    flush_buffer()
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
