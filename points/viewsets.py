"""The points rules, passphrases, mall goods, flash sales and orders in the Wagtail admin, for editors;
and the pick-up counter (取货核销) for editors and the merchants who hand goods out."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from merchants.models import MerchantPage
from rongmei.ratelimit import hit

from . import services
from .models import FlashSale, Goods, Order, Passphrase, PointsRule

#: Typing pick-up codes at a counter: attempts per staff account, per minute.
VERIFY_LIMIT = (30, 60)


class PointsRuleViewSet(SnippetViewSet):
    model = PointsRule
    icon = "pick"
    list_display = ["action", "points", "daily_cap", "is_active"]


class PassphraseViewSet(SnippetViewSet):
    model = Passphrase
    icon = "key"
    list_display = ["phrase", "points", "valid_from", "valid_until", "max_redemptions", "redemption_count"]


class GoodsViewSet(SnippetViewSet):
    model = Goods
    icon = "tag"
    menu_label = gettext_lazy("积分商品")
    list_display = ["name", "points_price", "stock", "merchant", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("points_price"), FieldPanel("stock")]),
        MultiFieldPanel(
            [FieldPanel("merchant"), FieldPanel("pickup_place"), FieldPanel("pickup_instructions")],
            heading=gettext_lazy("领取"),
        ),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
    ]


class FlashSaleViewSet(SnippetViewSet):
    model = FlashSale
    icon = "time"
    menu_label = gettext_lazy("在线抢购")
    list_display = ["title", "starts_at", "ends_at", "stock", "sold", "points_price", "is_published"]
    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("goods"), FieldPanel("item_name"), FieldPanel("description"), FieldPanel("photo")],
            heading=gettext_lazy("抢购物品"),
        ),
        FieldRowPanel([FieldPanel("stock"), FieldPanel("points_price")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel([FieldPanel("merchant"), FieldPanel("pickup_place")], heading=gettext_lazy("领取")),
        FieldPanel("is_published"),
    ]


class OrderViewSet(SnippetViewSet):
    """The orders, to read: they are made by residents and closed at the pick-up counter, never edited."""

    model = Order
    icon = "list-ul"
    menu_label = gettext_lazy("兑换订单")
    list_display = ["item_name", "status", "created_at", "picked_up_at", "verified_by", "merchant"]
    list_filter = ["status"]
    search_fields = ["pickup_code", "item_name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "item_name",
        "points",
        "status",
        "created_at",
        "pickup_place",
        "merchant",
        "picked_up_at",
        "verified_by",
    ]

    def get_queryset(self, request):
        return Order.objects.select_related("merchant", "verified_by")


class PointsGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("积分")
    menu_icon = "pick"
    items = (PointsRuleViewSet, PassphraseViewSet, GoodsViewSet, FlashSaleViewSet, OrderViewSet)


# --- the pick-up counter (取货核销) -------------------------------------------------------------------


def may_use_counter(user):
    """Editors, and the accounts of any merchant (each sees only the orders it hands out)."""
    if not user.is_authenticated:
        return False
    return (
        user.has_perm("points.verify_pickup")
        or MerchantPage.objects.filter(group__in=user.groups.all()).exists()
    )


class PickupMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_counter(request.user)


class PickupForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("取货码"), max_length=20)


def pickup(request):
    """Type a code, see the order (the goods, the resident's display name, the status), mark it picked up.

    A GET with ``code`` looks the order up; a POST marks it picked up (once, ``services.verify_pickup``)."""
    if not may_use_counter(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = PickupForm(data)
    context = {"form": form, "page_title": _("取货核销"), "header_icon": "check"}
    status = 200
    if data is not None and form.is_valid():
        if not hit(f"points:pickup:user:{request.user.pk}", *VERIFY_LIMIT):
            form.add_error("code", _("输入次数太多，请一分钟后再试。"))
            return render(request, "points/admin/pickup.html", context, status=429)
        try:
            if request.method == "POST":
                context["order"] = services.verify_pickup(request.user, form.cleaned_data["code"])
                context["verified"] = True
            else:
                context["order"] = services.find_order(request.user, form.cleaned_data["code"])
        except services.PickupError as error:
            form.add_error("code", str(error))
            status = 400
    elif data is not None:
        status = 400
    if context.get("order"):
        context["resident_name"] = resident_name(context["order"].user)
    return render(request, "points/admin/pickup.html", context, status=status)


def resident_name(user):
    """The name staff may see at the counter: the display name, never the phone or e-mail."""
    name = user.get_full_name() or user.first_name
    if name:
        return name
    username = user.get_username()
    return username[:1] + "*" * max(1, len(username) - 1)
