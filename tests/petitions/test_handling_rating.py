"""Rating and closing: the resident rates with the tracking code; 不满意 reopens once and supervises;
the scheduled tick closes unrated petitions, reminds and escalates, and is safe to run twice."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import PetitionFactory
from petitions.models import Petition, PetitionReminder
from petitions.workflow import deadlines
from petitions.workflow.tick import tick, tick_task

from .test_board import track

pytestmark = pytest.mark.django_db


def unrated_for_too_long(petition):
    """A day after the tick closes ``petition`` for want of a rating."""
    return petition.replied_at + datetime.timedelta(days=deadlines.RATING_DAYS + 1)


@pytest.fixture
def replied(moderator, department, department_staff, topic):
    return PetitionFactory(
        topic=topic,
        state="replied",
        editor=moderator,
        department=department,
        staff=department_staff,
        reply="已修好。",
    )


def test_a_satisfied_rating_closes_the_petition(client, board, replied):
    url = track(client, board, replied.tracking_code).url
    client.post(url, {"rating": "fair", "comment": "还行"})
    replied.refresh_from_db()
    assert replied.status == "closed" and replied.rating == "fair" and replied.closed_at is not None


def test_a_dissatisfied_rating_reopens_once_for_a_second_handling(client, board, replied):
    url = track(client, board, replied.tracking_code).url
    client.post(url, {"rating": "dissatisfied", "comment": "根本没修"})
    replied.refresh_from_db()
    assert replied.status == "processing" and replied.is_supervised and replied.reopen_count == 1
    assert replied.due_at is not None and replied.due_at == replied.reply_due_at
    assert replied.replied_at is None and replied.closed_at is None
    assert replied.rating == ""  # the second handling is rated afresh; the first rating is kept aside
    note = replied.messages.get(kind="note")
    assert not note.is_public and "不满意" in note.body and "根本没修" in note.body
    entry = ModelLogEntry.objects.get(action="petitions.rate", object_id=str(replied.pk))
    assert entry.data["rating"] == "dissatisfied" and entry.data["to"] == "processing"


def test_rating_twice_is_refused_and_changes_nothing(client, board, replied):
    url = track(client, board, replied.tracking_code).url
    client.post(url, {"rating": "satisfied"})
    response = client.post(url, {"rating": "dissatisfied"})
    replied.refresh_from_db()
    assert replied.rating == "satisfied" and replied.status == "closed"
    assert response.status_code in (200, 302)
    with pytest.raises(workflow.TransitionError, match="不能重复评价"):
        workflow.perform(replied, "rate", workflow.Resident(), rating="dissatisfied")


def test_a_wrong_code_cannot_rate(client, board, replied):
    response = track(client, board, "ZZZZ-ZZZZ-ZZZZ")
    assert "查询码不正确" in response.content.decode()
    client.post(f"{board.url}tracked/?p={replied.pk}", {"rating": "dissatisfied"})
    assert Petition.objects.get(pk=replied.pk).rating == ""


def test_after_the_second_handling_a_dissatisfied_rating_closes(replied, department_staff):
    workflow.perform(replied, "rate", workflow.Resident(), rating="dissatisfied")
    workflow.perform(replied, "reply", department_staff, body="再次上门维修。")
    workflow.perform(replied, "rate", workflow.Resident(), rating="dissatisfied")
    replied.refresh_from_db()
    assert replied.status == "closed" and replied.reopen_count == 1 and replied.rating == "dissatisfied"


def test_the_tick_closes_petitions_unrated_for_seven_days_and_is_safe_twice(replied, topic):
    with time_machine.travel(unrated_for_too_long(replied)):
        fresh = PetitionFactory(topic=topic, state="replied")
        assert tick().closed == 1
        assert tick().closed == 0
    replied.refresh_from_db()
    assert replied.status == "closed" and replied.rating == ""
    assert Petition.objects.get(pk=fresh.pk).status == "replied"
    assert ModelLogEntry.objects.filter(action="petitions.close", object_id=str(replied.pk)).count() == 1


def test_the_tick_escalates_overdue_petitions_to_supervision(moderator, department, topic):
    petition = PetitionFactory(topic=topic, state="assigned", editor=moderator, department=department)
    with time_machine.travel(petition.due_at + datetime.timedelta(hours=1)):  # not claimed in time
        call_command("petitions_tick", stdout=StringIO())
        assert Petition.objects.get(pk=petition.pk).is_supervised
        assert tick().escalated == 0


def test_the_tick_reminds_staff_once_per_deadline(moderator, department, department_staff, topic):
    department_staff.email = "staff@example.cn"
    department_staff.save()
    petition = PetitionFactory(topic=topic, state="assigned", editor=moderator, department=department)
    mail.outbox.clear()
    with time_machine.travel(petition.due_at - datetime.timedelta(hours=3)):  # three hours to claim it
        assert tick().reminded == 1
        assert tick().reminded == 0
    assert len(mail.outbox) == 1 and "即将到期" in mail.outbox[0].subject
    assert PetitionReminder.objects.count() == 1


def test_the_tick_runs_as_a_django_task(replied):
    with time_machine.travel(unrated_for_too_long(replied)):
        result = tick_task.enqueue()
    assert result.return_value["closed"] == 1


def test_the_app_rates_through_the_api_once_and_a_wrong_code_is_refused(client, replied):
    import json

    def post(data):
        return client.post("/api/petitions/track/rate/", json.dumps(data), content_type="application/json")

    assert post({"code": "ZZZZ-ZZZZ-ZZZZ", "rating": "satisfied"}).status_code == 400
    assert post({"code": replied.tracking_code, "rating": "great"}).json()["errors"]["rating"]
    response = post({"code": replied.tracking_code, "rating": "satisfied", "comment": "很快"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    again = post({"code": replied.tracking_code, "rating": "dissatisfied"})
    assert again.status_code == 400 and "不能重复评价" in again.json()["errors"]["non_field_errors"][0]
    assert Petition.objects.get(pk=replied.pk).rating == "satisfied"
