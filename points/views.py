"""The resident's points page in their account area (balance, history, orders, daily sign-in, passphrase
form), and the public points mall (积分商城) and flash sales (在线抢购)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rongmei import cache
from rongmei.ratelimit import client_ip, hit

from . import services
from .models import Action, FlashSale, Goods, Order, PointsAccount, PointsAward, PointsRule

#: Guessing passphrases costs attempts: per account and per address, per hour.
REDEEM_LIMIT = (10, 3600)
REDEEM_IP_LIMIT = (30, 3600)


class RedeemForm(forms.Form):
    phrase = forms.CharField(label=gettext_lazy("红包口令"), max_length=40)


def history_entries(awards, orders):
    """The points history, newest first: each award (+) and each order that cost points (−)."""
    entries = [
        {
            "at": award.awarded_at,
            "what": award.rule.get_action_display(),
            "label": award.label,
            "points": award.points,
        }
        for award in awards
    ]
    entries += [
        {
            "at": order.created_at,
            "what": _("积分兑换") if order.goods_id else _("在线抢购"),
            "label": order.item_name,
            "points": -order.points,
        }
        for order in orders
        if order.points
    ]
    return sorted(entries, key=lambda entry: entry["at"], reverse=True)


@never_cache
@login_required
def history(request, form=None):
    account = PointsAccount.objects.filter(user=request.user).first()
    awards = PointsAward.objects.filter(account=account).select_related("rule")[:200] if account else []
    orders = list(Order.objects.filter(user=request.user)[:200])
    context = {
        "balance": account.balance if account else 0,
        "entries": history_entries(awards, orders),
        "orders": orders,
        "signed_in_today": bool(account)
        and PointsAward.objects.filter(
            account=account, rule__action="daily_sign_in", day=services.today()
        ).exists(),
        "form": form or RedeemForm(),
        "rules": PointsRule.objects.filter(is_active=True).exclude(action=Action.PASSPHRASE_REDEEMED),
    }
    return TemplateResponse(request, "points/history.html", context, status=400 if form else 200)


@never_cache
@login_required
@require_POST
def sign_in(request):
    if services.sign_in(request.user) is None:
        messages.info(request, _("您今天已经签到过了，明天再来吧。"))
    else:
        messages.success(request, _("签到成功！"))
    return redirect("points:history")


@never_cache
@login_required
@require_POST
def redeem(request):
    form = RedeemForm(request.POST)
    if not form.is_valid():
        return history(request, form)
    if not hit(f"points:redeem:user:{request.user.pk}", *REDEEM_LIMIT) or not hit(
        f"points:redeem:ip:{client_ip(request)}", *REDEEM_IP_LIMIT
    ):
        form.add_error(None, _("尝试次数太多，请稍后再试。"))
        return history(request, form)
    try:
        award = services.redeem(request.user, form.cleaned_data["phrase"])
    except services.RedeemError as error:
        form.add_error("phrase", str(error))
        return history(request, form)
    messages.success(request, _("口令正确，获得 %(points)s 积分！") % {"points": award.points})
    return redirect("points:history")


# --- the points mall (积分商城) and flash sales (在线抢购) ------------------------------------------------

#: Buying in a flash sale: attempts per account, per minute (a held-down button, a script).
BUY_LIMIT = (10, 60)


def _page_seconds():
    return getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0)


def _next_change(sales, now):
    """Seconds until the first of ``sales`` starts or ends: a page listing their states is good until then."""
    moments = [moment for sale in sales for moment in (sale.starts_at, sale.ends_at) if moment > now]
    return (min(moments) - now).total_seconds() if moments else None


def mall(request):
    """积分商城: the goods on sale with their price and stock, and the flash sales to come. A visitor
    without a session gets the shared cached page; a signed-in resident sees their balance and the
    redeem buttons."""

    def render():
        now = timezone.now()
        sales = list(FlashSale.objects.published().filter(ends_at__gt=now).select_related("goods", "photo"))
        changes = _next_change(sales, now)
        if changes:
            cache.lifetime(changes)
        account = (
            PointsAccount.objects.filter(user=request.user).first() if request.user.is_authenticated else None
        )
        response = TemplateResponse(
            request,
            "points/mall.html",
            {
                "goods_list": Goods.objects.on_sale().select_related("photo", "merchant"),
                "sales": [(sale, sale.state(now)) for sale in sales],
                "balance": account.balance if account else 0,
            },
        )
        return response.render()

    return cache.cached(
        request, render, _page_seconds(), tags={cache.list_tag(Goods), cache.list_tag(FlashSale)}
    )


@never_cache
@login_required
@require_POST
def redeem_goods(request, pk):
    goods = get_object_or_404(Goods.objects.on_sale(), pk=pk)
    try:
        order = services.redeem_goods(request.user, goods)
    except services.OrderError as error:
        messages.error(request, str(error))
        return redirect("mall:index")
    messages.success(
        request,
        _("兑换成功！取货码 %(code)s，请到%(place)s领取。")
        % {"code": order.pickup_code, "place": order.pickup_place},
    )
    return redirect("points:history")


def flash_sale(request, pk):
    """The sale's page, the same for everyone and cached for everyone, signed in or not (the rush comes
    from residents with a session): what, how many, when. Its script asks
    ``sale_status`` for the live stock and the visitor's own state, and buys through ``sale_buy``."""

    def render():
        sale = get_object_or_404(
            FlashSale.objects.published().select_related("goods", "photo", "merchant"), pk=pk
        )
        cache.tag_object(sale)
        response = TemplateResponse(request, "points/flash_sale.html", {"sale": sale})
        return response.render()

    return cache.cached(request, render, _page_seconds(), for_everyone=True)


def _sale_answer(request, sale, now, **extra):
    state = sale.state(now)
    answer = {
        "state": state.value,
        "state_label": str(state.label),
        "stock": sale.stock,
        "remaining": sale.remaining,
        "starts_at": sale.starts_at.isoformat(),
        "ends_at": sale.ends_at.isoformat(),
        "now": now.isoformat(),
        "signed_in": request.user.is_authenticated,
        "order": None,
        "message": str(services.sale_refusal(sale, now) or ""),
    }
    if request.user.is_authenticated:
        order = Order.objects.filter(sale=sale, user=request.user).first()
        if order:
            answer["order"] = {"pickup_code": order.pickup_code, "pickup_place": order.pickup_place}
    answer.update(extra)
    return answer


@never_cache
def sale_status(request, pk):
    """The live part of a sale page: its state, the stock left, and whether this visitor has one."""
    sale = FlashSale.objects.published().filter(pk=pk).first()
    if sale is None:
        return JsonResponse({"message": _("这个抢购活动不存在。")}, status=404)
    return JsonResponse(_sale_answer(request, sale, timezone.now()))


@never_cache
@require_POST
def sale_buy(request, pk):
    """抢购: JSON in the visitor's language, never an error page; 200 with the pick-up code when won."""
    sale = FlashSale.objects.published().filter(pk=pk).first()
    if sale is None:
        return JsonResponse({"ok": False, "message": _("这个抢购活动不存在。")}, status=404)
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "message": _("请先登录再抢购。")}, status=401)
    if not hit(f"points:buy:user:{request.user.pk}", *BUY_LIMIT):
        return JsonResponse({"ok": False, "message": _("点得太快了，请稍后再试。")}, status=429)
    try:
        order = services.buy(request.user, sale)
    except services.OrderError as error:
        sale.refresh_from_db()
        return JsonResponse(
            {"ok": False, **_sale_answer(request, sale, timezone.now(), message=str(error))}, status=409
        )
    sale.refresh_from_db()
    message = _("抢到了！取货码 %(code)s，请到%(place)s领取。") % {
        "code": order.pickup_code,
        "place": order.pickup_place,
    }
    return JsonResponse({"ok": True, **_sale_answer(request, sale, timezone.now(), message=message)})
