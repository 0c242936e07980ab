"""The handling side's admin menu items and dashboard panels: who sees moderation, dispatch and the
workbench, and how many petitions wait for them. Registered by ``petitions.wagtail_hooks``."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from rongmei.roles import DISPATCH_PETITION, MODERATE_PETITION

from .views import is_staff_of_a_department


class HandlingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DISPATCH_PETITION)


class WorkbenchMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_of_a_department(request.user)


class WorkbenchPanel(Component):
    """The dashboard panel of a department's staff: how many petitions wait, are due soon or overdue."""

    name = "petitions_workbench"
    order = 50
    template_name = "petitions/admin/workbench_panel.html"

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context):
        return {"counts": self.counts, "url": reverse("petitions_workbench")}


class HandlingPanel(WorkbenchPanel):
    """The media centre's dashboard panel: petitions to dispatch, extensions to decide, overdue ones."""

    name = "petitions_handling"
    template_name = "petitions/admin/handling_panel.html"

    def get_context_data(self, parent_context):
        return {"counts": self.counts, "url": reverse("petitions_handling")}


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PETITION)
