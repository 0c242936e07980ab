"""The merchants app's registrations: the moderation queues (``admin_views``), their buttons, the log
actions and the home page's section."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from home.sections import HomeSection, home_section
from rongmei import routes

from . import admin_views
from .models import DirectoryIndexPage, MerchantApplication, MerchantPage

register_snippet(admin_views.MerchantsGroup)


routes.one_of("application_action", "approve", "reject")  # any other word is a 404


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "merchants/applications/<id:pk>/<application_action:action>/",
            admin_views.application_review,
            name="merchants_application_review",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def moderation_buttons(snippet, user, next_url=None):
    buttons = []
    waiting = (MerchantApplication.Status.PENDING, MerchantApplication.Status.HELD)
    if (
        isinstance(snippet, MerchantApplication)
        and snippet.status in waiting
        and user.has_perm("merchants.change_merchantapplication")
    ):
        for action, label, priority in (("approve", _("通过"), 10), ("reject", _("拒绝"), 11)):
            url = reverse("merchants_application_review", args=[snippet.pk, action])
            buttons.append(
                Button(label, url, priority=priority, icon_name="check" if action == "approve" else "cross")
            )
    return buttons


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("merchants.application_approved", _("通过入驻申请"), _("通过了商家入驻申请"))
    actions.register_action("merchants.application_rejected", _("拒绝入驻申请"), _("拒绝了商家入驻申请"))


@home_section("directory", gettext_lazy("吃喝玩乐"), order=60)
def directory_section(request, home_page, limit):
    """吃喝玩乐 highlights: the newest verified merchants."""
    directory = DirectoryIndexPage.objects.child_of(home_page).live().first()
    if directory is None:
        return None
    merchants = list(
        MerchantPage.objects.descendant_of(directory)
        .live()
        .public()
        .filter(verified=True)
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-first_published_at")[: limit or 6]
    )
    return HomeSection(
        key="directory", title=_("吃喝玩乐"), items=merchants, more_url=directory.url, order=60
    )
