"""The whole-page cache for Wagtail pages, and its purge.

Anonymous visitors get a rendered page from the ``pages`` cache (Redis in production, memory on one
machine) for ``RONGMEI_PAGE_CACHE_SECONDS``. Django's cache machinery decides what may be stored: nothing
that sets a cookie for a cookie-less visitor, varies on a cookie, or says ``private``/``no-cache`` — so
forms with a CSRF token and pages with personal content are never shared. Visitors with a session (editors,
signed-in residents) always get a fresh page.

Every key carries a generation number; publishing, unpublishing or deleting a page, or changing site
settings, moves to the next generation, which empties the cache at once without touching other keys in a
shared Redis. Apps call ``purge_pages()`` when their non-page content that pages show changes.
"""

from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.dispatch import Signal
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from wagtail import views as wagtail_views

GENERATION_KEY = "rongmei:page-cache-generation"
# A page that wants its views counted names itself in this header; ``serve`` reports every view of it,
# from the cache or not, through ``page_viewed`` (the newsroom's view counter listens).
VIEW_HEADER = "X-Rongmei-Count-View"
page_viewed = Signal()


def page_cache_key(key, key_prefix, version):
    """KEY_FUNCTION of the ``pages`` cache: the current generation is part of every key."""
    generation = caches["default"].get_or_set(GENERATION_KEY, 1, timeout=None)
    return f"{key_prefix}:{version}:{generation}:{key}"


def purge_pages(**kwargs):
    """Forget every cached page (usable as a signal receiver)."""
    default = caches["default"]
    try:
        default.incr(GENERATION_KEY)
    except ValueError:
        default.set(GENERATION_KEY, 2, timeout=None)


def _serve_rendered(request, path):
    """Render the page now, so that a page which used a CSRF token is marked private before the cache
    decides: at view level the CSRF middleware has not yet added its cookie and ``Vary: Cookie``."""
    response = wagtail_views.serve(request, path)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        patch_cache_control(response, private=True)
    return response


@cache
def _cached_serve(seconds):
    return cache_page(seconds, cache="pages", key_prefix="wagtail")(_serve_rendered)


def serve(request, path):
    """Wagtail's page view, behind the page cache for visitors without a session."""
    seconds = getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0)
    if not seconds or settings.SESSION_COOKIE_NAME in request.COOKIES:
        response = wagtail_views.serve(request, path)
    else:
        response = _cached_serve(seconds)(request, path)
    page_id = response.get(VIEW_HEADER)
    if page_id:
        del response[VIEW_HEADER]
    if page_id and request.method == "GET" and response.status_code == 200:
        page_viewed.send(sender=None, page_id=int(page_id))
    return response
