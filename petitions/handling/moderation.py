"""The moderation queue (审帖) in the Wagtail admin: pending petitions and held messages, decided here.

Both lists are oldest first, in keyset pages (``keyset``) read through their indexes; their numbers are
counted up to ``COUNT_LIMIT``.

Every decision goes through ``petitions.workflow`` and is written to the audit log. Edit-for-privacy is
the petition snippet's own edit view (title, content, place and photos).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from rongmei.admin_views import TitledAdminTemplateMixin
from rongmei.roles import MODERATE_PETITION

from .. import workflow
from ..models import Petition, PetitionMessage
from . import photos
from .keyset import keyset_page


def _can_moderate(user):
    return user.has_perm(MODERATE_PETITION)


class ModerationQueueView(TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/moderation_queue.html"
    page_title = gettext_lazy("审核队列")
    header_icon = "tasks"
    per_page = 30

    def dispatch(self, request, *args, **kwargs):
        if not _can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        petitions = keyset_page(
            Petition.objects.pending()
            .select_related("topic", "requested_department")
            .prefetch_related(photos.prefetch()),
            "submitted_at",
            after=query.get("after"),
            before=query.get("before"),
            per_page=self.per_page,
        )
        for petition in petitions:
            petition.staff_photos = photos.of(petition)
        held = keyset_page(
            PetitionMessage.objects.pending().select_related("petition"),
            "created_at",
            after=query.get("messages_after"),
            before=query.get("messages_before"),
            per_page=self.per_page,
        )
        context.update(
            petitions=petitions,
            held_messages=held,
            pending_count=_bounded_count(Petition.objects.pending()),
            held_count=_bounded_count(PetitionMessage.objects.pending()),
            count_limit=COUNT_LIMIT,
        )
        return context


#: the queues' numbers are counted up to this ("1000+" beyond): a backlog, never the archive, is counted
COUNT_LIMIT = 1000


def _bounded_count(queryset):
    return queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()


@require_POST
def decide_petition(request, pk, decision):
    if not _can_moderate(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition, pk=pk)
    try:
        if decision == "accept":
            workflow.perform(petition, "accept", request.user)
            messages.success(request, _("已受理 %(number)s。") % {"number": petition.number})
        else:
            workflow.perform(petition, "reject", request.user, reason=request.POST.get("reason", "").strip())
            messages.success(request, _("已不予受理 %(number)s。") % {"number": petition.number})
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("petitions_moderation"))


@require_POST
def decide_message(request, pk, decision):
    if not _can_moderate(request.user):
        raise PermissionDenied
    message = get_object_or_404(PetitionMessage.objects.select_related("petition"), pk=pk)
    try:
        workflow.moderate_message(
            message, decision == "approve", request.user, reason=request.POST.get("reason", "").strip()
        )
        messages.success(request, _("留言已处理。"))
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("petitions_moderation"))
