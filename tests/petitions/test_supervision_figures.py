"""Acceptance: 200 petitions down every path of the workflow, and every figure a supervisor reads.

For four weeks of March 2026 (Mondays 2, 9, 16 and 23; no holiday touches a deadline), 水务局 and 交通局
each get a cohort of 25 petitions, all submitted on the Monday at 09:00 and moved by the media
centre, the department's staff and the resident through ``workflow.perform`` (``history.py``). A
reply is due 5 working days after dispatch: the next Monday (the "N" below) at 23:59:59; a claim by
the Tuesday. Each path, as days after the Monday (M) or after the next Monday (N):

    rejected     M 09:30 不予受理
    pending      never moderated
    accepted     M 09:30 受理, never dispatched
    unclaimed    M 10:00 dispatched, never claimed
    claimed      dispatched, M 14:00 claimed, never replied
    satisfied    dispatched, claimed, M+2 10:00 replied (48 h), M+3 rated 满意 (closed)
    fair         the same, rated 基本满意
    unrated      dispatched, claimed, M+2 replied (48 h), M+4 10:00 closed by the media centre
    late         dispatched, M+1 09:00 claimed, N+1 10:00 replied (192 h), N+2 closed
    returned     M 10:00 dispatched to 住建局, M+1 09:00 returned, 10:00 dispatched again (due N+1),
                 14:00 claimed, M+3 10:00 replied (48 h), M+4 rated 基本满意 (closed)
    extended     dispatched, claimed, M+4 3 more working days approved (due N+3), N+2 replied (216 h),
                 N+3 rated 满意 (closed)
    supervised   dispatched, claimed, M+2 09:00 督办, M+3 10:00 replied (72 h), M+4 11:00 closed
    reopened     dispatched, claimed, M+1 replied, M+2 rated 不满意: reopened and supervised (due N+2),
                 M+4 10:00 replied again (96 h after dispatch), N 11:00 rated 不满意 (closed: once only)

Every dispatched petition's reply deadline falls in the week after its cohort's. The counts below are
written by hand from these paths and the cohort sizes (``COHORTS``); the code under test computes none.
"""

import csv
import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import SiteSettings
from petitions.factories import TopicFactory
from petitions.models import Petition, PetitionReportIndexPage
from petitions.supervision import stats
from petitions.supervision.reports import make_weekly_report

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db

MONDAYS = [datetime.date(2026, 3, day) for day in (2, 9, 16, 23)]

#: petitions per path in each week's cohort (25 each)
COHORTS = {
    "shuiwu": {
        "rejected": 2, "pending": 1, "accepted": 1, "unclaimed": 1, "claimed": 1, "satisfied": 7, "fair": 2,
        "unrated": 1, "late": 2, "returned": 2, "extended": 2, "supervised": 1, "reopened": 2,
    },
    "jiaotong": {
        "rejected": 1, "pending": 1, "accepted": 2, "unclaimed": 2, "claimed": 2, "satisfied": 4, "fair": 2,
        "unrated": 1, "late": 5, "returned": 1, "extended": 1, "supervised": 1, "reopened": 2,
    },
}  # fmt: skip

#: each path's steps: (days after the cohort's Monday, hour, minute, step)
DISPATCH, CLAIM = (0, 10, 0, "dispatch"), (0, 14, 0, "claim")
PATHS = {
    "rejected": [(0, 9, 30, "reject")],
    "pending": [],
    "accepted": [(0, 9, 30, "accept")],
    "unclaimed": [DISPATCH],
    "claimed": [DISPATCH, CLAIM],
    "satisfied": [DISPATCH, CLAIM, (2, 10, 0, "reply"), (3, 10, 0, "satisfied")],
    "fair": [DISPATCH, CLAIM, (2, 10, 0, "reply"), (3, 10, 0, "fair")],
    "unrated": [DISPATCH, CLAIM, (2, 10, 0, "reply"), (4, 10, 0, "close")],
    "late": [DISPATCH, (1, 9, 0, "claim"), (8, 10, 0, "reply"), (9, 10, 0, "close")],
    "returned": [
        (0, 10, 0, "misroute"),
        (1, 9, 0, "return"),
        (1, 10, 0, "dispatch"),
        (1, 14, 0, "claim"),
        (3, 10, 0, "reply"),
        (4, 10, 0, "fair"),
    ],
    "extended": [DISPATCH, CLAIM, (4, 9, 0, "extend"), (9, 10, 0, "reply"), (10, 10, 0, "satisfied")],
    "supervised": [DISPATCH, CLAIM, (2, 9, 0, "supervise"), (3, 10, 0, "reply"), (4, 11, 0, "close")],
    "reopened": [
        DISPATCH,
        CLAIM,
        (1, 10, 0, "reply"),
        (2, 10, 0, "dissatisfied"),
        (4, 10, 0, "reply"),
        (7, 11, 0, "dissatisfied"),
    ],
}


def _run(history, step, petition, home, misrouted_to):
    if step == "dispatch":
        history.dispatched(petition, home)
    elif step == "misroute":
        history.dispatched(petition, misrouted_to)
    elif step in ("satisfied", "fair", "dissatisfied"):
        history.rated(petition, step)
    elif step == "extend":
        history.extended(petition, 3)
    else:
        {
            "accept": history.accepted,
            "reject": history.rejected,
            "claim": history.claimed,
            "reply": history.replied,
            "return": history.returned,
            "supervise": history.supervised,
            "close": history.closed,
        }[step](petition)


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    """The 200 petitions, built once for the module inside a transaction rolled back at its end (each test
    still runs in its own nested transaction, as in tests/demo)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


#: The search index and Wagtail's reference index follow every save; neither is read by a figure, and
#: keeping them up to date is most of the time 200 petitions' histories take, so they stand still here.
QUIET_INDEXES = {
    "default": {"BACKEND": "rongmei.search.backends", "SEARCH_CONFIG": "simple", "AUTO_UPDATE": False}
}


def _build():
    units = {"shuiwu": department("西区水务局", "shuiwu"), "jiaotong": department("西区交通局", "jiaotong")}
    misrouted_to = department("西区住建局", "zhujian")
    topics = {
        "shuiwu": TopicFactory(name="供水", slug="water", reply_days=5),
        "jiaotong": TopicFactory(name="交通", slug="traffic", reply_days=5),
    }
    TopicFactory(name="城建", slug="urban", reply_days=5)
    history = History(media_centre_editor("editor-county"))
    events = []  # (moment, order, step, holder): submissions first at their moment, then in path order
    for monday in MONDAYS:
        for slug, cohort in COHORTS.items():
            for path, count in cohort.items():
                for _n in range(count):
                    holder = {"slug": slug}
                    events.append((local(monday, 9), 0, "submit", holder))
                    for days, hour, minute, step in PATHS[path]:
                        moment = local(monday + datetime.timedelta(days=days), hour, minute)
                        events.append((moment, 1, step, holder))
    events.sort(key=lambda event: event[:2])  # stable: equal moments keep their order
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=QUIET_INDEXES),
        disable_reference_index_auto_update(),
        Clock.travel(events[0][0]) as clock,
    ):
        for moment, _order, step, holder in events:
            clock.to(moment)
            if step == "submit":
                holder["petition"] = history.submitted(topics[holder["slug"]])
            else:
                _run(history, step, holder["petition"], units[holder["slug"]], misrouted_to)
    return {**units, "zhujian": misrouted_to}


def test_the_county_holds_200_petitions_in_the_states_their_paths_end_in(county, db):
    statuses = Counter(Petition.objects.values_list("status", flat=True))
    # per week: rejected 2 + 1, pending 1 + 1, accepted 1 + 2, unclaimed 1 + 2, claimed 1 + 2, and closed
    # the rest: 水务局 7+2+1+2+2+2+1+2 = 19, 交通局 4+2+1+5+1+1+1+2 = 17; four weeks
    assert statuses == {
        "rejected": 12,
        "pending": 8,
        "accepted": 12,
        "assigned": 12,
        "processing": 12,
        "closed": 144,
    }


def figures_of(found, *keys):
    return tuple(getattr(found, key) for key in keys)


COUNTS = ("received", "accepted", "dispatched", "replied", "closed")
DEADLINES = ("due", "due_on_time", "overdue", "claim_overdue")
RATES = ("completion_rate", "on_time_rate", "satisfaction_rate", "average_response_hours")


def test_a_week_per_department(county, db):
    week = stats.Period.week(MONDAYS[2])  # 16–22 March: its own cohort and the one before it at work
    rows = stats.add_returns(week, stats.by_department(week))
    rows = {row.name: row for row in rows}
    water, roads, housing = rows["西区水务局"], rows["西区交通局"], rows["西区住建局"]
    # received, accepted, dispatched: the cohort's dispatched paths (21 each; the three without a
    # department are not a department's). replied: this week's satisfied, fair, unrated, returned,
    # supervised, reopened (水务局 7+2+1+2+1+2 = 15, 交通局 4+2+1+1+1+2 = 11) and last week's late and
    # extended (2+2, 5+1). closed: satisfied, fair, unrated, returned, supervised (13, 9) and last week's
    # late, extended, reopened (2+2+2, 5+1+2)
    assert figures_of(water, *COUNTS) == (21, 21, 21, 19, 19)
    assert figures_of(roads, *COUNTS) == (21, 21, 21, 17, 17)
    # due: every dispatched petition of last week (21). On time: satisfied, fair, unrated, supervised,
    # returned, extended, reopened (7+2+1+1+2+2+2 = 17; 4+2+1+1+1+1+2 = 12); overdue: unclaimed,
    # claimed, late (1+1+2, 2+2+5); claims overdue: this week's unclaimed (1, 2)
    assert figures_of(water, *DEADLINES) == (21, 17, 4, 1)
    assert figures_of(roads, *DEADLINES) == (21, 12, 9, 2)
    # completion: this week's closed 13 of 21 = 61.9%, 9 of 21 = 42.9%; on time 17/21 = 81.0%,
    # 12/21 = 57.1%; rated: satisfied, fair, returned of this week and last week's extended and reopened
    # (the reopened ones 不满意 twice): 13 of 15 = 86.7%, 8 of 10 = 80.0%; hours: 48 for satisfied,
    # fair, unrated, returned; 72 supervised; 96 reopened; 192 late; 216 extended:
    # 水务局 (10×48 + 2×48 + 72 + 2×96 + 2×192 + 2×216) / 19 = 1656 / 19 = 87.2,
    # 交通局 (7×48 + 48 + 72 + 2×96 + 5×192 + 216) / 17 = 1824 / 17 = 107.3
    assert figures_of(water, *RATES) == (61.9, 81.0, 86.7, 87.2)
    assert figures_of(roads, *RATES) == (42.9, 57.1, 80.0, 107.3)
    # supervised this week: supervised and reopened (1+2 each); returns: to 住建局, 2 + 1
    assert (water.supervised, roads.supervised, housing.supervised) == (3, 3, 0)
    assert (water.returned, roads.returned, housing.returned) == (0, 0, 3)
    assert figures_of(housing, *COUNTS, *DEADLINES) == (0,) * 9


def test_the_first_week_has_no_cohort_before_it(county, db):
    rows = {row.name: row for row in stats.by_department(stats.Period.week(MONDAYS[0]))}
    water, roads = rows["西区水务局"], rows["西区交通局"]
    # nothing is due in the week of 2 March; replied and closed only this week's paths (15, 13; 11, 9);
    # rated 11 and 7, all satisfied or fair; hours (10×48 + 2×48 + 72 + 2×96) / 15 = 56.0 and
    # (7×48 + 48 + 72 + 2×96) / 11 = 58.9
    assert figures_of(water, "replied", "closed", "due", "rated") == (15, 13, 0, 11)
    assert figures_of(roads, "replied", "closed", "due", "rated") == (11, 9, 0, 7)
    assert figures_of(water, *RATES) == (61.9, None, 100.0, 56.0)
    assert figures_of(roads, *RATES) == (42.9, None, 100.0, 58.9)


def test_march_per_topic(county, db):
    rows = {row.name: row for row in stats.by_topic(stats.Period.month(2026, 3))}
    water, traffic, urban = rows["供水"], rows["交通"], rows["城建"]
    # four cohorts: received 100 each; accepted the dispatched 84 plus the accepted-only (4, 8); replied
    # 4 × (15, 11) + three cohorts' late and extended (3 × 4, 3 × 6) + the last cohort's late on 31 March
    # (2, 5); closed 4 × (13, 9) + three cohorts' late, extended, reopened (3 × 6, 3 × 8) + the last
    # cohort's reopened on 30 March (2, 2); its late and extended close in April
    assert figures_of(water, *COUNTS) == (100, 88, 84, 74, 72)
    assert figures_of(traffic, *COUNTS) == (100, 92, 84, 67, 62)
    # due in March: three cohorts whole (63) + the last but its extended (due 2 April) and reopened
    # (1 April): 17 and 18; on time 3 × 17 + 13 = 64, 3 × 12 + 9 = 45; claims overdue 4 × (1, 2)
    assert figures_of(water, *DEADLINES) == (80, 64, 16, 4)
    assert figures_of(traffic, *DEADLINES) == (81, 45, 36, 8)
    # completion 72/84 = 85.7%, 62/84 = 73.8%; on time 64/80 = 80.0%, 45/81 = 55.6%; rated 4 × (11, 7)
    # + 3 × (2+2, 1+2) + the last cohort's reopened (2, 2) = 58, 39; satisfied or fair 44 + 6 = 50 (86.2%),
    # 28 + 3 = 31 (79.5%)
    assert figures_of(water, *RATES[:3]) == (85.7, 80.0, 86.2)
    assert figures_of(traffic, *RATES[:3]) == (73.8, 55.6, 79.5)
    assert figures_of(urban, *COUNTS) == (0, 0, 0, 0, 0) and urban.completion_rate is None


def test_per_month(county, db):
    march, april = stats.series([stats.Period.month(2026, 3), stats.Period.month(2026, 4)])
    # March: the two topics' sums; April: the last cohort's extended replies (2 + 1) and closings of its
    # late and extended (2+5 + 2+1), their ratings (3, 满意), and the deadlines of its extended and
    # reopened (2+2 + 1+2), all met
    assert figures_of(march, *COUNTS) == (200, 180, 168, 141, 134)
    assert figures_of(march, *DEADLINES) == (161, 109, 52, 12)
    assert figures_of(march, "completion_rate", "on_time_rate", "satisfaction_rate") == (79.8, 67.7, 83.5)
    assert figures_of(april, *COUNTS) == (0, 0, 0, 3, 10)
    assert figures_of(april, *DEADLINES) == (7, 7, 0, 0)
    assert figures_of(april, "completion_rate", "on_time_rate", "satisfaction_rate") == (None, 100.0, 100.0)


def test_the_weekly_report_scores_and_ranks(county, db):
    report, _created = make_weekly_report(MONDAYS[2])
    rows = {row["name"]: row for row in report.rows}
    # 水务局: 30×0.81 + 30×0.619 + 30×0.867 + 10×(120−87.2)/96 − 3×2 = 66.3 (C)
    # 交通局: 30×0.571 + 30×0.429 + 30×0.80 + 10×(120−107.3)/96 − 3×2 = 49.3 (D)
    # 住建局 had nothing to handle (full points for each figure) and returned 3: 100 − 3 = 97.0 (A), but
    # with nothing to judge it is not ranked and comes last (scoring.RANKING_RULE)
    assert {name: (row["rank"], row["score"], row["grade"]) for name, row in rows.items()} == {
        "西区水务局": (1, 66.3, "C"),
        "西区交通局": (2, 49.3, "D"),
        "西区住建局": (None, 97.0, "A"),
    }
    assert [row["name"] for row in report.rows][-1] == "西区住建局"
    # the whole area: received 50; dispatched 42; closed 19 + 17; due 42, on time 17 + 12 = 29 (69.0%);
    # rated 15 + 10 = 25, satisfied 13 + 8 = 21 (84.0%); returned 3; supervised 6
    totals = report.totals
    assert (totals["received"], totals["dispatched"], totals["closed"], totals["due"]) == (50, 42, 36, 42)
    assert (totals["on_time_rate"], totals["satisfaction_rate"], totals["completion_rate"]) == (
        69.0,
        84.0,
        52.4,
    )
    assert (totals["overdue"], totals["claim_overdue"], totals["returned"], totals["supervised"]) == (
        13,
        3,
        3,
        6,
    )


def test_the_report_page_shows_the_figures_by_name(county, db, board, client):
    page = PetitionReportIndexPage(title="民情数据排名周报", slug="weekly")
    board.add_child(instance=page)
    page.save_revision().publish()
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"site_name": "西区"}
    )
    make_weekly_report(MONDAYS[2])
    html = client.get(page.url + "2026-03-16/").content.decode()
    assert "西区合计" in html
    for title in [
        "西区水务局：21",
        "西区交通局：21",
        "西区住建局：0",
        "西区水务局：61.9%",
        "西区交通局：57.1%",
    ]:
        assert f"<title>{title}</title>" in html
    assert "<title>西区住建局：无数据</title>" in html and "<title>西区住建局：97</title>" in html


def test_the_ledger_has_every_petition_with_its_dates(county, db, client, django_user_model):
    user = django_user_model.objects.create_user("supervisor-county", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    client.force_login(user)
    response = client.get(
        reverse("petitions_ledger"), {"start": "2026-03-01", "end": "2026-03-31", "export": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 200
    assert Counter(row["状态"] for row in rows) == {
        "不予受理": 12, "待审核": 8, "已受理": 12, "已转办": 12, "办理中": 12, "已办结": 144,
    }  # fmt: skip
    # per department: its dispatched paths × 4; 住建局 keeps none (each was returned and sent on)
    assert Counter(row["办理单位"] for row in rows) == {"西区水务局": 84, "西区交通局": 84, "": 32}
    # supervised: supervised and reopened, 3 a week per department; reopened once: 2 a week each
    assert sum(row["督办"] == "是" for row in rows) == 24
    assert Counter(row["重新办理次数"] for row in rows) == {"0": 184, "1": 16}
    # ratings: satisfied 4 × (7 + 2 + 4 + 1), fair 4 × (2 + 2 + 2 + 1), dissatisfied the reopened 16
    assert Counter(row["评价"] for row in rows) == {"满意": 56, "基本满意": 28, "不满意": 16, "": 100}
    # the week of 16 March read from the ledger by hand: dispatched then, and closed by its end
    in_week = [row for row in rows if "2026-03-16" <= row["转办时间"] < "2026-03-23"]
    closed = [row for row in in_week if row["办结时间"] and row["办结时间"] < "2026-03-23"]
    assert (len(in_week), len(closed)) == (42, 22)
