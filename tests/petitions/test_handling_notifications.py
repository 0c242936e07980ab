"""Notifications: department staff by email on dispatch; the resident by email or SMS (a pluggable
backend) on acceptance and answer; all sent as Django Tasks once the transition has committed."""

import logging

import pytest
from django.core import mail

from petitions import workflow
from petitions.factories import PetitionFactory
from petitions.workflow import notifications

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_staff_are_emailed_when_a_petition_is_dispatched_to_them(
    moderator, department, department_staff, topic, on_commit
):
    department_staff.email = "chengguan@example.cn"
    department_staff.save()
    petition = PetitionFactory(topic=topic, state="accepted", title="占道经营严重")
    with on_commit():
        workflow.perform(petition, "dispatch", moderator, department=department)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chengguan@example.cn"]
    assert "新转办" in mail.outbox[0].subject and "占道经营严重" in mail.outbox[0].body
    assert "13812345678" not in mail.outbox[0].body  # the resident's phone stays private


def test_nothing_is_sent_when_the_transition_is_refused(moderator, department, topic, on_commit):
    petition = PetitionFactory(topic=topic, state="pending")
    with on_commit(), pytest.raises(workflow.TransitionError):
        workflow.perform(petition, "dispatch", moderator, department=department)
    assert mail.outbox == []


def test_an_anonymous_resident_gets_an_sms_when_accepted_and_answered(
    moderator, department, department_staff, topic, sms, on_commit
):
    petition = PetitionFactory(topic=topic, state="pending", contact_phone="13912345678")
    with on_commit():
        workflow.perform(petition, "accept", moderator)
    workflow.perform(petition, "dispatch", moderator, department=department)
    workflow.perform(petition, "claim", department_staff)
    with on_commit():
        workflow.perform(petition, "reply", department_staff, body="已处理")
    assert [phone for phone, _text in sms] == ["13912345678", "13912345678"]
    assert "已受理" in sms[0][1] and "已有答复" in sms[1][1] and petition.number in sms[1][1]


def test_a_resident_with_an_account_gets_email_instead(moderator, topic, django_user_model, sms, on_commit):
    user = django_user_model.objects.create_user("resident", email="resident@example.cn", password="pw")
    petition = PetitionFactory(topic=topic, state="pending", user=user)
    with on_commit():
        workflow.perform(petition, "accept", moderator)
    assert sms == [] and mail.outbox[0].to == ["resident@example.cn"]


def test_the_default_sms_backend_writes_to_the_log_with_the_number_masked(topic, caplog):
    petition = PetitionFactory(topic=topic, state="replied", contact_phone="13912345678")
    with caplog.at_level(logging.INFO, logger="petitions.notifications"):
        assert notifications.please_rate.enqueue(petition.pk).return_value == "sms"
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text and "评价" in caplog.text
