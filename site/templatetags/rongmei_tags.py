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


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    home = localized_home(request) if request else None
    current = context.get("page")
    cache.tag(cache.MENU)
    items = []
    current_path = getattr(current, "path", "")
    if home is not None:
        items = list(home.get_children().live().in_menu())
        for item in items:
            item.is_current = current_path.startswith(item.path)
    return {
        "home": home,
        "items": items,
        "is_home": current_path == getattr(home, "path", None),
        "request": request,
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Each language links to this page's translation, or to that language's home page."""
    request = context.get("request")
    page = context.get("page")
    links = []
    current = get_language()
    translations = {}
    homes = {}
    if isinstance(page, Page):
        cache.tag(cache.translations_tag(page.translation_key))
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    site = Site.find_for_request(request) if request else None
    if site is not None:
        cache.tag(cache.translations_tag(site.root_page.translation_key))
        for home in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
            homes[home.locale.language_code] = home
    for code, name in settings.LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if target is not None:
            url = target.get_url(request)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            continue
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    ancestors = list(page.get_ancestors().filter(depth__gt=1).specific(defer=True))
    cache.tag(*(cache.title_tag(ancestor.path) for ancestor in ancestors))
    return {"ancestors": list(ancestors), "page": page}


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page_obj, "query": query.urlencode()}


@register.simple_tag
def active_locale():
    return Locale.get_active()
