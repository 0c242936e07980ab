"""Department scoring (百分制考核): the scheme, the score and grade, and the weekly report that freezes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import PetitionDispatch, PetitionReportIndexPage, ScoringScheme, WeeklyReport
from petitions.supervision import scoring
from petitions.supervision.reports import make_weekly_report
from petitions.supervision.stats import Figures

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
    "grade_a": 90.0,
    "grade_b": 80.0,
    "grade_c": 60.0,
}


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))


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


def test_a_return_and_a_supervision_are_dated(petition, moderator, department, department_staff):
    workflow.perform(petition, "accept", moderator)
    workflow.perform(petition, "dispatch", moderator, department=department)
    workflow.perform(petition, "supervise", moderator)
    petition.refresh_from_db()
    assert petition.supervised_at is not None
    first = petition.supervised_at
    workflow.perform(petition, "return", department_staff, reason="不属于本单位职责")
    dispatch = PetitionDispatch.objects.get(petition=petition)
    assert dispatch.returned_at is not None and dispatch.department == department
    workflow.perform(petition, "supervise", moderator)
    petition.refresh_from_db()
    assert petition.supervised_at == first  # the first supervision counts


@pytest.fixture
def week_of_petitions():
    water = DepartmentFactory(name="西区水务局", slug="shuiwu")
    roads = DepartmentFactory(name="西区交通局", slug="jiaotong")
    # 水务局: 2 dispatched and closed on time, replied after 22 h and 46 h; one satisfied, one not;
    # one supervised in the week
    for rating, replied, supervised in [
        ("satisfied", at(10, 10), at(10)),
        ("dissatisfied", at(11, 10), None),
    ]:
        PetitionFactory(
            department=water,
            status="closed",
            submitted_at=at(9),
            accepted_at=at(9),
            assigned_at=at(9, 12),
            reply_due_at=at(12),
            replied_at=replied,
            closed_at=at(12),
            rated_at=at(12),
            rating=rating,
            is_supervised=supervised is not None,
            supervised_at=supervised,
        )
    # 交通局: 2 dispatched, none closed, one replied on time after 48 h, one overdue; one more returned
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
    returned = PetitionFactory(status="accepted", submitted_at=at(9))
    PetitionDispatch.objects.create(
        petition=returned,
        department=roads,
        dispatched_at=at(9, 11),
        claim_due_at=at(10),
        reply_due_at=at(16),
        returned_at=at(10, 9),
    )
    return water, roads


def test_the_weekly_report_scores_each_department_by_the_scheme(week_of_petitions):
    report, _created = make_weekly_report(MONDAY)
    rows = {row["name"]: row for row in report.rows}
    water, roads = rows["西区水务局"], rows["西区交通局"]
    assert report.scheme == SCHEME
    # 水务局: on time 100%, completion 100%, satisfaction 50%, replies after 22 h and 46 h (34 h on
    # average), one supervised: 30 + 30 + 15 + 10×(120−34)/96 − 2
    assert (water["on_time_rate"], water["completion_rate"], water["satisfaction_rate"]) == (
        100.0,
        100.0,
        50.0,
    )
    assert water["average_response_hours"] == 34.0 and water["supervised"] == 1 and water["returned"] == 0
    assert water["score"] == round(30 + 30 + 15 + 10 * (120 - 34) / 96 - 2, 1) == 82.0
    assert water["grade"] == "B"
    # 交通局: on time 50%, completion 0%, not rated (full points), reply after 48 h, one return:
    # 15 + 0 + 30 + 10×(120−48)/96 − 1
    assert (roads["on_time_rate"], roads["completion_rate"], roads["satisfaction_rate"]) == (50.0, 0.0, None)
    assert roads["average_response_hours"] == 48.0 and roads["returned"] == 1
    assert roads["score"] == round(15 + 0 + 30 + 10 * (120 - 48) / 96 - 1, 1) == 51.5
    assert roads["grade"] == "D"
    assert report.totals["returned"] == 1 and report.totals["supervised"] == 1


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
    assert "考核得分" in html and '<td class="score">82.0</td>' in html and "grade-b" in html
    assert '<td class="score">51.5</td>' in html
    assert "考核方案（百分制）" in html
    assert "按期办结率 30 分、办结率 30 分、满意率 30 分" in html
    assert "不超过 24 小时得满分，达到 120 小时得 0 分" in html
    assert "每退回一件扣 1 分，每督办一件扣 2 分" in html


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
