"""The sitemap: an index of paged sitemaps, each page read as plain values, so no page grows with the site.

``/sitemap.xml`` is a sitemap index naming one sitemap per *block* of a section: ``/sitemap-pages-3.xml``
holds the live, public pages of every language whose ids fall in the third block of ``BLOCK_SIZE`` ids;
other sections (the petitions' pages on the board) register the same way in ``rongmei.urls``. A block is a
range of ids, not an offset, so the last sitemap page costs what the first does: one indexed range read of
a URL path and a date per row, no Page objects and no ``get_url()`` per row.

Addresses are absolute, taken from the Wagtail ``Site`` the request belongs to (its hostname and port, as
editors set them under Settings → Sites), never from the request's Host when a Site matches it. A fresh
install's placeholder Site (``localhost``, ``127.0.0.1``) names no real address, so then the request's own
scheme and host are used instead: the sitemap never tells a search engine to crawl ``http://localhost``.

Each answer is kept in the page cache (``rongmei.cache``) for ``RONGMEI_PAGE_CACHE_SECONDS``, keyed by its
full address, so a change of Site or host never serves another host's sitemap.
"""

import dataclasses
import re
from functools import cached_property
from urllib.parse import quote

from django.conf import settings
from django.db.models import CharField, DateTimeField, Max, Min, Q
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_page
from wagtail.models import Page, Site

BLOCK_SIZE = 5000
PLACEHOLDER_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# What Django's ``reverse()`` leaves unquoted in a path, so our paths read exactly as a page's ``full_url``.
SAFE_IN_PATH = "!$&'()*+,;=/~:@"
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9_.\-!$&'()*+,;=/~:@]")
XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def block_numbers(queryset):
    """The blocks from the first row's to the last's: two reads at the ends of the primary key's index,
    whatever the table's size. A block between them with no row left is an empty sitemap, not an error."""
    ends = queryset.order_by().aggregate(first=Min("pk"), last=Max("pk"))
    if ends["first"] is None:
        return range(0)
    return range(ends["first"] // BLOCK_SIZE + 1, ends["last"] // BLOCK_SIZE + 2)


def local_date(expression):
    """A timestamp as its local date, as text ("2026-12-01"), computed by the database: no datetime
    object per row."""
    return Cast(TruncDate(expression), output_field=CharField())


@dataclasses.dataclass(frozen=True)
class Root:
    """One language's copy of the site's home page: where its pages sit in the tree and in the URL."""

    path: str  # treebeard path of the home page copy
    url_path: str  # Wagtail's internal url_path of it ("/home/", "/home-zh-hant/")
    prefix: str  # its public URL path ("/zh-hans/")


class SitemapContext:
    """What every section needs for one request: the site, its absolute address and the language roots."""

    def __init__(self, request):
        self.request = request
        self.site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()

    @cached_property
    def base_url(self):
        site = self.site
        if site is None or site.hostname in PLACEHOLDER_HOSTS:
            return f"{self.request.scheme}://{self.request.get_host()}"
        return site.root_url

    @cached_property
    def roots(self):
        if self.site is None:
            return []
        rows = Page.objects.filter(translation_key=self.site.root_page.translation_key).values_list(
            "path", "url_path", "locale__language_code"
        )
        roots = []
        for path, url_path, language_code in rows:
            with translation.override(language_code):
                prefix = reverse("wagtail_serve", args=("",))
            roots.append(Root(path, url_path, prefix))
        return roots

    def in_site(self):
        """A filter on Page rows: below one of the site's language roots (each root included)."""
        condition = Q(pk__in=[])
        for root in self.roots:
            condition |= Q(path__startswith=root.path)
        return condition

    @cached_property
    def _private(self):
        # Wagtail's ``PageQuerySet.public()``, read once per request rather than once per query
        return Page.objects.all().private_q()

    def public_pages(self):
        """Live pages of the site in every language, without those behind a view restriction."""
        return Page.objects.live().exclude(self._private).filter(self.in_site())

    def page_path(self, path, url_path):
        """The public URL path of a page from its tree path and url_path, as ``Page.url`` would give it."""
        for root in self.roots:
            if path.startswith(root.path):
                rest = url_path[len(root.url_path) :]
                return root.prefix + (quote(rest, safe=SAFE_IN_PATH) if _NEEDS_QUOTING.search(rest) else rest)
        return None

    def absolute(self, path):
        return self.base_url + path


class Section:
    """One kind of address in the sitemap. ``blocks`` gives the numbers of its blocks (``block_numbers``);
    ``entries`` gives (path, last-modified date as text) for the rows of one block."""

    name = ""

    def blocks(self, context):
        raise NotImplementedError

    def entries(self, context, block):
        raise NotImplementedError

    @staticmethod
    def block_range(block):
        return {"pk__gte": (block - 1) * BLOCK_SIZE, "pk__lt": block * BLOCK_SIZE}


class PageSection(Section):
    """Every live, public page of the site, in every language: articles, channels, merchants, guides."""

    name = "pages"
    lastmod = Coalesce("last_published_at", "latest_revision_created_at", output_field=DateTimeField())

    def blocks(self, context):
        return block_numbers(context.public_pages())

    def entries(self, context, block):
        rows = (
            context.public_pages()
            .filter(**self.block_range(block))
            .order_by("path")
            .values_list("path", "url_path", local_date(self.lastmod))
        )
        for path, url_path, lastmod in rows:
            location = context.page_path(path, url_path)
            if location is not None:
                yield location, lastmod


def _sitemap_url(name, block):
    return reverse("sitemap_section", kwargs={"section": name, "block": block})


def render_index(context, sections):
    lines = [XML_HEADER, f"<sitemapindex {XMLNS}>\n"]
    for section in sections.values():
        for block in section.blocks(context):
            location = _xml_escape(context.absolute(_sitemap_url(section.name, block)))
            lines.append(f"<sitemap><loc>{location}</loc></sitemap>\n")
    lines.append("</sitemapindex>\n")
    return "".join(lines)


def render_urlset(context, entries):
    lines = [XML_HEADER, f"<urlset {XMLNS}>\n"]
    count = 0
    for path, lastmod in entries:
        count += 1
        location = _xml_escape(context.absolute(path))
        lastmod_tag = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{location}</loc>{lastmod_tag}</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines), count


def _xml_response(body):
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _cached(view):
    """The view behind the page cache for ``RONGMEI_PAGE_CACHE_SECONDS`` (none when it is 0)."""
    cached_views = {}

    def wrapped(request, *args, **kwargs):
        seconds = getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0)
        if not seconds:
            return view(request, *args, **kwargs)
        if seconds not in cached_views:
            cached_views[seconds] = cache_page(seconds, cache="pages", key_prefix="sitemap")(view)
        return cached_views[seconds](request, *args, **kwargs)

    return wrapped


def index_view(sections):
    @_cached
    def index(request):
        return _xml_response(render_index(SitemapContext(request), sections))

    return index


def section_view(sections):
    @_cached
    def section(request, section, block):
        if section not in sections or block < 1:
            raise Http404("no such sitemap")
        context = SitemapContext(request)
        entries = sections[section].entries(context, block)
        body, count = render_urlset(context, entries)
        if not count and block not in sections[section].blocks(context):
            raise Http404("no such sitemap")
        return _xml_response(body)

    return section
