"""Admin hooks of the supervision side: statistics, ledger, weekly reports and Open311 API keys.

Imported by ``petitions.wagtail_hooks`` (kept apart so the handling side's hooks can grow independently).
"""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from . import hot_topics_views, statistics_views
from .models import ApiKey


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


class ApiKeyCreateView(SnippetCreateView):
    """Issue a key: the secret is made here and shown once in the success message."""

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        self.raw_key = self.form.instance.issue()
        return super().save_instance()

    def get_success_message(self, instance):
        return _("已签发 %(name)s 的密钥：%(key)s —— 请立即复制交给使用方，此后无法再次查看。") % {
            "name": instance.name,
            "key": self.raw_key,
        }


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("Open311 密钥")
    add_view_class = ApiKeyCreateView
    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    panels = [FieldPanel("name"), FieldPanel("is_active")]


register_snippet(ApiKeyViewSet)
