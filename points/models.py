"""The points rules, each resident's balance, every award, the daily passphrases (红包口令), and what points
buy: the mall's goods (积分商城), flash sales (在线抢购) and the orders with their pick-up codes (取货码)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.validators import window_errors


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


# --- the points mall (积分商城) and flash sales (在线抢购) ------------------------------------------------


class GoodsQuerySet(models.QuerySet):
    def on_sale(self):
        return self.filter(is_active=True)


class Goods(models.Model):
    """One item of the points mall (积分商城): what it costs in points, how many are left, and who hands it
    out where. ``stock`` only ever goes down through ``services.redeem_goods``'s conditional UPDATE."""

    name = models.CharField(_("名称"), max_length=80)
    description = models.TextField(_("介绍"), max_length=1000, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points_price = models.PositiveIntegerField(
        _("所需积分"), validators=[MinValueValidator(1, message=_("所需积分至少为 1。"))]
    )
    stock = models.PositiveIntegerField(_("库存"))
    merchant = models.ForeignKey(
        "merchants.MerchantPage",
        verbose_name=_("发放商家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("由商家发放时选择，商家账号可以核销这件商品的取货码；不选则由融媒体中心发放。"),
    )
    pickup_place = models.CharField(_("领取地点"), max_length=120)
    pickup_instructions = models.TextField(_("领取说明"), max_length=500, blank=True)
    is_active = models.BooleanField(_("上架"), default=True)
    sort_order = models.IntegerField(_("排序"), default=0, help_text=_("数字小的排在前面。"))

    objects = GoodsQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分商品")
        verbose_name_plural = _("积分商品")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class FlashSaleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class FlashSale(models.Model):
    """在线抢购: a limited number of one item, from ``starts_at`` to ``ends_at``, one per resident, first
    committed first served. The item is mall goods (name, photo and pick-up taken from it) or the sale's
    own; the sale's ``stock`` is set aside for the sale and is not the goods' mall stock."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("未开始")
        OPEN = "open", _("抢购中")
        SOLD_OUT = "sold_out", _("已抢光")
        ENDED = "ended", _("已结束")

    title = models.CharField(_("活动名称"), max_length=80)
    goods = models.ForeignKey(
        Goods,
        verbose_name=_("积分商品"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flash_sales",
        help_text=_("抢购商城里的商品时选择；不选则填写下面的抢购物品。"),
    )
    item_name = models.CharField(_("抢购物品"), max_length=80, blank=True)
    description = models.TextField(_("介绍"), max_length=1000, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merchant = models.ForeignKey(
        "merchants.MerchantPage",
        verbose_name=_("发放商家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pickup_place = models.CharField(_("领取地点"), max_length=120, blank=True)
    points_price = models.PositiveIntegerField(_("所需积分"), default=0, help_text=_("0 表示免费抢。"))
    stock = models.PositiveIntegerField(
        _("数量"), validators=[MinValueValidator(1, message=_("数量至少为 1。"))]
    )
    sold = models.PositiveIntegerField(_("已抢"), default=0, editable=False)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    is_published = models.BooleanField(_("发布"), default=True)

    objects = FlashSaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("在线抢购")
        verbose_name_plural = _("在线抢购")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sold__lte=models.F("stock")), name="points_sale_not_oversold"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = dict(window_errors(self.starts_at, self.ends_at))
        if self.goods_id is None and not self.item_name:
            errors["item_name"] = _("请选择积分商品，或者填写抢购物品。")
        if self.goods_id is None and not self.pickup_place:
            errors["pickup_place"] = _("请填写领取地点。")
        if self.pk and self.stock is not None and self.stock < self.sold:
            errors["stock"] = _("已经抢出 %(sold)s 件，数量不能少于这个数。") % {"sold": self.sold}
        if errors:
            raise ValidationError(errors)

    @property
    def name(self):
        return self.item_name or (self.goods.name if self.goods_id else "")

    @property
    def picture(self):
        return self.photo or (self.goods.photo if self.goods_id else None)

    @property
    def handed_out_by(self):
        return self.merchant or (self.goods.merchant if self.goods_id else None)

    @property
    def place(self):
        return self.pickup_place or (self.goods.pickup_place if self.goods_id else "")

    @property
    def remaining(self):
        return max(0, self.stock - self.sold)

    def state(self, now):
        if now < self.starts_at:
            return self.State.UPCOMING
        if now >= self.ends_at:
            return self.State.ENDED
        if self.sold >= self.stock:
            return self.State.SOLD_OUT
        return self.State.OPEN


class Order(models.Model):
    """What a resident got with points: goods redeemed in the mall or an item won in a flash sale, with its
    pick-up code (取货码). ``points`` is what it cost: a spend in the resident's points history. The name,
    place and merchant are kept as they were at the time, so a later edit of the goods changes no order."""

    class Status(models.TextChoices):
        AWAITING_PICKUP = "awaiting_pickup", _("待领取")
        PICKED_UP = "picked_up", _("已领取")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_orders")
    goods = models.ForeignKey(Goods, null=True, blank=True, on_delete=models.PROTECT, related_name="orders")
    sale = models.ForeignKey(
        FlashSale, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    item_name = models.CharField(_("物品"), max_length=80)
    pickup_place = models.CharField(_("领取地点"), max_length=120)
    merchant = models.ForeignKey(
        "merchants.MerchantPage",
        verbose_name=_("发放商家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points = models.PositiveIntegerField(_("消耗积分"))
    pickup_code = models.CharField(_("取货码"), max_length=12, unique=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.AWAITING_PICKUP
    )
    created_at = models.DateTimeField(_("兑换时间"))
    picked_up_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("兑换订单")
        verbose_name_plural = _("兑换订单")
        ordering = ["-created_at", "-pk"]
        permissions = [("verify_pickup", "Can verify pick-up codes of every order")]
        constraints = [
            models.UniqueConstraint(
                fields=["sale", "user"],
                condition=models.Q(sale__isnull=False),
                name="points_one_flash_sale_order_per_resident",
            ),
            models.CheckConstraint(
                condition=models.Q(goods__isnull=True) | models.Q(sale__isnull=True),
                name="points_order_of_goods_or_sale",
            ),
        ]

    def __str__(self):
        return f"{self.item_name} {self.pickup_code}"
