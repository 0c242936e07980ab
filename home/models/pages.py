"""The home page of each language, which shows every app's sections, and plain pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from rongmei.languages import SourceTreeFallback

from ..blocks import BodyBlock, HomeSectionsBlock
from ..sections import get_home_sections


class HomePage(SourceTreeFallback, Page):
    """The front page of one language, an app's front screen: the sections editors arrange (top stories,
    quick actions, service icons, live figures, answered petitions, what is live, news, the directory)."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("头图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sections = StreamField(
        HomeSectionsBlock(),
        verbose_name=_("首页栏目"),
        blank=True,
        help_text=_("按顺序排列首页栏目；留空时按默认顺序显示全部栏目。"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("补充内容"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("sections"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ServiceIndexPage",
        "home.SurveyPage",
        "home.ContestPage",
        "newsroom.NewsIndexPage",
        "newsroom.DepartmentIndexPage",
        "newsroom.LivePage",
        "newsroom.QASessionPage",
        "petitions.PetitionBoardPage",
        "merchants.DirectoryIndexPage",
        "merchants.ClassifiedBoardPage",
        "merchants.ProductIndexPage",
    ]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = get_home_sections(request, self)
        return context


class StandardPage(Page):
    """A plain page: about us, contact, privacy policy."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")
