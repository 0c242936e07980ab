"""Admin hooks of the supervision side: statistics, ledger, weekly reports.

Imported by ``petitions.wagtail_hooks`` (kept apart so the handling side's hooks can grow independently).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import hot_topics_views, statistics_views


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return statistics_views.can_view_statistics(request.user)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path("petitions/statistics/", statistics_views.StatisticsView.as_view(), name="petitions_statistics"),
        path("petitions/ledger/", statistics_views.LedgerView.as_view(), name="petitions_ledger"),
        path("petitions/hot-topics/", hot_topics_views.HotTopicsView.as_view(), name="petitions_hot_topics"),
    ]


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        gettext_lazy("民声统计"), reverse("petitions_statistics"), icon_name="table", order=260
    )


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return StatisticsMenuItem(
        gettext_lazy("民声台账"), reverse("petitions_ledger"), icon_name="list-ul", order=261
    )


@hooks.register("register_admin_menu_item")
def register_hot_topics_menu_item():
    return StatisticsMenuItem(
        gettext_lazy("热点诉求"), reverse("petitions_hot_topics"), icon_name="pick", order=262
    )
