# Over 450 lines: one module owns page caching, its tags and their purges, so every cache rule is read in one place.
"""The one page cache of the site, and the rule that keeps it fresh: a change purges exactly the cached
pages that show what changed.

Anonymous visitors get a rendered page from the ``pages`` cache (Redis in production, memory on one
machine) for ``RONGMEI_PAGE_CACHE_SECONDS``. A hit is one cache read and no query: the key is the page's
absolute URL, and the entry is the response itself as it left the whole middleware stack (converted to
traditional script, with its language and security headers). ``PageCacheMiddleware`` sits near the top
of the stack: it answers a hit before sessions, languages, CSRF, authentication or URL routing run, and
stores, on the way out, what a view rendered through ``cached()``. Visitors with a session or pending
messages always get a fresh page, and a response is stored only when it is the same for everyone: a 200
answer to a GET that set no cookie, wrote no session, used no CSRF token and is not marked private.

**Tags.** While a page renders, whatever it shows names itself with ``tag()``: every page carries
``site`` (site settings, footer), its own ``page:<id>``, ``tree:<path>`` (a page may list its
descendants), the titles of the pages its breadcrumbs and menu show; a petition page, a story embedding
a petition or a board listing petitions tag ``object_tag(petition)`` or ``list_tag(Petition)``. The entry
is recorded under each of its tags.

**Purges.** A change calls ``purge(*tags)`` once its transaction commits, and every entry recorded under
any of those tags is deleted. What a change purges is declared in one place per kind of object:
``depends_on(model, tags)`` connects a model's saves and deletes (each app declares its own models in its
``ready()``), and ``page_tags`` says what saving a public page (publishing, unpublishing, code), moving or
deleting it purges (its own page, the pages above it that list it, the pages that show its title when the
title changed, the objects it references in Wagtail's reference index, and whatever the page class adds
in ``cache_tags()``). Saving a draft revision purges nothing.
Queryset ``update()`` calls send no signal, so the code that makes them calls ``purge_object()``.

**Never stale.** A page that was being rendered while one of its tags was purged could store what it read
before the change. Each purge therefore takes the next purge number, stamps it on its tags and then
deletes; a render notes the purge number when it starts, records its entry, then reads the stamps of its
tags and drops the entry if any is newer than its start. Either the purge finds the entry or the render finds the stamp, so a cached page is never older
than the database by more than the time a purge takes to run after its commit.

With ``WAGTAILFRONTENDCACHE`` configured, cacheable pages are also sent with ``s-maxage`` for the CDN or
nginx in front, and every purge asks Wagtail's ``frontend_cache`` to purge the URLs it deleted.

Fragments that several pages share (a merchants list for the minute) go through ``fragment()``, stored
and purged by the same tags.
"""

import contextlib
import hashlib
import threading
import time
from contextvars import ContextVar
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils.cache import patch_cache_control
from wagtail import views as wagtail_views
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

# A page that wants its views counted names itself in this header; ``serve`` reports every view of it,
# from the cache or not, through ``page_viewed`` (the newsroom's view counter listens).
VIEW_HEADER = "X-Rongmei-Count-View"
page_viewed = Signal()

SITE = "site"  # site settings and footer: shown on every page
HOME = "home"  # pages that show the newest of everything: the home pages, search results
MENU = "menu"  # the main navigation: the home page's children shown in menus

#: How long a purge stamp is kept: longer than any render takes.
STAMP_SECONDS = 600
#: The number of purges so far: a render notes it when it starts (no clock, so no clock skew).
PURGES_KEY = "purges"

_collected = ContextVar("rongmei_cache_tags", default=None)
_lifetime = ContextVar("rongmei_cache_lifetime", default=None)
_request_memo = ContextVar("rongmei_request_memo", default=None)
_batch = ContextVar("rongmei_cache_batch", default=None)


# --- naming what a page shows ------------------------------------------------------------------------


def object_tag(obj):
    """The tag of one object: ``page:<id>`` for any page, ``app.model:<id>`` otherwise."""

    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    return f"{obj._meta.label_lower}:{obj.pk}"


def list_tag(model):
    """The tag of a list of a model's objects: shown where new objects of it appear."""
    return f"{model._meta.label_lower}:list"


def title_tag(path):
    """The pages that show the title or address of the page at ``path`` (breadcrumbs below it)."""
    return f"title:{path}"


def tree_tag(path):
    return f"tree:{path}"


def translations_tag(translation_key):
    return f"translations:{translation_key}"


def tag(*tags):
    """Record that what is being rendered shows these tags (does nothing outside a cached render)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def lifetime(seconds):
    """The page being rendered is good for at most ``seconds`` (it shows the clock, not only data)."""
    current = _lifetime.get()
    if current is not None:
        current.append(max(1, int(seconds)))


def tag_object(*objects):
    tag(*(object_tag(obj) for obj in objects if obj is not None and obj.pk is not None))


def tag_list(model):
    tag(list_tag(model))


# --- the store ---------------------------------------------------------------------------------------


def _pages():
    return caches["pages"]


def entry_key(url):
    return "entry:" + hashlib.sha256(url.encode()).hexdigest()[:40]


def _stamp_key(name):
    return "purged:" + name


def _members_key(name):
    return "tagged:" + name


class _LocalIndex:
    """Tag members and purge stamps of an in-process cache (memory), kept beside it in this process:
    exact under one lock, and never culled before the entries they name."""

    lock = threading.Lock()
    members = {}  # tag: {member: expiry}
    purged = {}  # tag: number of the purge
    purges = 0

    def add(self, cache, tags, member, timeout):
        expiry = time.time() + timeout
        with self.lock:
            for name in tags:
                current = self.members.setdefault(name, {})
                if len(current) > 1000:
                    now = time.time()
                    for old in [old for old, until in current.items() if until < now]:
                        del current[old]
                current[member] = expiry

    def pop(self, cache, tags):
        with self.lock:
            found = set()
            for name in tags:
                found.update(self.members.pop(name, {}))
            return found

    def count(self, cache):
        return self.purges

    def stamp(self, cache, tags):
        with self.lock:
            type(self).purges += 1
            self.purged.update(dict.fromkeys(tags, self.purges))

    def stamps(self, cache, tags):
        with self.lock:
            return [self.purged[name] for name in tags if name in self.purged]


class _RedisIndex:
    """Tag members as Redis sets (SADD and SMEMBERS are atomic across every process), purge stamps as
    plain keys."""

    def _client(self, cache):
        return cache._cache.get_client(write=True)

    def add(self, cache, tags, member, timeout):
        client = self._client(cache)
        pipe = client.pipeline(transaction=False)
        for name in tags:
            key = cache.make_and_validate_key(_members_key(name))
            pipe.sadd(key, member)
            pipe.expire(key, timeout)
        pipe.execute()

    def pop(self, cache, tags):
        client = self._client(cache)
        keys = [cache.make_and_validate_key(_members_key(name)) for name in tags]
        pipe = client.pipeline(transaction=True)
        for key in keys:
            pipe.smembers(key)
        pipe.delete(*keys)
        *found, _deleted = pipe.execute()
        return {member.decode() for members in found for member in members}

    def count(self, cache):
        return cache.get(PURGES_KEY, 0)

    def stamp(self, cache, tags):
        cache.add(PURGES_KEY, 0, timeout=None)
        number = cache.incr(PURGES_KEY)
        cache.set_many({_stamp_key(name): number for name in tags}, STAMP_SECONDS)

    def stamps(self, cache, tags):
        return list(cache.get_many([_stamp_key(name) for name in tags]).values())


_local_index = _LocalIndex()
_redis_index = _RedisIndex()


def _index(cache):
    return _redis_index if isinstance(cache, RedisCache) else _local_index


def _purges():
    cache = _pages()
    return _index(cache).count(cache)


def _store(key, member, value, tags, started, timeout):
    """Store ``value`` under ``key``, recorded under ``tags``; dropped again if one of them was purged
    after purge number ``started`` (``_purges()`` when the render began). Returns whether it stayed."""
    cache = _pages()
    index = _index(cache)
    tags = sorted(tags)
    index.add(cache, tags, member, timeout + STAMP_SECONDS)
    cache.set(key, value, timeout)
    if any(stamp > started for stamp in index.stamps(cache, tags)):
        cache.delete(key)
        return False
    return True


def purge_now(*tags):
    """Delete every entry recorded under any of ``tags``, now. Returns the URLs of the purged pages."""
    tags = sorted(set(tags))
    if not tags:
        return []
    cache = _pages()
    index = _index(cache)
    index.stamp(cache, tags)
    members = index.pop(cache, tags)
    urls = sorted(member for member in members if member.startswith(("http://", "https://")))
    cache.delete_many([entry_key(url) for url in urls] + [key for key in members if key not in urls])
    if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_urls_from_cache(urls)
    return urls


def purge(*tags):
    """Purge ``tags`` once the current transaction commits (at once outside a transaction)."""
    _purge_on_commit(lambda: tags)


def _purge_on_commit(compute):
    """Purge the tags ``compute()`` returns when the transaction commits (computed then, once the
    reference index is up to date), or at the end of the batch around it."""

    def run():
        batch = _batch.get()
        if batch is not None:
            batch.update(compute())
        else:
            purge_now(*compute())

    transaction.on_commit(run)


@contextlib.contextmanager
def purges_batched():
    """Collect every purge inside and run them once at the end: a seed that publishes thousands of
    pages purges each tag once, not once per page."""
    batch = set()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        purge_now(*batch)


def purge_object(obj):
    """Purge what a change of ``obj`` purges, as declared with ``depends_on`` (or its own tag)."""
    purge(*_declared_tags(obj))


def fragment(key, tags, render, timeout=None):
    """A fragment shared by pages (HTML or plain data), from the cache or from ``render()``, kept at
    most ``timeout`` and ``RONGMEI_FRAGMENT_CACHE_SECONDS`` (0: always rendered). It is purged by
    ``tags`` and by whatever ``render()`` tags (a petition embedded in a rendered body), and the page
    showing it carries the same tags, from the cache or not."""
    limit = getattr(settings, "RONGMEI_FRAGMENT_CACHE_SECONDS", 0)
    timeout = min(timeout or limit, limit)
    if not timeout:
        tag(*tags)
        return render()
    cache = _pages()
    key = "fragment:" + key
    entry = cache.get(key)
    if entry is None:
        started = _purges()
        token = _collected.set(set(tags))
        try:
            value = render()
            found = _collected.get()
        finally:
            _collected.reset(token)
        _store(key, key, (value, found), found, started, timeout)
    else:
        value, found = entry
    tag(*found)
    return value


# --- what a change purges ----------------------------------------------------------------------------

_declared = {}


def depends_on(model, tags=None):
    """Purge, whenever an object of ``model`` is saved or deleted, ``tags(obj)`` (default: its own tag,
    the tag of its model's lists and the home pages)."""

    _declared[model] = tags

    def changed(sender, instance, raw=False, **kwargs):
        if not raw:  # fixtures and a test database's restore are not changes anyone has seen
            purge_object(instance)

    uid = f"rongmei-cache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + "-saved")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + "-deleted")


def default_tags(obj):
    return {object_tag(obj), list_tag(type(obj)), HOME}


def _declared_tags(obj):
    for cls in type(obj).__mro__:
        if cls in _declared:
            tags = _declared[cls]
            return set(tags(obj)) if tags else default_tags(obj)
    return {object_tag(obj)}


def _ancestor_paths(path):
    steplen = 4
    return [path[:end] for end in range(steplen, len(path), steplen)]


def _referenced_tags(page):
    """The objects ``page`` references (Wagtail's reference index): an embedded petition's page lists
    the stories that embed it."""

    tags = set()
    for reference in ReferenceIndex.get_references_for_object(page).select_related("to_content_type"):
        model = reference.to_content_type.model_class()
        if model is not None:
            tags.add(f"{model._meta.label_lower}:{reference.to_object_id}")
    return tags


def page_tags(page, *, shown_changed=True, was_in_menu=False):
    """What a change of ``page`` purges: its own page, the pages above it (which may list it), its
    translations' language switchers, the home pages, the objects it references, whatever the page
    class adds in ``cache_tags()``, and, when its title, slug, menu flag or liveness changed, the pages
    that show them (breadcrumbs below it, the menu)."""
    tags = {object_tag(page), translations_tag(page.translation_key), HOME}
    tags.update(tree_tag(path) for path in _ancestor_paths(page.path))
    if shown_changed:
        tags.add(title_tag(page.path))
        if page.depth <= 3 and (page.show_in_menus or was_in_menu):
            tags.add(MENU)
    tags.update(_referenced_tags(page))
    extra = getattr(page, "cache_tags", None)
    if callable(extra):
        tags.update(extra())
    return tags


#: What other pages show of a page: a change to any of these is a change to them too.
_SHOWN_FIELDS = ("title", "slug", "show_in_menus", "live", "url_path")
#: What saving a draft revision writes to the page row: nothing the public sees.
_DRAFT_FIELDS = {
    "comments",
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def _is_page_change(instance, update_fields):

    if not isinstance(instance, Page):
        return False
    return update_fields is None or not set(update_fields) <= _DRAFT_FIELDS


def page_about_to_save(sender, instance, update_fields=None, **kwargs):
    """Before a page is saved (published, unpublished, edited in code): what it showed, and what it
    referenced, as the public saw it."""

    if kwargs.get("raw") or instance.pk is None or not _is_page_change(instance, update_fields):
        return
    shown = Page.objects.filter(pk=instance.pk).values(*_SHOWN_FIELDS).first()
    referenced = _referenced_tags(instance) if shown and shown["live"] else set()
    instance._cache_before = (shown, referenced)


def page_saved(sender, instance, update_fields=None, **kwargs):
    """After a page is saved: once committed (and the reference index updated), purge what shows it."""
    if kwargs.get("raw") or not _is_page_change(instance, update_fields):
        return
    shown, referenced_before = instance.__dict__.pop("_cache_before", (None, set()))
    if not instance.live and not (shown and shown["live"]):
        return  # a draft that was never public
    shown_changed = shown != {field: getattr(instance, field) for field in _SHOWN_FIELDS}
    was_in_menu = bool(shown and shown["show_in_menus"] and shown["live"])

    def tags():
        return {
            *page_tags(instance, shown_changed=shown_changed, was_in_menu=was_in_menu),
            *referenced_before,
        }

    _purge_on_commit(tags)


def page_deleted(sender, instance, **kwargs):
    purge(*page_tags(instance))


def page_moving(sender, instance, **kwargs):
    """Receiver of ``pre_page_move``: at its old place, the pages above listed it and the pages below
    showed its address."""
    purge(*page_tags(instance))


def page_moved(sender, instance, **kwargs):
    """Receiver of ``post_page_move``: at its new place, the pages above list it."""
    _purge_on_commit(lambda: page_tags(instance))


def restriction_changed(sender, instance, **kwargs):
    """A view restriction hides or shows a whole section: its pages, and the lists above that show it."""
    page = instance.page
    purge(*page_tags(page), tree_tag(page.path))


def site_changed(**kwargs):
    """Site settings and footer links show on every page."""
    purge(SITE)


def tag_served_page(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: a page shows itself, may list its descendants, and the home page
    shows the newest of everything."""
    tag(object_tag(page), tree_tag(page.path), translations_tag(page.translation_key))
    if page.depth <= 2:
        tag(HOME)


# --- once per request -------------------------------------------------------------------------------


def per_request(key, compute):
    """``compute()`` once per page request (every time outside one)."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def private_q(queryset):
    """``PageQuerySet.private_q`` reading the view restrictions once per request: Wagtail's reads them
    again for every ``.public()``, and a home page asks for public pages in each of its sections."""

    paths = per_request(
        "view-restrictions", lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True))
    )
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)  # the section and every page below it
    return q if q else Q(pk__in=[])


# --- serving -----------------------------------------------------------------------------------------


_personal_cookies = set()


def personal_cookie(name):
    """Visitors with cookie ``name`` may see pages of their own (an app's "you already did this"): they
    always get a fresh page, as visitors with a session do."""
    _personal_cookies.add(name)


def _may_read(request, seconds):
    cookies = {settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages")}
    return (
        seconds
        and request.method in ("GET", "HEAD")
        and not (cookies | _personal_cookies).intersection(request.COOKIES)
    )


def _may_store(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
        return False
    # Reading the empty session of a visitor without one (the user bar asks who is signed in) is
    # fine: everyone without a session cookie sees the same; writing to it would start one. Reading it
    # is also why the session layer adds ``Vary: Cookie``: visitors with a session never read the cache.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"accept-language", "accept-encoding", "cookie"}


def _render(request, path):
    """Render the page now, so that what it used (a CSRF token, the session) is known before storing."""
    response = wagtail_views.serve(request, path)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def serve(request, path):
    """Wagtail's page view, behind the page cache for visitors without a session."""
    seconds = getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0)
    memo = _request_memo.set({})
    try:
        response = cached(request, lambda: _render(request, path), seconds)
    finally:
        _request_memo.reset(memo)
    page_id = response.get(VIEW_HEADER)
    if page_id:
        del response[VIEW_HEADER]
    if page_id and request.method == "GET" and response.status_code == 200:
        page_viewed.send(sender=None, page_id=int(page_id))
        if hasattr(response, "_rongmei_entry"):
            response._rongmei_entry["page_id"] = page_id
    return response


def cached(request, render, seconds, tags=(), *, for_everyone=False):
    """``render()``'s response (rendered), through the page cache for ``seconds`` when the visitor may
    share it; a view that is not a Wagtail page names what it shows in ``tags`` or with ``tag()``.

    ``for_everyone``: a view whose page shows nothing of the visitor (no messages, no user bar, no CSRF
    token; a flash sale's page, whose live parts come from JSON) shares it with visitors who have a
    session too. The storing rule still holds: a render that touched the session, a cookie or a CSRF
    token is not stored.

    Behind ``PageCacheMiddleware`` the cache was read already for visitors without a session, and the
    response is stored as it leaves the stack; without it (a view called directly) it is stored here."""
    shared = _may_read(request, seconds) or (for_everyone and seconds and request.method in ("GET", "HEAD"))
    if not shared:
        return render()
    url = request.build_absolute_uri()
    key = entry_key(url)
    if getattr(request, "_rongmei_cache_missed", None) != key:
        response = _pages().get(key)
        if response is not None:  # finished already: the layers it passes again leave it as it is
            response._rongmei_finished = True
            return response
    started = _purges()
    token, limit = _collected.set({SITE, *tags}), _lifetime.set([seconds])
    try:
        response = render()
        tags, seconds = _collected.get(), min(_lifetime.get())
    finally:
        _collected.reset(token)
        _lifetime.reset(limit)
    if _may_store(request, response):
        if getattr(settings, "WAGTAILFRONTENDCACHE", None):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        entry = {"key": key, "url": url, "tags": tags, "started": started, "seconds": seconds}
        if getattr(request, "_rongmei_page_cache", False):
            response._rongmei_entry = entry
        else:
            _store(key, url, response, tags, started, seconds)
    return response


class PageCacheMiddleware:
    """Answers a cached page before the rest of the stack runs, and stores a page ``cached()`` rendered
    once the rest of the stack has finished it (the entry is the response exactly as visitors get it).

    Place it above everything that changes a response (languages, traditional script, sessions, CSRF)
    and below what must see every request (security headers, static files)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The views name their personal cookies (``personal_cookie``) as they are imported: before the
        # first request of this process is answered from the cache, not when the first one is routed.
        import_module(settings.ROOT_URLCONF)

    def __call__(self, request):
        request._rongmei_page_cache = True
        if _may_read(request, getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0)):
            key = entry_key(request.build_absolute_uri())
            response = _pages().get(key)
            if response is not None:
                return _deliver(request, response)
            request._rongmei_cache_missed = key
        response = self.get_response(request)
        entry = response.__dict__.pop("_rongmei_entry", None)
        response.__dict__.pop("_rongmei_finished", None)
        if entry is not None and _may_store(request, response):
            page_id = entry.get("page_id")
            if page_id:
                response[VIEW_HEADER] = page_id
            try:
                _store(
                    entry["key"], entry["url"], response, entry["tags"], entry["started"], entry["seconds"]
                )
            finally:
                if page_id:
                    del response[VIEW_HEADER]
        return response


def _deliver(request, response):
    """A stored response for one visitor: the view it counts is reported, its marker removed."""
    page_id = response.get(VIEW_HEADER)
    if page_id:
        del response[VIEW_HEADER]
        if request.method == "GET":
            page_viewed.send(sender=None, page_id=int(page_id))
    return response
