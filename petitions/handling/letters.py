"""Supervision letters, recommendation letters and interviews (督办函, 建议函, 约谈) in the Wagtail admin.

Supervisors (``issue_accountability_letter``) issue them, record interviews, read every department's and
accept or return a response; a department's staff see their own department's in their workbench and write
the response. The steps and who may take them are ``petitions.workflow.accountability``; these views only
ask it, so every rule is checked on the server. A letter of another department is a 404 to its staff, as
if it did not exist.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput

from rongmei.admin_views import TitledAdminTemplateMixin, add_errors

from .. import workflow
from ..models import AccountabilityLetter, Department, Petition
from ..workflow import accountability as steps

Letter = AccountabilityLetter
LIST_LIMIT = 200


def visible_letters(user):
    """Every letter to a supervisor; a department's staff their departments' (and sub-units'); else none."""
    letters = Letter.objects.select_related("department", "issued_by")
    if steps.is_supervisor(user):
        return letters
    return letters.for_departments(workflow.staff_department_ids(user))


class LettersMenuItem(MenuItem):
    def is_shown(self, request):
        return steps.is_supervisor(request.user) or bool(workflow.staff_department_ids(request.user))


class LettersView(TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/letters.html"
    page_title = gettext_lazy("督办函与约谈")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not (steps.is_supervisor(request.user) or workflow.staff_department_ids(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = list(visible_letters(self.request.user)[:LIST_LIMIT])
        context["is_supervisor"] = steps.is_supervisor(self.request.user)
        context["today"] = timezone.localdate()
        return context


class PetitionNumbersField(forms.CharField):
    """Petition numbers (MS-2026-000123), separated by spaces or commas."""

    def clean(self, value):
        value = super().clean(value)
        found = []
        for word in value.replace("，", ",").replace(",", " ").split():
            petition = Petition.objects.by_number(word).first()
            if not petition:
                raise forms.ValidationError(_("没有编号为 %(number)s 的诉求。") % {"number": word})
            found.append(petition)
        return found


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"), choices=Letter.Kind.choices, widget=forms.RadioSelect
    )
    department = forms.ModelChoiceField(label=gettext_lazy("办理单位"), queryset=Department.objects.active())
    petitions = PetitionNumbersField(
        label=gettext_lazy("相关诉求编号"),
        required=False,
        help_text=gettext_lazy("可填多个，用空格或逗号分隔；针对普遍问题的可不填。"),
    )
    subject = forms.CharField(label=gettext_lazy("事由"), max_length=120)
    text = forms.CharField(
        label=gettext_lazy("正文"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    deadline = forms.DateField(label=gettext_lazy("回复期限"), widget=AdminDateInput())
    interviewed_on = forms.DateField(label=gettext_lazy("约谈日期"), required=False, widget=AdminDateInput())
    attendees = forms.CharField(label=gettext_lazy("参加人员"), max_length=500, required=False)
    record = forms.CharField(
        label=gettext_lazy("约谈记录"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


def issue(request):
    """签发: a supervisor issues a letter or records an interview."""
    if not steps.is_supervisor(request.user):
        raise PermissionDenied
    form = IssueForm(request.POST or None, initial={"kind": Letter.Kind.SUPERVISION})
    if request.method == "POST" and form.is_valid():
        try:
            letter = steps.issue(request.user, **form.cleaned_data)
        except workflow.TransitionError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已签发 %(number)s。") % {"number": letter.number})
            return redirect("petitions_letter", letter.pk)
    return render(
        request,
        "petitions/admin/letter_issue.html",
        {"form": form, "page_title": _("签发函件"), "header_icon": "mail"},
    )


class RespondForm(forms.Form):
    response = forms.CharField(
        label=gettext_lazy("书面回复"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReviewForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("审核意见"), max_length=500, required=False)


def _visible(request, pk):
    letter = get_object_or_404(
        Letter.objects.select_related("department", "issued_by", "responded_by"), pk=pk
    )
    if not steps.may_view(request.user, letter):
        raise Http404
    return letter


def letter(request, pk):
    """One letter: its text, its response, and the step the viewer may take now."""
    letter = _visible(request, pk)
    user = request.user
    may_respond = steps.may_respond(user, letter) and letter.status in (
        Letter.Status.ISSUED,
        Letter.Status.RETURNED,
    )
    may_review = steps.is_supervisor(user) and letter.status == Letter.Status.RESPONDED
    respond_form = RespondForm(initial={"response": letter.response})
    review_form = ReviewForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "respond":
                respond_form = RespondForm(request.POST)
                if respond_form.is_valid():
                    steps.respond(letter, user, **respond_form.cleaned_data)
                    messages.success(request, _("已回复 %(number)s。") % {"number": letter.number})
                    return redirect("petitions_letter", letter.pk)
            elif action in ("accept", "return"):
                review_form = ReviewForm(request.POST)
                if review_form.is_valid():
                    steps.review(letter, user, accept=action == "accept", **review_form.cleaned_data)
                    messages.success(request, _("已审核 %(number)s 的回复。") % {"number": letter.number})
                    return redirect("petitions_letter", letter.pk)
            else:
                raise Http404
        except workflow.TransitionError as error:
            add_errors(respond_form if action == "respond" else review_form, error)
    return render(
        request,
        "petitions/admin/letter.html",
        {
            "letter": letter,
            "petitions": list(letter.petitions.all()),
            "may_respond": may_respond,
            "may_review": may_review,
            "respond_form": respond_form,
            "review_form": review_form,
            "page_title": str(letter.number),
            "header_icon": "mail",
        },
    )


def printable(request, pk):
    """A4 printable letter: number, department, deadline, text, and the response once given."""
    letter = _visible(request, pk)
    return render(
        request,
        "petitions/admin/letter_print.html",
        {"letter": letter, "petitions": list(letter.petitions.all())},
    )
