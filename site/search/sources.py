"""What the site search covers: one ``Source`` per kind of content, each with its public queryset.

Only what anyone may read is searched: live, public, unexpired pages of the current language; petitions
that are public and passed moderation; classified ads that are published, unexpired and not hidden.
Residents' petitions and ads have no language of their own: they appear in every language, shown in
traditional script on zh-hant pages (``rongmei.chinese.display_script``).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

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
    from django.utils.html import strip_tags
    from wagtail.search import index

    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            value = field.get_value(obj)
            if isinstance(value, list | tuple):
                value = " ".join(str(item) for item in value)
            if value:
                yield strip_tags(str(value))


class Source:
    kind = ""
    label = ""

    def queryset(self):
        raise NotImplementedError

    def result(self, obj, context):
        raise NotImplementedError


class PageSource(Source):
    model_path = ""

    @property
    def model(self):
        from django.apps import apps

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


class ChannelPostSource(PageSource):
    kind, label, model_path = "posts", _("政务号"), "newsroom.ChannelPostPage"


class ServiceGuideSource(PageSource):
    kind, label, model_path = "services", _("办事指南"), "home.ServiceGuidePage"


class MerchantSource(PageSource):
    kind, label, model_path = "merchants", _("商家"), "merchants.MerchantPage"


class StandardPageSource(PageSource):
    kind, label, model_path = "pages", _("其他页面"), "home.StandardPage"


def _routable_page(model_path):
    """The live routable page of ``model_path`` in the current language, else in any language."""
    from django.apps import apps

    pages = apps.get_model(model_path).objects.live().public()
    return pages.filter(locale=Locale.get_active()).first() or pages.first()


class PetitionSource(Source):
    kind, label = "petitions", _("民声诉求")

    def queryset(self):
        from petitions.models import Petition

        return Petition.objects.public()

    def result(self, petition, context):
        if "petition_board" not in context:
            context["petition_board"] = _routable_page("petitions.PetitionBoardPage")
        board = context["petition_board"]
        url = board.url + board.reverse_subpage("detail", args=[petition.number]) if board else ""
        return Result(
            self.kind,
            self.label,
            display_script(petition.public_title),
            url,
            display_script(petition.public_content),
            petition.submitted_at,
        )


class AdSource(Source):
    kind, label = "ads", _("分类信息")

    def queryset(self):
        from merchants.models import ClassifiedAd

        return ClassifiedAd.objects.visible()

    def result(self, ad, context):
        if "ad_board" not in context:
            context["ad_board"] = _routable_page("merchants.ClassifiedBoardPage")
        board = context["ad_board"]
        url = board.url + board.reverse_subpage("ad", args=[ad.pk]) if board else ""
        return Result(
            self.kind,
            self.label,
            display_script(ad.title),
            url,
            display_script(ad.public_description),
            ad.published_at,
        )


SOURCES = [
    NewsSource(),
    ChannelPostSource(),
    ServiceGuideSource(),
    MerchantSource(),
    PetitionSource(),
    AdSource(),
    StandardPageSource(),
]
SOURCES_BY_KIND = {source.kind: source for source in SOURCES}
