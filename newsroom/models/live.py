"""Live pages (慢直播 / 网络直播): upcoming, live or replay, worked out from their time window."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock

from ..blocks import ScheduleItemBlock
from .base import CardMixin, ScheduledMixin


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
