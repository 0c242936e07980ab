"""定时弹窗: a notice editors schedule (urgent government information, a campaign) that pops up over the
site's pages for a time window, in chosen sections and languages, as often as its frequency cap allows.

- **When**: from ``starts_at`` (inclusive) until ``ends_at`` (exclusive), and only while ``live`` is set.
- **Where**: on each chosen section page and every page below it, in any language (a section is matched
  by its translations too); no section means the whole site.
- **In which language**: the chosen locales; none means every language.
- **How often**: the cap is kept by the visitor's browser (``site/static/js/popups.js``): once per
  visitor, once per day, or once per visit (browser session).

Pages stay the same for everyone, so a notice is never rendered into a page: the page's script asks
``home.views.popups`` which notices apply to it now, and that answer is a few seconds old at most.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from rongmei import validators


def validate_link(value):
    """A link is a page of the site (``/zh-hans/...``) or a web address (``https://...``)."""
    if not value.startswith(("/", "https://", "http://")) or value.startswith("//"):
        raise ValidationError(_("请填写以 / 开头的本站地址，或以 https:// 开头的网址。"))


class PopupNoticeQuerySet(models.QuerySet):
    def live_between(self, start, end):
        """Live notices whose window overlaps ``[start, end)``."""
        return self.filter(live=True, starts_at__lt=end, ends_at__gt=start)

    def in_language(self, code):
        """Notices shown in language ``code``: those that chose it and those that chose none."""
        return self.filter(models.Q(locales__isnull=True) | models.Q(locales__language_code=code)).distinct()


class PopupNotice(ClusterableModel):
    """A pop-up notice (定时弹窗) with its time window, sections, languages and frequency cap."""

    class Kind(models.TextChoices):
        URGENT = "urgent", _("紧急政务信息")
        CAMPAIGN = "campaign", _("活动推广")

    class Cap(models.TextChoices):
        ONCE = "once", _("每位访客一次")
        DAILY = "daily", _("每天一次")
        VISIT = "visit", _("每次访问一次")

    title = models.CharField(_("标题"), max_length=60)
    body = models.TextField(_("内容"), max_length=300, help_text=_("一两句话，不超过 300 字。"))
    link_url = models.CharField(
        _("链接地址"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_("可选：本站地址（/zh-hans/...）或 https:// 网址。"),
    )
    link_label = models.CharField(_("链接文字"), max_length=30, blank=True, help_text=_("例如：查看详情"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.URGENT)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    locales = ParentalManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("语言"),
        blank=True,
        related_name="+",
        help_text=_("不选则所有语言都显示。"),
    )
    cap = models.CharField(
        _("显示频率"),
        max_length=10,
        choices=Cap.choices,
        default=Cap.ONCE,
        help_text=_("“每次访问一次”：访客每次打开网站（浏览器会话）时显示一次。"),
    )
    live = models.BooleanField(_("启用"), default=True, help_text=_("取消勾选可立即停止显示。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PopupNoticeQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("link_url"), FieldPanel("link_label")]),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("live")],
            heading=_("显示时间"),
        ),
        InlinePanel(
            "sections",
            label=_("显示栏目"),
            help_text=_("在所选栏目及其下级页面显示；不选则全站显示。"),
        ),
        FieldPanel("locales", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cap"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["live", "starts_at", "ends_at"], name="popup_window_idx")]
        verbose_name = _("定时弹窗")
        verbose_name_plural = _("定时弹窗")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = validators.window_errors(self.starts_at, self.ends_at)
        if errors:
            raise ValidationError(errors)
        if self.link_label and not self.link_url:
            raise ValidationError({"link_url": _("填写了链接文字，请同时填写链接地址。")})

    def is_showing(self, now):
        return self.live and self.starts_at <= now < self.ends_at

    def showing_now(self):
        return self.is_showing(timezone.now())


class PopupSection(Orderable):
    """A section a notice is shown in: the page and every page below it."""

    notice = ParentalKey(PopupNotice, on_delete=models.CASCADE, related_name="sections")
    # A deleted section leaves its row empty rather than going: the notice then shows nowhere in it, and
    # never becomes a notice for the whole site (which a notice without sections is).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("栏目页面"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("显示栏目")
        verbose_name_plural = _("显示栏目")
