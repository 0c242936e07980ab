"""Working-day deadlines: weekends, statutory holidays and make-up working days, correctable by editors."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from petitions import workflow
from petitions.factories import PetitionFactory, TopicFactory, department_staff
from petitions.models import CalendarCorrection, Petition
from petitions.workflow import deadlines


def at(y, m, d, hour=10):
    return timezone.make_aware(datetime.datetime(y, m, d, hour))


def day_of(moment):
    return timezone.localtime(moment).date()


pytestmark = pytest.mark.django_db


def test_a_deadline_ends_at_the_close_of_a_working_day():
    due = deadlines.add_working_days(at(2026, 11, 18), 1)  # Wednesday
    assert timezone.localtime(due) == timezone.make_aware(datetime.datetime(2026, 11, 19, 23, 59, 59))


def test_a_weekend_is_skipped():
    assert day_of(deadlines.add_working_days(at(2026, 11, 20), 1)) == datetime.date(2026, 11, 23)
    assert day_of(deadlines.add_working_days(at(2026, 11, 20), 5)) == datetime.date(2026, 11, 27)


def test_the_national_day_holiday_is_skipped():
    # 1–7 October 2026 are holidays; 30 September (Wednesday) + 1 working day is 8 October.
    assert day_of(deadlines.add_working_days(at(2026, 9, 30), 1)) == datetime.date(2026, 10, 8)


def test_a_make_up_working_day_counts_even_on_a_saturday():
    # Saturday 10 October 2026 is a make-up working day (调休上班).
    assert day_of(deadlines.add_working_days(at(2026, 9, 30), 3)) == datetime.date(2026, 10, 10)
    assert day_of(deadlines.add_working_days(at(2026, 9, 19), 1)) == datetime.date(2026, 9, 20)


def test_the_spring_festival_is_skipped_with_its_make_up_day():
    # Saturday 14 February 2026 is worked; 15–23 February are the Spring Festival holiday.
    assert day_of(deadlines.add_working_days(at(2026, 2, 13), 1)) == datetime.date(2026, 2, 14)
    assert day_of(deadlines.add_working_days(at(2026, 2, 13), 2)) == datetime.date(2026, 2, 24)


def test_an_editors_correction_overrides_the_library():
    CalendarCorrection.objects.create(date=datetime.date(2026, 11, 23), is_working_day=False, note="县庆")
    CalendarCorrection.objects.create(date=datetime.date(2026, 11, 21), is_working_day=True, note="补班")
    assert day_of(deadlines.add_working_days(at(2026, 11, 20), 1)) == datetime.date(2026, 11, 21)
    assert day_of(deadlines.add_working_days(at(2026, 11, 21), 1)) == datetime.date(2026, 11, 24)


def test_a_year_the_library_does_not_know_falls_back_to_weekdays():
    assert day_of(deadlines.add_working_days(datetime.date(2099, 1, 2), 1)) == datetime.date(2099, 1, 5)


def test_working_days_between_counts_only_working_days():
    assert deadlines.working_days_between(at(2026, 9, 30), at(2026, 10, 10)) == 3


def test_a_new_petition_must_be_decided_within_one_working_day(topic):
    with time_machine.travel(at(2026, 9, 30)):
        petition = PetitionFactory(topic=topic)
    assert day_of(petition.due_at) == datetime.date(2026, 10, 8)


def test_dispatch_sets_the_claim_and_reply_deadlines_from_the_topic(moderator, department, time_machine):
    topic = TopicFactory(reply_days=3)
    time_machine.move_to(at(2026, 9, 29), tick=False)
    petition = PetitionFactory(topic=topic, state="accepted")
    workflow.perform(petition, "dispatch", moderator, department=department)
    assert day_of(petition.due_at) == datetime.date(2026, 9, 30)  # claim
    assert day_of(petition.reply_due_at) == datetime.date(2026, 10, 9)  # 30 Sep, 8 Oct, 9 Oct
    workflow.perform(petition, "claim", moderator)
    assert petition.due_at == petition.reply_due_at


def test_overdue_and_due_soon_are_computed_from_the_deadline(topic, department):
    # on Wednesday 18 November 2026 (the topic's reply deadline is 5 working days from dispatch):
    def dispatched(day, state):
        with time_machine.travel(at(2026, 11, day)):
            return PetitionFactory(topic=topic, state=state, department=department)

    late_reply = dispatched(2, "processing")  # reply due Monday 9 November; replied late, on the 18th
    overdue = dispatched(16, "assigned")  # claim due Tuesday 17 November: not claimed in time
    soon = dispatched(12, "processing")  # reply due Thursday 19 November, within a working day
    later = dispatched(18, "processing")  # reply due Wednesday 25 November
    with time_machine.travel(at(2026, 11, 18)):
        workflow.perform(late_reply, "reply", department_staff(department), body="已处理。")
        assert list(Petition.objects.overdue()) == [overdue]
        assert list(deadlines.due_soon(Petition.objects.all())) == [soon]
        assert later not in Petition.objects.overdue() and late_reply not in Petition.objects.overdue()
        assert late_reply.reply_due_at < late_reply.replied_at  # late, but answered: not overdue


def test_an_editor_corrects_the_calendar_in_the_admin(editor_client):
    response = editor_client.post(
        "/admin/snippets/petitions/calendarcorrection/add/",
        {"date": "2026-11-23", "is_working_day": "", "note": "县庆放假"},
    )
    assert response.status_code == 302
    assert day_of(deadlines.add_working_days(at(2026, 11, 20), 1)) == datetime.date(2026, 11, 24)
