"""便民服务: service guides, under an index and categories (生活/交通/教育/企业 ...), and life-event bundles
(要结婚, 生小孩, 上学, 就业, 退休, 开办企业 ...) that editors compose from the guides.

A bundle holds no guide text of its own: each step names a guide and says in a line why it comes then;
the page shows the guide's current title, summary and where to go, in the visitor's language, so a
changed guide changes every bundle that uses it (``rongmei.cache``: the bundle tags the guides it shows).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from rongmei import cache
from rongmei.languages import with_untranslated_sources

from ..blocks import BodyBlock, StepBlock


class ServiceIndexPage(Page):
    """便民服务: the list of service categories."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ServiceCategoryPage", "home.LifeEventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("便民服务首页")
        verbose_name_plural = _("便民服务首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = ServiceCategoryPage.objects.child_of(self).live().public().specific()
        guides = ServiceGuidePage.objects.descendant_of(self).live().public().order_by("path")
        by_parent = {}
        for guide in guides:
            by_parent.setdefault(guide.path[: -Page.steplen], []).append(guide)
        context["categories"] = [(category, by_parent.get(category.path, [])) for category in categories]
        context["life_events"] = with_untranslated_sources(LifeEventPage.objects, self).live().public()
        return context


class ServiceCategoryPage(Page):
    """A group of service guides: 生活, 交通, 教育, 企业 ..."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    icon = models.CharField(
        _("图标"),
        max_length=2,
        blank=True,
        help_text=_("一个字或符号，显示在分类卡片上，例如 住、行、学、企。"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("icon")]

    parent_page_types = ["home.ServiceIndexPage"]
    subpage_types = ["home.ServiceGuidePage"]

    class Meta:
        verbose_name = _("服务分类")
        verbose_name_plural = _("服务分类")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = with_untranslated_sources(ServiceGuidePage.objects, self).live().public()
        return context


class ServiceGuidePage(Page):
    """How to get one thing done: what to bring, where, when, what it costs, the steps, online link."""

    summary = models.CharField(_("事项简介"), max_length=300, blank=True)
    materials = RichTextField(_("所需材料"), blank=True, features=["bold", "ol", "ul", "link"])
    location = models.CharField(_("办理地点"), max_length=200, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    fees = models.CharField(_("收费标准"), max_length=200, blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=100, blank=True)
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("办理步骤"),
        blank=True,
    )
    online_url = models.URLField(_("网上办理链接"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("详细说明"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("fees"), FieldPanel("time_limit")]),
                FieldPanel("online_url"),
            ],
            _("办理信息"),
        ),
        FieldPanel("materials"),
        FieldPanel("steps"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("materials"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.ServiceCategoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")


class LifeEventPage(Page):
    """A life event (要结婚, 生小孩, 上学, 就业, 退休, 开办企业 ...): the service guides it takes, in order."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    icon = models.CharField(
        _("图标"),
        max_length=2,
        blank=True,
        help_text=_("一个字或符号，显示在服务首页的卡片上，例如 婚、学、企。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("icon"),
        InlinePanel("steps", label=_("办事步骤"), min_num=1),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("人生大事服务包")
        verbose_name_plural = _("人生大事服务包")

    def guided_steps(self):
        """``(step, guide)`` in the editors' order; each guide in the active language when it has a live
        translation, else as written; a step whose guide is not live or public is left out."""
        steps = list(self.steps.all())
        chosen = ServiceGuidePage.objects.live().public().filter(pk__in=[step.guide_id for step in steps])
        sources = {guide.pk: guide for guide in chosen}
        in_language = (
            ServiceGuidePage.objects.live()
            .public()
            .filter(
                locale=Locale.get_active(),
                translation_key__in=[guide.translation_key for guide in sources.values()],
            )
        )
        translations = {guide.translation_key: guide for guide in in_language}
        shown = []
        for step in steps:
            source = sources.get(step.guide_id)
            if source is not None:
                shown.append((step, translations.get(source.translation_key, source)))
        # every chosen guide, shown or not (a draft published later), and its translations appearing
        cache.tag_object(*(Page(pk=step.guide_id) for step in steps), *(guide for _step, guide in shown))
        cache.tag(*(cache.translations_tag(guide.translation_key) for guide in sources.values()))
        return shown

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guided_steps"] = self.guided_steps()
        return context


class LifeEventStep(TranslatableMixin, Orderable):
    """One step of a life event: a service guide and a line on why it comes here."""

    page = ParentalKey(LifeEventPage, related_name="steps", on_delete=models.CASCADE)
    guide = models.ForeignKey(
        ServiceGuidePage,
        verbose_name=_("办事指南"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    intro = models.CharField(_("这一步说明"), max_length=200, blank=True)

    panels = [FieldPanel("guide"), FieldPanel("intro")]
    # The guide stays the source page's: the page shows its translation in the visitor's language.
    translatable_fields = [TranslatableField("intro"), SynchronizedField("guide")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("办事步骤")
        verbose_name_plural = _("办事步骤")
