"""The resident's points page in their account area: balance, history, daily sign-in, passphrase form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rongmei.ratelimit import client_ip, hit

from . import services
from .models import Action, PointsAccount, PointsAward, PointsRule

#: Guessing passphrases costs attempts: per account and per address, per hour.
REDEEM_LIMIT = (10, 3600)
REDEEM_IP_LIMIT = (30, 3600)


class RedeemForm(forms.Form):
    phrase = forms.CharField(label=gettext_lazy("红包口令"), max_length=40)


@never_cache
@login_required
def history(request, form=None):
    account = PointsAccount.objects.filter(user=request.user).first()
    awards = PointsAward.objects.filter(account=account).select_related("rule")[:200] if account else []
    context = {
        "balance": account.balance if account else 0,
        "awards": awards,
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
