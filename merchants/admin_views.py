"""The editors' moderation screens: the queues of applications and ads (snippet viewsets, in one menu
group), and the actions that approve or reject an application."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import signup
from .models import ClassifiedAd, MerchantApplication


def _require(request, codename):
    if not request.user.has_perm(f"merchants.{codename}"):
        raise PermissionDenied


def _back(request, fallback):
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect(fallback)


def application_review(request, pk, action):
    _require(request, "change_merchantapplication")
    application = get_object_or_404(MerchantApplication, pk=pk)
    listing = "wagtailsnippets_merchants_merchantapplication:list"
    if request.method == "POST":
        note = request.POST.get("note", "")[:300]
        try:
            if action == "approve":
                page = signup.approve(application, request.user, note, request=request)
                messages.success(
                    request,
                    _("已通过“%(name)s”的申请，草稿商家页面已建立，请核对后发布。") % {"name": page.title},
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
            signup.reject(application, request.user, note)
            messages.success(request, _("已拒绝“%(name)s”的申请。") % {"name": application.business_name})
        except signup.ApplicationError as error:
            messages.error(request, str(error))
        return _back(request, listing)
    return TemplateResponse(
        request,
        "merchants/admin/confirm.html",
        {
            "object": application,
            "action": action,
            "question": _("确定通过这份入驻申请吗？")
            if action == "approve"
            else _("确定拒绝这份入驻申请吗？"),
            "photos": application.photos.select_related("image"),
        },
    )


class MerchantApplicationViewSet(SnippetViewSet):
    model = MerchantApplication
    icon = "form"
    menu_label = gettext_lazy("商家入驻申请")
    list_display = ["business_name", "category", "contact_name", "status", "screening_reason", "created_at"]
    list_filter = ["status"]
    search_fields = ["business_name", "licence_number", "contact_name"]
    add_to_admin_menu = False
    inspect_view_enabled = True
    # Status changes only through the 通过 / 拒绝 buttons, which do the whole approval in one transaction.
    panels = [
        FieldPanel("business_name"),
        FieldPanel("category"),
        FieldPanel("licence_number"),
        FieldPanel("address"),
        FieldPanel("street"),
        FieldPanel("phone"),
        FieldPanel("price_per_person"),
        FieldPanel("description"),
        FieldPanel("contact_name"),
        FieldPanel("contact_phone"),
        FieldPanel("email"),
        FieldPanel("status", read_only=True),
        FieldPanel("screening_reason", read_only=True),
        FieldPanel("review_note", read_only=True),
        FieldPanel("merchant_page", read_only=True),
    ]

    def get_queryset(self, request):
        return MerchantApplication.objects.select_related("category")


class ClassifiedAdViewSet(SnippetViewSet):
    model = ClassifiedAd
    icon = "tag"
    menu_label = gettext_lazy("分类广告")
    list_display = [
        "title",
        "board",
        "status",
        "screening_reason",
        "report_count",
        "hidden_for_reports",
        "expires_at",
    ]
    list_filter = ["board", "status", "hidden_for_reports"]
    search_fields = ["title", "description"]
    inspect_view_enabled = True


class MerchantsGroup(SnippetViewSetGroup):
    items = (MerchantApplicationViewSet, ClassifiedAdViewSet)
    menu_icon = "site"
    menu_label = gettext_lazy("吃喝玩乐")
    menu_name = "merchants"
