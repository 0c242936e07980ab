"""Department scoring (百分制考核): the scheme, the score and grade, and the weekly report that freezes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from petitions.factories import TopicFactory
from petitions.models import (
    Department,
    PetitionDispatch,
    PetitionReportIndexPage,
    ScoringScheme,
    WeeklyReport,
)
from petitions.supervision import scoring
from petitions.supervision.reports import make_weekly_report
from petitions.supervision.stats import Figures

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)
SCHEME = {
    "on_time_weight": 30.0,
    "completion_weight": 30.0,
    "satisfaction_weight": 30.0,
    "response_weight": 10.0,
    "response_full_hours": 24.0,
    "response_zero_hours": 120.0,
    "return_deduction": 1.0,
    "supervised_deduction": 2.0,
    "supervision_letter_deduction": 2.0,
    "interview_deduction": 5.0,
    "late_response_deduction": 2.0,
    "grade_a": 90.0,
    "grade_b": 80.0,
    "grade_c": 60.0,
}


def march(day):
    return datetime.date(2026, 3, day)


def test_the_default_scheme_is_the_documented_one():
    assert ScoringScheme.load().as_dict() == SCHEME


def test_a_score_recomputed_by_hand():
    row = {
        "on_time_rate": 80.0,
        "completion_rate": 50.0,
        "satisfaction_rate": 100.0,
        "average_response_hours": 72.0,
        "returned": 1,
        "supervised": 2,
    }
    # 30×0.8 + 30×0.5 + 30×1 + 10×(120−72)/(120−24) − 1×1 − 2×2 = 24 + 15 + 30 + 5 − 5
    assert scoring.score(row, SCHEME) == 69.0
    assert scoring.grade(69.0, SCHEME) == "C"
    # full points at or below 24 hours, none at or above 120, no case means nothing to hold against it
    perfect = {**row, "average_response_hours": 20.0, "on_time_rate": None, "returned": 0, "supervised": 0}
    assert scoring.score(perfect, SCHEME) == 30 + 15 + 30 + 10
    slow = {**perfect, "average_response_hours": 130.0}
    assert scoring.score(slow, SCHEME) == 75.0
    # the floor is 0
    assert scoring.score({**row, "returned": 200}, SCHEME) == 0.0
    # a department with nothing to judge has no score
    assert scoring.score(Figures(), SCHEME) is None
    assert scoring.grade(None, SCHEME) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, "A"), (90, "A"), (89.9, "B"), (80, "B"), (79.9, "C"), (60, "C"), (59.9, "D"), (0, "D")],
)
def test_grade_bands(value, expected):
    assert scoring.grade(value, SCHEME) == expected


def test_weights_must_add_up_to_100():
    scheme = ScoringScheme(
        on_time_weight=40, completion_weight=30, satisfaction_weight=30, response_weight=10
    )
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert "四项分值合计应为 100 分，现在是 110 分。" in str(error.value)
    scheme.on_time_weight = 30
    scheme.full_clean()
    scheme.response_zero_hours = 10
    with pytest.raises(ValidationError, match="零分用时应大于满分用时"):
        scheme.full_clean()


def test_the_scheme_is_edited_in_the_admin_with_a_clear_message(admin_client):
    url = reverse("wagtailsettings:edit", args=["petitions", "scoringscheme", ScoringScheme.load().pk])
    data = {**{key: f"{value:g}" for key, value in SCHEME.items()}, "on_time_weight": "20"}
    response = admin_client.post(url, data)
    assert "四项分值合计应为 100 分，现在是 90 分。" in response.content.decode()
    assert ScoringScheme.load().on_time_weight == 30
    response = admin_client.post(url, {**data, "on_time_weight": "25", "completion_weight": "35"})
    assert response.status_code == 302
    assert ScoringScheme.load().completion_weight == 35


def test_only_users_with_the_permission_edit_the_scheme(client, django_user_model):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user("supervisor-score", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    client.force_login(user)
    url = reverse("wagtailsettings:edit", args=["petitions", "scoringscheme", ScoringScheme.load().pk])
    assert client.get(url).status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="change_scoringscheme"))
    assert client.get(url).status_code == 200


def test_a_return_and_a_supervision_are_dated(topic):
    unit = department("西区城管局", "chengguan")
    history = History(media_centre_editor())
    with Clock.travel(local(march(2), 9)) as clock:
        petition = history.submitted(topic)
        clock.to(march(2), 10)
        history.dispatched(petition, unit)
        clock.to(march(2), 11)
        history.supervised(petition)
        clock.to(march(3), 9)
        history.returned(petition)
        clock.to(march(3), 10)
        history.supervised(petition)
    petition.refresh_from_db()
    assert petition.supervised_at == local(march(2), 11)  # the first supervision counts
    dispatch = PetitionDispatch.objects.get(petition=petition)
    assert (dispatch.department, dispatch.returned_at) == (unit, local(march(3), 9))


@pytest.fixture
def week_of_petitions(db):
    """The week of 9 March 2026, built so that the old rule (completion rate first) and the score disagree.

    水务局 (water) answered last week and had nothing new this week:
      W1  dispatched Mon 2 10:00 (due Mon 9), replied Tue 3 10:00, rated 满意 Mon 9 (closed)
      W2  dispatched Tue 3 10:00 (due Tue 10), replied Wed 4 10:00, rated 满意 Mon 9 (closed)
    交通局 (roads):
      R1  dispatched Mon 9 10:00, replied 14:00, rated 不满意 Tue 10 (reopened and supervised), replied
          again Wed 11 10:00 (48 h after dispatch), rated 不满意 Thu 12 (closed: reopened once only)
      R2  dispatched Wed 4 10:00 (due Wed 11), claimed, never replied
      R3  dispatched Mon 9 10:00, returned 15:00 (and left with the media centre)
    """
    water, roads = department("西区水务局", "shuiwu"), department("西区交通局", "jiaotong")
    topic = TopicFactory(name="城建", slug="urban", reply_days=5)
    history = History(media_centre_editor())
    with Clock.travel(local(march(2), 9)) as clock:
        w1 = history.submitted(topic)
        clock.to(march(2), 10)
        history.dispatched(w1, water)
        clock.to(march(3), 10)
        history.replied(w1)
        w2 = history.submitted(topic)
        history.dispatched(w2, water)
        clock.to(march(4), 10)
        history.replied(w2)
        r2 = history.submitted(topic)
        history.dispatched(r2, roads)
        clock.to(march(5), 10)
        history.claimed(r2)
        clock.to(march(9), 9)
        r1, r3 = history.submitted(topic), history.submitted(topic)
        clock.to(march(9), 10)
        history.rated(w1, "satisfied")
        history.rated(w2, "satisfied")
        history.dispatched(r1, roads)
        history.dispatched(r3, roads)
        clock.to(march(9), 14)
        history.replied(r1)
        clock.to(march(9), 15)
        history.returned(r3)
        clock.to(march(10), 10)
        history.rated(r1, "dissatisfied")
        clock.to(march(11), 10)
        history.replied(r1)
        clock.to(march(12), 10)
        history.rated(r1, "dissatisfied")
        clock.to(march(16), 9)
        yield water, roads


def test_the_weekly_report_scores_each_department_by_the_scheme(week_of_petitions):
    report, _created = make_weekly_report(MONDAY)
    rows = {row["name"]: row for row in report.rows}
    water, roads = rows["西区水务局"], rows["西区交通局"]
    assert report.scheme == SCHEME
    # 水务局: W1, W2 due and replied on time → 100%; nothing dispatched → no completion rate (full
    # points); both rated 满意 → 100%; nothing replied this week → full response points: 30+30+30+10
    assert (water["on_time_rate"], water["completion_rate"], water["satisfaction_rate"]) == (
        100.0,
        None,
        100.0,
    )
    assert (water["average_response_hours"], water["supervised"], water["returned"]) == (None, 0, 0)
    assert (water["score"], water["grade"]) == (100.0, "A")
    # 交通局: due R2 (Wed 11), not replied → 0% (R1's deadline moved to Tue 17 when it reopened);
    # dispatched R1 (R3's dispatch was returned), closed → 100%; rated 不满意 → 0%; R1 replied 48 h after
    # dispatch; one return, one supervised: 0 + 30 + 0 + 10×(120−48)/96 − 1 − 2 = 34.5
    assert (roads["on_time_rate"], roads["completion_rate"], roads["satisfaction_rate"]) == (0.0, 100.0, 0.0)
    assert (roads["average_response_hours"], roads["returned"], roads["supervised"]) == (48.0, 1, 1)
    assert (roads["score"], roads["grade"]) == (34.5, "D")
    assert (report.totals["returned"], report.totals["supervised"]) == (1, 1)


def test_the_ranking_follows_the_score_not_the_completion_rate(week_of_petitions):
    report, _created = make_weekly_report(MONDAY)
    # by completion rate 交通局 (100%) would lead and 水务局 (none) come last; by score 100.0 beats 34.5
    assert [(row["name"], row["rank"], row["score"]) for row in report.rows] == [
        ("西区水务局", 1, 100.0),
        ("西区交通局", 2, 34.5),
    ]


def test_equal_scores_are_ranked_by_on_time_rate_then_received():
    rows = [
        {"name": "乙", "score": 90.0, "on_time_rate": 80.0, "received": 9},
        {"name": "甲", "score": 90.0, "on_time_rate": 80.0, "received": 12},
        {"name": "丙", "score": 90.0, "on_time_rate": 95.0, "received": 1},
        {"name": "丁", "score": None, "on_time_rate": 100.0, "received": 50},
        {"name": "戊", "score": 95.5, "on_time_rate": None, "completion_rate": 100.0, "received": 0},
        # nothing to judge this week, only a deduction: full points would put it first, so it is not ranked
        {"name": "己", "score": 97.0, "on_time_rate": None, "received": 0, "returned": 1},
    ]
    order = sorted(rows, key=scoring.ranking_key)
    assert [row["name"] for row in order] == ["戊", "丙", "甲", "乙", "丁", "己"]
    assert [scoring.is_ranked(row) for row in order] == [True, True, True, True, False, False]


def test_the_frozen_scheme_does_not_change_when_the_scheme_is_edited(week_of_petitions):
    report, _created = make_weekly_report(MONDAY)
    frozen_rows, frozen_scheme = list(report.rows), dict(report.scheme)
    scheme = ScoringScheme.load()
    scheme.satisfaction_weight, scheme.response_weight = 20, 20
    scheme.full_clean()
    scheme.save()
    report.refresh_from_db()
    assert report.scheme == frozen_scheme and report.rows == frozen_rows
    later, _created = make_weekly_report(MONDAY + datetime.timedelta(days=7))
    assert later.scheme["satisfaction_weight"] == 20.0


@pytest.fixture
def report_page(board):
    page = PetitionReportIndexPage(title="民情数据排名周报", slug="weekly")
    board.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_report_page_shows_scores_grades_and_the_scheme(week_of_petitions, report_page, client):
    make_weekly_report(MONDAY)
    html = client.get(report_page.url).content.decode()
    assert "考核得分" in html and '<td class="score">100.0</td>' in html and "grade-a" in html
    assert '<td class="score">34.5</td>' in html and "grade-d" in html
    assert "考核方案（百分制）" in html
    assert "按期办结率 30 分、办结率 30 分、满意率 30 分" in html
    assert "不超过 24 小时得满分，达到 120 小时得 0 分" in html
    assert "每退回一件扣 1 分，每督办一件扣 2 分" in html


def test_enterprises_are_ranked_on_their_own_after_the_government_units(
    week_of_petitions, report_page, client
):
    gas = department("西区燃气有限公司", "ranqi", kind=Department.Kind.ENTERPRISE)
    power = department("西区供电公司", "gongdian", kind=Department.Kind.ENTERPRISE)
    topic = TopicFactory(name="供水供暖", slug="utilities", reply_days=5)
    history = History(media_centre_editor("editor-enterprises"))
    with Clock.travel(local(march(9), 9)) as clock:
        e1, e2 = history.submitted(topic), history.submitted(topic)
        clock.to(march(9), 10)
        history.dispatched(e1, gas)
        history.dispatched(e2, power)
        clock.to(march(10), 10)
        history.replied(e1)
        history.rated(e1, "satisfied")
        clock.to(march(13), 10)
        history.replied(e2)
        history.rated(e2, "dissatisfied")  # reopened: a second handling, still under way
    report, _created = make_weekly_report(MONDAY)
    ranked = [(row["name"], row["ranking"], row["rank"]) for row in report.rows]
    assert ranked == [
        ("西区水务局", "government", 1),
        ("西区交通局", "government", 2),
        ("西区燃气有限公司", "enterprises", 1),
        ("西区供电公司", "enterprises", 2),
    ]
    html = client.get(report_page.url).content.decode()
    government, enterprises = html.split("企事业单位排名", 1)
    assert "西区水务局" in government and "西区燃气有限公司" not in government
    assert "西区燃气有限公司" in enterprises and "西区水务局" not in enterprises.split("</section>", 1)[0]


def test_an_old_report_without_scores_shows_a_dash(report_page, client):
    WeeklyReport.objects.create(
        week_start=MONDAY,
        week_end=MONDAY + datetime.timedelta(days=6),
        rows=[
            {"department_id": 1, "name": "西区水务局", "rank": 1, "dispatched": 2, "completion_rate": 100.0}
        ],
        totals={},
    )
    html = client.get(report_page.url).content.decode()
    assert '<td class="score">—</td>' in html
    assert "尚未实行百分制考核" in html
