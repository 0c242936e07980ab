"""The home app's registrations: its home-page sections (services, surveys, quick actions), the pop-up
notices' snippet (定时弹窗), the contest entries' moderation queue (评比作品审核) and the urgent notices by
SMS (紧急通知短信)."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from rongmei.routes import one_of

from . import admin_views
from .models import ServiceGuidePage, ServiceIndexPage, SurveyPage
from .sections import HomeSection, home_actions, home_section
from .viewsets import PopupNoticeViewSet


@home_section("quick-actions", gettext_lazy("快捷入口（我要留言、查询进度……）"), order=2)
def quick_actions_section(request, home_page, limit):
    actions = home_actions(request, home_page)[: limit or None]
    return HomeSection(
        key="quick-actions",
        title=_("快捷入口"),
        items=actions,
        template="home/sections/quick_actions.html",
    )


@home_section("services", gettext_lazy("便民服务指南"), order=50)
def services_section(request, home_page, limit):
    index = ServiceIndexPage.objects.child_of(home_page).live().first()
    if index is None:
        return None
    guides = list(
        ServiceGuidePage.objects.descendant_of(index)
        .live()
        .public()
        .order_by("-first_published_at")[: limit or 6]
    )
    return HomeSection(
        key="services",
        title=_("便民服务"),
        items=guides,
        more_url=index.url,
        order=50,
    )


@home_section("surveys", gettext_lazy("调查投票"), order=80)
def surveys_section(request, home_page, limit):
    surveys = [
        survey
        for survey in SurveyPage.objects.descendant_of(home_page)
        .live()
        .public()
        .order_by("-first_published_at")[:6]
        if survey.state() == "open"
    ][: limit or 3]
    return HomeSection(key="surveys", title=_("调查投票"), items=surveys, order=80)


register_snippet(PopupNoticeViewSet)


one_of("entrydecision", "approve", "reject")


@hooks.register("register_admin_urls")
def register_home_admin_urls():
    return [
        path("contests/entries/", admin_views.entry_queue, name="home_contest_entries"),
        path(
            "contests/entries/<id:pk>/<entrydecision:decision>/",
            admin_views.entry_review,
            name="home_contest_entry_review",
        ),
        path("sms/", admin_views.broadcast_list, name="home_sms_broadcasts"),
        path("sms/<id:pk>/", admin_views.broadcast_detail, name="home_sms_broadcast"),
    ]


@hooks.register("register_admin_menu_item")
def register_contest_entries_menu_item():
    return admin_views.PermissionMenuItem(
        gettext_lazy("评比作品审核"),
        reverse("home_contest_entries"),
        icon_name="image",
        order=251,
        permission=admin_views.MODERATE_ENTRIES,
    )


@hooks.register("register_admin_menu_item")
def register_sms_menu_item():
    return admin_views.PermissionMenuItem(
        gettext_lazy("紧急通知短信"),
        reverse("home_sms_broadcasts"),
        icon_name="mail",
        order=252,
        permission=admin_views.SEND_BROADCAST,
    )
