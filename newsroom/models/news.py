"""News channels (要闻, 政务发布, 民生, 融媒回声 ...) and their articles, follow-up stories included.

HomePage → NewsIndexPage (one per channel and language) → NewsArticlePage. A follow-up story (融媒回声)
embeds the petitions it follows; ``stories_following`` finds the stories that embed a petition.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, PageManager, ReferenceIndex
from wagtail.search import index

from petitions.models import ReporterColumn
from rongmei import cache
from rongmei.languages import with_untranslated_sources
from rongmei.links import absolute_url, site_root

from .. import counters
from ..blocks import FOLLOW_UP_BLOCK_TYPES, ArticleBodyBlock
from ..feeds import ChannelFeed
from ..permissions import grant_reviewers_publishing
from ..serializers import ImagesField
from .base import ArticleQuerySet, CardMixin, ChannelChildMixin, body_images, card_list_context

#: The share card's picture: Open Graph's preferred 1.91:1, well over WeChat's 300 px minimum.
SHARE_RENDITION = "fill-1200x630"


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
        grant_reviewers_publishing(self)
        return result

    def articles(self):
        return with_untranslated_sources(NewsArticlePage.objects, self).live().public().newest_first()

    @path("")
    def index_view(self, request):
        context = card_list_context(self.get_context(request), request, self.articles())
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
        cache.tag(news_tag(tag_object.pk))
        context = card_list_context(self.get_context(request), request, articles)
        context["tag"] = tag_object
        return render(request, "newsroom/news_tag_page.html", context)

    @path("feed/", name="feed")
    def feed_view(self, request):
        return ChannelFeed("rss")(request, page=self)

    @path("feed/json/", name="feed_json")
    def feed_json_view(self, request):
        return ChannelFeed("json")(request, page=self)

    def feed_items(self):
        return self.articles()

    def tag_url(self, tag, request=None):
        return self.get_url(request) + self.reverse_subpage("tag", args=[tag.slug])


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsArticlePage(RoutablePageMixin, ChannelChildMixin, CardMixin, Page):
    """A news article. In the 融媒回声 channel, a follow-up story on the petitions it embeds.

    Besides its page, ``read/`` is the story for phones and WeChat: the story alone, large type, no
    navigation, and its share card (``share_card``: what WeChat, Weibo and link previews show).
    """

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
        cache.tag_object(*(value.get("petition") if hasattr(value, "get") else value for value in followed))
        return followed

    def rendered_body(self, request):
        """The body as HTML, a fragment kept until the article or anything it embeds changes
        (``rongmei.cache``): its images' renditions cost a few queries on every cold view."""
        context = {"page": self, "self": self, "request": request}
        if getattr(request, "is_preview", False):  # a draft: never from the cache, never into it
            return self.body.render_as_block(context)
        key = f"article-body:{self.pk}:{self.latest_revision_id}:{get_language()}"
        return cache.fragment(key, {cache.object_tag(self)}, lambda: self.body.render_as_block(context))

    def cache_tags(self):
        """Besides its page and the pages above it, a change shows on its tags' pages and on the
        articles that list it as related for a shared tag (``rongmei.cache``)."""
        return {news_tag(tag_id) for tag_id in self.tagged_items.values_list("tag_id", flat=True)}

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
            cache.tag(*(news_tag(tag_id) for tag_id in tag_ids))
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
        cache.tag_object(*chosen)
        return chosen

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        counters.ask_to_count(response, self)
        return response

    @path("read/", name="read")
    def reading_view(self, request):
        """The story alone for a phone's screen, WeChat's browser first; its share card at the end."""
        context = self.get_context(request)
        return render(request, "newsroom/news_article_reading.html", context)

    def share_card(self, request):
        """What a shared link shows (Open Graph, WeChat's and Weibo's previews): the title, a summary, a
        picture at least 300 px wide and the story's address, every address absolute from the Site."""
        root = site_root(request)
        card = {
            "title": self.title,
            "description": self.search_description or self.summary or self.subtitle or self.title,
            "url": self.get_full_url(request),
            "image": None,
        }
        if self.cover_image is not None:
            rendition = self.cover_image.get_rendition(SHARE_RENDITION)
            url = absolute_url(rendition.url, root)
            card["image"] = {"url": url, "width": rendition.width, "height": rendition.height}
        return card

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["share_card"] = SimpleLazyObject(lambda: self.share_card(request))
        channel_page = self.channel_page
        context["channel_page"] = channel_page
        context["body_html"] = SimpleLazyObject(lambda: self.rendered_body(request))
        # Queried only when the template shows them.
        context["tag_links"] = SimpleLazyObject(lambda: self.tag_links(request))
        context["related"] = SimpleLazyObject(self.related_articles_for_display)
        # A follow-up story shows its petitions' current status: their changes purge it (rongmei.cache).
        context["followed_petitions"] = self.followed_petitions() if self.is_follow_up else []
        context["views"] = counters.view_count(self.pk)
        return context

    def tag_links(self, request=None):
        """Each tag with the address of its tag page under this article's channel."""
        channel_page = self.channel_page
        tags = list(self.tags.all())
        if not isinstance(channel_page, NewsIndexPage):
            return [(tag, None) for tag in tags]
        base = channel_page.get_url(request)
        return [(tag, base + channel_page.reverse_subpage("tag", args=[tag.slug])) for tag in tags]


def news_tag(tag_id):
    """The cache tag of the pages that list articles by one of their tags (tag pages, related articles)."""
    return f"newsroom-tag:{tag_id}"


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
    references = ReferenceIndex.get_references_to(obj).group_by_source_object()
    page_ids = [
        source.pk for source, _references in references if isinstance(source, Page) and source.pk is not None
    ]
    return NewsArticlePage.objects.filter(pk__in=page_ids).live().public().newest_first()
