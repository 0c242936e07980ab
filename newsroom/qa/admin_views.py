"""The Q&A sessions in the Wagtail admin: moderators release or reject questions, officials answer.

Moderators (``petitions.moderate_petition``) see every session; department staff see the sessions their
department takes part in and may answer there, and nowhere else (403 with the reason). Every change goes
through the rules in ``newsroom.qa.rules``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from petitions.models import Topic, handled_department_ids
from rongmei.roles import DISPATCH_PETITION

from ..models.qa import ANSWER_MAX_LENGTH, QAQuestion, QASessionPage
from . import rules

QUESTIONS_SHOWN = 200


def _refuse(request, message):
    return TemplateResponse(request, "newsroom/admin/qa_refused.html", {"message": message}, status=403)


def _visible_sessions(user):
    sessions = QASessionPage.objects.order_by("-starts_at").prefetch_related("officials")[:100]
    return [session for session in sessions if rules.can_moderate(user) or rules.can_answer(user, session)]


def can_see_sessions(user):
    """Whether the admin menu shows 在线访谈: moderators, and staff of any department."""
    return rules.can_moderate(user) or bool(handled_department_ids(user))


class QAMenuItem(MenuItem):
    """在线访谈 in the admin menu, shown to those who may see some session."""

    def is_shown(self, request):
        return can_see_sessions(request.user)


def session_list(request):
    if not can_see_sessions(request.user):
        return _refuse(request, _("只有融媒体中心编辑和参与访谈单位的工作人员可以查看在线访谈。"))
    sessions = _visible_sessions(request.user)
    pending = dict(
        QAQuestion.objects.pending()
        .filter(session__in=[session.pk for session in sessions])
        .values_list("session_id")
        .annotate(count=Count("pk"))
    )
    rows = [(session, pending.get(session.pk, 0)) for session in sessions]
    return TemplateResponse(
        request, "newsroom/admin/qa_sessions.html", {"rows": rows, "page_title": _("在线访谈")}
    )


class AnswerForm(forms.Form):
    official = forms.ModelChoiceField(queryset=None, required=False, label=gettext_lazy("回答嘉宾"))
    body = forms.CharField(
        label=gettext_lazy("回答"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": ANSWER_MAX_LENGTH}),
    )

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = rules.answerable_department_ids(user, session)
        # Every official of the session is accepted here so that the rule in ``rules.answer`` gives the
        # reason for a refusal; the menu offers only those the user may answer for.
        self.fields["official"].queryset = session.officials.all()
        self.fields["official"].choices = [("", _("以单位名义回答"))] + [
            (official.pk, str(official))
            for official in session.officials.all()
            if official.department_id in allowed
        ]


class PetitionForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.active(), label=gettext_lazy("领域"))
    title = forms.CharField(label=gettext_lazy("诉求标题（可不填）"), max_length=60, required=False)


def session_detail(request, pk):
    session = get_object_or_404(QASessionPage, pk=pk)
    moderator = rules.can_moderate(request.user)
    answerer = rules.can_answer(request.user, session)
    if not (moderator or answerer):
        return _refuse(request, _("您所在的单位没有参加这期访谈，不能查看或回答其中的问题。"))
    questions = (
        QAQuestion.objects.filter(session=session)
        .select_related("petition", "user")
        .prefetch_related("answers__official", "answers__department")
        .order_by("-submitted_at")
    )
    if not moderator:
        questions = questions.exclude(status=QAQuestion.Status.REJECTED)
    questions = list(questions[:QUESTIONS_SHOWN])
    context = {
        "page_title": session.title,
        "session": session,
        "state": session.state,
        "moderator": moderator,
        "answerer": answerer,
        "dispatcher": request.user.has_perm(DISPATCH_PETITION),
        "pending": [q for q in questions if q.status == QAQuestion.Status.PENDING],
        "released": [q for q in questions if q.status == QAQuestion.Status.RELEASED],
        "rejected": [q for q in questions if q.status == QAQuestion.Status.REJECTED],
        "answer_form": AnswerForm(session=session, user=request.user) if answerer else None,
        "petition_form": PetitionForm(),
    }
    return TemplateResponse(request, "newsroom/admin/qa_session.html", context)


def _question(pk):
    return get_object_or_404(QAQuestion.objects.select_related("session"), pk=pk)


def _back(question):
    return redirect(reverse("newsroom_qa_session", args=[question.session_id]) + f"#q-{question.pk}")


def _errors(request, error):
    messages.error(request, " ".join(error.messages))


@require_POST
def decide(request, pk, decision):
    question = _question(pk)
    try:
        if decision == "release":
            rules.release(question, request.user)
            messages.success(request, _("问题已公开。"))
        else:
            rules.reject(question, request.user, request.POST.get("reason", ""))
            messages.success(request, _("问题已设为不公开。"))
    except PermissionDenied as error:
        return _refuse(request, str(error))
    except rules.QAError as error:
        _errors(request, error)
    return _back(question)


@require_POST
def answer(request, pk):
    question = _question(pk)
    session = question.session
    if not rules.can_answer(request.user, session):
        return _refuse(request, _("只有参与本期访谈的单位的工作人员才能回答问题。"))
    form = AnswerForm(request.POST, session=session, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return _back(question)
    try:
        rules.answer(
            question, request.user, form.cleaned_data["body"], official=form.cleaned_data["official"]
        )
        messages.success(request, _("回答已保存。"))
    except PermissionDenied as error:
        return _refuse(request, str(error))
    except rules.QAError as error:
        _errors(request, error)
    return _back(question)


@require_POST
def to_petition(request, pk):
    question = _question(pk)
    form = PetitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择领域。"))
        return _back(question)
    try:
        petition = rules.convert_to_petition(
            question, request.user, form.cleaned_data["topic"], form.cleaned_data["title"]
        )
    except PermissionDenied as error:
        return _refuse(request, str(error))
    except rules.QAError as error:
        _errors(request, error)
        return _back(question)
    messages.success(request, _("已转为民声诉求 %(number)s，可以转办了。") % {"number": petition.number})
    return redirect(reverse("petitions_dispatch", args=[petition.pk]))
