"""The weekly ranking report (民情数据排名周报): freeze one week's per-department figures, and show them.

Each department is judged on its own petitions (its sub-units have their own rows). The figures are those
of ``petitions.supervision.stats`` for the Monday-to-Sunday week (Asia/Shanghai), judged at the end of the
week, so anyone can recompute them from the ledger's dates.

Each row gets its score and grade (``petitions.supervision.scoring``) under the scoring scheme of the
moment, which the report keeps (``WeeklyReport.scheme``): editing the scheme later does not change it.
The rows are ranked by that score (``scoring.RANKING_RULE``, printed on the page), so the ranking and the
scores never contradict each other.

A report is shown (``figures``, and the view serving ``PetitionReportIndexPage``) with each row's change of
rank and rates since the week before.
"""

import datetime

from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from home.models import SiteSettings
from rongmei import cache

from ..models import Department, PetitionReportIndexPage, ScoringScheme, WeeklyReport
from . import accountability, scoring, stats
from .svg import bar_chart


def last_complete_week(now=None):
    """The Monday of the last week that has ended."""
    today = timezone.localdate(now)
    return today - datetime.timedelta(days=today.weekday() + 7)


#: the two rankings of a report: government units (towns, streets, bureaus), and enterprises on their own
GOVERNMENT, ENTERPRISES = "government", "enterprises"


def ranking_of(department):
    return ENTERPRISES if department.kind == Department.Kind.ENTERPRISE else GOVERNMENT


def make_weekly_report(week_start=None, *, replace=False, now=None):
    """Return ``(report, created)``; an existing report is kept as it is unless ``replace``."""
    week_start = week_start or last_complete_week(now)
    period = stats.Period.week(week_start)
    week_start = period.first_day
    existing = WeeklyReport.objects.filter(week_start=week_start).first()
    if existing is not None and not replace:
        return existing, False
    departments = list(Department.objects.accepting_petitions())
    rows = stats.by_department(period, departments=departments, now=now)
    totals = stats.figures(period, now=now)
    stats.add_returns(period, rows, totals=totals)
    scheme = ScoringScheme.load().as_dict()
    letters = accountability.figures(period, [unit.pk for unit in departments], now=now)
    rankings = {unit.pk: ranking_of(unit) for unit in departments}
    data = []
    for row in rows:
        values = {**row.as_dict(), **letters.get(row.key, dict.fromkeys(accountability.FIGURES, 0))}
        score = scoring.score(values, scheme)
        data.append(
            {
                "department_id": row.key,
                "name": row.name,
                **values,
                "score": score,
                "grade": scoring.grade(score, scheme),
                "ranking": rankings[row.key],
            }
        )
    # government units first, then enterprises, each ranked by the rule among its own kind
    data.sort(key=lambda row: (row["ranking"] == ENTERPRISES, scoring.ranking_key(row)))
    for ranking in (GOVERNMENT, ENTERPRISES):
        members = [row for row in data if row["ranking"] == ranking]
        ranked = [row for row in members if scoring.is_ranked(row)]
        for rank, row in enumerate(ranked, start=1):
            row["rank"] = rank
        for row in members[len(ranked) :]:
            row["rank"] = None
    try:
        with transaction.atomic():
            report, created = WeeklyReport.objects.update_or_create(
                week_start=week_start,
                defaults={
                    "week_end": period.last_day,
                    "rows": data,
                    "totals": totals.as_dict(),
                    "scheme": scheme,
                },
            )
    except IntegrityError:  # a parallel run made it a moment ago
        return WeeklyReport.objects.get(week_start=week_start), False
    return report, created


def figures(report):
    """``report``'s rows as ``stats.Figures`` with ``rank`` and the change since the week before (``change``)."""
    before = {}
    previous = report.previous()
    if previous is not None:
        before = {row["department_id"]: row for row in previous.rows}
    result = []
    for row in report.rows:
        found = stats.Figures.from_dict(row, name=row["name"], key=row["department_id"])
        found.rank = row["rank"]
        found.ranking = row.get("ranking", GOVERNMENT)  # reports made before enterprises ranked apart
        # reports made before scoring existed have no score: shown as "—"
        found.score, found.grade = row.get("score"), row.get("grade") or ""
        old = before.get(row["department_id"])
        found.previous_rank = old["rank"] if old else None
        found.change = {}
        for key in stats.RATES:
            now_value, old_value = row.get(key), (old or {}).get(key)
            found.change[key] = (
                None if now_value is None or old_value is None else round(now_value - old_value, 1)
            )
        result.append(found)
    return result


def area_name(request):
    """What the report calls the whole area: the site's name as editors set it (Settings → 网站名称), else
    the Wagtail site's name."""
    name = SiteSettings.for_request(request).site_name
    if not name:
        site = Site.find_for_request(request)
        name = site.site_name if site is not None else ""
    return name


@PetitionReportIndexPage.serves("report")
def report_page(request, page, report):
    """The report page showing ``report`` (``None``: no report yet) and the list of weeks."""
    cache.tag_list(WeeklyReport)
    everyone = figures(report) if report else []
    rows = [row for row in everyone if row.ranking == GOVERNMENT]
    enterprises = [row for row in everyone if row.ranking == ENTERPRISES]
    charts = []
    if report:
        label = stats.FORMULA_LABELS["received"]
        charts.append((label, bar_chart([(row.name, row.received) for row in rows], title=label)))
        for key in ["completion_rate", "on_time_rate", "satisfaction_rate"]:
            label = stats.FORMULA_LABELS[key]
            values = [(row.name, getattr(row, key)) for row in rows]
            charts.append((label, bar_chart(values, unit="%", title=label)))
        if report.scheme:
            label = _("考核得分")
            values = [(row.name, row.score) for row in rows]
            charts.append((label, bar_chart(values, maximum=100, title=label)))
    context = page.get_context(request)
    context.update(
        report=report,
        area=area_name(request),
        rows=rows,
        enterprises=enterprises,
        charts=charts,
        ranking_rule=scoring.RANKING_RULE,
        formulas=stats.FORMULAS,
        scheme=scoring.describe(report.scheme) if report and report.scheme else [],
        weeks=WeeklyReport.objects.only("week_start", "week_end")[:60],
    )
    return render(request, "petitions/weekly_report_page.html", context)
