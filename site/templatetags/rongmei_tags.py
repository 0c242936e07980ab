"""Template tags for the site-wide layout: navigation, language switcher, breadcrumbs, pagination."""

from django import template
from wagtail.models import Locale, Page, Site

from rongmei.languages import language_links

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
    return {"ancestors": [ancestor.localized for ancestor in ancestors], "page": page}


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page_obj, "query": query.urlencode()}


@register.simple_tag
def active_locale():
    return Locale.get_active()
