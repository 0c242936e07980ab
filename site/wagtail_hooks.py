"""The site package's admin: the search synonyms, under Settings."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rongmei.search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("搜索同义词")
    add_to_settings_menu = True
    list_display = ["words", "note"]
    search_fields = ["words", "note"]
    ordering = ["words"]


register_snippet(SynonymViewSet)
