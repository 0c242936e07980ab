"""Making the weekly ranking report (民情数据排名周报): freeze one week's per-department figures.

Each department is ranked on its own petitions (its sub-units have their own rows), best first by
completion rate, then on-time rate, then satisfaction rate; departments without a figure come last.
The figures are those of ``petitions.supervision.stats`` for the Monday-to-Sunday week (Asia/Shanghai), judged at
the end of the week, so anyone can recompute them from the ledger's dates.

Each row also gets its score and grade (``petitions.supervision.scoring``) under the scoring scheme of the moment,
which the report keeps (``WeeklyReport.scheme``): editing the scheme later does not change it.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from rongmei.cache import purge_pages

from ..models import Department, ScoringScheme, WeeklyReport
from . import scoring, stats


def last_complete_week(now=None):
    """The Monday of the last week that has ended."""
    today = timezone.localdate(now)
    return today - datetime.timedelta(days=today.weekday() + 7)


def make_weekly_report(week_start=None, *, replace=False, now=None):
    """Return ``(report, created)``; an existing report is kept as it is unless ``replace``."""
    week_start = week_start or last_complete_week(now)
    period = stats.Period.week(week_start)
    week_start = period.first_day
    existing = WeeklyReport.objects.filter(week_start=week_start).first()
    if existing is not None and not replace:
        return existing, False
    departments = list(Department.objects.accepting_petitions())
    rows = stats.ranked(stats.by_department(period, departments=departments, now=now))
    totals = stats.figures(period, now=now)
    stats.add_returns(period, rows, totals=totals)
    scheme = ScoringScheme.load().as_dict()
    data = []
    for rank, row in enumerate(rows, start=1):
        figures = row.as_dict()
        score = scoring.score(figures, scheme)
        data.append(
            {
                "department_id": row.key,
                "name": row.name,
                "rank": rank,
                **figures,
                "score": score,
                "grade": scoring.grade(score, scheme),
            }
        )
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
    purge_pages()  # the report page (and channel pages) show it at once
    return report, created
