"""Cached fragments of the newsroom's hot pages (channel lists, department channels, articles).

Every fragment key carries one version number, bumped whenever any page is published, unpublished,
moved or deleted, so a cached list never outlives a change to the pages it shows. Views counts and
the live status of followed petitions are never cached.
"""

import time

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "newsroom:fragments:version"
FRAGMENT_SECONDS = 600


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        current = int(time.time() * 1000)
        cache.add(VERSION_KEY, current, timeout=None)
    return current


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)


def fragment_context(request, cacheable=True):
    """``fragment_seconds`` and ``cache_version`` for a template's ``{% cache %}`` tags.

    Previews and uncacheable pages get a timeout of 0 and a key that is never stored, so they can
    neither read nor write what the public sees.
    """
    if not cacheable or getattr(request, "is_preview", False):
        return {"fragment_seconds": 0, "cache_version": "uncached"}
    return {"fragment_seconds": FRAGMENT_SECONDS, "cache_version": version()}


def page_number_key(request):
    """The ?page= value as part of a key: digits only, so nonsense cannot fill the cache."""
    value = request.GET.get("page", "1")
    return value if value.isdigit() and len(value) <= 6 else "1"


page_published.connect(bump, dispatch_uid="newsroom-fragments-published")
page_unpublished.connect(bump, dispatch_uid="newsroom-fragments-unpublished")
post_page_move.connect(bump, dispatch_uid="newsroom-fragments-moved")


@receiver(post_delete, dispatch_uid="newsroom-fragments-deleted")
def bump_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump()
