"""The weekly ranking report: frozen by a command, ranked by its scores, published on a page, recomputable
from the ledger — over two weeks of petitions that residents, the media centre and departments moved
through the workflow (``tests/petitions/history.py``).
"""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from home.models import SiteSettings
from petitions.factories import TopicFactory
from petitions.models import PetitionBoardPage, PetitionReportIndexPage, WeeklyReport
from petitions.supervision.reports import figures, last_complete_week, make_weekly_report

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)


def march(day):
    return datetime.date(2026, 3, day)


@pytest.fixture
def week_of_petitions(db):
    """Two weeks, 2–8 and 9–15 March 2026 (no holidays); replies are due 5 working days after dispatch.

    水务局 (water):
      W0  dispatched Mon 2 10:00 (due Mon 9), replied Fri 6, rated 满意 Mon 9 (closed)
      W1  dispatched Tue 3 10:00 (due Tue 10), replied Tue 10 09:00, rated 不满意 Wed 11: reopened and
          supervised (new deadline Wed 18), replied again Thu 12 10:00
      W2  submitted and dispatched Mon 9 12:00, replied Tue 10 10:00 (22 h), rated 基本满意 Wed 11 (closed)
    交通局 (roads):
      R0  dispatched Mon 2 10:00, replied Tue 3 10:00 (24 h), rated 满意 Wed 4 (closed)
      R1  dispatched Wed 4 10:00 (due Wed 11), claimed, never replied
      R2  submitted and dispatched Mon 9 10:00, replied Wed 11 10:00 (48 h)
      R3  submitted Tue 10, dispatched to 交通局 10:00, returned 15:00, dispatched to 水务局 16:00, claimed
    """
    water, roads = department("西区水务局", "shuiwu"), department("西区交通局", "jiaotong")
    topic = TopicFactory(name="城建", slug="urban", reply_days=5)
    history = History(media_centre_editor())
    with Clock.travel(local(march(2), 9)) as clock:
        w0, r0 = history.submitted(topic), history.submitted(topic)
        clock.to(march(2), 10)
        history.dispatched(w0, water)
        history.dispatched(r0, roads)
        clock.to(march(2), 11)
        history.claimed(r0)
        clock.to(march(3), 9)
        history.claimed(w0)
        w1 = history.submitted(topic)
        clock.to(march(3), 10)
        history.dispatched(w1, water)
        history.replied(r0)
        clock.to(march(3), 11)
        history.claimed(w1)
        clock.to(march(4), 9)
        r1 = history.submitted(topic)
        clock.to(march(4), 10)
        history.dispatched(r1, roads)
        history.rated(r0, "satisfied")
        clock.to(march(5), 9)
        history.claimed(r1)
        clock.to(march(6), 10)
        history.replied(w0)
        clock.to(march(9), 9)
        w2, r2 = history.submitted(topic), history.submitted(topic)
        clock.to(march(9), 10)
        history.rated(w0, "satisfied")
        history.dispatched(r2, roads)
        clock.to(march(9), 11)
        history.claimed(r2)
        clock.to(march(9), 12)
        history.dispatched(w2, water)
        clock.to(march(9), 14)
        history.claimed(w2)
        clock.to(march(10), 9)
        history.replied(w1)
        r3 = history.submitted(topic)
        clock.to(march(10), 10)
        history.replied(w2)
        history.dispatched(r3, roads)
        clock.to(march(10), 15)
        history.returned(r3)
        clock.to(march(10), 16)
        history.dispatched(r3, water)
        clock.to(march(11), 9)
        history.claimed(r3)
        clock.to(march(11), 10)
        history.rated(w1, "dissatisfied")
        history.rated(w2, "fair")
        history.replied(r2)
        clock.to(march(12), 10)
        history.replied(w1)
        clock.to(march(16), 9)
        yield water, roads


def test_the_command_freezes_the_week_and_is_idempotent(week_of_petitions):
    out = io.StringIO()
    call_command("weekly_petition_report", week="2026-03-11", stdout=out)
    assert "created" in out.getvalue()
    report = WeeklyReport.objects.get()
    assert (report.week_start, report.week_end) == (MONDAY, march(15))
    call_command("weekly_petition_report", week="2026-03-09", stdout=out)
    assert WeeklyReport.objects.count() == 1
    assert "kept" in out.getvalue()


def test_the_report_does_not_change_when_petitions_change_later(week_of_petitions):
    water, _roads = week_of_petitions
    report, _created = make_weekly_report(MONDAY)
    frozen = list(report.rows)
    history = History(media_centre_editor("editor-later"))
    with Clock.travel(local(march(17))):
        history.dispatched(history.submitted(TopicFactory(name="供水", slug="water")), water)
    report, created = make_weekly_report(MONDAY)
    assert not created and report.rows == frozen


def test_each_department_s_figures_are_the_hand_count(week_of_petitions):
    report, _created = make_weekly_report(MONDAY)
    rows = {row["name"]: row for row in report.rows}
    water, roads = rows["西区水务局"], rows["西区交通局"]
    # 水务局: received W2, R3 (now its petition); dispatched W2, R3, closed in the week W2 → 1 of 2;
    # due in the week only W0 (W1's deadline moved to Wed 18 when it reopened), on time → 1 of 1;
    # rated W0 满意, W2 基本满意 (W1's 不满意 gave way to the second handling) → 2 of 2;
    # replied W1 (216 h after its dispatch), W2 (22 h) → 119.0 h; supervised W1
    assert (water["received"], water["dispatched"], water["closed"], water["replied"]) == (2, 2, 2, 2)
    assert (water["completion_rate"], water["on_time_rate"], water["satisfaction_rate"]) == (
        50.0,
        100.0,
        100.0,
    )
    assert (water["average_response_hours"], water["supervised"], water["returned"]) == (119.0, 1, 0)
    assert (water["overdue"], water["claim_overdue"]) == (0, 0)
    # 交通局: received R2; dispatched R2, none closed → 0 of 1; due R0 (Mon 9, replied Tue 3) and R1
    # (Wed 11, not replied) → 1 of 2, 1 overdue; nothing rated; replied R2 after 48 h; returned R3
    assert (roads["received"], roads["dispatched"], roads["closed"], roads["replied"]) == (1, 1, 0, 1)
    assert (roads["completion_rate"], roads["on_time_rate"], roads["satisfaction_rate"]) == (0.0, 50.0, None)
    assert (roads["average_response_hours"], roads["returned"], roads["overdue"]) == (48.0, 1, 1)
    # the whole area: received W2, R2, R3
    assert (report.totals["received"], report.totals["overdue"], report.totals["returned"]) == (3, 1, 1)


def test_departments_are_ranked_by_score_and_their_figures_match_the_ledger(
    week_of_petitions, client, django_user_model
):
    report, _created = make_weekly_report(MONDAY)
    rows = {row["name"]: row for row in report.rows}
    # 水务局 30 + 15 + 30 + 10×(120−119)/96 − 2 = 73.1 (C); 交通局 15 + 0 + 30 + 10×(120−48)/96 − 1 = 51.5 (D)
    ranked = {name: (row["score"], row["grade"], row["rank"]) for name, row in rows.items()}
    assert ranked == {"西区水务局": (73.1, "C", 1), "西区交通局": (51.5, "D", 2)}

    # The ledger export's dates (local time, as text) give the same counts, read by a person's rules.
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

    found = {}
    for name in rows:
        mine = [line for line in ledger if line["办理单位"] == name]
        dispatched = [line for line in mine if in_week(line["转办时间"])]
        due = [line for line in mine if in_week(line["答复期限"])]
        found[name] = (
            len(dispatched),
            len([line for line in dispatched if line["办结时间"] and line["办结时间"] < end]),
            len(due),
            len([line for line in due if line["答复时间"] and line["答复时间"] <= line["答复期限"]]),
            len([line for line in mine if in_week(line["评价时间"])]),
        )
    # (dispatched, of them closed, due, of them on time, rated)
    assert found == {"西区水务局": (2, 1, 1, 1, 2), "西区交通局": (1, 0, 2, 1, 0)}


def test_week_over_week_change(week_of_petitions):
    make_weekly_report(MONDAY - datetime.timedelta(days=7))
    report, _created = make_weekly_report(MONDAY)
    rows = {row.name: row for row in figures(report)}
    # week of 2 March: 水务局 W0, W1 dispatched, neither closed by Sunday → 0%; 交通局 R0 closed, R1 not → 50%
    assert rows["西区水务局"].change["completion_rate"] == 50.0  # 0% → 50%
    assert rows["西区交通局"].change["completion_rate"] == -50.0  # 50% → 0%
    # week of 2 March scores: 交通局 30 + 15 + 30 + 10 (R0 answered in 24 h) = 85.0;
    # 水务局 30 + 0 + 30 + 10×(120−96)/96 (W0 answered in 96 h) = 62.5
    assert (rows["西区水务局"].previous_rank, rows["西区交通局"].previous_rank) == (2, 1)


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


def test_the_public_page_shows_the_ranking_its_rule_charts_and_formulas(
    week_of_petitions, report_page, client
):
    make_weekly_report(MONDAY - datetime.timedelta(days=7))
    make_weekly_report(MONDAY)
    response = client.get(report_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年3月9日" in html
    assert html.index("西区水务局") < html.index("西区交通局")
    assert "排名规则：按考核得分从高到低" in html
    # the received chart comes first, beside the rates; every bar's title names its department and value
    assert html.index("<figcaption>受理总量</figcaption>") < html.index("<figcaption>办结率</figcaption>")
    assert "<title>西区水务局：2</title>" in html and "<title>西区交通局：1</title>" in html
    assert "<title>西区水务局：50%</title>" in html and "<title>西区交通局：无数据</title>" in html
    assert "<title>西区水务局：73.1</title>" in html
    assert "计算方法" in html and "答复超期" in html and "签收超期" in html
    assert "▲" in html and "▼" in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    older = client.get(report_page.url + "2026-03-02/")
    assert older.status_code == 200 and "2026年3月2日" in older.content.decode()
    assert client.get(report_page.url + "2026-01-05/").status_code == 404
    assert client.get(report_page.url + "2026-02-31/").status_code == 404


def test_the_page_calls_the_area_by_the_site_s_name(week_of_petitions, report_page, client):
    make_weekly_report(MONDAY)
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"site_name": "西区"}
    )
    html = client.get(report_page.url).content.decode()
    assert "西区合计" in html and "全县" not in html


def test_the_public_page_never_shows_contacts(week_of_petitions, report_page, client):
    make_weekly_report(MONDAY)
    html = client.get(report_page.url).content.decode()
    assert "13812345678" not in html and "张女士" not in html


def test_the_page_without_reports_says_so(report_page, client):
    assert "还没有发布周报" in client.get(report_page.url).content.decode()


def test_the_report_page_lives_only_under_the_board(home):
    assert PetitionReportIndexPage in PetitionBoardPage.allowed_subpage_models()
    assert PetitionReportIndexPage not in type(home).allowed_subpage_models()


def test_a_new_report_is_shown_at_once_despite_the_page_cache(
    week_of_petitions, report_page, client, settings, django_capture_on_commit_callbacks
):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120
    assert "还没有发布周报" in client.get(report_page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_weekly_report(MONDAY)
    assert "西区水务局" in client.get(report_page.url).content.decode()
