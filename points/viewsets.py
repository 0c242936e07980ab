"""The points rules and the passphrases in the Wagtail admin, for editors."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Passphrase, PointsRule


class PointsRuleViewSet(SnippetViewSet):
    model = PointsRule
    icon = "pick"
    list_display = ["action", "points", "daily_cap", "is_active"]


class PassphraseViewSet(SnippetViewSet):
    model = Passphrase
    icon = "key"
    list_display = ["phrase", "points", "valid_from", "valid_until", "max_redemptions", "redemption_count"]


class PointsGroup(SnippetViewSetGroup):
    menu_label = _("积分")
    menu_icon = "pick"
    items = (PointsRuleViewSet, PassphraseViewSet)
