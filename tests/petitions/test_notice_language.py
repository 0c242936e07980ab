"""A resident's notices (accepted, answered, please rate) come in the language of the page they posted from:
traditional script for a post from /zh-hant/, English for one from /en/, simplified Chinese otherwise."""

import logging
import re

import pytest
from django.core import mail

from petitions import workflow
from petitions.models import Petition
from petitions.workflow import notifications
from rongmei.chinese import to_traditional
from rongmei.translation import translate_instance
from tests import helpers

pytestmark = pytest.mark.django_db

SIMPLIFIED_ONLY = "诉应办处询码评价转单满会们"  # characters whose traditional form differs


@pytest.fixture
def boards(board, home):
    """The board in every language, as the demo site has it."""
    pages = {"zh-hans": board}
    for language in ("zh-hant", "en"):
        translate_instance(home, language)
        pages[language] = translate_instance(board, language)
    return pages


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post_petition(client, board_page, topic, **fields):
    """Post through the board's own form, as a resident does, and return the stored petition."""
    form_url = f"{board_page.url}new/"
    html = client.get(form_url).content.decode()
    data = {
        "kind": "complaint",
        "topic": topic.pk,
        "title": "小区门口路灯不亮",
        "content": "幸福路12号小区门口的路灯坏了一个星期，请尽快修理。",
        "is_anonymous": "on",
        "is_public": "on",
        **helpers.petition_form_answers(html),
        **fields,
    }
    response = client.post(form_url, {key: value for key, value in data.items() if value is not None})
    assert response.status_code == 302, re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())
    )[-1500:]
    return Petition.objects.latest("pk")


def accept_and_answer(petition, moderator, department, staff, on_commit):
    with on_commit():
        workflow.perform(petition, "accept", moderator)
    workflow.perform(petition, "dispatch", moderator, department=department)
    workflow.perform(petition, "claim", staff)
    with on_commit():
        workflow.perform(petition, "reply", staff, body="路灯已修好。")


def test_a_resident_who_posted_in_traditional_script_gets_sms_in_traditional_script(
    client, boards, topic, moderator, department, department_staff, on_commit, caplog
):
    assert boards["zh-hant"].url == "/zh-hant/minsheng/"
    petition = post_petition(client, boards["zh-hant"], topic, contact_phone="13912345678")
    assert petition.language == "zh-hant"
    with caplog.at_level(logging.INFO, logger="petitions.notifications"):  # the default backend: the log
        accept_and_answer(petition, moderator, department, department_staff, on_commit)
        notifications.please_rate.enqueue(petition.pk)
    texts = [record.getMessage() for record in caplog.records if record.getMessage().startswith("SMS to")]
    assert len(texts) == 3
    assert "已受理" in texts[0] and "已有答覆" in texts[1] and "還未評價" in texts[2]
    for text in texts:
        assert petition.number in text and "139****5678" in text
        assert to_traditional(text) == text, text  # nothing left in simplified script
        assert not set(text) & set(SIMPLIFIED_ONLY), text


def test_an_account_holder_who_posted_in_traditional_script_gets_email_in_it(
    client, boards, topic, moderator, department, department_staff, on_commit, django_user_model
):
    user = django_user_model.objects.create_user("resident", email="resident@example.cn", password="pw-2026")
    client.force_login(user)
    petition = post_petition(client, boards["zh-hant"], topic, is_anonymous=None)
    accept_and_answer(petition, moderator, department, department_staff, on_commit)
    to_resident = [message for message in mail.outbox if message.to == ["resident@example.cn"]]
    assert len(to_resident) == 2
    for message in to_resident:
        assert message.subject == f"您的訴求 {petition.number}"
        assert to_traditional(message.body) == message.body and "融媒體中心" in message.body


def test_an_english_poster_gets_english_notices(
    client, boards, topic, moderator, department, department_staff, on_commit, settings
):
    settings.PETITION_SMS_BACKEND = f"{__name__}.RecordingSMS"
    RecordingSMS.sent = []
    petition = post_petition(
        client,
        boards["en"],
        topic,
        title="Street light out",
        content="The light at No. 12 is out.",
        contact_phone="13912345678",
    )
    assert petition.language == "en"
    accept_and_answer(petition, moderator, department, department_staff, on_commit)
    assert [phone for phone, _text in RecordingSMS.sent] == ["13912345678"] * 2
    accepted, answered = (text for _phone, text in RecordingSMS.sent)
    assert accepted.startswith("[Media centre] Your petition") and "has been accepted" in accepted
    assert "has a reply" in answered
    assert not re.search(r"[\u4e00-\u9fff]", accepted + answered)


def test_a_post_from_the_simplified_board_is_answered_in_simplified_script(
    client, boards, topic, moderator, on_commit, settings
):
    settings.PETITION_SMS_BACKEND = f"{__name__}.RecordingSMS"
    RecordingSMS.sent = []
    petition = post_petition(client, boards["zh-hans"], topic, contact_phone="13912345678")
    assert petition.language == "zh-hans"
    with on_commit():
        workflow.perform(petition, "accept", moderator)
    assert RecordingSMS.sent[0][1].startswith("【融媒体中心】您的诉求")


class RecordingSMS:
    """An SMS gateway that keeps what it was given (``settings.PETITION_SMS_BACKEND``)."""

    sent = []

    def send(self, phone, text):
        RecordingSMS.sent.append((phone, text))
