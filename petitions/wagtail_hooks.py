from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ScreenedWord


class ScreenedWordViewSet(SnippetViewSet):
    model = ScreenedWord
    icon = "warning"
    menu_label = _("敏感词")
    list_display = ["word", "action", "reason", "is_active"]
    list_filter = ["action", "is_active"]
    search_fields = ["word", "reason"]
    search_backend_name = None  # a short list: the database filter is enough
    add_to_admin_menu = True


register_snippet(ScreenedWordViewSet)


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    from .workflow import LOG_ACTIONS

    for name, label in LOG_ACTIONS.items():
        actions.register_action(f"petitions.{name}", label, label)
