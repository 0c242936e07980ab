"""Which pop-up notices (定时弹窗) show on a page: the rule of ``home.models.popups`` applied to an address.

A page's address is matched against the addresses of a notice's sections in the visitor's language: a
section's own translation in that language, and the simplified-Chinese section under that language's
prefix (the address the routing fallback of ``rongmei.languages`` serves a page that is not translated
at). A page below a section has the section's address as its beginning.

No notice ever shows on the petition form: a page type lists the routes below it that carry the form
in ``popup_free_routes`` (the board's ``new/``), and the page script also stays quiet on any page with a
``form.petition-form`` (the site's mark of the petition form, also on the Q&A session's question form).
Nor in the admin.

The notices of one language are read once for ``CACHE_SECONDS`` (``rongmei.cache.fragment``, purged
when a notice changes): that read holds every notice whose window overlaps the next ``CACHE_SECONDS``, and
each answer then applies the exact window to the clock, so a window opens and closes on time and an
edit shows within ``CACHE_SECONDS``.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, get_page_models

from rongmei import cache
from rongmei.languages import language_of

from .models import PopupNotice

CACHE_SECONDS = 5


def in_language(url, code):
    """``url`` (``/zh-hans/news/``) under the prefix of language ``code`` (``/en/news/``)."""
    rest = url.lstrip("/").partition("/")[2]
    return f"/{code}/{rest}"


def _addresses(pages, code):
    """The addresses under language ``code`` of ``pages`` and the pages below them: each page's own
    translation in ``code`` and its simplified-Chinese source under that prefix."""
    keys = {page.translation_key for page in pages}
    addresses = {}
    for found in Page.objects.filter(translation_key__in=keys, live=True).only(
        "id", "url_path", "translation_key", "locale_id"
    ):
        parts = found.get_url_parts() if language_of(found) in (code, settings.LANGUAGE_CODE) else None
        if parts:  # (site id, root URL, the path with its language prefix)
            addresses.setdefault(found.translation_key, set()).add(in_language(parts[2], code))
    return addresses


def _popup_free_addresses(code):
    """The addresses under language ``code`` that carry the petition form (see the module docstring)."""
    routes = {
        model: model.popup_free_routes
        for model in get_page_models()
        if getattr(model, "popup_free_routes", ())
    }
    if not routes:
        return []
    types = ContentType.objects.get_for_models(*routes)
    pages = list(Page.objects.filter(content_type__in=types.values(), live=True))
    cache.tag(*(cache.object_tag(page) for page in pages))
    found = _addresses(pages, code)
    free = []
    for page in pages:
        for address in found.get(page.translation_key, ()):
            free += [address + route for route in routes[page.specific_class]]
    return free


def _read(code, now):
    notices = list(
        PopupNotice.objects.live_between(now, now + datetime.timedelta(seconds=CACHE_SECONDS))
        .in_language(code)
        .prefetch_related("sections__page")
    )
    if not notices:  # the usual answer: one indexed query
        return {"free": [], "notices": []}
    sections = [section.page for notice in notices for section in notice.sections.all() if section.page]
    cache.tag(*(cache.object_tag(page) for page in sections))
    found = _addresses(sections, code)
    return {
        "free": _popup_free_addresses(code),
        "notices": [
            {
                "id": notice.pk,
                "kind": notice.kind,
                "title": notice.title,
                "body": notice.body,
                "link_url": notice.link_url,
                "link_label": notice.link_label,
                "cap": notice.cap,
                "starts_at": notice.starts_at,
                "ends_at": notice.ends_at,
                "sections": sorted(
                    {
                        address
                        for section in notice.sections.all()
                        if section.page
                        for address in found.get(section.page.translation_key, ())
                    }
                ),
                "whole_site": not notice.sections.all(),
            }
            for notice in notices
        ],
    }


def notices_for(path, code, now=None):
    """The notices showing at ``now`` on the page at ``path`` in language ``code``, newest window first:
    dictionaries of what the page script needs."""
    now = now or timezone.now()
    if path.startswith(reverse("wagtailadmin_home")):
        return []
    page_path = path if path.endswith("/") else path + "/"
    read = cache.fragment(
        f"popups:{code}", [cache.list_tag(PopupNotice)], lambda: _read(code, now), timeout=CACHE_SECONDS
    )
    if any(page_path.startswith(address) for address in read["free"]):
        return []
    return [
        notice
        for notice in read["notices"]
        if notice["starts_at"] <= now < notice["ends_at"]
        and (notice["whole_site"] or any(page_path.startswith(address) for address in notice["sections"]))
    ]
