"""The editors' moderation actions: approve or reject an application; publish, reject or restore an ad."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import signup
from .models import MerchantApplication


def _require(request, codename):
    if not request.user.has_perm(f"merchants.{codename}"):
        raise PermissionDenied


def _back(request, fallback):
    next_url = request.POST.get("next") or request.GET.get("next")
    from django.utils.http import url_has_allowed_host_and_scheme

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
                page = signup.approve(application, request.user, note)
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
