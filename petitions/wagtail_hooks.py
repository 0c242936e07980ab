"""Admin registration only: the petition snippets, the admin URLs and menu items of each side (moderation
and handling, reporters, supervision, exchange), the dashboard panels, log actions and the home section.

The views, viewsets and menu items themselves live with their side: ``handling.viewsets``,
``handling.menus``, ``handling.moderation``, ``handling.views``, ``handling.visits``, ``handling.duty``,
``reporters.views``, ``supervision.views``, ``exchange.views`` and ``exchange.city.admin``.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.sections import home_section
from rongmei import routes
from rongmei.roles import DISPATCH_PETITION

from .exchange import views as exchange_views
from .exchange.city import admin as city_admin
from .handling import duplicates, duty, hotline, letters, menus, moderation, visits
from .handling import views as handling_views
from .handling.viewsets import PetitionGroup
from .intake import home
from .models import Petition
from .reporters import columns as reporting
from .reporters import views as reporter_views
from .supervision import accountability as accountability_views
from .supervision import views as supervision_views
from .workflow import LOG_ACTIONS
from .workflow import accountability as letter_steps

# --- snippets (the order is the admin menu's) ---------------------------------------------------------

register_snippet(exchange_views.ApiKeyViewSet)
register_snippet(exchange_views.WebhookViewSet)
register_snippet(city_admin.CityLinkViewSet)
register_snippet(PetitionGroup)


@hooks.register("register_snippet_listing_buttons")
def petition_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Petition) and (button := reporter_views.take_up_button(snippet, user)):
        yield button


# --- supervision: statistics, ledger, hot topics ----------------------------------------------------------


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path(
            "petitions/statistics/", supervision_views.StatisticsView.as_view(), name="petitions_statistics"
        ),
        path("petitions/ledger/", supervision_views.LedgerView.as_view(), name="petitions_ledger"),
        path("petitions/hot-topics/", supervision_views.HotTopicsView.as_view(), name="petitions_hot_topics"),
    ]


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return supervision_views.StatisticsMenuItem(
        gettext_lazy("民声统计"), reverse("petitions_statistics"), icon_name="table", order=260
    )


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return supervision_views.StatisticsMenuItem(
        gettext_lazy("民声台账"), reverse("petitions_ledger"), icon_name="list-ul", order=261
    )


@hooks.register("register_admin_menu_item")
def register_hot_topics_menu_item():
    return supervision_views.StatisticsMenuItem(
        gettext_lazy("热点诉求"), reverse("petitions_hot_topics"), icon_name="pick", order=262
    )


# --- exchange: webhook deliveries -------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_webhook_urls():
    return [
        path(
            "petitions/webhooks/deliveries/",
            exchange_views.DeliveryListView.as_view(),
            name="petitions_webhook_deliveries",
        ),
        path(
            "petitions/webhooks/deliveries/<id:pk>/retry/",
            exchange_views.retry_delivery,
            name="petitions_webhook_retry",
        ),
        path("petitions/webhooks/<id:pk>/reissue/", exchange_views.reissue, name="petitions_webhook_reissue"),
    ]


@hooks.register("register_admin_menu_item")
def register_webhook_menu_item():
    return exchange_views.WebhookMenuItem(
        gettext_lazy("推送记录"),
        reverse("petitions_webhook_deliveries"),
        icon_name="link-external",
        order=262,
    )


# --- exchange: 市区两级 (a district's calls to its city, and 上报市级) ---------------------------------------


@hooks.register("register_admin_urls")
def register_city_urls():
    return [
        path("petitions/city/calls/", city_admin.CityCallListView.as_view(), name="petitions_city_calls"),
        path("petitions/city/calls/<id:pk>/retry/", city_admin.retry_call, name="petitions_city_call_retry"),
        path(
            "petitions/<id:pk>/forward-to-city/", city_admin.forward_to_city, name="petitions_forward_to_city"
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_city_menu_item():
    return city_admin.CityCallMenuItem(
        gettext_lazy("上报记录"), reverse("petitions_city_calls"), icon_name="site", order=263
    )


# --- moderation and handling ------------------------------------------------------------------------


# An unknown word in an action's place is a 404, never taken for one of them (``rongmei.routes.one_of``).
routes.one_of("petition_decision", "accept", "reject")
routes.one_of("message_decision", "approve", "reject")
routes.one_of("extension_decision", "approve", "refuse")
routes.one_of("workbench_action", "view", *handling_views.ACTIONS)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("petitions/moderation/", moderation.ModerationQueueView.as_view(), name="petitions_moderation"),
        path(
            "petitions/moderation/petition/<id:pk>/<petition_decision:decision>/",
            moderation.decide_petition,
            name="petitions_decide_petition",
        ),
        path(
            "petitions/moderation/message/<id:pk>/<message_decision:decision>/",
            moderation.decide_message,
            name="petitions_decide_message",
        ),
    ]


@hooks.register("register_admin_urls")
def register_handling_urls():
    return [
        path("petitions/handling/", handling_views.HandlingView.as_view(), name="petitions_handling"),
        path("petitions/<id:pk>/dispatch/", handling_views.dispatch_petition, name="petitions_dispatch"),
        path(
            "petitions/dispatch/<id:pk>/letter/",
            handling_views.referral_letter,
            name="petitions_referral_letter",
        ),
        path(
            "petitions/extension/<id:pk>/<extension_decision:decision>/",
            handling_views.decide_extension,
            name="petitions_decide_extension",
        ),
        path("petitions/<id:pk>/supervise/", handling_views.supervise, name="petitions_supervise"),
        path("petitions/<id:pk>/reopen/", handling_views.reopen, name="petitions_reopen"),
        path("petitions/return-visits/", visits.ReturnVisitsView.as_view(), name="petitions_return_visits"),
        path("petitions/<id:pk>/return-visit/", visits.record, name="petitions_return_visit"),
        path("petitions/<id:pk>/duplicate/", duplicates.mark, name="petitions_mark_duplicate"),
        path("petitions/<id:pk>/reporter/", reporter_views.take_up, name="petitions_take_up"),
        path("petitions/duty/", duty.calendar, name="petitions_duty"),
        path("petitions/duty/<str:day>/", duty.day_view, name="petitions_duty_day"),
        path("petitions/duty/<str:day>/remove/<id:pk>/", duty.remove, name="petitions_duty_remove"),
        path("petitions/workbench/", handling_views.WorkbenchView.as_view(), name="petitions_workbench"),
        path(
            "petitions/workbench/<id:pk>/<workbench_action:action>/",
            handling_views.handle,
            name="petitions_handle",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_handling_menu_item():
    return menus.HandlingMenuItem(
        gettext_lazy("转办与督办"), reverse("petitions_handling"), icon_name="resubmit", order=251
    )


@hooks.register("register_admin_urls")
def register_letter_urls():
    return [
        path("petitions/letters/", letters.LettersView.as_view(), name="petitions_letters"),
        path("petitions/letters/new/", letters.issue, name="petitions_letter_issue"),
        path("petitions/letters/<id:pk>/", letters.letter, name="petitions_letter"),
        path("petitions/letters/<id:pk>/print/", letters.printable, name="petitions_letter_print"),
        path(
            "petitions/letters/ledger/",
            accountability_views.AccountabilityLedgerView.as_view(),
            name="petitions_accountability_ledger",
        ),
    ]


@hooks.register("register_admin_urls")
def register_hotline_urls():
    return [path("petitions/hotline/", hotline.enter, name="petitions_hotline")]


@hooks.register("register_admin_menu_item")
def register_hotline_menu_item():
    return hotline.HotlineMenuItem(
        gettext_lazy("热线登记"), reverse("petitions_hotline"), icon_name="mail", order=249
    )


@hooks.register("register_admin_menu_item")
def register_letters_menu_item():
    return letters.LettersMenuItem(
        gettext_lazy("督办函与约谈"), reverse("petitions_letters"), icon_name="mail", order=254
    )


@hooks.register("register_admin_menu_item")
def register_return_visit_menu_item():
    return visits.ReturnVisitMenuItem(
        gettext_lazy("回访"), reverse("petitions_return_visits"), icon_name="mail", order=253
    )


@hooks.register("register_admin_menu_item")
def register_duty_menu_item():
    return duty.DutyMenuItem(gettext_lazy("值班表"), reverse("petitions_duty"), icon_name="date", order=254)


@hooks.register("register_admin_menu_item")
def register_workbench_menu_item():
    return menus.WorkbenchMenuItem(
        gettext_lazy("诉求办理工作台"), reverse("petitions_workbench"), icon_name="tasks", order=252
    )


@hooks.register("construct_homepage_panels")
def add_workbench_panel(request, panels):
    if request.user.has_perm(DISPATCH_PETITION):
        panels.append(menus.HandlingPanel(handling_views.media_centre_counts()))
    if handling_views.is_staff_of_a_department(request.user):
        panels.append(menus.WorkbenchPanel(handling_views.counts(request.user)))


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return menus.ModerationMenuItem(
        gettext_lazy("民声审核"), reverse("petitions_moderation"), icon_name="tasks", order=250
    )


# --- history and the home page ----------------------------------------------------------------------


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    for name, label in {**LOG_ACTIONS, **reporting.LOG_ACTIONS, **letter_steps.LOG_ACTIONS}.items():
        actions.register_action(f"petitions.{name}", label, label)


@home_section("figures", gettext_lazy("民声数据（本月受理、办结率、满意率、今日答复）"), order=4)
def figures_section(request, home_page, limit):
    return home.figures_section(request, home_page)


@home_section("petitions", gettext_lazy("民声回音（最新答复）"), order=5)
def petitions_section(request, home_page, limit):
    return home.answered_section(request, home_page, limit)


@hooks.register("register_home_action")
def petition_actions(request, home_page):
    return home.actions(request, home_page)
