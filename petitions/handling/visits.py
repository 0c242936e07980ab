"""Return visits (回访) in the Wagtail admin: the queue of petitions waiting for one, and the form that
records one. Supervisors and editors (``record_return_visit``) use them; the step itself is the workflow's
``return_visit`` (``petitions.workflow``), which checks who may and when, and writes the audit log.

The queue lists petitions whose latest 不满意 has no visit after it; any other finished petition is found
by its number. The resident's contact details are shown on the form only to staff who may already read
them (the petition's admin page, or ``view_petition_contacts``); visits are never shown in public.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateTimeInput

from rongmei.admin_views import TitledAdminTemplateMixin, add_errors
from rongmei.roles import RECORD_RETURN_VISIT, VIEW_PETITION_CONTACTS

from .. import workflow
from ..models import Petition, ReturnVisit

S = Petition.Status
QUEUE_LIMIT = 100
RECENT_LIMIT = 30


def may_record(user):
    return user.is_authenticated and user.has_perm(RECORD_RETURN_VISIT)


def may_see_contacts(user):
    """Who already reads a resident's contact details: the petition's admin page shows them to whoever may
    view petitions there; ``view_petition_contacts`` is granted to named people."""
    return user.has_perm(VIEW_PETITION_CONTACTS) or user.has_perm("petitions.view_petition")


class ReturnVisitMenuItem(MenuItem):
    def is_shown(self, request):
        return may_record(request.user)


def awaiting_visit():
    """Petitions whose latest 不满意 has no return visit after it, the oldest rating first."""
    visited = ReturnVisit.objects.filter(petition=OuterRef("pk"), visited_at__gte=OuterRef("dissatisfied_at"))
    return (
        Petition.objects.filter(dissatisfied_at__isnull=False, status__in=[S.PROCESSING, S.REPLIED, S.CLOSED])
        .exclude(Exists(visited))
        .order_by(F("dissatisfied_at").asc(), "pk")
    )


class FindForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("诉求编号"), max_length=20)

    def clean_number(self):
        petition = Petition.objects.by_number(self.cleaned_data["number"]).first()
        if not petition:
            raise forms.ValidationError(_("没有这个编号的诉求。"))
        return petition


class ReturnVisitsView(TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/return_visits.html"
    page_title = gettext_lazy("回访")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not may_record(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = FindForm(request.GET or None)
        if request.GET and form.is_valid():
            return redirect("petitions_return_visit", form.cleaned_data["number"].pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["awaiting"] = list(awaiting_visit().select_related("department")[:QUEUE_LIMIT])
        context["recent"] = list(
            ReturnVisit.objects.select_related("petition", "recorded_by").order_by("-recorded_at", "-pk")[
                :RECENT_LIMIT
            ]
        )
        return context


class ReturnVisitForm(forms.Form):
    visited_at = forms.DateTimeField(label=gettext_lazy("回访时间"), widget=AdminDateTimeInput())
    method = forms.ChoiceField(
        label=gettext_lazy("回访方式"), choices=ReturnVisit.Method.choices, widget=forms.RadioSelect
    )
    resident_said = forms.CharField(
        label=gettext_lazy("居民意见"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("居民说了什么；只供内部查看，不公开。"),
    )
    answer_rating = forms.ChoiceField(
        label=gettext_lazy("对答复的评价"), choices=Petition.Rating.choices, widget=forms.RadioSelect
    )
    handling_rating = forms.ChoiceField(
        label=gettext_lazy("对办理的评价"), choices=Petition.Rating.choices, widget=forms.RadioSelect
    )


def record(request, pk):
    """Record a return visit of one petition (the workflow decides whether it may be visited now)."""
    if not may_record(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition.objects.select_related("topic", "department"), pk=pk)
    form = ReturnVisitForm(
        request.POST or None, initial={"visited_at": timezone.localtime().replace(second=0, microsecond=0)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(petition, "return_visit", request.user, **form.cleaned_data)
        except workflow.TransitionError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已记录 %(number)s 的回访。") % {"number": petition.number})
            if request.user.has_perm("petitions.view_petition"):
                return redirect("wagtailsnippets_petitions_petition:inspect", petition.pk)
            return redirect(reverse("petitions_return_visits"))
    reply = petition.messages.filter(kind="reply").order_by("-created_at", "-pk").first()
    return render(
        request,
        "petitions/admin/return_visit.html",
        {
            "petition": petition,
            "reply": reply,
            "form": form,
            "may_visit": workflow.can(request.user, petition, "return_visit"),
            "show_contacts": may_see_contacts(request.user),
            "visits": list(petition.return_visits.select_related("recorded_by")),
            "page_title": _("回访"),
            "header_icon": "mail",
        },
    )
