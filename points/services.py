"""The points rule, in one place: an award is made only for an action the site verified, at most once per
resident, rule and object, and at most ``daily_cap`` times a day (Asia/Shanghai) per rule.

Every award locks the resident's ``PointsAccount`` row (``select_for_update``) first, so two requests of
the same resident check the cap one after the other on PostgreSQL. A passphrase's overall cap is one
conditional ``UPDATE … WHERE redemption_count < max_redemptions``: the database never lets it pass.
Lock order is always account, then passphrase.
"""

import zoneinfo

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Action, Passphrase, PassphraseRedemption, PointsAccount, PointsAward, PointsRule

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
