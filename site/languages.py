"""Every page in every language, and a language switch that keeps the visitor's place.

The simplified-Chinese tree is complete; the traditional-script and English trees hold what has been
translated. Two rules follow from that, kept here together because each relies on the other:

- **Routing falls back to the source tree.** A path under ``/en/`` (or ``/zh-hant/``) walks that language's
  tree as far as it has translations; where it has none, the walk goes on in the simplified-Chinese page of
  the last step, so a page that exists only in Chinese, and every petition, ad or merchant reached
  through it, answers under every language prefix with that language's interface, never a 404.
- **The switcher links to the same place in the other language**: the page's own translation (with the
  same petition, ad or listing below a routable page, and the same query string), else the same page
  reached through the fallback above, else the nearest section index that language has; a view that is
  not a page (search results) keeps its path and query under the other prefix.
"""

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site


class SourceTreeFallback:
    """Mixin for the home page of each language: what its tree lacks is found in the source tree."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            found = route_in_source_tree(self, request, path_components)
            if found is None:
                raise
            return found


def route_in_source_tree(root, request, path_components):
    """Walk ``root``'s own tree by slug as far as it goes, then route the rest from the simplified-Chinese
    page of the last step reached; None when ``root`` is itself in the default language."""
    default = Locale.get_default()
    if root.locale_id == default.pk:
        return None
    node, consumed = root, 0
    while consumed < len(path_components):
        child = node.get_children().filter(slug=path_components[consumed]).first()
        if child is None:
            break
        node, consumed = child, consumed + 1
    source = node.get_translation_or_none(default)
    if source is None:
        return None
    return source.specific.route(request, path_components[consumed:])


def _subpath(request, page, home_depth):
    """The part of the request's path below ``page`` (a routable page's route: ``MS-2026-000301/``), with
    the query string."""
    parts = [part for part in request.path_info.split("/") if part]
    below = parts[1 + page.depth - home_depth :]  # the first part is the language prefix
    path = "".join(f"{part}/" for part in below)
    query = request.META.get("QUERY_STRING", "")
    return path + (f"?{query}" if query else "")


class _Place:
    """``page`` and its ancestors down from the home page, with every live translation of each: two
    queries, whatever the number of languages."""

    def __init__(self, page, home_depth):
        self.chain = [*page.get_ancestors().filter(depth__gte=home_depth).order_by("depth"), page]
        keys = {node.translation_key for node in self.chain}
        self.live = {
            (found.translation_key, found.locale_id): found
            for found in Page.objects.filter(translation_key__in=keys, live=True).only(
                "id", "path", "depth", "url_path", "slug", "translation_key", "locale_id", "live"
            )
        }

    def translation(self, node, locale_id):
        return self.live.get((node.translation_key, locale_id))


def page_in_language(request, page, code, *, locales=None, home_depth=None, place=None):
    """The URL of the visitor's place ``page`` (served for ``request``) in language ``code``."""
    locales = locales or {locale.language_code: locale for locale in Locale.objects.all()}
    locale = locales.get(code)
    if locale is None:
        return None
    if home_depth is None:
        site = Site.find_for_request(request)
        home_depth = site.root_page.depth if site else 2
    place = place or _Place(page, home_depth)
    rest = _subpath(request, page, home_depth)
    translation = place.translation(page, locale.pk)
    if translation is not None:
        return translation.get_url(request) + rest
    default = locales.get(settings.LANGUAGE_CODE)
    if default is not None and code != default.language_code and place.translation(page, default.pk):
        # the source page under the other prefix: through the nearest ancestor that language has
        below = []
        for node in reversed(place.chain):
            source = place.translation(node, default.pk)
            translated = place.translation(node, locale.pk)
            if node is not page and translated is not None:
                return translated.get_url(request) + "".join(below) + rest
            if node.depth == home_depth:
                # no home in that language: the site's root answers for it
                return f"/{code}/" + "".join(below) + rest
            below.insert(0, f"{source.slug}/" if source else f"{node.slug}/")
    for node in reversed(place.chain[:-1]):
        translated = place.translation(node, locale.pk)
        if translated is not None:
            return translated.get_url(request)
    return None


def language_links(request, page=None):
    """The switcher's links, one per language: ``{"code", "name", "url", "current"}``."""
    current = get_language()
    links = []
    site = Site.find_for_request(request) if request is not None else None
    home_depth = site.root_page.depth if site else 2
    is_page = isinstance(page, Page) and request is not None
    locales = {locale.language_code: locale for locale in Locale.objects.all()} if is_page else {}
    place = _Place(page, home_depth) if is_page else None
    for code, name in settings.LANGUAGES:
        url = None
        if is_page:
            url = page_in_language(request, page, code, locales=locales, home_depth=home_depth, place=place)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        if url is None:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def with_untranslated_sources(children, page):
    """``children`` (a page queryset) of ``page`` and, when ``page`` is a translation, its source page's
    children of the same kind that have no translation in ``page``'s language: a section in English lists
    what exists only in Chinese, in Chinese (the cards say so), rather than hiding it."""
    own = children.child_of(page)
    if language_of(page) == settings.LANGUAGE_CODE:  # the source tree itself: no query more
        return own
    source = page.get_translation_or_none(Locale.get_default())
    if source is None:
        return own
    translated = Page.objects.filter(locale_id=page.locale_id).values("translation_key")
    return own | children.child_of(source).exclude(translation_key__in=translated)


_language_codes = {}


def language_of(page):
    """The language code of ``page`` without a query per page (locales are few and never change code)."""
    code = _language_codes.get(page.locale_id)
    if code is None:
        _language_codes.update(Locale.objects.values_list("pk", "language_code"))
        code = _language_codes.get(page.locale_id)
    return code
