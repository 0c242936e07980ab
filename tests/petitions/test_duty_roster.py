"""The duty roster (值班): units on duty each day, kept in the admin's month calendar by editors and
supervisors, read by department staff; shown on the board and the workbench; suggested by dispatch for a
topic without an owner unit; reminded of overdue petitions once a day.

Petitions are submitted and moved by ``workflow.perform`` under a clock that stands still between steps
(``tests/petitions/history.py``); March 2026 has no holidays. Wednesday 4 March 2026 is "today".
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from petitions.factories import TopicFactory
from petitions.models import DutyShift, PetitionReminder
from petitions.workflow.tick import tick
from rongmei import roles

from .history import Clock, History, department, local, media_centre_editor, signed_in

pytestmark = pytest.mark.django_db


def march(day):
    return datetime.date(2026, 3, day)


TODAY = march(4)


@pytest.fixture
def clock(db):
    with Clock.travel(local(TODAY, 9)) as clock:
        yield clock


def unit(name, slug):
    """A handling unit whose staff group holds what the roles table gives department staff."""
    made = department(name, slug)
    roles.apply_roles(departments=[made])
    return made


@pytest.fixture
def water(db):
    return unit("西区水务局", "shuiwu")


@pytest.fixture
def housing(db):
    return unit("西区住建局", "zhujian")


def user(username, *groups, email=""):
    account = get_user_model().objects.create_user(username, email=email, password="pw-duty-2026")
    account.groups.add(*groups)
    return account


@pytest.fixture
def supervisor(db):
    return user("supervisor-duty", Group.objects.get(name="Supervisors"))


@pytest.fixture
def clerk(water):
    return user("clerk-water", water.group, email="water@example.cn")


def add(client, day, department, follow=False, **data):
    url = f"/admin/petitions/duty/{day:%Y-%m-%d}/"
    return client.post(url, {"department": department.pk, **data}, follow=follow)


# --- the rules ---------------------------------------------------------------------------------------


def test_a_unit_is_on_duty_at_most_once_a_day(clock, water):
    DutyShift.objects.create(day=TODAY, department=water)
    again = DutyShift(day=TODAY, department=water)
    with pytest.raises(ValidationError, match="当天已在值班表上"):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    DutyShift(day=march(5), department=water).full_clean()  # another day is fine


def test_the_named_staff_member_must_act_for_the_unit(clock, water, housing, clerk):
    DutyShift(day=TODAY, department=water, staff=clerk).full_clean()
    with pytest.raises(ValidationError, match="值班人员须是该单位的工作人员"):
        DutyShift(day=TODAY, department=housing, staff=clerk).full_clean()


def test_a_day_already_past_cannot_be_edited(clock):
    DutyShift.check_editable(TODAY)
    with pytest.raises(ValidationError, match="已经过去"):
        DutyShift.check_editable(march(3))


# --- the admin calendar --------------------------------------------------------------------------------


def test_a_supervisor_puts_a_unit_on_duty_in_the_month_calendar(clock, supervisor, water, clerk):
    client = signed_in(supervisor)
    calendar = client.get("/admin/petitions/duty/?month=2026-03")
    assert calendar.status_code == 200
    assert 'href="/admin/petitions/duty/2026-03-04/"' in calendar.content.decode()
    response = add(client, TODAY, water, staff=clerk.pk, note="0812-3345678")
    assert response.status_code == 302 and response.url == "/admin/petitions/duty/2026-03-04/"
    shift = DutyShift.objects.get()
    assert (shift.day, shift.department, shift.staff, shift.created_by) == (TODAY, water, clerk, supervisor)
    cell = client.get("/admin/petitions/duty/?month=2026-03").content.decode()
    assert "西区水务局" in cell.split('data-day="2026-03-04"')[1].split("</td>")[0]


def test_the_same_unit_twice_on_a_day_is_refused_with_a_message(clock, supervisor, water):
    client = signed_in(supervisor)
    add(client, TODAY, water)
    response = add(client, TODAY, water)
    assert response.status_code == 200
    assert "西区水务局 当天已在值班表上。" in response.content.decode()
    assert DutyShift.objects.count() == 1


def test_a_past_day_is_shown_but_not_changed(clock, supervisor, water):
    past = DutyShift.objects.create(day=march(3), department=water)
    client = signed_in(supervisor)
    page = client.get("/admin/petitions/duty/2026-03-03/")
    assert page.status_code == 200 and "西区水务局" in page.content.decode()
    assert "加入值班表" not in page.content.decode() and "已经过去" in page.content.decode()
    response = add(client, march(3), unit("西区住建局", "zhujian"), follow=True)
    assert response.status_code == 200 and "2026-03-03 已经过去" in response.content.decode()
    removed = client.post(f"/admin/petitions/duty/2026-03-03/remove/{past.pk}/", follow=True)
    assert "已经过去" in removed.content.decode()
    assert list(DutyShift.objects.values_list("day", "department")) == [(march(3), water.pk)]


def test_a_supervisor_removes_a_unit_from_a_day_to_come(clock, supervisor, water):
    shift = DutyShift.objects.create(day=march(5), department=water)
    response = signed_in(supervisor).post(f"/admin/petitions/duty/2026-03-05/remove/{shift.pk}/")
    assert response.status_code == 302 and not DutyShift.objects.exists()


@pytest.mark.parametrize("address", ["2026-13-45", "tomorrow", "2026-02-30"])
def test_a_bad_date_is_a_message_not_an_error(clock, supervisor, address):
    response = signed_in(supervisor).get(f"/admin/petitions/duty/{address}/", follow=True)
    assert response.status_code == 200
    assert "日期格式应为 年-月-日" in response.content.decode()


def test_a_bad_month_shows_this_month_with_a_message(clock, supervisor):
    response = signed_in(supervisor).get("/admin/petitions/duty/?month=2026-99")
    assert response.status_code == 200 and response.context["month"] == march(1)
    assert "月份格式应为" in response.content.decode()


def test_a_department_clerk_reads_the_roster_but_cannot_change_it(clock, clerk, water, housing):
    DutyShift.objects.create(day=TODAY, department=housing)
    client = signed_in(clerk)
    calendar = client.get("/admin/petitions/duty/").content.decode()
    assert "西区住建局" in calendar and "安排值班" not in calendar
    day = client.get("/admin/petitions/duty/2026-03-04/").content.decode()
    assert "西区住建局" in day and "加入值班表" not in day and "取消值班" not in day
    # Wagtail's admin answers a refused permission with a redirect to the dashboard and a message
    refused = add(client, TODAY, water, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)] and "权限" in refused.content.decode()
    shift = DutyShift.objects.get()
    removed = client.post(f"/admin/petitions/duty/2026-03-04/remove/{shift.pk}/")
    assert (removed.status_code, removed.url) == (302, "/admin/")
    assert list(DutyShift.objects.values_list("department", flat=True)) == [housing.pk]


def test_a_resident_and_a_visitor_are_kept_out(clock, water):
    resident = user("resident-duty")
    for client in (signed_in(resident), Client()):
        response = client.get("/admin/petitions/duty/")
        assert response.status_code == 302 and "/admin/login/" in response.url
        assert add(client, TODAY, water).status_code == 302
    assert not DutyShift.objects.exists()


# --- the board and the workbench --------------------------------------------------------------------


def test_the_board_shows_todays_units_and_a_change_refreshes_the_cached_board(
    clock, board, settings, supervisor, water, housing, django_capture_on_commit_callbacks
):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=True):
        DutyShift.objects.create(day=TODAY, department=water)
        DutyShift.objects.create(day=march(5), department=housing)  # tomorrow's unit is not shown yet
    html = Client().get(board.url).content.decode()
    duty = html.split('id="board-duty"')[1].split("</section>")[0]
    assert "今日值班" in html and "西区水务局" in duty and "西区住建局" not in duty
    with django_capture_on_commit_callbacks(execute=True):
        add(signed_in(supervisor), TODAY, housing)
    duty = Client().get(board.url).content.decode().split('id="board-duty"')[1].split("</section>")[0]
    assert "西区住建局" in duty  # the cached board was purged


def test_the_cached_board_lasts_no_longer_than_the_day(clock, board, settings, water, housing):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 86400
    DutyShift.objects.create(day=TODAY, department=water)
    clock.to(TODAY, 23, 59)
    assert "西区水务局" in Client().get(board.url).content.decode()  # now cached
    # tomorrow's unit, entered without a purge (the test's transaction never commits): only the clock
    # can take today's board out of the cache
    DutyShift.objects.create(day=march(5), department=housing)
    clock.to(march(5), 0, 1)
    duty = Client().get(board.url).content.decode().split('id="board-duty"')[1].split("</section>")[0]
    assert "西区住建局" in duty and "西区水务局" not in duty


def test_the_workbench_shows_who_is_on_duty_today(clock, clerk, housing):
    DutyShift.objects.create(day=TODAY, department=housing, note="0812-3340000")
    html = signed_in(clerk).get("/admin/petitions/workbench/").content.decode()
    assert "今日值班" in html and "西区住建局 0812-3340000" in html


# --- dispatch --------------------------------------------------------------------------------------


@pytest.fixture
def history(db):
    return History(media_centre_editor())


def dispatch_form(history, petition):
    return signed_in(history.moderator).get(f"/admin/petitions/{petition.pk}/dispatch/")


def test_dispatch_suggests_the_duty_unit_for_a_topic_without_an_owner(clock, history, water, housing):
    DutyShift.objects.create(day=TODAY, department=housing)
    petition = history.accepted(history.submitted(TopicFactory(name="物业", slug="property")))
    response = dispatch_form(history, petition)
    assert response.context["form"]["department"].value() == housing.pk
    assert "已预选今日值班单位" in response.content.decode()
    # the dispatcher's own choice is what is sent
    signed_in(history.moderator).post(
        f"/admin/petitions/{petition.pk}/dispatch/", {"department": water.pk, "note": ""}
    )
    petition.refresh_from_db()
    assert petition.department == water and petition.dispatches.get().department == water


def test_a_topic_with_an_owner_or_a_resident_s_wish_is_not_overridden_by_the_duty_unit(
    clock, history, water, housing
):
    DutyShift.objects.create(day=TODAY, department=housing)
    owned = history.accepted(history.submitted(TopicFactory(name="供水", slug="utilities", owner=water)))
    response = dispatch_form(history, owned)
    assert response.context["form"]["department"].value() == water.pk
    assert "已预选今日值班单位" not in response.content.decode()
    assert "今日值班" in response.content.decode()  # still shown, as information
    wished = history.accepted(
        history.submitted(TopicFactory(name="物业", slug="property"), requested_department=water)
    )
    assert dispatch_form(history, wished).context["form"]["department"].value() == water.pk


def test_without_a_duty_unit_nothing_is_preselected(clock, history):
    petition = history.accepted(history.submitted(TopicFactory(name="物业", slug="property")))
    response = dispatch_form(history, petition)
    assert response.context["form"]["department"].value() is None
    assert "今天没有安排值班单位" in response.content.decode()


# --- overdue reminders -----------------------------------------------------------------------------


def test_an_overdue_petition_is_reminded_to_its_unit_and_the_duty_unit_once_a_day(
    clock, history, water, housing, clerk
):
    on_duty = user("clerk-housing", housing.group, email="housing@example.cn")
    DutyShift.objects.create(day=march(6), department=housing)
    petition = history.submitted(TopicFactory(name="供水", slug="utilities", reply_days=5))
    history.dispatched(petition, water)  # to be claimed by the end of Thursday 5 March
    mail.outbox.clear()

    clock.to(march(5), 12)
    tick()
    assert [m for m in mail.outbox if "超期" in m.subject] == []  # not overdue yet

    clock.to(march(6), 9)
    tick()
    overdue = [m for m in mail.outbox if "超期提醒" in m.subject]
    assert [m.to for m in overdue] == [["water@example.cn"], ["housing@example.cn"]]
    assert petition.number in overdue[0].subject and "西区水务局" in overdue[0].body
    assert "今日值班" in overdue[1].body and "13812345678" not in overdue[1].body
    clock.to(march(6), 15)
    tick()  # the same day: not again
    assert len([m for m in mail.outbox if "超期提醒" in m.subject]) == 2

    clock.to(march(9), 9)  # Monday: reminded again, and nobody is on duty that day
    tick()
    assert [m.to for m in mail.outbox if "超期提醒" in m.subject][2:] == [["water@example.cn"]]
    keys = PetitionReminder.objects.filter(kind="overdue").values_list("key", flat=True)
    assert sorted(keys) == ["2026-03-06", "2026-03-09"]
    assert on_duty.email == "housing@example.cn"


def test_a_named_staff_member_on_duty_gets_the_reminder_in_the_unit_s_stead(clock, history, water, housing):
    named = user("duty-officer", housing.group, email="officer@example.cn")
    user("other-housing", housing.group, email="other@example.cn")
    DutyShift.objects.create(day=march(6), department=housing, staff=named)
    petition = history.submitted(TopicFactory(name="供水", slug="utilities"))
    history.dispatched(petition, water)
    clock.to(march(6), 9)
    mail.outbox.clear()
    tick()
    assert [m.to for m in mail.outbox if "超期提醒" in m.subject] == [["officer@example.cn"]]
