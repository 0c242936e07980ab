"""Template tags for the site-wide layout: navigation, language switcher, breadcrumbs, pagination."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from rongmei.languages import language_links, language_of

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
    """Each language links to the same place in that language (see ``rongmei.languages``)."""
    return {"links": language_links(context.get("request"), context.get("page"))}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gt=1).specific(defer=True)
    # a page served from the source tree under another prefix leads back through that language's sections
    if language_of(page) != get_language():
        ancestors = [ancestor.localized for ancestor in ancestors]
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


@register.filter
def in_language(obj, field):
    """``obj.<field>_en`` on English pages when an editor filled it in, else ``obj.<field>`` (site settings,
    footer links: one row for every language)."""
    if (get_language() or "").lower() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field, "")


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
