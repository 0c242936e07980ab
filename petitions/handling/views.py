"""The handling side in the Wagtail admin: dispatch (转办) with its referral letter, the department
workbench (工作台) and its actions, and the editors' decisions on extension requests. Reporters taking
petitions up (记者跟进) is ``petitions.reporters.views``.

Every action calls ``petitions.workflow.perform``; a refusal (wrong department, wrong state, a parallel
claim that came first) is shown as the workflow's Chinese message and nothing is changed.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from rongmei.admin_views import TitledAdminTemplateMixin
from rongmei.roles import DISPATCH_PETITION

from .. import workflow
from ..models import AccountabilityLetter, CityLink, DutyShift, ExtensionRequest, Petition, PetitionDispatch
from ..workflow import deadlines
from . import photos
from .choices import department_choices
from .duty import suggested_department
from .keyset import keyset_page

S = Petition.Status


def _is_dispatcher(user):
    return user.is_authenticated and user.has_perm(DISPATCH_PETITION)


# --- dispatch ---------------------------------------------------------------------------------------


class DispatchForm(forms.Form):
    department = forms.TypedChoiceField(label=gettext_lazy("办理单位"), coerce=int)
    note = forms.CharField(
        label=gettext_lazy("转办说明（办理单位可见）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "---------"), *department_choices()]


def dispatch_petition(request, pk):
    if not _is_dispatcher(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition.objects.select_related("topic", "requested_department"), pk=pk)
    # A suggestion only fills the empty form: what the dispatcher chooses (the POST) is what is sent.
    on_duty = list(DutyShift.objects.today())
    suggestion = suggested_department(petition, on_duty)
    form = DispatchForm(request.POST or None, initial={"department": suggestion} if suggestion else {})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(
                petition,
                "dispatch",
                request.user,
                department=form.cleaned_data["department"],
                note=form.cleaned_data["note"],
            )
        except workflow.TransitionError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            dispatch = petition.dispatches.first()
            messages.success(
                request,
                _("已将 %(number)s 转办给 %(department)s。")
                % {"number": petition.number, "department": dispatch.department.name},
            )
            return redirect("petitions_referral_letter", pk=dispatch.pk)
    return render(
        request,
        "petitions/admin/dispatch.html",
        {
            "petition": petition,
            "form": form,
            "on_duty": on_duty,
            # 市区两级: a district's site may forward the petition up instead (``exchange.city.admin``)
            "city_link": CityLink.objects.active().first(),
            # the duty unit is suggested only when neither the resident nor the topic names a unit
            "duty_suggested": bool(suggestion)
            and not petition.requested_department_id
            and not petition.topic.owner_id,
            "page_title": _("转办"),
            "header_icon": "resubmit",
        },
    )


def referral_letter(request, pk):
    """社情民意处置函: a printable page; for dispatchers and the receiving department's staff."""
    dispatch = get_object_or_404(
        PetitionDispatch.objects.select_related(
            "petition__topic", "department", "dispatched_by"
        ).prefetch_related(photos.prefetch("petition__")),
        pk=pk,
    )
    user = request.user
    allowed = _is_dispatcher(user) or dispatch.department_id in workflow.staff_department_ids(user)
    if not allowed:
        raise PermissionDenied
    return render(
        request,
        "petitions/admin/referral_letter.html",
        {
            "dispatch": dispatch,
            "petition": dispatch.petition,
            "photos": photos.of(dispatch.petition),
            "today": timezone.localdate(),
        },
    )


# --- the department workbench ----------------------------------------------------------------------

TABS = {
    "new": gettext_lazy("待签收"),
    "processing": gettext_lazy("办理中"),
    "due_soon": gettext_lazy("即将到期"),
    "overdue": gettext_lazy("已超期"),
    "replied": gettext_lazy("已答复"),
}


#: each tab's ordering date; the replied tab lists the newest reply first
TAB_ORDER = {
    "new": "due_at",
    "processing": "due_at",
    "due_soon": "due_at",
    "overdue": "due_at",
    "replied": "replied_at",
}
#: the replied tab holds the department's whole archive: its number is counted up to this and shown as "1000+"
REPLIED_COUNT_LIMIT = 1000


def queue(user, tab, now=None, department_ids=None):
    """The petitions of ``user``'s departments (and their sub-units) in one workbench tab."""
    if department_ids is None:
        department_ids = workflow.staff_department_ids(user)
    petitions = Petition.objects.for_departments(department_ids)
    if tab == "new":
        return petitions.filter(status=S.ASSIGNED).order_by("due_at", "pk")
    if tab == "processing":
        return petitions.filter(status=S.PROCESSING).order_by("due_at", "pk")
    if tab == "due_soon":
        return deadlines.due_soon(petitions, now).order_by("due_at", "pk")
    if tab == "overdue":
        return petitions.overdue(now).order_by("due_at", "pk")
    return petitions.filter(status__in=[S.REPLIED, S.CLOSED]).order_by("-replied_at", "-pk")


def counts(user, now=None, department_ids=None):
    """The numbers on the workbench tabs and the dashboard panel: the open petitions in one query (they
    are few, read through the queue index), the replied ones counted up to ``REPLIED_COUNT_LIMIT``
    (``replied_more`` says there are more), so no count reads the department's whole archive."""
    now = now or timezone.now()
    if department_ids is None:
        department_ids = workflow.staff_department_ids(user)
    horizon = deadlines.soon_horizon(now)
    petitions = Petition.objects.for_departments(department_ids)
    active = Q(due_at__isnull=False)
    numbers = petitions.filter(status__in=[S.ASSIGNED, S.PROCESSING]).aggregate(
        new=Count("pk", filter=Q(status=S.ASSIGNED)),
        processing=Count("pk", filter=Q(status=S.PROCESSING)),
        due_soon=Count("pk", filter=active & Q(due_at__gte=now, due_at__lte=horizon)),
        overdue=Count("pk", filter=active & Q(due_at__lt=now)),
    )
    replied = petitions.filter(status__in=[S.REPLIED, S.CLOSED]).order_by()
    numbers["replied"] = replied.values("pk")[: REPLIED_COUNT_LIMIT + 1].count()
    numbers["replied_more"] = numbers["replied"] > REPLIED_COUNT_LIMIT
    numbers["replied"] = min(numbers["replied"], REPLIED_COUNT_LIMIT)
    return numbers


def is_staff_of_a_department(user):
    return bool(workflow.staff_department_ids(user))


class WorkbenchView(TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/workbench.html"
    page_title = gettext_lazy("诉求办理工作台")
    header_icon = "tasks"
    per_page = 50

    def dispatch(self, request, *args, **kwargs):
        self.department_ids = workflow.staff_department_ids(request.user)
        if not self.department_ids:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tab = self.request.GET.get("tab", "new")
        tab = tab if tab in TABS else "new"
        ids, now = self.department_ids, timezone.now()
        petitions = queue(self.request.user, tab, now=now, department_ids=ids).select_related(
            "topic", "department"
        )
        page = keyset_page(
            petitions,
            TAB_ORDER[tab],
            descending=tab == "replied",
            after=self.request.GET.get("after"),
            before=self.request.GET.get("before"),
            per_page=self.per_page,
        )
        numbers = counts(self.request.user, now=now, department_ids=ids)
        context.update(
            tab=tab,
            tabs=[
                (key, label, numbers[key], key == "replied" and numbers["replied_more"])
                for key, label in TABS.items()
            ],
            page_obj=page,
            petitions=page.object_list,
            now=now,
            on_duty=list(DutyShift.objects.today()),
            # 督办函, 建议函 and 约谈 waiting for this department's written response
            letters=list(
                AccountabilityLetter.objects.for_departments(ids)
                .awaiting_response()
                .select_related("department")
            ),
        )
        return context


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("答复内容（公开）"), widget=forms.Textarea(attrs={"rows": 6}), max_length=2000
    )
    internal_note = forms.CharField(
        label=gettext_lazy("内部说明（不公开）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=300)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("延长工作日"), min_value=1, max_value=deadlines.EXTENSION_MAX_DAYS
    )
    reason = forms.CharField(label=gettext_lazy("延期理由"), max_length=300)


ACTIONS = {
    "claim": (None, gettext_lazy("已签收 %(number)s。")),
    "reply": (ReplyForm, gettext_lazy("已答复 %(number)s。")),
    "return": (ReasonForm, gettext_lazy("已将 %(number)s 退回融媒体中心。")),
    "request_extension": (ExtensionForm, gettext_lazy("已提交 %(number)s 的延期申请，等待融媒体中心审批。")),
}


def handle(request, pk, action):
    """One petition in the workbench: its thread and the forms of the actions the user may take."""
    petition = get_object_or_404(
        Petition.objects.select_related("topic", "department").prefetch_related(photos.prefetch()), pk=pk
    )
    if not workflow.is_handling_department(request.user, petition):
        if not is_staff_of_a_department(request.user):
            raise PermissionDenied
        messages.error(request, _("这条诉求不是转办给您所在单位的，不能办理。"))
        return redirect(reverse("petitions_workbench"))
    forms_by_action = {
        name: form_class() for name, (form_class, _message) in ACTIONS.items() if form_class is not None
    }
    if request.method == "POST" and action in ACTIONS:
        form_class, success = ACTIONS[action]
        form = form_class(request.POST) if form_class else None
        if form is None or form.is_valid():
            try:
                workflow.perform(petition, action, request.user, **(form.cleaned_data if form else {}))
            except (workflow.TransitionError, PermissionDenied) as error:
                text = " ".join(error.messages) if hasattr(error, "messages") else str(error)
                messages.error(request, text)
            else:
                messages.success(request, success % {"number": petition.number})
                if action == "return":
                    return redirect(reverse("petitions_workbench"))
                return redirect(reverse("petitions_handle", args=[petition.pk, "view"]))
        else:
            forms_by_action[action] = form
    thread = list(petition.messages.select_related("department").order_by("created_at", "pk"))
    return render(
        request,
        "petitions/admin/handle.html",
        {
            "petition": petition,
            "photos": photos.of(petition),
            "thread": thread,
            "forms": forms_by_action,
            "available": {t.name for t in workflow.available(request.user, petition)},
            "dispatches": list(petition.dispatches.select_related("department")[:5]),
            "extensions": list(petition.extension_requests.all()),
            "page_title": petition.number,
            "header_icon": "tasks",
        },
    )


# --- the media centre's handling queue: to dispatch, extension requests, overdue -------------------


class HandlingView(TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/handling.html"
    page_title = gettext_lazy("转办与督办")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not _is_dispatcher(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["to_dispatch"] = list(
            Petition.objects.filter(status=S.ACCEPTED)
            .select_related("topic", "requested_department")
            .order_by("accepted_at", "pk")[:100]
        )
        context["extensions"] = list(
            ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
            .select_related("petition", "department")
            .order_by("requested_at")[:100]
        )
        context["overdue"] = list(
            Petition.objects.overdue().select_related("department").order_by("due_at", "pk")[:100]
        )
        return context


def media_centre_counts(now=None):
    """The media centre's numbers for its dashboard panel: to dispatch, extensions to decide, overdue."""
    now = now or timezone.now()
    numbers = Petition.objects.aggregate(
        to_dispatch=Count("pk", filter=Q(status=S.ACCEPTED)),
        overdue=Count("pk", filter=Q(status__in=[S.ASSIGNED, S.PROCESSING], due_at__lt=now)),
    )
    numbers["extensions"] = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).count()
    return numbers


@require_POST
def decide_extension(request, pk, decision):
    if not _is_dispatcher(request.user):
        raise PermissionDenied
    extension = get_object_or_404(ExtensionRequest.objects.select_related("petition"), pk=pk)
    name = "extend" if decision == "approve" else "refuse_extension"
    try:
        workflow.perform(
            extension.petition,
            name,
            request.user,
            reason=request.POST.get("reason", "").strip(),
            note=request.POST.get("reason", "").strip(),
        )
        messages.success(request, _("延期申请已处理。"))
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("petitions_handling"))


def reopen(request, pk):
    """重新办理: an editor sends a closed petition back to its department for a second handling."""
    if not _is_dispatcher(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition.objects.select_related("topic", "department"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(petition, "reopen", request.user, reason=form.cleaned_data["reason"])
        except workflow.TransitionError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("已将 %(number)s 交回 %(department)s 重新办理。")
                % {"number": petition.number, "department": petition.department.display_name},
            )
            return redirect("wagtailsnippets_petitions_petition:inspect", petition.pk)
    return render(
        request,
        "petitions/admin/reopen.html",
        {"petition": petition, "form": form, "page_title": _("重新办理"), "header_icon": "resubmit"},
    )


@require_POST
def supervise(request, pk):
    """督办: an editor flags a petition for supervision (the tick also does it when one is overdue)."""
    if not _is_dispatcher(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition, pk=pk)
    try:
        workflow.perform(petition, "supervise", request.user)
        messages.success(request, _("已将 %(number)s 列为督办。") % {"number": petition.number})
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("petitions_handling"))
