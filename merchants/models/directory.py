"""The 吃喝玩乐 directory: its index and the six categories, whose lists are cached fragments.

DirectoryIndexPage → DirectoryCategoryPage (美食/美景/娱乐/购物/游玩/康养) → MerchantPage (``merchant``).
"""

import hashlib

from django.core.paginator import Paginator
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from rongmei import cache
from rongmei.languages import with_untranslated_sources
from rongmei.routes import ServedByViews

from .. import hours
from ..filters import filtered_merchants
from .merchant import MerchantPage


class DirectoryIndexPage(ServedByViews, RoutablePageMixin, Page):
    """吃喝玩乐: the six categories, and the way in for a merchant who wants a free listing."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    apply_intro = RichTextField(
        _("商家入驻说明"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_("显示在商家入驻表单上方。"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("apply_intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["merchants.DirectoryCategoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("吃喝玩乐首页")
        verbose_name_plural = _("吃喝玩乐首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = list(DirectoryCategoryPage.objects.child_of(self).live().public())
        highlights = {}
        merchants = (
            MerchantPage.objects.descendant_of(self)
            .live()
            .public()
            .filter(verified=True)
            .with_open_now()
            .for_listing()
            .order_by("-first_published_at")
        )
        for category in categories:
            highlights[category.pk] = list(merchants.child_of(category)[:4])
        context["categories"] = [(category, highlights[category.pk]) for category in categories]
        return context

    @path("apply/", name="apply")
    def apply(self, request):
        """商家入驻: the free sign-up form."""
        return self.serve_view("merchant_application", request)


class DirectoryCategoryPage(Page):
    """美食, 美景, 娱乐, 购物, 游玩 or 康养: its merchants, filtered and sorted."""

    class Kind(models.TextChoices):
        FOOD = "food", _("美食")
        SIGHTS = "sights", _("美景")
        ENTERTAINMENT = "entertainment", _("娱乐")
        SHOPPING = "shopping", _("购物")
        OUTINGS = "outings", _("游玩")
        WELLNESS = "wellness", _("康养")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.FOOD)
    intro = models.CharField(_("导语"), max_length=300, blank=True)
    icon = models.CharField(
        _("图标"), max_length=2, blank=True, help_text=_("一个字或符号，例如 吃、景、玩。")
    )

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro"), FieldPanel("icon")]

    parent_page_types = ["merchants.DirectoryIndexPage"]
    subpage_types = ["merchants.MerchantPage"]

    PER_PAGE = 20

    class Meta:
        verbose_name = _("吃喝玩乐分类")
        verbose_name_plural = _("吃喝玩乐分类")

    def merchants(self):
        return with_untranslated_sources(MerchantPage.objects, self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, queryset = filtered_merchants(self.merchants(), request.GET)
        context["filter_form"] = form
        context["options"] = self.filter_options()
        context["results"] = self.results(request, queryset)
        return context

    def filter_options(self):
        """Tags and streets used in this category, for the filter's choices; cached because every visit asks."""

        def options():
            merchants = with_untranslated_sources(MerchantPage.objects, self).live().values("pk")
            tags = list(
                Tag.objects.filter(merchants_merchanttag_items__content_object__in=merchants)
                .order_by("name")
                .values_list("name", flat=True)
                .distinct()
            )
            streets = list(
                with_untranslated_sources(MerchantPage.objects, self)
                .live()
                .order_by("street")
                .values_list("street", flat=True)
                .distinct()
            )
            return {"tags": tags, "streets": streets}

        tags = {cache.object_tag(self), cache.tree_tag(self.path)}
        return cache.fragment(f"merchants:options:{self.pk}", tags, options, 300)

    def results(self, request, queryset):
        """The rendered list of merchants for these filters, cached for the minute.

        The key holds the minute of the week ("open now" changes with it) and the query string; a change
        to a merchant below this category purges it (``rongmei.cache``), so a cached list is never
        staler than the merchants or the clock.
        """
        digest = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:20]
        key = f"merchants:results:{self.pk}:{hours.minute_of_week()}:{digest}"
        cache.lifetime(60 - timezone.localtime().second)  # the page too: "open now" is for this minute

        def render():
            page_obj = Paginator(queryset.for_listing(), self.PER_PAGE).get_page(request.GET.get("page"))
            return render_to_string(
                "merchants/includes/merchant_results.html",
                {"page_obj": page_obj, "page": self},
                request=request,
            )

        return cache.fragment(key, {cache.object_tag(self), cache.tree_tag(self.path)}, render, 60)
