"""The points rule, in one place: an award is made only for an action the site verified, at most once per
resident, rule and object, and at most ``daily_cap`` times a day (Asia/Shanghai) per rule.

Every award locks the resident's ``PointsAccount`` row (``select_for_update``) first, so two requests of
the same resident check the cap one after the other on PostgreSQL. A passphrase's overall cap is one
conditional ``UPDATE … WHERE redemption_count < max_redemptions``: the database never lets it pass.
Lock order is always account, then passphrase.

What points buy follows the same rule (``redeem_goods``, ``buy``): the account row first, then the goods or
sale row, each by a conditional ``UPDATE`` (``stock > 0``, ``sold < stock``) that the database applies one
buyer at a time, so no item is given twice and no point spent twice; a flash sale's one-per-resident is a
unique constraint on the order. Every order carries an unguessable pick-up code (取货码) that staff or the
goods' merchant verify once (``verify_pickup``).
"""

import secrets
import zoneinfo

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from rongmei import cache

from .models import (
    Action,
    FlashSale,
    Goods,
    Order,
    Passphrase,
    PassphraseRedemption,
    PointsAccount,
    PointsAward,
    PointsRule,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class RedeemError(Exception):
    """A passphrase that cannot be redeemed; ``str()`` is the message for the resident."""


def today(now=None):
    return timezone.localtime(now or timezone.now(), SHANGHAI).date()


def _locked_account(user):
    PointsAccount.objects.get_or_create(user=user)
    return PointsAccount.objects.select_for_update().get(user=user)


def _award_locked(account, rule, object_key, label, points, now):
    """Inside a transaction with ``account`` locked: the award, or None (done before, or capped)."""
    if PointsAward.objects.filter(account=account, rule=rule, object_key=object_key).exists():
        return None
    day = today(now)
    if (
        rule.daily_cap
        and PointsAward.objects.filter(account=account, rule=rule, day=day).count() >= rule.daily_cap
    ):
        return None
    try:
        with transaction.atomic():
            award = PointsAward.objects.create(
                account=account,
                rule=rule,
                object_key=object_key,
                label=str(label)[:200],
                points=points,
                day=day,
                awarded_at=now,
            )
    except IntegrityError:  # the same object awarded by a request that committed first
        return None
    PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") + points)
    return award


def award(user, action, object_key, label=""):
    """Award ``action``'s points to ``user`` for ``object_key``; the award, or None when none is due."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    rule = PointsRule.objects.filter(action=action, is_active=True).first()
    if rule is None or rule.points == 0:
        return None
    with transaction.atomic():
        return _award_locked(_locked_account(user), rule, object_key, label, rule.points, timezone.now())


def sign_in(user):
    """每日签到: once per calendar day in Asia/Shanghai; the award, or None when already signed in today."""
    return award(user, Action.DAILY_SIGN_IN, f"day:{today().isoformat()}", _("每日签到"))


def redeem(user, phrase):
    """Redeem the passphrase ``phrase`` for ``user``; the award, or ``RedeemError`` with the reason."""
    phrase = (phrase or "").strip()
    now = timezone.now()
    passphrase = Passphrase.objects.filter(phrase=phrase).first() if phrase else None
    if passphrase is None:
        raise RedeemError(_("口令不正确，请核对后再试。"))
    if now < passphrase.valid_from:
        raise RedeemError(_("这个口令还没有开始，请稍后再来。"))
    if now >= passphrase.valid_until:
        raise RedeemError(_("这个口令已经过期了。"))
    rule = PointsRule.objects.filter(action=Action.PASSPHRASE_REDEEMED, is_active=True).first()
    if rule is None:
        raise RedeemError(_("红包口令活动暂未开放。"))
    with transaction.atomic():
        account = _locked_account(user)
        if PassphraseRedemption.objects.filter(passphrase=passphrase, user=user).exists():
            raise RedeemError(_("您已经领取过这个口令的积分了。"))
        day = today(now)
        if (
            rule.daily_cap
            and PointsAward.objects.filter(account=account, rule=rule, day=day).count() >= rule.daily_cap
        ):
            raise RedeemError(_("您今天领取的口令积分已达上限，请明天再来。"))
        taken = Passphrase.objects.filter(pk=passphrase.pk, redemption_count__lt=F("max_redemptions")).update(
            redemption_count=F("redemption_count") + 1
        )
        if not taken:
            raise RedeemError(_("这个口令的名额已经领完了。"))
        try:
            with transaction.atomic():
                PassphraseRedemption.objects.create(passphrase=passphrase, user=user, redeemed_at=now)
        except IntegrityError:
            transaction.set_rollback(True)
            raise RedeemError(_("您已经领取过这个口令的积分了。")) from None
        result = _award_locked(
            account,
            rule,
            f"passphrase:{passphrase.pk}",
            _("红包口令“%s”") % passphrase.phrase,
            passphrase.points,
            now,
        )
        if result is None:
            transaction.set_rollback(True)
            raise RedeemError(_("您已经领取过这个口令的积分了。"))
        return result


# --- spending points: the mall and flash sales --------------------------------------------------------

#: Pick-up codes are read aloud and typed at a counter: no 0/O, 1/I/L. 31 symbols, 8 of them: ~40 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


class OrderError(Exception):
    """An order that cannot be placed; ``str()`` is the message for the resident."""


class PickupError(Exception):
    """A pick-up code that cannot be verified; ``str()`` is the message for the staff member."""


def new_pickup_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code):
    """What a person typed (spaces, dashes, small letters) as a stored pick-up code."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[: CODE_LENGTH * 2]


def _create_order(**fields):
    """The order with a fresh pick-up code: a clash with an existing code (about one in a trillion) draws
    again inside its own savepoint; any other integrity error is the caller's."""
    for _attempt in range(5):
        code = new_pickup_code()
        if Order.objects.filter(pickup_code=code).exists():
            continue
        with transaction.atomic():
            return Order.objects.create(pickup_code=code, **fields)
    raise RuntimeError("no free pick-up code after five draws")


def _spend(account, points):
    """Deduct ``points`` from the locked ``account``, or refuse when the balance is short."""
    if points and account.balance < points:
        raise OrderError(
            _("积分不足：需要 %(needed)s 积分，您现在有 %(balance)s 积分。")
            % {"needed": points, "balance": account.balance}
        )
    if points:
        PointsAccount.objects.filter(pk=account.pk).update(balance=F("balance") - points)


def redeem_goods(user, goods):
    """积分兑换: one of ``goods`` for ``user``'s points; the order, or ``OrderError`` with the reason."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise OrderError(_("请先登录。"))
    now = timezone.now()
    with transaction.atomic():
        account = _locked_account(user)
        goods = Goods.objects.select_for_update().filter(pk=goods.pk).first()
        if goods is None or not goods.is_active:
            raise OrderError(_("这件商品已经下架了。"))
        if goods.stock <= 0:
            raise OrderError(_("这件商品已经兑完了。"))
        _spend(account, goods.points_price)
        # The row is locked already; the condition keeps the rule in the statement all the same.
        if not Goods.objects.filter(pk=goods.pk, stock__gt=0).update(stock=F("stock") - 1):
            raise OrderError(_("这件商品已经兑完了。"))
        order = _create_order(
            user=user,
            goods=goods,
            item_name=goods.name,
            pickup_place=goods.pickup_place,
            merchant=goods.merchant,
            points=goods.points_price,
            created_at=now,
        )
        cache.purge_object(goods)
    return order


def sale_refusal(sale, now):
    """Why nobody may buy in ``sale`` at ``now`` (before its start, after its end, sold out), or None."""
    state = sale.state(now)
    if state == FlashSale.State.UPCOMING:
        return _("抢购还没有开始，请在开始时间后再来。")
    if state == FlashSale.State.ENDED:
        return _("抢购已经结束了。")
    if state == FlashSale.State.SOLD_OUT:
        return _("已经抢光了，下次早点来。")
    return None


def buy(user, sale):
    """在线抢购: one item of ``sale`` for ``user``; the order, or ``OrderError`` with the reason.

    First committed wins: the sale's ``sold`` counter goes up by a conditional UPDATE that PostgreSQL
    applies one buyer at a time, and the unique (sale, user) constraint refuses a second order of the same
    resident even from a parallel request; either refusal rolls back the whole purchase."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise OrderError(_("请先登录。"))
    now = timezone.now()
    refusal = sale_refusal(sale, now) if sale.is_published else _("这个抢购活动不存在。")
    if refusal:
        raise OrderError(refusal)
    if Order.objects.filter(sale=sale, user=user).exists():
        raise OrderError(_("您已经抢到了，每人限一件。"))
    try:
        with transaction.atomic():
            account = _locked_account(user) if sale.points_price else None
            if account is not None:
                _spend(account, sale.points_price)
            taken = FlashSale.objects.filter(
                pk=sale.pk, is_published=True, starts_at__lte=now, ends_at__gt=now, sold__lt=F("stock")
            ).update(sold=F("sold") + 1)
            if not taken:
                raise OrderError(_("已经抢光了，下次早点来。"))
            order = _create_order(
                user=user,
                sale=sale,
                item_name=sale.name,
                pickup_place=sale.place,
                merchant=sale.handed_out_by,
                points=sale.points_price,
                created_at=now,
            )
    except IntegrityError:  # the same resident's parallel request committed its order first
        raise OrderError(_("您已经抢到了，每人限一件。")) from None
    return order


def may_verify(user, order):
    """Media-centre staff verify every order; a merchant's accounts only the orders it hands out."""
    if user.has_perm("points.verify_pickup"):
        return True
    merchant = order.merchant
    return bool(merchant and merchant.group_id and user.groups.filter(pk=merchant.group_id).exists())


def find_order(user, code):
    """The order with pick-up ``code`` that ``user`` may verify, or ``PickupError`` saying why not."""
    code = normalise_code(code)
    order = (
        Order.objects.filter(pickup_code=code).select_related("merchant", "user").first() if code else None
    )
    if order is None:
        raise PickupError(_("没有这个取货码，请核对后重新输入。"))
    if not may_verify(user, order):
        raise PickupError(_("这个取货码不是您商家的商品，请居民到对应的领取地点领取。"))
    return order


def verify_pickup(user, code):
    """核销: mark the order with ``code`` picked up, once, recording who and when; the order or
    ``PickupError``."""
    order = find_order(user, code)
    now = timezone.now()
    with transaction.atomic():
        done = Order.objects.filter(pk=order.pk, status=Order.Status.AWAITING_PICKUP).update(
            status=Order.Status.PICKED_UP, picked_up_at=now, verified_by=user
        )
        if not done:
            order.refresh_from_db()
            raise PickupError(
                _("这个取货码已经在 %(when)s 核销过了，不能重复领取。")
                % {"when": timezone.localtime(order.picked_up_at, SHANGHAI).strftime("%Y-%m-%d %H:%M")}
            )
        order.refresh_from_db()
        log(instance=order, action="points.pickup_verified", user=user)
    return order
