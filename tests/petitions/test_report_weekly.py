"""The weekly ranking report: frozen by a command, published on a page, recomputable from the ledger."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import PetitionReportIndexPage, WeeklyReport
from petitions.supervision.reports import figures, last_complete_week, make_weekly_report

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))


@pytest.fixture
def week_of_petitions():
    water = DepartmentFactory(name="西区水务局", slug="shuiwu")
    roads = DepartmentFactory(name="西区交通局", slug="jiaotong")
    # 水务局: 2 dispatched, both closed, both on time, one satisfied one dissatisfied
    for rating in ["satisfied", "dissatisfied"]:
        PetitionFactory(
            department=water,
            status="closed",
            submitted_at=at(9),
            accepted_at=at(9),
            assigned_at=at(9, 12),
            reply_due_at=at(12),
            replied_at=at(10),
            closed_at=at(11),
            rated_at=at(11),
            rating=rating,
        )
    # 交通局: 2 dispatched, none closed, one overdue
    PetitionFactory(
        department=roads,
        status="processing",
        submitted_at=at(10),
        assigned_at=at(10),
        due_at=at(12),
        reply_due_at=at(12),
    )
    PetitionFactory(
        department=roads,
        status="replied",
        submitted_at=at(10),
        assigned_at=at(10),
        reply_due_at=at(13),
        replied_at=at(12),
    )
    # the week before: 交通局 closed everything, 水务局 nothing
    PetitionFactory(department=roads, status="closed", submitted_at=at(2), assigned_at=at(2), closed_at=at(3))
    PetitionFactory(department=water, status="assigned", submitted_at=at(2), assigned_at=at(2))
    return water, roads


def test_the_command_freezes_the_week_and_is_idempotent(week_of_petitions):
    out = io.StringIO()
    call_command("weekly_petition_report", week="2026-03-11", stdout=out)
    assert "created" in out.getvalue()
    report = WeeklyReport.objects.get()
    assert (report.week_start, report.week_end) == (MONDAY, datetime.date(2026, 3, 15))
    call_command("weekly_petition_report", week="2026-03-09", stdout=out)
    assert WeeklyReport.objects.count() == 1
    assert "kept" in out.getvalue()


def test_the_report_does_not_change_when_petitions_change_later(week_of_petitions):
    report, _created = make_weekly_report(MONDAY)
    frozen = list(report.rows)
    PetitionFactory(department=week_of_petitions[0], submitted_at=at(10), assigned_at=at(10))
    report, created = make_weekly_report(MONDAY)
    assert not created and report.rows == frozen


def test_departments_are_ranked_and_their_figures_match_the_ledger(
    week_of_petitions, client, django_user_model
):
    report, _created = make_weekly_report(MONDAY)
    rows = {row["name"]: row for row in report.rows}
    assert rows["西区水务局"]["rank"] == 1 and rows["西区交通局"]["rank"] == 2

    # Recompute by hand from the ledger export (dates in local time, as text).
    user = django_user_model.objects.create_user("sup", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    client.force_login(user)
    response = client.get(
        reverse("petitions_ledger"), {"start": "2026-01-01", "end": "2026-12-31", "export": "csv"}
    )
    ledger = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    start, end = "2026-03-09 00:00:00", "2026-03-16 00:00:00"

    def in_week(value):
        return bool(value) and start <= value < end

    for name, row in rows.items():
        mine = [line for line in ledger if line["办理单位"] == name]
        dispatched = [line for line in mine if in_week(line["转办时间"])]
        closed = [line for line in dispatched if line["办结时间"] and line["办结时间"] < end]
        due = [line for line in mine if in_week(line["答复期限"])]
        on_time = [line for line in due if line["答复时间"] and line["答复时间"] <= line["答复期限"]]
        rated = [line for line in mine if in_week(line["评价时间"])]
        happy = [line for line in rated if line["评价"] in ("满意", "基本满意")]
        assert row["dispatched"] == len(dispatched)
        assert row["completion_rate"] == (
            round(100 * len(closed) / len(dispatched), 1) if dispatched else None
        )
        assert row["on_time_rate"] == (round(100 * len(on_time) / len(due), 1) if due else None)
        assert row["satisfaction_rate"] == (round(100 * len(happy) / len(rated), 1) if rated else None)
        assert row["overdue"] == len(due) - len(on_time)
    assert rows["西区水务局"]["completion_rate"] == 100.0
    assert rows["西区水务局"]["satisfaction_rate"] == 50.0
    assert rows["西区交通局"]["completion_rate"] == 0.0
    assert rows["西区交通局"]["on_time_rate"] == 50.0


def test_week_over_week_change(week_of_petitions):
    make_weekly_report(MONDAY - datetime.timedelta(days=7))
    report, _created = make_weekly_report(MONDAY)
    rows = {row.name: row for row in figures(report)}
    assert rows["西区水务局"].change["completion_rate"] == 100.0  # 0% → 100%
    assert rows["西区交通局"].change["completion_rate"] == -100.0  # 100% → 0%
    assert rows["西区水务局"].previous_rank == 2


def test_the_default_week_is_the_last_complete_one():
    wednesday = timezone.make_aware(datetime.datetime(2026, 3, 18, 9))
    assert last_complete_week(wednesday) == MONDAY
    sunday_night = timezone.make_aware(datetime.datetime(2026, 3, 15, 23, 59))
    assert last_complete_week(sunday_night) == MONDAY - datetime.timedelta(days=7)


@pytest.fixture
def report_page(board):
    page = PetitionReportIndexPage(title="民情数据排名周报", slug="weekly")
    board.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_public_page_shows_the_ranking_charts_and_formulas(week_of_petitions, report_page, client):
    make_weekly_report(MONDAY - datetime.timedelta(days=7))
    make_weekly_report(MONDAY)
    response = client.get(report_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年3月9日" in html
    assert html.index("西区水务局") < html.index("西区交通局")
    assert "<svg" in html and "<title>" in html and "100%" in html
    assert "计算方法" in html and "办结率" in html
    assert "▲" in html and "▼" in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    older = client.get(report_page.url + "2026-03-02/")
    assert older.status_code == 200 and "2026年3月2日" in older.content.decode()
    assert client.get(report_page.url + "2026-01-05/").status_code == 404
    assert client.get(report_page.url + "2026-02-31/").status_code == 404


def test_the_public_page_never_shows_contacts(week_of_petitions, report_page, client):
    make_weekly_report(MONDAY)
    html = client.get(report_page.url).content.decode()
    assert "13812345678" not in html and "张女士" not in html


def test_the_page_without_reports_says_so(report_page, client):
    assert "还没有发布周报" in client.get(report_page.url).content.decode()


def test_the_report_page_lives_only_under_the_board():
    from home.models import HomePage
    from petitions.models import PetitionBoardPage

    assert PetitionReportIndexPage in PetitionBoardPage.allowed_subpage_models()
    assert PetitionReportIndexPage not in HomePage.allowed_subpage_models()


def test_a_new_report_is_shown_at_once_despite_the_page_cache(week_of_petitions, report_page, client):
    assert "还没有发布周报" in client.get(report_page.url).content.decode()
    make_weekly_report(MONDAY)
    assert "西区水务局" in client.get(report_page.url).content.decode()
