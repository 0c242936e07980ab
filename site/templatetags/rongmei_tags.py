"""Template tags for the site-wide layout: navigation, language switcher, breadcrumbs, pagination."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from rongmei import cache

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


def _translation_urls(request, page, site):
    """Each language's URL of this page, or of that language's home page."""
    translations = {}
    homes = {}
    if page is not None:
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.get_url(request)
    if site is not None:
        for home in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
            homes[home.locale.language_code] = home.get_url(request)
    return {**homes, **translations}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Each language links to this page's translation, or to that language's home page; a page's links
    are cached until one of its translations (or a home page) changes (``rongmei.cache``)."""
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    site = Site.find_for_request(request) if request else None
    tags = set()
    if page is not None:
        tags.add(cache.translations_tag(page.translation_key))
    if site is not None:
        tags.add(cache.translations_tag(site.root_page.translation_key))
    key = f"languages:{getattr(site, 'pk', None)}:{getattr(page, 'pk', None)}"
    if page is None:
        urls = _translation_urls(request, page, site)  # a view of its own: its URL is the request's
    else:
        urls = cache.fragment(key, tags, lambda: _translation_urls(request, page, site))
    links = []
    current = get_language()
    for code, name in settings.LANGUAGES:
        url = urls.get(code)
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        if url is not None:
            links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The pages above this one, cached until one of them changes its title or address."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    paths = [page.path[:end] for end in range(2 * Page.steplen, len(page.path), Page.steplen)]

    def ancestors():
        pages = Page.objects.filter(path__in=paths).order_by("depth")
        return [_link(ancestor, request) for ancestor in pages]

    tags = {cache.title_tag(path) for path in paths}
    found = cache.fragment(
        f"breadcrumbs:{request.get_host() if request else ''}:{page.path}", tags, ancestors
    )
    return {"ancestors": found, "page": page}


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page_obj, "query": query.urlencode()}


@register.simple_tag
def active_locale():
    return Locale.get_active()
