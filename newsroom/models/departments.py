"""Department channels (西区号): the index, one channel page per department, and its posts.

HomePage → DepartmentIndexPage → DepartmentChannelPage (one per ``petitions.Department`` and language) →
ChannelPostPage. Each department's staff edit their own channel; their posts are published through the
review workflow of the index (see ``newsroom.permissions``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page, PageManager
from wagtail.search import index

from petitions.models import Department, Petition
from petitions.supervision import stats
from rongmei import cache
from rongmei.languages import with_untranslated_sources

from .. import counters
from ..blocks import ArticleBodyBlock
from ..feeds import ChannelFeed
from ..permissions import ensure_review_workflow, grant_channel_permissions
from ..serializers import DepartmentField, ImagesField
from .base import ArticleQuerySet, CardMixin, ChannelChildMixin, body_images, card_list_context


class DepartmentIndexPage(Page):
    """西区号: every department's channel, by kind (towns, streets, bureaus)."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsroom.DepartmentChannelPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("西区号首页")
        verbose_name_plural = _("西区号首页")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        ensure_review_workflow(self)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        channels = (
            DepartmentChannelPage.objects.child_of(self)
            .live()
            .public()
            .select_related("department", "logo")
            .order_by("department__sort_order", "department__name")
        )
        groups = {}
        for channel in channels:
            groups.setdefault(channel.department.kind, []).append(channel)
        context["channel_groups"] = [
            (label, groups[kind]) for kind, label in Department.Kind.choices if kind in groups
        ]
        return context


class DepartmentChannelPage(RoutablePageMixin, Page):
    """One department's own pages (西区号): who they are, how to reach them, and their latest posts."""

    department = models.ForeignKey(
        "petitions.Department",
        verbose_name=_("办理单位"),
        on_delete=models.PROTECT,
        related_name="channel_pages",
    )
    introduction = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duties = RichTextField(_("主要职责"), blank=True, features=["bold", "ol", "ul", "link"])
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("department"),
        FieldPanel("logo"),
        FieldPanel("introduction"),
        FieldPanel("duties"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("office_hours"), FieldPanel("phone")])],
            _("联系方式"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("duties")]
    api_fields = [
        APIField("department", serializer=DepartmentField()),
        APIField("introduction"),
        APIField("duties"),
        APIField("address"),
        APIField("office_hours"),
        APIField("phone"),
        APIField("logo", serializer=ImageRenditionField("fill-240x240")),
    ]

    parent_page_types = ["newsroom.DepartmentIndexPage"]
    subpage_types = ["newsroom.ChannelPostPage"]

    class Meta:
        verbose_name = _("部门号")
        verbose_name_plural = _("部门号")

    def clean(self):
        super().clean()
        if self.department_id:
            others = DepartmentChannelPage.objects.filter(
                locale_id=self.locale_id, department_id=self.department_id
            )
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"department": _("该单位已经有部门号了，每个单位只能有一个。")})

    def save(self, *args, update_fields=None, **kwargs):
        result = super().save(*args, update_fields=update_fields, **kwargs)
        # Saving a draft revision saves only bookkeeping fields; the department (and so who may edit
        # the channel) changes only when a full save publishes it, after review.
        if update_fields is None or "department" in update_fields:
            grant_channel_permissions(self)
        return result

    def posts(self):
        return with_untranslated_sources(ChannelPostPage.objects, self).live().public().newest_first()

    def feed_items(self):
        return self.posts()

    def petition_figures(self):
        """This department's public petition figures (``petitions.stats``)."""
        cache.tag_list(Petition)
        return stats.department_figures(self.department)

    @path("")
    def index_view(self, request):
        posts = self.posts()
        kind = request.GET.get("kind")
        if kind in ChannelPostPage.Kind.values:
            posts = posts.filter(kind=kind)
        else:
            kind = None
        context = card_list_context(self.get_context(request), request, posts)
        context["kind"] = kind
        context["kinds"] = ChannelPostPage.Kind.choices
        context["figures"] = self.petition_figures()
        return render(request, self.get_template(request), context)

    @path("feed/", name="feed")
    def feed_view(self, request):
        return ChannelFeed("rss")(request, page=self)

    @path("feed/json/", name="feed_json")
    def feed_json_view(self, request):
        return ChannelFeed("json")(request, page=self)

    @property
    def card_summary(self):
        if self.search_description:
            return self.search_description
        # the department's name is Chinese only; in English the card's title already names the unit
        return self.department.name if (get_language() or "").lower().startswith("zh") else ""

    @property
    def card_image(self):
        return self.logo

    @property
    def card_meta(self):
        return self.department.get_kind_display()


class ChannelPostPage(ChannelChildMixin, CardMixin, Page):
    """A department's post: news of its work (动态), a notice (公告) or a policy explained (政策解读)."""

    class Kind(models.TextChoices):
        NEWS = "news", _("动态")
        NOTICE = "notice", _("公告")
        POLICY = "policy", _("政策解读")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("正文"), blank=True)
    author = models.CharField(_("作者"), max_length=80, blank=True)
    date = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)

    objects = PageManager.from_queryset(ArticleQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("author"), FieldPanel("date")]),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("date"),
        APIField("author"),
        APIField("department", serializer=DepartmentField()),
        APIField("cover_image"),
        APIField("body"),
        APIField("images", serializer=ImagesField(source="api_images")),
    ]

    parent_page_types = ["newsroom.DepartmentChannelPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("部门号文章")
        verbose_name_plural = _("部门号文章")

    @property
    def department(self):
        return getattr(self.channel_page, "department", None)

    @property
    def api_images(self):
        return body_images(self.body, self.cover_image)

    @property
    def card_meta(self):
        return f"{self.get_kind_display()} · {timezone.localtime(self.date):%Y-%m-%d}"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        counters.ask_to_count(response, self)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["channel_page"] = self.channel_page
        context["views"] = counters.view_count(self.pk)
        return context
