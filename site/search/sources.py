"""What the site search covers: one ``Source`` per kind of content, each with its public queryset.

Only what anyone may read is searched: live, public, unexpired pages of the current language; petitions
that are public and passed moderation; classified ads that are published, unexpired and not hidden.
Residents' petitions and ads have no language of their own: they appear in every language, shown in
traditional script on zh-hant pages (``rongmei.chinese.display_script``).

The site's pages are named here by model path; petitions and ads are sources their apps define and
``register`` (``petitions.search``, ``merchants.search``), since the site package imports no app.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search import index

from rongmei.chinese import display_script


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    text: str
    date: object = None
    more_text: object = (
        None  # a callable giving the other indexed texts, for a snippet when ``text`` lacks a match
    )


def indexed_texts(obj):
    """The plain text of every field ``obj`` is searched on (what the index holds), tags stripped."""
    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            value = field.get_value(obj)
            if isinstance(value, list | tuple):
                value = " ".join(str(item) for item in value)
            if value:
                yield strip_tags(str(value))


class Source:
    """One kind of content the search covers; ``order`` places it among the others."""

    kind = ""
    label = ""
    order = 0

    def queryset(self):
        raise NotImplementedError

    def result(self, obj, context):
        raise NotImplementedError


class PageSource(Source):
    model_path = ""

    @property
    def model(self):
        return apps.get_model(self.model_path)

    def queryset(self):
        # Pages past their expiry are unpublished by the scheduler; until it runs, leave them out here too
        # (through ``id``, because the search backends filter only on a model's FilterFields).
        expired = Page.objects.filter(expire_at__lte=timezone.now()).values("id")
        return self.model.objects.live().public().filter(locale=Locale.get_active()).exclude(id__in=expired)

    def result(self, page, context):
        text = getattr(page, "summary", "") or getattr(page, "intro", "") or page.search_description
        return Result(
            self.kind,
            self.label,
            page.title,
            page.get_url(context.get("request")),
            str(text or ""),
            getattr(page, "date", None) or page.first_published_at,
            more_text=lambda: indexed_texts(page),
        )


class NewsSource(PageSource):
    kind, label, model_path = "news", _("新闻"), "newsroom.NewsArticlePage"
    order = 10


class ChannelPostSource(PageSource):
    kind, label, model_path = "posts", _("政务号"), "newsroom.ChannelPostPage"
    order = 20


class ServiceGuideSource(PageSource):
    kind, label, model_path = "services", _("办事指南"), "home.ServiceGuidePage"
    order = 30


class MerchantSource(PageSource):
    kind, label, model_path = "merchants", _("商家"), "merchants.MerchantPage"
    order = 40


class StandardPageSource(PageSource):
    kind, label, model_path = "pages", _("其他页面"), "home.StandardPage"
    order = 90


def routable_page(model):
    """The live routable page of ``model`` in the current language, else in any language."""
    pages = model.objects.live().public()
    return pages.filter(locale=Locale.get_active()).first() or pages.first()


class BoardItemSource(Source):
    """Rows with no language of their own shown at a route of one board page (petitions, classified ads):
    found in every language and shown in the script of the active one (``rongmei.chinese.display_script``).

    A subclass names the ``board_model`` and its ``route``, and says what of a row is shown (``texts``) and
    which arguments its route takes (``route_args``)."""

    board_model = None
    route = ""

    def route_args(self, obj):
        raise NotImplementedError

    def texts(self, obj):
        """``(title, summary, date)`` of ``obj`` as the public may read them."""
        raise NotImplementedError

    def more_texts(self, obj):
        """Other public texts the row is searched on, for a snippet when the summary has no match."""
        return ()

    def result(self, obj, context):
        key = f"{self.kind}_board"  # one board lookup per search, however many rows it lists
        if key not in context:
            context[key] = routable_page(self.board_model)
        board = context[key]
        url = board.url + board.reverse_subpage(self.route, args=self.route_args(obj)) if board else ""
        title, summary, date = self.texts(obj)

        def more():
            return [display_script(text) for text in self.more_texts(obj) if text]

        return Result(self.kind, self.label, display_script(title), url, display_script(summary), date, more)


#: the sources in the order the search page shows them (``Source.order``)
SOURCES = []
SOURCES_BY_KIND = {}


def register(source):
    """Search ``source`` too: apps register their own (petitions, ads) from their ``ready()``.

    A source replaces any registered before under its ``kind``."""
    SOURCES[:] = [each for each in SOURCES if each.kind != source.kind]
    SOURCES.append(source)
    SOURCES.sort(key=lambda each: each.order)
    SOURCES_BY_KIND[source.kind] = source


for _source in [
    NewsSource(),
    ChannelPostSource(),
    ServiceGuideSource(),
    MerchantSource(),
    StandardPageSource(),
]:
    register(_source)
