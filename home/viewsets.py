"""The home app's admin views: the pop-up notices (定时弹窗) editors schedule."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PopupNotice


class PopupNoticeViewSet(SnippetViewSet):
    """定时弹窗, a menu item of its own beside the pages: urgent notices are found at a glance."""

    model = PopupNotice
    icon = "warning"
    menu_label = _("定时弹窗")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        "starts_at",
        "ends_at",
        Column("cap", label=_("显示频率"), accessor="get_cap_display"),
        BooleanColumn("showing", label=_("正在显示"), accessor="showing_now"),
    ]
    list_filter = ["kind", "live"]
    search_fields = ["title", "body"]
    ordering = ["-starts_at"]
