"""Template tags for the site-wide layout: navigation, language switcher, breadcrumbs, pagination."""

import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from rongmei import cache, links
from rongmei.languages import language_links, language_of

register = template.Library()


def localized_home(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


def _link(page, request):
    return {"pk": page.pk, "title": page.title, "url": page.get_url(request), "path": page.path}


def _navigation(request):
    """The home page of this language and its children shown in menus (one indexed query each)."""
    home = localized_home(request)
    if home is None:
        return None
    return {
        "home": _link(home, request),
        "items": [_link(item, request) for item in home.get_children().live().in_menu()],
    }


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Cached per site and language until a page of the menu changes (``rongmei.cache``)."""
    request = context.get("request")
    current_path = getattr(context.get("page"), "path", "")
    navigation = None
    if request is not None:
        site = Site.find_for_request(request)
        key = f"navigation:{getattr(site, 'pk', None)}:{get_language()}"
        root = getattr(site, "root_page", None)
        tags = {cache.MENU, cache.translations_tag(root.translation_key)} if root else {cache.MENU}
        navigation = cache.fragment(key, tags, lambda: _navigation(request))
    home = navigation["home"] if navigation else None
    items = [
        {**item, "is_current": bool(current_path) and current_path.startswith(item["path"])}
        for item in (navigation["items"] if navigation else [])
    ]
    return {
        "home": home,
        "items": items,
        "is_home": bool(home) and current_path == home["path"],
        "request": request,
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Each language links to the same place in that language (see ``rongmei.languages``); a page's links
    are cached until one of its translations (or a home page) changes (``rongmei.cache``)."""
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if page is None or request is None or request.GET:  # views of their own, and queries: as they come
        return {"links": language_links(request, page)}
    site = Site.find_for_request(request)
    tags = {cache.translations_tag(page.translation_key)}
    if site is not None:
        tags.add(cache.translations_tag(site.root_page.translation_key))
    key = f"languages:{get_language()}:{request.get_host()}:{request.path}"
    return {"links": cache.fragment(key, tags, lambda: language_links(request, page), 300)}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The pages above this one, cached until one of them changes its title or address."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    paths = [page.path[:end] for end in range(2 * Page.steplen, len(page.path), Page.steplen)]
    # a page served from the source tree under another prefix leads back through that language's sections
    localize = language_of(page) != get_language()

    def ancestors():
        pages = Page.objects.filter(path__in=paths).order_by("depth")
        return [_link(ancestor.localized if localize else ancestor, request) for ancestor in pages]

    tags = {cache.title_tag(path) for path in paths}
    host = request.get_host() if request else ""
    language = get_language() if localize else ""
    found = cache.fragment(f"breadcrumbs:{host}:{language}:{page.path}", tags, ancestors)
    return {"ancestors": found, "page": page}


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page_obj, "query": query.urlencode()}


@register.simple_tag(takes_context=True)
def public_address(context, url):
    """``url`` (a rendition's, a page's path) as an absolute address under the Site's own root, for link
    previews: the same on every host name, and left alone when the storage gives it a host (S3)."""
    return links.absolute_url(url, links.site_root(context["request"]))


@register.simple_tag
def active_locale():
    return Locale.get_active()


@register.filter
def in_language(obj, field):
    """``obj.<field>_en`` on English pages when an editor filled it in, else ``obj.<field>`` (site settings,
    footer links: one row for every language)."""
    if (get_language() or "").lower() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field, "")


CHINESE = re.compile(r"[\u3400-\u9fff]")


@register.filter
def chinese_only(text, label=""):
    """Text that exists only in Chinese (a resident's title, a department's name) labelled as Chinese on a page
    in another language (``<span lang="zh-hans">``), so screen readers and translators know it; as it is on
    Chinese pages, where the zh-hant script conversion must still reach it. ``|chinese_only:"label"`` also
    shows the language's name beside it, as lists of Chinese-only stories do (``card-language``)."""
    if not text or (get_language() or "").lower().startswith("zh") or not CHINESE.search(str(text)):
        return text
    if label:
        name = dict(settings.LANGUAGES).get("zh-hans", "zh-hans")
        return format_html(
            '<span class="card-language" lang="zh-hans">{}</span> <span lang="zh-hans">{}</span>', name, text
        )
    return format_html('<span lang="zh-hans">{}</span>', text)


@register.filter
def path_in_language(url):
    """A site path written for one language (``/zh-hans/about/``) in the language of the page."""
    current = get_language()
    for code, _name in settings.LANGUAGES:
        if url and url.startswith(f"/{code}/") and code != current:
            return f"/{current}/{url[len(code) + 2 :]}"
    return url


@register.simple_tag
def other_language(page):
    """``{"code", "name"}`` of ``page``'s language when it is not the visitor's (a Chinese-only story in an
    English section), else None."""
    code = language_of(page) if getattr(page, "locale_id", None) else None
    if not code or code == get_language():
        return None
    return {"code": code, "name": dict(settings.LANGUAGES).get(code, code)}
