"""The points app's registrations: its snippets, the pick-up counter (``viewsets.pickup``) and its log action."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import viewsets

register_snippet(viewsets.PointsGroup)


@hooks.register("register_admin_urls")
def register_pickup_urls():
    return [path("points/pickup/", viewsets.pickup, name="points_pickup")]


@hooks.register("register_admin_menu_item")
def register_pickup_menu_item():
    return viewsets.PickupMenuItem(_("取货核销"), reverse("points_pickup"), icon_name="check", order=260)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("points.pickup_verified", _("核销取货码"), _("核销了取货码"))
