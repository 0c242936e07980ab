"""The screened word list (敏感词) that ``rongmei.screening`` matches (handed to it by ``petitions.apps``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.screening import normalise


class ScreenedWordQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def entries(self):
        """The (word, action, reason) rows the screening engine builds its automaton from."""
        return self.values_list("word", "action", "reason")


class ScreenedWord(models.Model):
    """敏感词: one entry of the editable word list that screening (``rongmei.screening``) matches.

    ``refuse`` turns the post away at once with ``reason``; ``hold`` stores it for a moderator.
    """

    class Action(models.TextChoices):
        REFUSE = "refuse", _("拒绝发布")
        HOLD = "hold", _("转人工审核")

    word = models.CharField(_("词语"), max_length=60, unique=True)
    action = models.CharField(_("处理方式"), max_length=8, choices=Action.choices, default=Action.HOLD)
    reason = models.CharField(
        _("拒绝理由"),
        max_length=120,
        blank=True,
        help_text=_("拒绝发布时告诉居民的理由，例如“含有辱骂性语言”。留空则使用通用说明。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    objects = ScreenedWordQuerySet.as_manager()

    class Meta:
        ordering = ["word"]
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self):
        return self.word

    def clean(self):
        self.word = (self.word or "").strip()
        if not normalise(self.word):
            raise ValidationError({"word": _("词语至少要包含一个汉字、字母或数字。")})
