"""Supervision letters (督办函), recommendation letters (建议函) and interviews (约谈): numbered per kind and
year, answered by the department in writing, accepted or returned by the supervisor, every step in the audit
log; seen only by supervisors and the department's own staff; printable; in the 问责台账 and in the score.

Petitions are submitted and moved by the workflow under a clock that stands still between steps
(``tests/petitions/history.py``); letters are issued and answered through the admin's views and the
service functions of ``petitions.workflow.accountability``. March 2026 has no holidays.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import TopicFactory
from petitions.models import AccountabilityLetter, ScoringScheme
from petitions.supervision import accountability, scoring, stats
from petitions.supervision.reports import make_weekly_report
from petitions.workflow import accountability as steps
from rongmei import roles

from .history import Clock, History, department, local, media_centre_editor, signed_in

pytestmark = pytest.mark.django_db
Letter = AccountabilityLetter
MONDAY = datetime.date(2026, 3, 9)


def march(day):
    return datetime.date(2026, 3, day)


@pytest.fixture
def clock(db):
    with Clock.travel(local(march(9), 9)) as clock:  # Monday 9 March 2026, 09:00
        yield clock


@pytest.fixture
def unit(db):
    unit = department("西区住建局", "zhujian")
    roles.apply_roles(departments=[unit])
    return unit


@pytest.fixture
def other_unit(db):
    unit = department("西区交通局", "jiaotong")
    roles.apply_roles(departments=[unit])
    return unit


def member(username, group):
    user = get_user_model().objects.create_user(username, password="pw-letters-2026")
    user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
    return user


@pytest.fixture
def supervisor(db):
    return member("supervisor-letters", "Supervisors")


@pytest.fixture
def clerk(unit):
    return member("clerk-zhujian", unit.group)


@pytest.fixture
def other_clerk(other_unit):
    return member("clerk-jiaotong", other_unit.group)


ISSUE = {
    "kind": "supervision",
    "subject": "背街小巷路灯长期不亮",
    "text": "近一个月居民多次反映路灯不亮，请你单位查明原因，限期整改并书面回复。",
    "deadline": "2026-03-13",
}


def issued(client, unit, **fields):
    response = client.post("/admin/petitions/letters/new/", {**ISSUE, "department": unit.pk, **fields})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return Letter.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[1])


def refused(response):
    """The admin answers a refused step with its "no permission" redirect to the dashboard (or a 403)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def actions(letter):
    return list(
        ModelLogEntry.objects.for_instance(letter)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_each_kind_is_numbered_on_its_own_per_year(clock, unit, supervisor):
    client = signed_in(supervisor)
    first = issued(client, unit)
    second = issued(client, unit)
    advice = issued(client, unit, kind="recommendation")
    assert [str(first.number), str(second.number), str(advice.number)] == [
        "督办〔2026〕第1号",
        "督办〔2026〕第2号",
        "建议〔2026〕第1号",
    ]
    clock.to(datetime.date(2027, 1, 4), 9)
    client = signed_in(supervisor)  # a new session: the old one has expired
    assert str(issued(client, unit, deadline="2027-01-08").number) == "督办〔2027〕第1号"


def test_a_number_taken_meanwhile_is_not_shared_the_issue_takes_the_next(
    clock, unit, supervisor, monkeypatch
):
    """Two supervisors at once: the one who read the highest number before the other's insert collides on
    the unique constraint, and takes the next number on its second attempt."""
    client = signed_in(supervisor)
    issued(client, unit)
    issued(client, unit)  # number 2, issued by "the other supervisor" after our read
    real_next = steps.next_sequence
    read = []

    def stale_then_fresh(kind, year):
        read.append(1 if not read else real_next(kind, year) - 1)
        return read[-1] + 1

    monkeypatch.setattr(steps, "next_sequence", stale_then_fresh)
    letter = steps.issue(
        supervisor,
        kind="supervision",
        department=unit,
        subject="再次督办",
        text="请回复。",
        deadline=march(13),
    )
    assert [top + 1 for top in read] == [2, 3] and letter.sequence == 3
    assert sorted(Letter.objects.values_list("sequence", flat=True)) == [1, 2, 3]
    assert actions(letter) == ["petitions.letter_issue"]  # the failed attempt left no log entry


def test_a_supervision_letter_is_answered_returned_answered_again_and_accepted_all_in_the_audit_log(
    clock, unit, supervisor, clerk
):
    topic = TopicFactory(name="城建", slug="urban", reply_days=5)
    history = History(media_centre_editor())
    petition = history.submitted(topic)
    history.dispatched(petition, unit)

    boss, staff = signed_in(supervisor), signed_in(clerk)
    letter = issued(boss, unit, petitions=petition.number)
    assert letter.status == Letter.Status.ISSUED and list(letter.petitions.all()) == [petition]
    assert letter.issued_at == local(march(9), 9) and letter.issued_by == supervisor

    workbench = staff.get("/admin/petitions/workbench/")
    assert workbench.context["letters"] == [letter] and str(letter.number) in workbench.content.decode()

    clock.to(march(11), 15)
    response = staff.post(
        f"/admin/petitions/letters/{letter.pk}/", {"action": "respond", "response": "已更换灯具。"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Letter.Status.RESPONDED and letter.responded_at == local(march(11), 15)
    assert letter.responded_by == clerk

    # the clerk cannot accept their own response; the supervisor returns it with a reason
    assert refused(staff.post(f"/admin/petitions/letters/{letter.pk}/", {"action": "accept"}))
    no_reason = boss.post(f"/admin/petitions/letters/{letter.pk}/", {"action": "return", "note": ""})
    assert no_reason.status_code == 200 and "请说明退回的理由。" in no_reason.content.decode()
    clock.to(march(12), 10)
    boss.post(f"/admin/petitions/letters/{letter.pk}/", {"action": "return", "note": "请说明长效管护措施。"})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.RETURNED and letter.review_note == "请说明长效管护措施。"

    clock.to(march(16), 10)  # answered again after the deadline: the first response was on time
    steps.respond(letter, clerk, response="已更换灯具，并纳入每周巡查。")
    steps.review(letter, supervisor, accept=True)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ACCEPTED and letter.reviewed_at == local(march(16), 10)
    assert letter.first_responded_at == local(march(11), 15) and not letter.is_late(local(march(16), 10))

    assert actions(letter) == [
        "petitions.letter_issue",
        "petitions.letter_respond",
        "petitions.letter_return",
        "petitions.letter_respond",
        "petitions.letter_accept",
    ]
    # the petition's own history shows the letter's steps too
    on_petition = ModelLogEntry.objects.for_instance(petition).filter(action__startswith="petitions.letter_")
    assert on_petition.count() == 5
    assert on_petition.order_by("timestamp", "pk").first().data["number"] == "督办〔2026〕第1号"
    with pytest.raises(workflow.TransitionError):
        steps.respond(letter, clerk, response="再补充一点。")  # accepted: nothing more to answer


def test_an_interview_needs_its_date_attendees_and_record(clock, unit, supervisor):
    client = signed_in(supervisor)
    response = client.post(
        "/admin/petitions/letters/new/", {**ISSUE, "kind": "interview", "department": unit.pk}
    )
    assert response.status_code == 200 and "请填写约谈日期。" in response.content.decode()
    assert not Letter.objects.exists()
    letter = issued(
        client,
        unit,
        kind="interview",
        interviewed_on="2026-03-09",
        attendees="住建局局长、督查室主任",
        record="局长说明了整改计划。",
    )
    assert str(letter.number) == "约谈〔2026〕第1号" and letter.attendees == "住建局局长、督查室主任"


def test_bad_input_is_a_message_never_a_letter(clock, unit, supervisor):
    client = signed_in(supervisor)
    past = client.post(
        "/admin/petitions/letters/new/", {**ISSUE, "department": unit.pk, "deadline": "2026-03-01"}
    )
    assert past.status_code == 200 and "回复期限不能早于今天。" in past.content.decode()
    unknown = client.post(
        "/admin/petitions/letters/new/", {**ISSUE, "department": unit.pk, "petitions": "MS-2026-999999"}
    )
    assert unknown.status_code == 200 and "没有编号为 MS-2026-999999 的诉求。" in unknown.content.decode()
    assert not Letter.objects.exists()


def test_only_supervisors_and_the_department_see_a_letter_and_only_the_department_answers(
    clock, unit, supervisor, clerk, other_clerk
):
    letter = issued(signed_in(supervisor), unit)
    resident = get_user_model().objects.create_user("resident-letters", password="pw-letters-2026")
    editor = media_centre_editor("editor-letters")
    url = f"/admin/petitions/letters/{letter.pk}/"

    assert signed_in(supervisor).get(url).status_code == 200
    assert signed_in(clerk).get(url).status_code == 200
    assert signed_in(other_clerk).get(url).status_code == 404
    assert signed_in(other_clerk).get(url + "print/").status_code == 404
    assert signed_in(other_clerk).get("/admin/petitions/letters/").context["letters"] == []
    assert signed_in(clerk).get("/admin/petitions/letters/").context["letters"] == [letter]
    assert signed_in(resident).get(url).status_code == 302  # not admin staff: to the sign-in page
    assert signed_in(editor).get(url).status_code == 404
    for user in (clerk, other_clerk, editor):
        assert refused(
            signed_in(user).post("/admin/petitions/letters/new/", {**ISSUE, "department": unit.pk})
        )
    assert Letter.objects.count() == 1
    assert signed_in(other_clerk).post(url, {"action": "respond", "response": "越权回复"}).status_code == 404
    with pytest.raises(PermissionDenied):
        steps.respond(letter, other_clerk, response="越权回复")
    with pytest.raises(PermissionDenied):
        steps.respond(letter, supervisor, response="督查代答")  # the department answers, not the supervisor
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ISSUED and letter.response == ""
    assert actions(letter) == ["petitions.letter_issue"]


def test_the_printable_letter_shows_number_department_deadline_text_and_the_response(
    clock, unit, supervisor, clerk
):
    letter = issued(signed_in(supervisor), unit)
    page = signed_in(clerk).get(f"/admin/petitions/letters/{letter.pk}/print/").content.decode()
    assert "督办〔2026〕第1号" in page and "西区住建局" in page and "2026年3月13日" in page
    assert ISSUE["text"] in page and "size:A4" in page and "@media print" in page
    assert "<h2>书面回复</h2>" not in page
    steps.respond(letter, clerk, response="已完成整改。")
    page = signed_in(supervisor).get(f"/admin/petitions/letters/{letter.pk}/print/").content.decode()
    assert "<h2>书面回复</h2>" in page and "已完成整改。" in page


def test_the_accountability_ledger_exports_every_letter_as_csv_and_xlsx_for_supervisors_only(
    clock, unit, other_unit, supervisor, clerk
):
    client = signed_in(supervisor)
    first = issued(client, unit)
    issued(client, other_unit, kind="recommendation", subject="建议优化公交线路")
    steps.respond(first, clerk, response='=HYPERLINK("x") 已整改')

    response = client.get("/admin/petitions/letters/ledger/", {"department": unit.pk, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "类型", "办理单位"]
    assert len(rows) == 2 and rows[1][:3] == ["督办〔2026〕第1号", "督办函", "西区住建局"]
    assert rows[1][6] == "2026-03-13" and rows[1][9] == "否" and rows[1][10] == "已回复"

    xlsx = client.get("/admin/petitions/letters/ledger/", {"export": "xlsx"})
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = b"".join(xlsx.streaming_content)
    assert content[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 3 and sheet.cell(3, 4).value == "建议优化公交线路"
    assert sheet.cell(2, 13).data_type == "s"  # a response that looks like a formula stays text

    assert refused(signed_in(clerk).get("/admin/petitions/letters/ledger/", {"export": "csv"}))


def test_the_accountability_ledger_page_lists_the_letters_oldest_first(clock, unit, other_unit, supervisor):
    client = signed_in(supervisor)
    issued(client, unit)
    clock.shift(hours=1)
    issued(client, other_unit, kind="recommendation", subject="建议优化公交线路")
    page = client.get("/admin/petitions/letters/ledger/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("督办〔2026〕第1号") < html.index("建议优化公交线路")
    only_unit = client.get("/admin/petitions/letters/ledger/", {"department": unit.pk}).content.decode()
    assert "督办〔2026〕第1号" in only_unit and "建议优化公交线路" not in only_unit


def test_letters_interviews_and_late_responses_cost_points_by_the_editable_weights(
    clock, unit, other_unit, supervisor, clerk
):
    scheme = ScoringScheme.load()
    scheme.supervision_letter_deduction, scheme.interview_deduction, scheme.late_response_deduction = 3, 5, 4
    scheme.save()
    client = signed_in(supervisor)
    answered_late = issued(client, unit, deadline="2026-03-10")
    issued(
        client, unit, kind="recommendation", deadline="2026-03-11"
    )  # never answered: late, not a letter cost
    issued(client, unit, kind="interview", interviewed_on="2026-03-09", attendees="局长", record="记录")
    on_time = issued(client, other_unit, deadline="2026-03-12")
    clock.to(march(11), 9)
    steps.respond(answered_late, clerk, response="迟到的回复")
    steps.respond(on_time, member("clerk-jiaotong", other_unit.group), response="按期回复")

    week = stats.Period.week(MONDAY)
    found = accountability.figures(week, [unit.pk, other_unit.pk], now=local(march(16), 9))
    # the interview's deadline (13 March) has not been answered either
    assert found[unit.pk] == {"supervision_letters": 1, "interviews": 1, "late_responses": 3}
    assert found[other_unit.pk] == {"supervision_letters": 1, "interviews": 0, "late_responses": 0}

    clock.to(march(16), 9)
    report, _created = make_weekly_report(MONDAY)
    rows = {row["department_id"]: row for row in report.rows}
    # nothing else happened: full 100 points, less 3 per 督办函, 5 per 约谈, 4 per late response
    assert rows[unit.pk]["score"] == 100 - 3 - 5 - 3 * 4
    assert rows[other_unit.pk]["score"] == 100 - 3
    assert report.scheme["late_response_deduction"] == 4
    described = " ".join(scoring.describe(report.scheme))
    assert "每份督办函扣 3 分" in described and "每次约谈扣 5 分" in described

    statistics = client.get("/admin/petitions/statistics/", {"start": "2026-03-09", "end": "2026-03-15"})
    page = statistics.content.decode()
    assert "问责的计算方法" in page and dict(statistics.context["accountability"])["约谈"] == 1


def test_an_old_report_scheme_without_accountability_weights_deducts_nothing():
    scheme = ScoringScheme().as_dict()
    for name in ("supervision_letter_deduction", "interview_deduction", "late_response_deduction"):
        scheme.pop(name)
    assert scoring.score({"supervision_letters": 2, "interviews": 1, "late_responses": 1}, scheme) == 100
