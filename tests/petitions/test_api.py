"""The petition API: the same rules as the web form, JSON errors, and never any contact details."""

import datetime
import io
import json
import threading

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone
from PIL import Image

from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import Petition, PetitionMessage, ScreenedWord, SubmissionToken
from petitions.workflow.tick import tick


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_the_app_posts_a_petition_and_gets_its_number_and_code(client, api_data):
    response = post_json(client, "/api/petitions/", api_data())
    assert response.status_code == 201, response.content
    body = response.json()
    petition = Petition.objects.get(number=body["number"])
    assert Petition.objects.with_tracking_code(body["tracking_code"]).get() == petition
    assert body["status"] == "pending"


def test_the_app_posts_photos_as_multipart(client, api_data):
    picture = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(picture, "PNG")
    picture.seek(0)
    picture.name = "street.png"
    data = api_data(is_anonymous="on", is_public="on")
    data["photos"] = [picture]
    response = client.post("/api/petitions/", data)
    assert response.status_code == 201, response.content
    assert Petition.objects.get().photos.count() == 1


def test_errors_come_back_as_json_field_messages_and_store_nothing(client, api_data):
    response = post_json(client, "/api/petitions/", api_data(title="", topic=99999, contact_phone="abc"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"title", "topic", "contact_phone"} <= set(errors)
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)
    assert Petition.objects.count() == 0


def test_a_refused_word_is_refused_by_the_api_too(client, api_data):
    ScreenedWord.objects.create(word="去死", action="refuse", reason="含有辱骂性语言")
    response = post_json(
        client, "/api/petitions/", api_data(content="供热公司的人都去 死吧，天天不来修暖气片")
    )
    assert response.status_code == 400
    assert "含有辱骂性语言" in response.json()["errors"]["non_field_errors"][0]


def test_the_same_idempotency_key_creates_one_petition(client, api_data):
    first = post_json(client, "/api/petitions/", api_data(), HTTP_IDEMPOTENCY_KEY="key-123")
    second = post_json(client, "/api/petitions/", api_data(), HTTP_IDEMPOTENCY_KEY="key-123")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Petition.objects.count() == 1


def test_a_form_with_errors_does_not_use_up_its_idempotency_key(client, api_data):
    refused = post_json(client, "/api/petitions/", api_data(title=""), HTTP_IDEMPOTENCY_KEY="key-123")
    assert refused.status_code == 400 and not SubmissionToken.objects.exists()
    assert post_json(client, "/api/petitions/", api_data(), HTTP_IDEMPOTENCY_KEY="key-123").status_code == 201
    assert Petition.objects.count() == 1


def test_an_idempotency_key_is_kept_ten_minutes_hashed_and_then_purged_by_the_tick(client, api_data):
    first = post_json(client, "/api/petitions/", api_data(), HTTP_IDEMPOTENCY_KEY="key-123").json()
    row = SubmissionToken.objects.get()
    assert "key-123" not in row.token_hash and first["tracking_code"] not in row.sealed_code
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert tick(now=later).purged == 1 and not SubmissionToken.objects.exists()
    second = post_json(client, "/api/petitions/", api_data(), HTTP_IDEMPOTENCY_KEY="key-123").json()
    assert second["number"] != first["number"] and Petition.objects.count() == 2


@pytest.mark.postgresql_only("concurrent writers need PostgreSQL; the sequential repeat above covers SQLite")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_idempotency_key_sent_ten_times_at_once_creates_one_petition(api_data, settings):
    settings.PETITION_RATE_LIMITS = {"submit_ip": (100, 3600)}
    data = api_data()  # one form, one captcha: a button pressed ten times
    barrier = threading.Barrier(10)
    answers = []

    def post():
        try:
            barrier.wait()
            response = post_json(Client(), "/api/petitions/", data, HTTP_IDEMPOTENCY_KEY="key-at-once")
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Petition.objects.count() == 1
    assert [status for status, _body in answers] == [201] * 10
    assert all(body == answers[0][1] for _status, body in answers)
    assert answers[0][1]["number"] == Petition.objects.get().number


def test_the_api_shares_the_web_rate_limits(client, api_data, settings):
    settings.PETITION_RATE_LIMITS = {"submit_ip": (1, 3600)}
    assert post_json(client, "/api/petitions/", api_data()).status_code == 201
    response = post_json(client, "/api/petitions/", api_data(contact_phone="13900000000"))
    assert response.status_code == 429
    assert "提交太频繁" in response.json()["errors"]["non_field_errors"][0]


def test_a_missing_captcha_is_refused(client, api_data):
    response = post_json(client, "/api/petitions/", api_data(captcha_answer=""))
    assert response.status_code == 400 and "captcha_answer" in response.json()["errors"]


def test_the_list_has_public_petitions_only_and_no_contact_details(
    client, topic, django_assert_max_num_queries
):
    PetitionFactory(
        topic=topic, state="replied", title="公开的诉求", contact_name="钱秘密", contact_phone="13511112222"
    )
    PetitionFactory(topic=topic, state="pending", title="待审核诉求")
    PetitionFactory(topic=topic, state="accepted", is_public=False, title="私密诉求")
    PetitionFactory.create_batch(10, topic=topic, state="accepted")
    with django_assert_max_num_queries(4):
        response = client.get("/api/petitions/")
    raw = response.content.decode()
    titles = [item["title"] for item in response.json()["results"]]
    assert "公开的诉求" in titles and "待审核诉求" not in titles and "私密诉求" not in titles
    assert "钱秘密" not in raw and "13511112222" not in raw and "contact" not in raw


def test_the_list_filters_like_the_board(client, topic):
    PetitionFactory(topic=topic, state="replied", title="已答复")
    PetitionFactory(topic=topic, state="accepted", title="未答复")
    titles = [item["title"] for item in client.get("/api/petitions/?replied=yes").json()["results"]]
    assert titles == ["已答复"]


def test_the_detail_has_the_thread_with_masked_personal_data(client, topic, department, moderator):
    petition = PetitionFactory(
        topic=topic,
        state="replied",
        editor=moderator,
        department=department,
        reply="已回电。",
        content="我的手机是13812345678，请回电。",
    )
    workflow.perform(petition, "note", moderator, body="内部说明", is_public=False)
    body = client.get(f"/api/petitions/{petition.number}/").json()
    assert "138****5678" in body["content"]
    assert [step["kind"] for step in body["thread"]][-1] == "reply"
    assert "内部说明" not in json.dumps(body, ensure_ascii=False)
    assert "13812345678" not in json.dumps(body)


def test_a_hidden_petition_has_no_detail(client, topic):
    petition = PetitionFactory(topic=topic, state="pending")
    # (LocaleMiddleware turns an unprefixed 404 into a redirect to the language prefix; it ends in 404)
    assert client.get(f"/api/petitions/{petition.number}/", follow=True).status_code == 404


def test_tracking_by_code_shows_a_private_petition_and_takes_a_follow_up(client, topic):
    petition = PetitionFactory(topic=topic, state="processing", is_public=False)
    response = post_json(client, "/api/petitions/track/", {"code": petition.tracking_code.lower()})
    assert response.status_code == 200 and response.json()["number"] == petition.number
    assert "contact_phone" not in response.json()
    response = post_json(
        client,
        "/api/petitions/track/follow-up/",
        {"code": petition.tracking_code, "body": "请问师傅哪天来修？"},
    )
    assert response.status_code == 201
    assert PetitionMessage.objects.get(petition=petition).status == "pending"
    assert response.json()["thread"][-1]["pending"] is True


def test_a_wrong_code_is_rate_limited_without_a_hint(client, topic, settings):
    settings.PETITION_RATE_LIMITS = {"track_ip": (2, 600)}
    petition = PetitionFactory(topic=topic, state="accepted")
    for _attempt in range(2):
        response = post_json(client, "/api/petitions/track/", {"code": "NOPE-NOPE-NOPE"})
        assert response.status_code == 400 and response.json() == {
            "errors": {"code": ["查询码不正确，请核对后再试。"]}
        }
    assert post_json(client, "/api/petitions/track/", {"code": petition.tracking_code}).status_code == 429


def test_departments_and_topics_are_listed(client, topic):
    DepartmentFactory(name="供热公司", slug="heating")
    DepartmentFactory(name="已撤销单位", slug="gone", is_active=False)
    names = [item["name"] for item in client.get("/api/departments/").json()]
    assert "供热公司" in names and "已撤销单位" not in names
    assert [item["slug"] for item in client.get("/api/topics/").json()] == ["urban"]


def test_the_openapi_document_describes_the_petition_api(client):
    document = client.get("/api/openapi.json").json()
    paths = document["paths"]
    for expected in (
        "/api/petitions/",
        "/api/petitions/{number}/",
        "/api/petitions/track/",
        "/api/petitions/track/follow-up/",
        "/api/departments/",
        "/api/topics/",
    ):
        assert expected in paths
    assert "post" in paths["/api/petitions/"]
