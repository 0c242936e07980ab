"""Rating and closing: the resident rates with the tracking code; 不满意 reopens once and supervises;
the scheduled tick closes unrated petitions, reminds and escalates, and is safe to run twice."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import PetitionFactory
from petitions.models import Petition, PetitionReminder
from petitions.workflow.tick import tick, tick_task

from .test_board import track

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(moderator, department, department_staff, topic):
    petition = PetitionFactory(topic=topic, status="accepted", tracking_code="ABCD-EFGH-JKMN")
    workflow.perform(petition, "dispatch", moderator, department=department)
    workflow.perform(petition, "claim", department_staff)
    workflow.perform(petition, "reply", department_staff, body="已修好。")
    return petition


def test_a_satisfied_rating_closes_the_petition(client, board, replied):
    url = track(client, board, "ABCD-EFGH-JKMN").url
    client.post(url, {"rating": "fair", "comment": "还行"})
    replied.refresh_from_db()
    assert replied.status == "closed" and replied.rating == "fair" and replied.closed_at is not None


def test_a_dissatisfied_rating_reopens_once_for_a_second_handling(client, board, replied):
    url = track(client, board, "ABCD-EFGH-JKMN").url
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
    url = track(client, board, "ABCD-EFGH-JKMN").url
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
    Petition.objects.filter(pk=replied.pk).update(replied_at=timezone.now() - datetime.timedelta(days=8))
    fresh = PetitionFactory(topic=topic, status="replied", replied_at=timezone.now())
    assert tick().closed == 1
    assert tick().closed == 0
    replied.refresh_from_db()
    assert replied.status == "closed" and replied.rating == ""
    assert Petition.objects.get(pk=fresh.pk).status == "replied"
    assert ModelLogEntry.objects.filter(action="petitions.close", object_id=str(replied.pk)).count() == 1


def test_the_tick_escalates_overdue_petitions_to_supervision(moderator, department, topic):
    petition = PetitionFactory(topic=topic, status="accepted")
    workflow.perform(petition, "dispatch", moderator, department=department)
    Petition.objects.filter(pk=petition.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    call_command("petitions_tick", stdout=StringIO())
    assert Petition.objects.get(pk=petition.pk).is_supervised
    assert tick().escalated == 0


def test_the_tick_reminds_staff_once_per_deadline(moderator, department, department_staff, topic):
    department_staff.email = "staff@example.cn"
    department_staff.save()
    petition = PetitionFactory(topic=topic, status="accepted")
    workflow.perform(petition, "dispatch", moderator, department=department)
    Petition.objects.filter(pk=petition.pk).update(due_at=timezone.now() + datetime.timedelta(hours=3))
    mail.outbox.clear()
    assert tick().reminded == 1
    assert tick().reminded == 0
    assert len(mail.outbox) == 1 and "即将到期" in mail.outbox[0].subject
    assert PetitionReminder.objects.count() == 1


def test_the_tick_runs_as_a_django_task(replied):
    Petition.objects.filter(pk=replied.pk).update(replied_at=timezone.now() - datetime.timedelta(days=8))
    result = tick_task.enqueue()
    assert result.return_value["closed"] == 1


def test_the_app_rates_through_the_api_once_and_a_wrong_code_is_refused(client, replied):
    import json

    def post(data):
        return client.post("/api/petitions/track/rate/", json.dumps(data), content_type="application/json")

    assert post({"code": "ZZZZ-ZZZZ-ZZZZ", "rating": "satisfied"}).status_code == 400
    assert post({"code": "ABCD-EFGH-JKMN", "rating": "great"}).json()["errors"]["rating"]
    response = post({"code": "ABCD-EFGH-JKMN", "rating": "satisfied", "comment": "很快"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    again = post({"code": "ABCD-EFGH-JKMN", "rating": "dissatisfied"})
    assert again.status_code == 400 and "不能重复评价" in again.json()["errors"]["non_field_errors"][0]
    assert Petition.objects.get(pk=replied.pk).rating == "satisfied"
