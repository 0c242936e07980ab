"""The home app's admin screens: the moderation queue of contest entries (评比作品审核) and the urgent
notices sent by SMS (紧急通知短信) with each one's send log. Every view checks its permission itself."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from . import broadcasts, contests
from .models import ContestEntry, PopupNotice, SmsBroadcast, SmsDelivery, SmsSubscription

MODERATE_ENTRIES = "home.moderate_contestentry"
SEND_BROADCAST = "home.send_smsbroadcast"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


class PermissionMenuItem(MenuItem):
    """A menu item shown to those who hold ``permission``."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


# --- 评比作品审核 -----------------------------------------------------------------------------------


def entry_queue(request):
    """The entries of every contest, waiting ones first by default, with their photos and contacts."""
    _require(request, MODERATE_ENTRIES)
    status = request.GET.get("status", ContestEntry.Status.PENDING)
    if status not in ContestEntry.Status.values:
        status = ContestEntry.Status.PENDING
    entries = (
        ContestEntry.objects.filter(status=status)
        .select_related("contest")
        .prefetch_related("photos__image")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(entries, 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "home/admin/contest_entries.html",
        {
            "page_title": _("评比作品审核"),
            "entries": page,
            "status": status,
            "statuses": ContestEntry.Status.choices,
        },
    )


@require_POST
def entry_review(request, pk, decision):
    _require(request, MODERATE_ENTRIES)
    entry = get_object_or_404(ContestEntry, pk=pk)
    try:
        contests.review(entry, request.user, approve=decision == "approve", note=request.POST.get("note", ""))
    except contests.ReviewError as error:
        messages.error(request, str(error))
    else:
        if decision == "approve":
            messages.success(
                request, _("已通过作品“%(title)s”，它已在评比页面展示。") % {"title": entry.title}
            )
        else:
            messages.success(request, _("已退回作品“%(title)s”。") % {"title": entry.title})
    return redirect("home_contest_entries")


# --- 紧急通知短信 -----------------------------------------------------------------------------------


class BroadcastForm(forms.Form):
    popup = forms.ModelChoiceField(
        label=gettext_lazy("从定时弹窗选取（可选）"),
        queryset=PopupNotice.objects.none(),
        required=False,
        help_text=gettext_lazy("选择后，未填写短信内容时使用弹窗的标题和内容。"),
    )
    text = forms.CharField(
        label=gettext_lazy("短信内容"),
        required=False,
        max_length=SmsBroadcast.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": SmsBroadcast.MAX_LENGTH}),
        help_text=gettext_lazy("不超过 %(count)s 字。") % {"count": SmsBroadcast.MAX_LENGTH},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["popup"].queryset = PopupNotice.objects.filter(kind=PopupNotice.Kind.URGENT)

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        popup = cleaned.get("popup")
        if not text and popup is not None:
            text = f"【{popup.title}】{popup.body}"
        if not text and not self.errors:
            raise forms.ValidationError(_("请填写短信内容，或选择一条定时弹窗。"))
        if len(text) > SmsBroadcast.MAX_LENGTH:
            raise forms.ValidationError(
                _("短信内容有 %(length)s 字，超过了 %(count)s 字，请删减后再发送。")
                % {"length": len(text), "count": SmsBroadcast.MAX_LENGTH}
            )
        cleaned["text"] = text
        return cleaned


def broadcast_list(request):
    """The broadcasts sent, newest first, with their counts, and the form that sends a new one."""
    _require(request, SEND_BROADCAST)
    form = BroadcastForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = broadcasts.broadcast(form.cleaned_data["text"], request.user, form.cleaned_data["popup"])
        messages.success(request, _("紧急通知短信已提交发送。"))
        return redirect("home_sms_broadcast", item.pk)
    items = SmsBroadcast.objects.select_related("created_by").annotate(
        sent=Count("deliveries", filter=Q(deliveries__status=SmsDelivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=SmsDelivery.Status.FAILED)),
    )[:100]
    return TemplateResponse(
        request,
        "home/admin/sms_broadcasts.html",
        {
            "page_title": _("紧急通知短信"),
            "form": form,
            "items": items,
            "subscribers": SmsSubscription.objects.active().count(),
        },
        status=400 if form.errors else 200,
    )


def broadcast_detail(request, pk):
    """One broadcast's log: every recipient (masked number), status, time and error."""
    _require(request, SEND_BROADCAST)
    item = get_object_or_404(SmsBroadcast.objects.select_related("created_by", "popup"), pk=pk)
    deliveries = item.deliveries.select_related("user")
    counts = dict(deliveries.values_list("status").annotate(count=Count("pk")).values_list("status", "count"))
    return TemplateResponse(
        request,
        "home/admin/sms_broadcast.html",
        {
            "page_title": _("紧急通知短信"),
            "item": item,
            "deliveries": Paginator(deliveries, 100).get_page(request.GET.get("p")),
            "sent": counts.get(SmsDelivery.Status.SENT, 0),
            "failed": counts.get(SmsDelivery.Status.FAILED, 0),
        },
    )
