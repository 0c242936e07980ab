"""Supervision in the Wagtail admin: the statistics view (统计), the ledger (台账) with its exports, and
热点诉求 (the week's rising keywords, places and topics, and the petitions behind each; the rule is
``petitions.supervision.hot_topics``).

All need ``petitions.view_statistics`` (Supervisors and Editors have it). The ledger never shows the
resident's contact name or phone unless the user also has ``petitions.view_petition_contacts``, which
no group has by default: an administrator grants it to named people.

Exports stream through ``rongmei.exports`` (CSV row by row, XLSX in constant memory), so 100,000 rows
never sit in memory at once; cells that a spreadsheet would read as a formula are written as text.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput

from rongmei import exports, validators
from rongmei.admin_views import TitledAdminTemplateMixin
from rongmei.fields import WholeNumberModelChoiceField
from rongmei.roles import VIEW_PETITION_CONTACTS, VIEW_STATISTICS

from ..models import Department, Petition, PetitionKeyword, Topic
from . import accountability, hot_topics, stats
from .svg import bar_chart

MAX_SERIES_MONTHS = 24


def can_view_statistics(user):
    return user.has_perm(VIEW_STATISTICS)


def can_view_contacts(user):
    return user.has_perm(VIEW_PETITION_CONTACTS)


class FilterForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("开始日期"), required=False, widget=AdminDateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), required=False, widget=AdminDateInput())
    department = WholeNumberModelChoiceField(
        label=gettext_lazy("办理单位"), queryset=Department.objects.all(), required=False
    )
    sub_units = forms.BooleanField(label=gettext_lazy("含下级单位"), required=False)
    topic = WholeNumberModelChoiceField(
        label=gettext_lazy("领域"), queryset=Topic.objects.all(), required=False
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or datetime.date(today.year, 1, 1)
        data["end"] = data.get("end") or today
        validators.check_date_range(data["start"], data["end"])
        if (data["end"] - data["start"]).days > 3 * 366:
            raise forms.ValidationError(_("统计期最长三年。"))
        return data

    def period(self):
        return stats.Period.days(self.cleaned_data["start"], self.cleaned_data["end"])

    def scope(self, *, by_department=True):
        """The filters as ``stats`` takes them: ``{"topic": …, "department_ids": […] or None}``."""
        data = self.cleaned_data
        department_ids = None
        if by_department and data.get("department"):
            department = data["department"]
            department_ids = department.descendant_ids() if data.get("sub_units") else [department.pk]
        return {"topic": data.get("topic"), "department_ids": department_ids}

    def queryset(self, queryset=None, *, by_department=True):
        queryset = Petition.objects.all() if queryset is None else queryset
        scope = self.scope(by_department=by_department)
        if scope["topic"]:
            queryset = queryset.filter(topic=scope["topic"])
        if scope["department_ids"] is not None:
            queryset = queryset.filter(department_id__in=scope["department_ids"])
        return queryset


class StatisticsPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _months(period):
    first, last = period.first_day, period.last_day
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and len(months) < MAX_SERIES_MONTHS:
        months.append(stats.Period.month(year, month))
        year, month = year + (month == 12), month % 12 + 1
    return months


def _chart(title, rows, key):
    """``(title, svg)``: one figure of ``rows`` as bars, a rate in percent."""
    unit = "%" if key in stats.RATES else ""
    return title, bar_chart([(row.name, getattr(row, key)) for row in rows], unit=unit, title=title)


class StatisticsView(StatisticsPermissionMixin, TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/statistics.html"
    page_title = gettext_lazy("民声统计")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FilterForm(self.request.GET or None)
        if self.request.GET and not form.is_valid():
            context.update(form=form)
            return context
        if not self.request.GET:
            form = FilterForm({})
            form.is_valid()
        period = form.period()
        data = form.cleaned_data
        departments = None
        if data.get("department"):
            departments = [data["department"]]
        scope = form.scope()
        per_department = stats.ranked(
            stats.by_department(
                period,
                include_sub_units=bool(data.get("sub_units")),
                departments=departments,
                **form.scope(by_department=False),
            )
        )
        per_topic = stats.by_topic(period, **scope)
        series = stats.series(_months(period), **scope)
        totals = stats.figures(period, **scope)
        per_channel = stats.by_channel(period, **scope)
        context.update(
            per_channel=per_channel,
            return_visits=stats.return_visit_figures(period, **scope),
            return_visit_formulas=stats.RETURN_VISIT_FORMULAS,
            channel_formulas=stats.CHANNEL_FORMULAS,
            accountability=accountability.labelled(accountability.totals(period)),
            accountability_formulas=accountability.ACCOUNTABILITY_FORMULAS,
        )
        context.update(
            form=form,
            period=period,
            totals=totals,
            per_department=per_department,
            per_topic=per_topic,
            series=series,
            formulas=stats.FORMULAS,
            charts=[
                _chart(_("各单位受理总量"), per_department, "received"),
                _chart(_("各单位办结率"), per_department, "completion_rate"),
                _chart(_("各单位按期办结率"), per_department, "on_time_rate"),
                _chart(_("各单位满意率"), per_department, "satisfaction_rate"),
                _chart(_("各领域受理总量"), per_topic, "received"),
                _chart(_("每月受理总量"), series, "received"),
                _chart(_("各来源受理总量"), per_channel, "received"),
            ],
        )
        return context


class LedgerFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=gettext_lazy("状态"), choices=[("", "—"), *Petition.Status.choices], required=False
    )

    def queryset(self, queryset=None, *, by_department=True):
        queryset = super().queryset(queryset, by_department=by_department)
        period = self.period()
        queryset = queryset.filter(submitted_at__gte=period.start, submitted_at__lt=period.end)
        if self.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset


def ledger_columns(with_contacts):
    """``(header, field)`` pairs of the ledger; every date of a petition, in its life's order."""
    columns = [
        (_("编号"), "number"),
        (_("标题"), "title"),
        (_("类型"), "kind"),
        (_("领域"), "topic__name"),
        (_("办理单位"), "department__name"),
        (_("状态"), "status"),
        (_("提交时间"), "submitted_at"),
        (_("受理时间"), "accepted_at"),
        (_("不予受理时间"), "rejected_at"),
        (_("转办时间"), "assigned_at"),
        (_("签收时间"), "claimed_at"),
        (_("答复期限"), "reply_due_at"),
        (_("答复时间"), "replied_at"),
        (_("办结时间"), "closed_at"),
        (_("评价时间"), "rated_at"),
        (_("评价"), "rating"),
        (_("督办"), "is_supervised"),
        (_("重新办理次数"), "reopen_count"),
        (_("来源"), "intake_channel"),
    ]
    if with_contacts:
        columns += [(_("联系人"), "contact_name"), (_("联系电话"), "contact_phone")]
    return columns


def ledger_rows(queryset, columns):
    """The ledger's rows as lists of cells, read from the database in chunks.

    Dates are local time as text (``2026-03-09 10:00:00``), choices their Chinese labels, and text a
    spreadsheet would run as a formula gets a leading apostrophe.
    """
    # each choice column's own labels, so a title that happens to read "pending" stays a title
    choices = {
        "status": Petition.Status,
        "kind": Petition.Kind,
        "rating": Petition.Rating,
        "intake_channel": Petition.IntakeChannel,
    }
    labels = {name: {key: str(label) for key, label in kind.choices} for name, kind in choices.items()}
    zone = timezone.get_current_timezone()
    yes, no = _("是"), _("否")

    def cell(value, field_labels):
        if value is None:
            return ""
        if isinstance(value, str):
            value = field_labels.get(value, value)
            return exports.spreadsheet_text(value)
        if isinstance(value, datetime.datetime):
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, bool):
            return yes if value else no
        return value

    fields = [field for _header, field in columns]
    field_labels = [labels.get(field, {}) for field in fields]
    for values in queryset.order_by("submitted_at", "pk").values_list(*fields).iterator(chunk_size=2000):
        yield [cell(value, each) for value, each in zip(values, field_labels, strict=True)]


def ledger_csv(queryset, columns):
    name = f"ledger-{timezone.localdate():%Y%m%d}.csv"
    return exports.csv_response([header for header, _field in columns], ledger_rows(queryset, columns), name)


def ledger_xlsx(queryset, columns):
    name = f"ledger-{timezone.localdate():%Y%m%d}.xlsx"
    header = [header for header, _field in columns]
    return exports.xlsx_response(header, ledger_rows(queryset, columns), name, _("台账"))


class LedgerView(StatisticsPermissionMixin, TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/ledger.html"
    page_title = gettext_lazy("民声台账")
    header_icon = "list-ul"
    per_page = 50

    def get(self, request, *args, **kwargs):
        form = LedgerFilterForm(request.GET or {})
        valid = form.is_valid()
        export = request.GET.get("export")
        if valid and export in ("csv", "xlsx"):
            columns = ledger_columns(can_view_contacts(request.user))
            queryset = form.queryset()
            return ledger_csv(queryset, columns) if export == "csv" else ledger_xlsx(queryset, columns)
        context = self.get_context_data(form=form, **kwargs)
        if valid:
            with_contacts = can_view_contacts(request.user)
            queryset = form.queryset().select_related("topic", "department").order_by("-submitted_at", "-pk")
            page = Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
            query = request.GET.copy()
            query.pop("page", None)
            query.pop("export", None)
            context.update(page_obj=page, with_contacts=with_contacts, query=query.urlencode())
        return self.render_to_response(context)


# --- 热点诉求 ---------------------------------------------------------------------------------------


class HotTopicsForm(forms.Form):
    week = forms.DateField(
        label=gettext_lazy("周（任选一天；不选为近七天）"),
        required=False,
        widget=AdminDateInput(),
    )
    department = WholeNumberModelChoiceField(
        label=gettext_lazy("办理单位（含下级单位）"), queryset=Department.objects.all(), required=False
    )
    street = WholeNumberModelChoiceField(
        label=gettext_lazy("街道/镇"), queryset=hot_topics.street_choices(), required=False
    )

    def scope(self):
        return {"department": self.cleaned_data.get("department"), "street": self.cleaned_data.get("street")}


class HotTopicsView(StatisticsPermissionMixin, TitledAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/hot_topics.html"
    page_title = gettext_lazy("热点诉求")
    header_icon = "pick"
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = HotTopicsForm(self.request.GET or {})
        context["form"] = form
        if not form.is_valid():
            return context
        day, scope = form.cleaned_data["week"], form.scope()
        week, before = hot_topics.weeks(day)
        query = self.request.GET.copy()
        for name in ("word", "kind", "page"):
            query.pop(name, None)
        context.update(
            week=week, before=before, chosen=day, query=query.urlencode(), weeks=hot_topics.PREVIOUS_WEEKS
        )
        word = (self.request.GET.get("word") or "").strip()[:40]
        if word:
            kind = self.request.GET.get("kind")
            kind = kind if kind in PetitionKeyword.Kind.values else PetitionKeyword.Kind.WORD
            petitions = hot_topics.petitions_of(word, day, kind=kind, **scope)
            context.update(
                word=word, page_obj=Paginator(petitions, self.per_page).get_page(self.request.GET.get("page"))
            )
            return context
        words = hot_topics.rising_words(day, **scope)
        places = hot_topics.rising_words(day, kind=PetitionKeyword.Kind.PLACE, limit=10, **scope)
        topics = hot_topics.rising_topics(day, limit=10, **scope)
        context.update(
            words=words,
            places=places,
            topics=topics,
            charts=[
                (_("上升关键词：本周诉求数"), bar_chart([(row.word, row.count) for row in words])),
                (_("上升领域：本周诉求数"), bar_chart([(row.word, row.count) for row in topics])),
            ],
        )
        return context


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statistics(request.user)
