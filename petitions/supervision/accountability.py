"""问责台账 and the accountability figures of the 100-point score.

The ledger lists every letter and interview of a department (or all of them) with every date, exported as
CSV or XLSX the way the petitions ledger is. The figures, per department and period, are what
``scoring.score`` deducts for (``ScoringScheme``'s accountability weights)::

    supervision_letters = 督办函 issued to the department in the period
    interviews          = 约谈 recorded with the department in the period
    late_responses      = letters of every kind whose deadline falls in the period and whose first response
                          came after the deadline's day, or has not come when the period is judged
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.widgets import AdminDateInput

from rongmei import exports
from rongmei.admin_views import TitledAdminTemplateMixin

from ..models import AccountabilityLetter, Department
from ..workflow import accountability as steps

Letter = AccountabilityLetter
FIGURES = ("supervision_letters", "interviews", "late_responses")


def figures(period, department_ids, now=None):
    """``{department_id: {"supervision_letters": n, "interviews": n, "late_responses": n}}`` for ``period``
    (a ``stats.Period``), judged at ``now``."""
    now = now or timezone.now()
    first, last = period.first_day, period.last_day
    today = timezone.localdate(now)
    issued = Q(issued_at__date__gte=first, issued_at__date__lte=last)
    due = Q(deadline__gte=first, deadline__lte=last, deadline__lt=today)
    late = due & (Q(first_responded_at__isnull=True) | Q(first_responded_at__date__gt=F("deadline")))
    rows = (
        Letter.objects.filter(department_id__in=department_ids)
        .values("department_id")
        .annotate(
            supervision_letters=Count("pk", filter=issued & Q(kind=Letter.Kind.SUPERVISION)),
            interviews=Count("pk", filter=issued & Q(kind=Letter.Kind.INTERVIEW)),
            late_responses=Count("pk", filter=late),
        )
        .order_by()
    )
    return {row.pop("department_id"): row for row in rows}


COLUMNS = [
    (gettext_lazy("编号"), lambda letter: str(letter.number)),
    (gettext_lazy("类型"), lambda letter: str(letter.get_kind_display())),
    (gettext_lazy("办理单位"), lambda letter: letter.department.name),
    (gettext_lazy("事由"), lambda letter: letter.subject),
    (gettext_lazy("相关诉求"), lambda letter: " ".join(p.number for p in letter.petitions.all())),
    (gettext_lazy("签发时间"), lambda letter: _when(letter.issued_at)),
    (gettext_lazy("回复期限"), lambda letter: letter.deadline.isoformat()),
    (
        gettext_lazy("约谈日期"),
        lambda letter: letter.interviewed_on.isoformat() if letter.interviewed_on else "",
    ),
    (gettext_lazy("首次回复时间"), lambda letter: _when(letter.first_responded_at)),
    (gettext_lazy("逾期"), lambda letter: _("是") if letter.is_late(timezone.now()) else _("否")),
    (gettext_lazy("状态"), lambda letter: str(letter.get_status_display())),
    (gettext_lazy("审核时间"), lambda letter: _when(letter.reviewed_at)),
    (gettext_lazy("书面回复"), lambda letter: letter.response),
]


#: the columns of running text (事由, 书面回复), 1-based as the template counts: wrapped, not kept on one line
TEXT_COLUMNS = (4, 13)


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(queryset, limit=None):
    """The ledger's rows, oldest letter first; the first ``limit`` of them when it is given."""
    letters = queryset.select_related("department").prefetch_related("petitions").order_by("issued_at", "pk")
    for letter in letters[:limit] if limit else letters:
        yield [cell(letter) for _header, cell in COLUMNS]


def ledger_csv(queryset):
    name = f"accountability-{timezone.localdate():%Y%m%d}.csv"
    return exports.csv_response([header for header, _cell in COLUMNS], rows(queryset), name)


def ledger_xlsx(queryset):
    name = f"accountability-{timezone.localdate():%Y%m%d}.xlsx"
    return exports.xlsx_response([header for header, _cell in COLUMNS], rows(queryset), name, _("问责台账"))


class LedgerForm(forms.Form):
    department = forms.ModelChoiceField(
        label=gettext_lazy("办理单位"), queryset=Department.objects.all(), required=False
    )
    start = forms.DateField(label=gettext_lazy("签发日期自"), required=False, widget=AdminDateInput())
    end = forms.DateField(label=gettext_lazy("至"), required=False, widget=AdminDateInput())

    def queryset(self):
        letters = Letter.objects.all()
        data = self.cleaned_data
        if data.get("department"):
            letters = letters.filter(department=data["department"])
        if data.get("start"):
            letters = letters.filter(issued_at__date__gte=data["start"])
        if data.get("end"):
            letters = letters.filter(issued_at__date__lte=data["end"])
        return letters


class AccountabilityLedgerView(TitledAdminTemplateMixin, TemplateView):
    """问责台账: supervisors only, as every department's letters are in it."""

    template_name = "petitions/admin/accountability_ledger.html"
    page_title = gettext_lazy("问责台账")
    header_icon = "list-ul"

    def get(self, request, *args, **kwargs):
        if not steps.is_supervisor(request.user):
            raise PermissionDenied
        form = LedgerForm(request.GET or {})
        valid = form.is_valid()
        export = request.GET.get("export")
        if valid and export in ("csv", "xlsx"):
            queryset = form.queryset()
            return ledger_csv(queryset) if export == "csv" else ledger_xlsx(queryset)
        context = self.get_context_data(form=form, **kwargs)
        if valid:
            context["headers"] = [header for header, _cell in COLUMNS]
            context["text_columns"] = TEXT_COLUMNS
            context["rows"] = list(rows(form.queryset(), limit=200))
            query = request.GET.copy()
            query.pop("export", None)
            context["query"] = query.urlencode()
        return self.render_to_response(context)


#: each accountability figure in words, and what the score deducts for it; printed on the statistics page
ACCOUNTABILITY_FORMULAS = [
    (
        "supervision_letters",
        gettext_lazy("督办函"),
        gettext_lazy("签发时间在统计期内的督办函份数；考核得分每份扣“每份督办函扣分”。"),
    ),
    (
        "interviews",
        gettext_lazy("约谈"),
        gettext_lazy("签发时间在统计期内的约谈次数；考核得分每次扣“每次约谈扣分”。"),
    ),
    (
        "late_responses",
        gettext_lazy("逾期或未回复"),
        gettext_lazy(
            "回复期限在统计期内且已过的函件中，首次书面回复晚于期限当天或至今未回复的份数（含建议函）；"
            "考核得分每份扣“每份逾期或未回复的函件扣分”。退回重新回复不改变首次回复的时间。"
        ),
    ),
]


def totals(period, now=None):
    """The accountability figures of every department together, for the statistics page."""
    found = figures(period, Department.objects.values_list("pk", flat=True), now=now)
    return {name: sum(row[name] for row in found.values()) for name in FIGURES}


def labelled(found):
    """``[(label, value)]`` of a figures dict, in the order of ``ACCOUNTABILITY_FORMULAS``."""
    return [(label, found[key]) for key, label, _text in ACCOUNTABILITY_FORMULAS]
