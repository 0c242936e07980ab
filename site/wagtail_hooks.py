"""The site package's admin: the search synonyms, under Settings; forgotten drafts that step aside; the
report pages' stylesheet."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rongmei.drafts import free_slug_for_new_page
from rongmei.search.models import Synonym

hooks.register("before_create_page", free_slug_for_new_page)


@hooks.register("insert_global_admin_css")
def report_styles():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-reports.css"))


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("搜索同义词")
    add_to_settings_menu = True
    list_display = ["words", "note"]
    search_fields = ["words", "note"]
    ordering = ["words"]


register_snippet(SynonymViewSet)
