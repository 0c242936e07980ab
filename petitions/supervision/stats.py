# Over 450 lines: the FORMULAS table that states each figure stays beside the queries that compute it.
"""Supervision statistics (督查考评): every figure's formula, written once, computed in the database.

A figure is a count of petitions whose date of a given kind falls in the period, or a rate of two such
counts. ``_count_conditions`` defines each count on the petitions; all counts of one grouping (per
department, per topic, or the whole county) come from a single aggregate query with conditional counts
(``source="petitions"``, or whenever a caller passes its own ``queryset``).

By default the figures of whole days are added up from the per-day aggregates that the workflow keeps
(``daily``: one row per day, unit and topic), so a year's statistics read a few thousand rows however
large the archive grows; ``daily`` says how each count maps onto days and which parts (the completion
rate's two dates, today's part of the overdue counts) it finishes with a small indexed query. The two
sources give the same figures (tests/petitions/test_daily_figures.py).

Periods are half-open, ``[start, end)``, in the site's time zone (Asia/Shanghai). ``as_of`` (the end of the
period, or now if the period has not ended) is the moment an "overdue" petition is judged at, so the
figures of a past week can be recomputed by hand from the ledger's dates at any later time.

A duplicate (重复诉求, ``Petition.duplicate_of``) counts in no figure: its original does, once
(``Petition.objects.counted()``; the aggregates skip it the same way).

``FORMULAS`` states each figure in words; the statistics view and the weekly report print it.

Return visits (回访, ``return_visit_figures``) and the figures per intake channel (来源, ``by_channel``) are
stated in ``RETURN_VISIT_FORMULAS`` and ``CHANNEL_FORMULAS``, printed in their own sections of the
statistics page; they are computed from the petitions and the visits (two queries and one), not from the
per-day aggregates.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, FloatField, Func, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import SATISFIED_RATINGS, Department, Petition, PetitionDispatch, ReturnVisit, Topic
from . import daily


@dataclass(frozen=True)
class Period:
    """A half-open span of time, ``start <= t < end`` (aware datetimes)."""

    start: datetime.datetime
    end: datetime.datetime
    label: str = ""

    @classmethod
    def days(cls, first, last, label=""):
        """From the start of day ``first`` to the end of day ``last``, local time."""
        start = _local_midnight(first)
        end = _local_midnight(last + datetime.timedelta(days=1))
        return cls(start, end, label or f"{first:%Y-%m-%d} — {last:%Y-%m-%d}")

    @classmethod
    def week(cls, day):
        """The Monday-to-Sunday week that contains ``day``."""
        monday = day - datetime.timedelta(days=day.weekday())
        return cls.days(monday, monday + datetime.timedelta(days=6))

    @classmethod
    def month(cls, year, month):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return cls.days(first, following - datetime.timedelta(days=1), f"{year}-{month:02d}")

    @classmethod
    def year(cls, year):
        return cls.days(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return timezone.localtime(self.end).date() - datetime.timedelta(days=1)

    def as_of(self, now=None):
        now = now or timezone.now()
        return min(self.end, now)

    def previous(self):
        length = self.end - self.start
        return Period(self.start - length, self.start)


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _in(field_name, period, through=""):
    """``field_name`` (of the model ``through`` leads to, such as ``"petition__"``) within ``period``."""
    name = through + field_name
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})


class SecondsBetween(Func):
    """``later - earlier`` in seconds, with the database's own date arithmetic.

    (Django's duration arithmetic on SQLite calls a Python function per row, which costs most of a
    year's statistics; ``julianday`` and ``EXTRACT(EPOCH …)`` are native.)
    """

    output_field = FloatField()

    def __init__(self, later, earlier, **extra):
        super().__init__(F(later), F(earlier), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_sql(self, compiler, connection, **extra):
        extra.setdefault("template", "EXTRACT(EPOCH FROM (%(expressions)s))")
        extra.setdefault("arg_joiner", " - ")
        return super().as_sql(compiler, connection, **extra)


RESPONSE_SECONDS = SecondsBetween("replied_at", "assigned_at")

#: Every date a figure counts by; a petition with none of them in the period counts nowhere.
DATE_FIELDS = [
    "submitted_at",
    "accepted_at",
    "assigned_at",
    "replied_at",
    "closed_at",
    "reply_due_at",
    "rated_at",
    "supervised_at",
]


def _claim_overdue(period, as_of):
    """The petition's current dispatch (not returned) had its claim deadline in the period before
    ``as_of``, and the petition was not claimed by it."""
    late = PetitionDispatch.objects.filter(
        _in("claim_due_at", period),
        Q(petition__claimed_at__isnull=True) | Q(petition__claimed_at__gt=F("claim_due_at")),
        petition=OuterRef("pk"),
        returned_at__isnull=True,
        claim_due_at__lt=as_of,
    )
    return Q(Exists(late))


def _count_conditions(period, as_of):
    """The one place each count is defined: a condition on a petition's dates (see ``FORMULAS``)."""
    # By the reply deadline, which the workflow keeps after the reply and moves on an approved extension
    # (``due_at`` is the current step's deadline and is cleared by the reply, so a replied petition would
    # never count as on time). A return clears it; the next dispatch sets a new one; a reopening sets a
    # fresh one for the second handling and clears the first reply.
    due = _in("reply_due_at", period)
    replied_on_time = Q(replied_at__isnull=False, replied_at__lte=F("reply_due_at"))
    return {
        "received": _in("submitted_at", period),
        "accepted": _in("accepted_at", period),
        "dispatched": _in("assigned_at", period),
        "replied": _in("replied_at", period),
        "closed": _in("closed_at", period),
        "dispatched_closed": _in("assigned_at", period)
        & Q(closed_at__isnull=False, closed_at__lt=period.end),
        "due": due,
        "due_on_time": due & replied_on_time,
        "overdue": due & Q(reply_due_at__lt=as_of) & ~replied_on_time,
        "claim_overdue": _claim_overdue(period, as_of),
        "rated": _in("rated_at", period),
        "rated_satisfied": _in("rated_at", period)
        & Q(rating__in=[Petition.Rating.SATISFIED, Petition.Rating.FAIR]),
        "responded": _in("replied_at", period) & Q(assigned_at__isnull=False),
        "supervised": _in("supervised_at", period),
    }


PETITION_COUNT_KEYS = [
    "received",
    "accepted",
    "dispatched",
    "replied",
    "closed",
    "dispatched_closed",
    "due",
    "due_on_time",
    "overdue",
    "claim_overdue",
    "rated",
    "rated_satisfied",
    "responded",
    "supervised",
]

#: Counts not of petitions but of dispatches (a returned petition no longer has the department that
#: returned it): 退回, dispatches returned in the period, counted against the department they went to.
DISPATCH_COUNT_KEYS = ["returned"]
COUNT_KEYS = [*PETITION_COUNT_KEYS, *DISPATCH_COUNT_KEYS]

#: Rates: (numerator count, denominator count)
RATES = {
    "completion_rate": ("dispatched_closed", "dispatched"),
    "on_time_rate": ("due_on_time", "due"),
    "satisfaction_rate": ("rated_satisfied", "rated"),
}

#: Every figure in words, in the order the statistics page and the weekly report print them. Each
#: count's condition is ``_count_conditions[key]`` and each rate's ``RATES[key]``; nothing else counts.
FORMULAS = [
    ("received", _("受理总量"), _("提交时间在统计期内的诉求数（含不予受理和待审核的）。")),
    ("accepted", _("受理"), _("受理时间在统计期内的诉求数。")),
    (
        "dispatched",
        _("转办"),
        _("转办时间在统计期内的诉求数；退回后再次转办的，按最近一次转办计，算在最近一次转办的单位。"),
    ),
    ("replied", _("答复"), _("答复时间在统计期内的诉求数；重新办理后再次答复的，按最近一次答复计。")),
    ("closed", _("办结"), _("办结时间在统计期内的诉求数。")),
    (
        "completion_rate",
        _("办结率"),
        _("统计期内转办的诉求中，在统计期结束前已办结的数量 ÷ 统计期内转办的诉求数。"),
    ),
    (
        "on_time_rate",
        _("按期办结率"),
        _(
            "答复期限在统计期内的诉求中，在答复期限之前答复的数量 ÷ 答复期限在统计期内的诉求数。"
            "答复期限自转办起按领域的办理时限（工作日）计算；批准延期的，按延长后的期限；"
            "重新办理的，按重新办理时给出的新期限。"
        ),
    ),
    (
        "satisfaction_rate",
        _("满意率"),
        _(
            "统计期内评价的诉求中，“满意”与“基本满意”的数量 ÷ 统计期内评价的诉求数。"
            "评价“不满意”而重新办理的，以重新办理后的评价为准。"
        ),
    ),
    (
        "average_response_hours",
        _("平均首次答复用时"),
        _(
            "统计期内答复的诉求，从转办到答复所用时间（小时）的平均值。退回后再次转办的，从最近一次转办算起；"
            "重新办理后再次答复的，算到再次答复。"
        ),
    ),
    (
        "overdue",
        _("答复超期"),
        _(
            "答复期限在统计期内且已过期限（截至统计期结束或当前时间）而未在期限前答复的诉求数，"
            "含逾期后才答复的。只看答复期限，不含签收超期。"
        ),
    ),
    (
        "claim_overdue",
        _("签收超期"),
        _(
            "当前转办（未退回）的签收期限在统计期内且已过期限（截至统计期结束或当前时间），"
            "而未在期限前签收的诉求数。只看签收期限，与答复超期分开统计。"
        ),
    ),
    ("returned", _("退回"), _("统计期内由该单位退回融媒体中心的转办次数。")),
    ("supervised", _("督办"), _("首次督办时间在统计期内的诉求数。")),
]

FORMULA_LABELS = {key: label for key, label, _description in FORMULAS}


@dataclass
class Figures:
    """The counts of one group (a department, a topic, or everything) and the rates made from them."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    response_seconds: float = 0.0
    name: str = ""
    key: object = None

    def __getattr__(self, name):
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        if name in RATES:
            numerator, denominator = RATES[name]
            if not counts.get(denominator):
                return None
            return round(100 * counts.get(numerator, 0) / counts[denominator], 1)
        raise AttributeError(name)

    @property
    def average_response_hours(self):
        if not self.counts.get("responded"):
            return None
        return round(self.response_seconds / self.counts["responded"] / 3600, 1)

    def add(self, other):
        for key in COUNT_KEYS:
            self.counts[key] = self.counts.get(key, 0) + other.counts.get(key, 0)
        self.response_seconds += other.response_seconds

    def as_dict(self):
        data = {key: self.counts.get(key, 0) for key in COUNT_KEYS}
        data["response_seconds"] = self.response_seconds
        for key in [*RATES, "average_response_hours"]:
            data[key] = getattr(self, key)
        return data

    @classmethod
    def from_dict(cls, data, **kwargs):
        return cls(
            counts={key: data.get(key, 0) for key in COUNT_KEYS},
            response_seconds=data.get("response_seconds", 0.0),
            **kwargs,
        )


def _aggregates(period, as_of):
    conditions = _count_conditions(period, as_of)
    aggregates = {key: Count("pk", filter=conditions[key]) for key in PETITION_COUNT_KEYS}
    aggregates["response_total"] = Sum(RESPONSE_SECONDS, filter=conditions["responded"])
    return aggregates


def _relevant(queryset, period):
    """Rows that can count in the period: submitted before it ends (every other date comes later) and
    with at least one date from its start on (so a month's figures skip the years closed before it)."""
    since_start = Q()
    for name in DATE_FIELDS:
        since_start |= Q(**{f"{name}__gte": period.start})
    return queryset.counted().filter(since_start, submitted_at__lt=period.end)


def _figures_from_row(row, **kwargs):
    seconds = float(row.get("response_total") or 0)
    return Figures(counts={key: row.get(key) or 0 for key in COUNT_KEYS}, response_seconds=seconds, **kwargs)


def _key(value):
    return getattr(value, "pk", value)


def _narrowed(queryset, topic, department_ids):
    queryset = Petition.objects.counted() if queryset is None else queryset
    if topic is not None:
        queryset = queryset.filter(topic_id=_key(topic))
    if department_ids is not None:
        queryset = queryset.filter(department_id__in=list(department_ids))
    return queryset


def _from_days(periods, queryset, source):
    """Whether ``periods`` are read from the per-day aggregates (whole days, no queryset of the caller's)."""
    return queryset is None and source == "days" and all(daily.is_whole_days(p) for p in periods)


def _figures_from_sums(counts, **kwargs):
    return Figures(
        counts={key: counts.get(key, 0) for key in COUNT_KEYS},
        response_seconds=float(counts.get("response_seconds", 0.0)),
        **kwargs,
    )


def figures(period, queryset=None, *, now=None, topic=None, department_ids=None, source="days"):
    """The county-wide (or ``queryset``'s, or one topic's / some units') figures for ``period``.

    From the per-day aggregates, ``returned`` is filled too; from the petitions (one query) it is not
    (see ``add_returns``).
    """
    if _from_days([period], queryset, source):
        found = daily.sums([period], topic=_key(topic), department_ids=department_ids, now=now)[0]
        return _figures_from_sums(found.get(None, {}))
    as_of = period.as_of(now)
    row = _relevant(_narrowed(queryset, topic, department_ids), period).aggregate(
        **_aggregates(period, as_of)
    )
    return _figures_from_row(row)


def grouped(period, group_field, queryset=None, *, now=None):
    """``{group id: Figures}`` for ``period`` from the petitions, grouped by ``group_field``: one query."""
    queryset = Petition.objects.all() if queryset is None else queryset
    as_of = period.as_of(now)
    rows = _relevant(queryset, period).order_by().values(group_field).annotate(**_aggregates(period, as_of))
    return {row[group_field]: _figures_from_row(row, key=row[group_field]) for row in rows}


def _per_group(period, group, queryset, *, now, topic, department_ids, source):
    """``{unit or topic id: Figures}`` for ``period``, from the aggregates or the petitions."""
    if _from_days([period], queryset, source):
        found = daily.sums([period], group, topic=_key(topic), department_ids=department_ids, now=now)[0]
        return {key: _figures_from_sums(counts, key=key) for key, counts in found.items()}
    field_name = {"department": "department_id", "topic": "topic_id", "channel": "intake_channel"}[group]
    return grouped(period, field_name, _narrowed(queryset, topic, department_ids), now=now)


def add_returns(period, rows=None, *, totals=None, include_sub_units=False):
    """Fill the ``returned`` count (退回) of per-department ``rows`` and of ``totals``: one query.

    A return is counted against the department the returned dispatch went to, in the period its
    ``returned_at`` falls in (the petition itself no longer names that department, so the count cannot
    come from the petitions' aggregate).
    """
    per_department = dict(
        PetitionDispatch.objects.filter(_in("returned_at", period), petition__duplicate_of__isnull=True)
        .order_by()
        .values_list("department_id")
        .annotate(Count("pk"))
    )
    if totals is not None:
        totals.counts["returned"] = sum(per_department.values())
    children = _children(Department.objects.values_list("pk", "parent_id")) if include_sub_units else {}
    for row in rows or []:
        row.counts["returned"] = sum(per_department.get(pk, 0) for pk in _with_sub_units(row.key, children))
    return rows


def _children(pairs):
    """``{parent id: [child ids]}`` from (id, parent id) pairs: the hierarchy, read once."""
    children = {}
    for pk, parent_id in pairs:
        children.setdefault(parent_id, []).append(pk)
    return children


def _with_sub_units(pk, children):
    """``pk`` and every unit below it in ``children`` (empty ``children``: ``pk`` alone)."""
    ids, frontier = [pk], [pk]
    while frontier:
        frontier = [child for parent in frontier for child in children.get(parent, [])]
        ids.extend(frontier)
    return ids


def by_department(
    period,
    *,
    include_sub_units=False,
    departments=None,
    queryset=None,
    now=None,
    topic=None,
    department_ids=None,
    source="days",
):
    """One ``Figures`` per department (active ones, or ``departments``), in the departments' order.

    With ``include_sub_units`` a department's figures also count every unit below it in the hierarchy
    (added up in Python from the same single query: counts add, rates are recomputed from the sums).
    """
    per_id = _per_group(
        period, "department", queryset, now=now, topic=topic, department_ids=department_ids, source=source
    )
    all_departments = list(
        Department.objects.only("pk", "name", "short_name", "parent_id", "sort_order", "is_active")
    )
    shown = list(departments) if departments is not None else [d for d in all_departments if d.is_active]
    children = _children((d.pk, d.parent_id) for d in all_departments) if include_sub_units else {}
    result = []
    for department in shown:
        total = Figures(name=department.display_name, key=department.pk)
        for pk in _with_sub_units(department.pk, children):
            if pk in per_id:
                total.add(per_id[pk])
        total.department = department
        result.append(total)
    return result


def by_topic(period, *, queryset=None, now=None, topic=None, department_ids=None, source="days"):
    per_id = _per_group(
        period, "topic", queryset, now=now, topic=topic, department_ids=department_ids, source=source
    )
    result = []
    for each in Topic.objects.all():
        found = per_id.get(each.pk) or Figures()
        found.name, found.key = each.name, each.pk
        result.append(found)
    return result


def series(periods, *, queryset=None, now=None, topic=None, department_ids=None, source="days"):
    """One ``Figures`` per period, named by the period's label: from the aggregates all periods at once
    (disjoint whole days), from the petitions one query each."""
    periods = list(periods)
    if periods and _from_days(periods, queryset, source):
        found = daily.sums(periods, topic=_key(topic), department_ids=department_ids, now=now)
        rows = [_figures_from_sums(each.get(None, {})) for each in found]
    else:
        rows = [
            figures(period, queryset, now=now, topic=topic, department_ids=department_ids, source=source)
            for period in periods
        ]
    for row, period in zip(rows, periods, strict=True):
        row.name, row.key = period.label, period
    return rows


def ranked(rows, key="completion_rate"):
    """Rows ordered best first by ``key`` (rows without a figure last), then by on-time and satisfaction."""

    def sort_key(row):
        values = [getattr(row, name) for name in (key, "on_time_rate", "satisfaction_rate")]
        return tuple((value is None, -(value or 0)) for value in values) + (row.name,)

    return sorted(rows, key=sort_key)


def percent(value):
    return "—" if value is None else f"{value:.1f}%"


def department_figures(department, *, now=None):
    """A department's figures for its channel page: this year so far, its sub-units included.

    Returns an ordered ``{label: text}`` dict (the newsroom's channel template prints it as a list).
    """
    today = timezone.localdate(now)
    period = Period.days(datetime.date(today.year, 1, 1), today, str(today.year))
    found = by_department(
        period,
        include_sub_units=True,
        departments=[department],
        department_ids=department.descendant_ids(),
        now=now,
    )[0]
    hours = found.average_response_hours
    return {
        _("统计期"): _("%(year)s年以来") % {"year": today.year},
        FORMULA_LABELS["received"]: found.received,
        FORMULA_LABELS["replied"]: found.replied,
        FORMULA_LABELS["completion_rate"]: percent(found.completion_rate),
        FORMULA_LABELS["on_time_rate"]: percent(found.on_time_rate),
        FORMULA_LABELS["satisfaction_rate"]: percent(found.satisfaction_rate),
        FORMULA_LABELS["average_response_hours"]: "—"
        if hours is None
        else _("%(hours)s 小时") % {"hours": hours},
    }


def home_figures(*, now=None):
    """The home page's live figures: this month's 受理 and today's 答复 (counts of the calendar month and
    day), and 办结率 and 满意率 over the last 30 days (a rate over the first hours of a month says nothing).

    Three queries, through ``figures`` like every other page that prints them. Returns
    ``[(key, label, text, period)]``; a rate without a denominator reads "—".
    """
    today = timezone.localdate(now)
    month = figures(Period.month(today.year, today.month), now=now)
    recent = figures(Period.days(today - datetime.timedelta(days=29), today), now=now)
    day = figures(Period.days(today, today), now=now)
    last_30_days = _("近30日")
    return [
        ("accepted", _("本月%(figure)s") % {"figure": FORMULA_LABELS["accepted"]}, str(month.accepted), ""),
        ("completion_rate", FORMULA_LABELS["completion_rate"], percent(recent.completion_rate), last_30_days),
        (
            "satisfaction_rate",
            FORMULA_LABELS["satisfaction_rate"],
            percent(recent.satisfaction_rate),
            last_30_days,
        ),
        ("replied", _("今日%(figure)s") % {"figure": FORMULA_LABELS["replied"]}, str(day.replied), ""),
    ]


# --- return visits (回访) and intake channels (来源) -------------------------------------------------

#: Return-visit figures: (numerator count, denominator count), as ``RATES``.
RETURN_VISIT_RATES = {
    "dissatisfied_visit_rate": ("dissatisfied_visited", "dissatisfied"),
    "return_visit_rate": ("closed_visited", "closed"),
    "visit_answer_satisfaction_rate": ("visits_answer_satisfied", "visits"),
    "visit_handling_satisfaction_rate": ("visits_handling_satisfied", "visits"),
    "turned_satisfied_rate": ("visits_turned_satisfied", "visits_after_dissatisfied"),
}

RETURN_VISIT_FORMULAS = [
    ("visits", _("回访次数"), _("回访时间在统计期内的回访次数（一条诉求可回访多次）。")),
    (
        "dissatisfied",
        _("不满意诉求"),
        _(
            "最近一次“不满意”评价在统计期内的诉求数；评价“不满意”而重新办理的也算（重新办理时评价被清空，"
            "但评价时间留在记录中）。"
        ),
    ),
    (
        "dissatisfied_visit_rate",
        _("不满意回访率"),
        _(
            "统计期内评价“不满意”的诉求中，在该评价之后（截至统计期结束或当前时间）有回访的数量 ÷ "
            "统计期内评价“不满意”的诉求数。"
        ),
    ),
    (
        "return_visit_rate",
        _("总回访率"),
        _("统计期内办结的诉求中，截至统计期结束或当前时间有过回访的数量 ÷ 统计期内办结的诉求数。"),
    ),
    (
        "visit_answer_satisfaction_rate",
        _("回访答复满意率"),
        _("统计期内的回访中，居民对答复评价“满意”或“基本满意”的次数 ÷ 统计期内的回访次数。"),
    ),
    (
        "visit_handling_satisfaction_rate",
        _("回访办理满意率"),
        _("统计期内的回访中，居民对办理过程评价“满意”或“基本满意”的次数 ÷ 统计期内的回访次数。"),
    ),
    (
        "turned_satisfied_rate",
        _("不满意回访后转满意率"),
        _(
            "统计期内在“不满意”评价之后进行的回访中，居民对答复评价“满意”或“基本满意”的次数 ÷ "
            "统计期内在“不满意”评价之后进行的回访次数。"
        ),
    ),
]

CHANNEL_FORMULAS = [
    (
        "intake_channel",
        _("各来源"),
        _(
            "按诉求进入的渠道（网站、App/API、12345 热线、12319、信访、在线访谈、随手拍、来信）分组，"
            "每个来源的受理总量、办结率、按期办结率、满意率等与上表的计算方法相同；"
            "“未记录”是开始记录来源之前提交的诉求。"
        ),
    ),
]


@dataclass
class ReturnVisitFigures:
    """The return-visit counts of a period and the rates made from them (``RETURN_VISIT_RATES``)."""

    counts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        if name in RETURN_VISIT_RATES:
            numerator, denominator = RETURN_VISIT_RATES[name]
            if not counts.get(denominator):
                return None
            return round(100 * counts.get(numerator, 0) / counts[denominator], 1)
        raise AttributeError(name)

    def as_dict(self):
        return {**self.counts, **{key: getattr(self, key) for key in RETURN_VISIT_RATES}}


def _narrowed_visits(visits, topic, department_ids):
    if topic is not None:
        visits = visits.filter(petition__topic_id=_key(topic))
    if department_ids is not None:
        visits = visits.filter(petition__department_id__in=list(department_ids))
    return visits


def return_visit_figures(period, *, now=None, topic=None, department_ids=None):
    """The return-visit figures of ``period`` (see ``RETURN_VISIT_FORMULAS``) in four queries, none of which
    reads the closed petitions' rows: the few rated 不满意 in the period, a count of those closed in it
    (``petition_closed_idx`` alone), the visited ones among those counted from the visits' side, and the
    visits made in the period."""
    as_of = period.as_of(now)
    petitions = _narrowed(None, topic, department_ids)
    visits_before = ReturnVisit.objects.filter(visited_at__lt=as_of)
    after_rating = Exists(
        visits_before.filter(petition=OuterRef("pk"), visited_at__gte=OuterRef("dissatisfied_at"))
    )
    counts = (
        petitions.filter(_in("dissatisfied_at", period))
        .order_by()
        .aggregate(dissatisfied=Count("pk"), dissatisfied_visited=Count("pk", filter=Q(after_rating)))
    )
    counts["closed"] = petitions.filter(_in("closed_at", period)).order_by().count()
    visited = visits_before.filter(_in("closed_at", period, through="petition__"))
    visited = _narrowed_visits(visited.filter(petition__duplicate_of__isnull=True), topic, department_ids)
    counts["closed_visited"] = visited.order_by().values("petition_id").distinct().count()
    visits = _narrowed_visits(ReturnVisit.objects.filter(_in("visited_at", period)), topic, department_ids)
    satisfied = Q(answer_rating__in=SATISFIED_RATINGS)
    counts.update(
        visits.order_by().aggregate(
            visits=Count("pk"),
            visits_answer_satisfied=Count("pk", filter=satisfied),
            visits_handling_satisfied=Count("pk", filter=Q(handling_rating__in=SATISFIED_RATINGS)),
            visits_after_dissatisfied=Count("pk", filter=Q(follows_dissatisfied=True)),
            visits_turned_satisfied=Count("pk", filter=Q(follows_dissatisfied=True) & satisfied),
        )
    )
    return ReturnVisitFigures(counts=counts)


def by_channel(period, *, now=None, topic=None, department_ids=None, source="days"):
    """One ``Figures`` per intake channel (来源), in the channels' order, from the per-day aggregates (or the
    petitions, one grouped query); 未记录 only when a petition without a channel counts in the period."""
    per_channel = _per_group(
        period, "channel", None, now=now, topic=topic, department_ids=department_ids, source=source
    )
    rows = []
    for value, label in Petition.IntakeChannel.choices:
        row = per_channel.get(value) or Figures()
        if value == Petition.IntakeChannel.UNRECORDED and not any(row.counts.values()):
            continue
        row.name, row.key = label, value
        rows.append(row)
    return rows
