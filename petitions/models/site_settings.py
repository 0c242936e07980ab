"""The petition board's site setting."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="comment")
class PetitionSettings(BaseSiteSetting):
    """How the petition board behaves on this site."""

    auto_accept_clean = models.BooleanField(
        _("自动受理通过审核的诉求"),
        default=False,
        help_text=_("开启后，未命中任何敏感词的诉求和追问直接公开；关闭时全部进入人工审核。"),
    )
    notice = models.TextField(
        _("提交须知"),
        blank=True,
        help_text=_("显示在提交表单上方，例如受理范围和办理时限。"),
    )
    notice_en = models.TextField(
        _("提交须知（英文）"),
        blank=True,
        help_text=_("英文表单显示的提交须知；不填则显示中文须知。"),
    )

    class Meta:
        verbose_name = _("民声设置")
        verbose_name_plural = _("民声设置")
