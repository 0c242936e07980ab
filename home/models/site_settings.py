"""Site settings: what editors can change about the whole site (name, logo, contacts, footer)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """What editors can change about the whole site: name, logo, contacts, footer and filing numbers."""

    site_name = models.CharField(_("网站名称"), max_length=60, default="融媒")
    slogan = models.CharField(_("口号"), max_length=120, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hotline = models.CharField(_("服务热线"), max_length=40, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    icp_number = models.CharField(
        _("ICP备案号"), max_length=60, blank=True, help_text=_("例如 京ICP备12345678号")
    )
    police_number = models.CharField(_("公安备案号"), max_length=60, blank=True)
    copyright = models.CharField(_("版权声明"), max_length=200, blank=True)
    # English pages show these where they are filled in (``rongmei_tags.in_language``)
    site_name_en = models.CharField(_("网站名称（英文）"), max_length=60, blank=True)
    slogan_en = models.CharField(_("口号（英文）"), max_length=120, blank=True)
    address_en = models.CharField(_("地址（英文）"), max_length=200, blank=True)
    copyright_en = models.CharField(_("版权声明（英文）"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("slogan"), FieldPanel("logo")], _("网站")),
        MultiFieldPanel([FieldPanel("hotline"), FieldPanel("email"), FieldPanel("address")], _("联系方式")),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("police_number"), FieldPanel("copyright")], _("页脚")
        ),
        InlinePanel("footer_links", label=_("页脚链接")),
        MultiFieldPanel(
            [
                FieldPanel("site_name_en"),
                FieldPanel("slogan_en"),
                FieldPanel("address_en"),
                FieldPanel("copyright_en"),
            ],
            _("英文版"),
        ),
    ]

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
    title = models.CharField(_("文字"), max_length=60)
    title_en = models.CharField(_("文字（英文）"), max_length=60, blank=True)
    url = models.CharField(
        _("链接"),
        max_length=300,
        help_text=_("站内路径（如 /zh-hans/about/，在其他语言的页面上换成该语言的路径）或完整网址"),
    )

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("title_en"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("页脚链接")
        verbose_name_plural = _("页脚链接")

    def clean(self):
        if not (self.url.startswith("/") or self.url.startswith(("http://", "https://"))):
            raise ValidationError(
                {"url": _("请填写以 / 开头的站内路径，或以 http:// 或 https:// 开头的网址。")}
            )
