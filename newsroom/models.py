"""News channels and articles, 融媒回声 follow-up stories, department channels (西区号) and live pages.

Page tree (see DESIGN.md): HomePage → NewsIndexPage (one per channel) → NewsArticlePage;
HomePage → DepartmentIndexPage → DepartmentChannelPage (one per ``petitions.Department``) →
ChannelPostPage; LivePage and QASessionPage (``newsroom.qa``) under the home page or a news channel.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.exceptions import EmbedException
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from home.blocks import BodyBlock
from petitions.models import ReporterColumn

from . import caching
from .blocks import FOLLOW_UP_BLOCK_TYPES, ArticleBodyBlock
from .counters import ask_to_count as count_view
from .counters import view_count

CARD_RENDITION = "fill-480x270"
PER_PAGE = 20


def card_queryset(queryset):
    """Cover images and their card renditions in two fixed queries, however long the list."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_RENDITION)
    return queryset.select_related("cover_image").prefetch_related(
        Prefetch("cover_image__renditions", queryset=renditions)
    )


def paginate(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def cached_list_context(context, request, queryset, *key):
    """A page of cards, queried only when its cached fragment is missing (see ``newsroom.caching``)."""
    context["page_obj"] = SimpleLazyObject(lambda: paginate(request, card_queryset(queryset)))
    context["fragment_key"] = ":".join(str(part) for part in (*key, caching.page_number_key(request)))
    context.update(caching.fragment_context(request))
    return context


class ChannelChildMixin:
    """A page whose parent is its channel (a news channel or a department channel)."""

    @cached_property
    def channel_page(self):
        parent = self.get_parent()
        return parent.specific if parent else None


class CardMixin:
    """What the shared card include (``includes/card.html``) and the home sections show of a page."""

    @property
    def card_summary(self):
        return self.summary or self.search_description

    @property
    def card_image(self):
        return self.cover_image

    @property
    def card_meta(self):
        return timezone.localtime(self.date).strftime("%Y-%m-%d")


class DepartmentField(serializers.Field):
    """A department in the page API: enough to filter and to show its name."""

    def to_representation(self, value):
        if value is None:
            return None
        return {"id": value.pk, "slug": value.slug, "name": value.name, "kind": value.kind}


class ImagesField(serializers.Field):
    def to_representation(self, value):
        return [
            {"id": image.pk, "title": image.title, "url": image.get_rendition("width-960").url}
            for image in value
        ]


def body_images(body, cover=None):
    """The cover image, then every image and gallery picture of a StreamField body, each once."""
    found = [cover] if cover else []
    for block in body:
        if block.block_type == "image":
            found.append(block.value["image"])
        elif block.block_type == "gallery":
            found.extend(block.value.images())
    unique = {}
    for image in found:
        if image is not None:
            unique.setdefault(image.pk, image)
    return list(unique.values())


class PageViewCount(models.Model):
    """Views of one page already moved out of the cache (see ``newsroom.counters``)."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    count = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("浏览量")
        verbose_name_plural = _("浏览量")

    def __str__(self):
        return f"{self.page_id}: {self.count}"


# --- news --------------------------------------------------------------------------------------------


class Channel(models.TextChoices):
    HEADLINES = "headlines", _("要闻")
    GOVERNMENT = "government", _("政务发布")
    LIVELIHOOD = "livelihood", _("民生")
    ECHO = "echo", _("融媒回声")
    VIDEO = "video", _("视频")
    # the reporter columns: their stories join the timeline of the petitions they embed (petitions.reporting)
    INQUIRY = ReporterColumn.INQUIRY.value, ReporterColumn.INQUIRY.label
    SUPERVISION = ReporterColumn.SUPERVISION.value, ReporterColumn.SUPERVISION.label


class NewsIndexPage(RoutablePageMixin, Page):
    """A news channel (要闻, 政务发布, 民生, 融媒回声, 视频, 帮打听, 督办): its articles newest first, tags and feed."""

    channel = models.CharField(_("栏目"), max_length=20, choices=Channel.choices, default=Channel.HEADLINES)
    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("channel"), FieldPanel("intro")]
    api_fields = [APIField("channel"), APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsroom.NewsArticlePage", "newsroom.LivePage", "newsroom.QASessionPage"]

    class Meta:
        verbose_name = _("新闻栏目")
        verbose_name_plural = _("新闻栏目")

    def clean(self):
        super().clean()
        siblings = NewsIndexPage.objects.filter(locale_id=self.locale_id, channel=self.channel)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        if siblings.exists():
            raise ValidationError({"channel": _("该栏目已经存在，每个栏目只能有一个栏目页。")})

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        from .permissions import grant_reviewers_publishing

        grant_reviewers_publishing(self)
        return result

    def articles(self):
        return NewsArticlePage.objects.child_of(self).live().public().newest_first()

    @path("")
    def index_view(self, request):
        context = cached_list_context(self.get_context(request), request, self.articles(), "channel", self.pk)
        return render(request, self.get_template(request), context)

    @path("tag/<str:tag>/", name="tag")
    def tag_view(self, request, tag):
        """Articles of every news channel in this language that carry the tag."""
        tag_object = Tag.objects.filter(slug=tag).first() or Tag.objects.filter(name=tag).first()
        if tag_object is None:
            raise Http404
        articles = (
            NewsArticlePage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, tagged_items__tag=tag_object)
            .newest_first()
        )
        context = cached_list_context(
            self.get_context(request), request, articles, "tag", self.pk, tag_object.pk
        )
        context["tag"] = tag_object
        return render(request, "newsroom/news_tag_page.html", context)

    @path("feed/", name="feed")
    def feed_view(self, request):
        from .feeds import ChannelFeed

        return ChannelFeed()(request, page=self)

    def feed_items(self):
        return self.articles()

    def tag_url(self, tag, request=None):
        return self.get_url(request) + self.reverse_subpage("tag", args=[tag.slug])


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticleQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-pk")

    def follow_ups(self):
        return self.filter(is_follow_up=True)


class NewsArticlePage(ChannelChildMixin, CardMixin, Page):
    """A news article. In the 融媒回声 channel, a follow-up story on the petitions it embeds."""

    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_caption = models.CharField(_("封面图说明"), max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("正文"), blank=True)
    source = models.CharField(_("来源"), max_length=80, blank=True, default="西区融媒")
    author = models.CharField(_("作者"), max_length=80, blank=True)
    responsible_editor = models.CharField(_("责任编辑"), max_length=80, blank=True)
    date = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("标签"))
    is_follow_up = models.BooleanField(
        _("融媒回声跟进报道"),
        default=False,
        help_text=_("报道居民诉求办理结果的稿件；在正文中嵌入所跟进的诉求。"),
    )

    objects = PageManager.from_queryset(ArticleQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_caption")], _("封面")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source"), FieldPanel("author")]),
                FieldRowPanel([FieldPanel("responsible_editor"), FieldPanel("date")]),
                FieldPanel("tags"),
                FieldPanel("is_follow_up"),
            ],
            _("稿件信息"),
        ),
        InlinePanel("related_articles", label=_("相关报道")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("is_follow_up"),
    ]
    api_fields = [
        APIField("subtitle"),
        APIField("summary"),
        APIField("date"),
        APIField("source"),
        APIField("author"),
        APIField("responsible_editor"),
        APIField("channel"),
        APIField("tags"),
        APIField("is_follow_up"),
        APIField("cover_image"),
        APIField("cover", serializer=ImageRenditionField("fill-960x540", source="cover_image")),
        APIField("body"),
        APIField("images", serializer=ImagesField(source="api_images")),
    ]

    parent_page_types = ["newsroom.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻稿件")
        verbose_name_plural = _("新闻稿件")

    @property
    def channel(self):
        channel_page = self.channel_page
        return getattr(channel_page, "channel", None)

    @property
    def api_images(self):
        return body_images(self.body, self.cover_image)

    def followed_petitions(self):
        """The petitions this story embeds, each once, read from its body on every view.

        Each is the embedded block's value (``petition``, ``url``), so its status and department are
        always the petition's current ones. Petitions taken off the public board are left out.
        """
        followed = []
        seen = set()
        for block in self.body:
            if block.block_type not in FOLLOW_UP_BLOCK_TYPES:
                continue
            value = block.value
            petition = value.get("petition") if hasattr(value, "get") else value
            if petition is None or petition.pk in seen or not getattr(petition, "is_on_board", True):
                continue
            seen.add(petition.pk)
            followed.append(value)
        return followed

    def related_articles_for_display(self, limit=4):
        """Editors' choices first, then live articles sharing the most tags, newest first."""
        chosen = [
            link.article
            for link in self.related_articles.select_related("article").all()
            if link.article is not None and link.article.live
        ][:limit]
        missing = limit - len(chosen)
        if missing > 0 and self.pk:
            tag_ids = list(self.tagged_items.values_list("tag_id", flat=True))
            if tag_ids:
                shared = (
                    NewsArticlePage.objects.live()
                    .public()
                    .filter(locale_id=self.locale_id, tagged_items__tag_id__in=tag_ids)
                    .exclude(pk__in=[self.pk, *[article.pk for article in chosen]])
                    .annotate(shared_tags=Count("tagged_items"))
                    .order_by("-shared_tags", "-date")[:missing]
                )
                chosen.extend(shared)
        return chosen

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        count_view(response, self)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        channel_page = self.channel_page
        context["channel_page"] = channel_page
        # Queried only when the cached fragment of the article is missing.
        context["tag_links"] = SimpleLazyObject(lambda: self.tag_links(request))
        context["related"] = SimpleLazyObject(self.related_articles_for_display)
        # A follow-up story shows its petitions' current status, so it is never cached.
        context["followed_petitions"] = self.followed_petitions() if self.is_follow_up else []
        context.update(caching.fragment_context(request, cacheable=not self.is_follow_up))
        context["views"] = view_count(self.pk)
        return context

    def tag_links(self, request=None):
        """Each tag with the address of its tag page under this article's channel."""
        channel_page = self.channel_page
        tags = list(self.tags.all())
        if not isinstance(channel_page, NewsIndexPage):
            return [(tag, None) for tag in tags]
        base = channel_page.get_url(request)
        return [(tag, base + channel_page.reverse_subpage("tag", args=[tag.slug])) for tag in tags]


class RelatedArticle(Orderable):
    page = ParentalKey(NewsArticlePage, related_name="related_articles", on_delete=models.CASCADE)
    article = models.ForeignKey(
        NewsArticlePage,
        verbose_name=_("相关报道"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("相关报道")
        verbose_name_plural = _("相关报道")


def stories_following(obj):
    """Live follow-up stories that embed ``obj`` (a petition), as Wagtail's reference index records."""
    from wagtail.models import ReferenceIndex

    references = ReferenceIndex.get_references_to(obj).group_by_source_object()
    page_ids = [
        source.pk for source, _references in references if isinstance(source, Page) and source.pk is not None
    ]
    return NewsArticlePage.objects.filter(pk__in=page_ids).live().public().newest_first()


# --- department channels (西区号) --------------------------------------------------------------------


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
        from .permissions import ensure_review_workflow

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
        from petitions.models import Department

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
            from .permissions import grant_channel_permissions

            grant_channel_permissions(self)
        return result

    def posts(self):
        return ChannelPostPage.objects.child_of(self).live().public().newest_first()

    def feed_items(self):
        return self.posts()

    def petition_figures(self):
        """This department's public petition figures, once the petitions app publishes statistics."""
        try:
            from petitions.supervision import stats
        except ImportError:
            return None
        figures = getattr(stats, "department_figures", None)
        return figures(self.department) if figures else None

    @path("")
    def index_view(self, request):
        posts = self.posts()
        kind = request.GET.get("kind")
        if kind in ChannelPostPage.Kind.values:
            posts = posts.filter(kind=kind)
        else:
            kind = None
        context = cached_list_context(self.get_context(request), request, posts, "department", self.pk, kind)
        context["kind"] = kind
        context["kinds"] = ChannelPostPage.Kind.choices
        context["figures"] = self.petition_figures()
        return render(request, self.get_template(request), context)

    @path("feed/", name="feed")
    def feed_view(self, request):
        from .feeds import ChannelFeed

        return ChannelFeed()(request, page=self)

    @property
    def card_summary(self):
        return self.search_description or self.department.name

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
        count_view(response, self)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["channel_page"] = self.channel_page
        context["views"] = view_count(self.pk)
        return context


# --- live pages (慢直播 / 网络直播) ----------------------------------------------------------------------


class ScheduleItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("时间"), max_length=40, help_text=_("例如 09:30 或 第一天 上午"))
    title = blocks.CharBlock(label=_("内容"), max_length=120)

    class Meta:
        icon = "time"
        label = _("日程")


class ScheduledMixin:
    """A page with a time window, ``starts_at`` to ``ends_at`` (open-ended when ``ends_at`` is empty), and a
    ``State`` whose three values are, in order, before, during and after it: live pages and Q&A sessions."""

    @property
    def date(self):
        return self.starts_at

    @property
    def state(self):
        return self.state_at(timezone.now())

    def state_at(self, now):
        upcoming, live, ended = list(self.State)
        if now < self.starts_at:
            return upcoming
        if self.ends_at is None or now < self.ends_at:
            return live
        return ended

    def window_errors(self):
        """The window's own mistakes, for ``clean()``."""
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            return {"ends_at": _("结束时间必须晚于开始时间。")}
        return {}


class LivePage(ScheduledMixin, CardMixin, Page):
    """A live stream (慢直播 / 网络直播): upcoming, live or replay, worked out from its times."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("预告")
        LIVE = "live", _("直播中")
        REPLAY = "replay", _("回放")

    summary = models.CharField(_("简介"), max_length=300, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stream_url = models.URLField(_("直播地址"), help_text=_("直播平台提供的播放页或嵌入地址（https）。"))
    replay_url = models.URLField(_("回放地址"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True, help_text=_("慢直播可不填。"))
    schedule = StreamField([("item", ScheduleItemBlock())], verbose_name=_("日程安排"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("详细介绍"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("stream_url"),
                FieldPanel("replay_url"),
            ],
            _("直播"),
        ),
        FieldPanel("schedule"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    api_fields = [
        APIField("summary"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("state"),
        APIField("stream_url"),
        APIField("replay_url"),
        APIField("schedule"),
        APIField("cover_image"),
    ]

    parent_page_types = ["home.HomePage", "newsroom.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("直播")
        verbose_name_plural = _("直播")

    def clean(self):
        super().clean()
        errors = self.window_errors()
        for field in ("stream_url", "replay_url"):
            value = getattr(self, field)
            if value and not value.startswith("https://"):
                errors[field] = _("请填写以 https:// 开头的地址。")
        if errors:
            raise ValidationError(errors)

    def player_html(self, url):
        """The provider's embed when Wagtail knows it, otherwise a plain frame onto the https address."""
        if not url:
            return ""
        from wagtail.embeds import embeds

        try:
            return embeds.get_embed(url).html
        except EmbedException:
            return format_html(
                '<iframe src="{}" title="{}" allow="autoplay; fullscreen" allowfullscreen loading="lazy"></iframe>',
                url,
                self.title,
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        state = self.state
        context["state"] = state
        if state == self.State.LIVE:
            context["player"] = self.player_html(self.stream_url)
        elif state == self.State.REPLAY:
            context["player"] = self.player_html(self.replay_url)
        return context


# Live Q&A sessions live in their own module; imported here so Django finds their models.
from .qa import QAAnswer, QAQuestion, QASessionOfficial, QASessionPage  # noqa: E402, F401
