"""The points rules, each resident's balance, every award, and the daily passphrases (红包口令)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PETITION_ACCEPTED = "petition_accepted", _("诉求被受理")
    RATING_GIVEN = "rating_given", _("评价办理结果")
    SURVEY_VOTE = "survey_vote", _("参与问卷投票")
    QA_QUESTION_RELEASED = "qa_question_released", _("访谈提问被公开")
    DAILY_SIGN_IN = "daily_sign_in", _("每日签到")
    PASSPHRASE_REDEEMED = "passphrase_redeemed", _("红包口令")


#: The rules the migration creates: points per award and awards per day (0: no daily cap).
DEFAULT_RULES = {
    Action.PETITION_ACCEPTED: (10, 3),
    Action.RATING_GIVEN: (5, 5),
    Action.SURVEY_VOTE: (2, 5),
    Action.QA_QUESTION_RELEASED: (5, 3),
    Action.DAILY_SIGN_IN: (1, 1),
    Action.PASSPHRASE_REDEEMED: (0, 3),
}


class PointsRule(models.Model):
    """How many points one action earns, and how many such awards a resident may have per day."""

    action = models.CharField(_("行为"), max_length=32, choices=Action.choices, unique=True)
    points = models.PositiveIntegerField(_("积分"), help_text=_("红包口令的积分由每个口令自己设定。"))
    daily_cap = models.PositiveIntegerField(_("每日上限（次）"), default=0, help_text=_("0 表示不限。"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")

    def __str__(self):
        return self.get_action_display()


class PointsAccount(models.Model):
    """A resident's balance; its row is locked while an award is checked against the daily caps."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points")
    balance = models.IntegerField(_("积分余额"), default=0)

    class Meta:
        verbose_name = _("积分账户")
        verbose_name_plural = _("积分账户")

    def __str__(self):
        return f"{self.user} {self.balance}"


class PointsAward(models.Model):
    """One award: at most one per resident, rule and object (``object_key``, e.g. ``petition:12``)."""

    account = models.ForeignKey(PointsAccount, on_delete=models.CASCADE, related_name="awards")
    rule = models.ForeignKey(PointsRule, on_delete=models.PROTECT, related_name="awards")
    object_key = models.CharField(max_length=64)
    label = models.CharField(_("对象"), max_length=200, blank=True)
    points = models.IntegerField(_("积分"))
    day = models.DateField(_("日期"), help_text=_("北京时间的日期，每日上限按它计算。"))
    awarded_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "rule", "object_key"], name="points_one_award_per_object"
            )
        ]
        indexes = [models.Index(fields=["account", "rule", "day"])]

    def __str__(self):
        return f"{self.rule} +{self.points}"


class Passphrase(models.Model):
    """红包口令: a phrase an editor hides in a story; residents who enter it in time get its points, once
    each, until ``max_redemptions`` residents have."""

    phrase = models.CharField(_("口令"), max_length=40, unique=True)
    points = models.PositiveIntegerField(_("积分"))
    valid_from = models.DateTimeField(_("开始时间"))
    valid_until = models.DateTimeField(_("结束时间"))
    max_redemptions = models.PositiveIntegerField(_("总名额"))
    redemption_count = models.PositiveIntegerField(_("已领取"), default=0, editable=False)
    story = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("所在稿件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("红包口令")
        verbose_name_plural = _("红包口令")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.phrase


class PassphraseRedemption(models.Model):
    """One resident's redemption of one passphrase."""

    passphrase = models.ForeignKey(Passphrase, on_delete=models.CASCADE, related_name="redemptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    redeemed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["passphrase", "user"], name="points_one_redemption_per_resident")
        ]

    def __str__(self):
        return f"{self.passphrase} {self.user}"
