"""Marking a petition as a duplicate (重复诉求) in the Wagtail admin: one form on the petition, for editors and
supervisors (``mark_duplicate_petition``). The step itself is the workflow's ``mark_duplicate``
(``petitions.workflow.duplicates``), which checks who may and when, and writes the audit log."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rongmei.admin_views import add_errors

from .. import workflow
from ..models import Petition


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=gettext_lazy("原诉求编号"),
        max_length=20,
        help_text=gettext_lazy("这条诉求将办结为重复诉求，居民会收到通知，并在诉求页上看到原诉求的链接。"),
    )


def mark(request, pk):
    """Mark one petition as a duplicate of the petition whose number is typed in."""
    petition = get_object_or_404(Petition.objects.select_related("topic", "department"), pk=pk)
    if not workflow.TRANSITIONS["mark_duplicate"].allowed(request.user, petition):
        raise PermissionDenied
    form = DuplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(petition, "mark_duplicate", request.user, **form.cleaned_data)
        except workflow.TransitionError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("已将 %(number)s 标记为 %(original)s 的重复诉求。")
                % {"number": petition.number, "original": petition.duplicate_of.number},
            )
            if request.user.has_perm("petitions.view_petition"):
                return redirect("wagtailsnippets_petitions_petition:inspect", petition.pk)
            return redirect("wagtailadmin_home")
    return render(
        request,
        "petitions/admin/mark_duplicate.html",
        {
            "petition": petition,
            "form": form,
            "may_mark": workflow.can(request.user, petition, "mark_duplicate"),
            "page_title": _("标记为重复"),
            "header_icon": "duplicate",
        },
    )
