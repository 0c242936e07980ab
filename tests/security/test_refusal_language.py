"""Refusals speak the visitor's language: the site's pages follow the URL's prefix, the API its header."""

import json

import pytest
from django.test import Client, override_settings
from django.utils import translation

from petitions.factories import PetitionFactory
from petitions.models import Petition
from rongmei.errors import server_error

PAGES = {
    "zh-hans": ("页面不存在", "没有权限", "不支持这种请求方式"),
    "zh-hant": ("頁面不存在", "沒有權限", "不支持這種請求方式"),
    "en": ("Page not found", "Permission denied", "Method not allowed"),
}


@pytest.mark.parametrize("language", PAGES)
def test_a_missing_page_answers_in_the_language_of_its_url(client, home, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    assert PAGES[language][0] in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", PAGES)
def test_get_on_support_is_405_with_a_body_in_the_urls_language(client, board, topic, language):
    petition = PetitionFactory(topic=topic)
    response = client.get(f"/{language}/minsheng/{petition.number}/support/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert PAGES[language][2] in response.content.decode()


@pytest.mark.parametrize("language", PAGES)
def test_a_form_posted_without_its_csrf_token_gets_a_403_page_in_the_urls_language(board, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/minsheng/new/", {"title": "x"})
    assert response.status_code == 403
    assert PAGES[language][1] in response.content.decode()
    assert not Petition.objects.exists()


@override_settings(RONGMEI_MAX_REQUEST_BYTES=1000)
def test_a_body_larger_than_the_site_takes_is_413_before_it_is_read(client, board):
    response = client.post("/zh-hans/minsheng/new/", {"content": "长" * 2000})
    assert response.status_code == 413
    assert "上传的内容太大" in response.content.decode()
    response = client.post("/api/petitions/", json.dumps({"content": "长" * 2000}), "application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "上传的内容太大。"}


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "未找到。"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "Not found."),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-hant"}, "未找到。"),
    ],
)
def test_the_api_answers_404_as_json_in_chinese_unless_asked_otherwise(client, db, headers, message):
    for url in ("/api/no-such-endpoint/", "/api/departments/12345/", "/open311/v2/nothing-here"):
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert response.json()["detail"] == message


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "不支持这种请求方式。"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "This request method is not allowed here."),
    ],
)
def test_the_api_answers_a_wrong_method_in_the_visitors_language(client, db, headers, message):
    response = client.delete("/api/departments/", **headers)
    assert response.status_code == 405
    assert response.json() == {"detail": message}


def test_malformed_json_gets_a_chinese_message_and_english_on_request(client, db):
    response = client.post("/api/petitions/track/", "{", "application/json")
    assert response.json() == {"detail": "请求内容不是有效的 JSON。"}
    response = client.post("/api/petitions/track/", "{", "application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "The request body is not valid JSON."}


def test_the_api_refuses_a_signed_in_post_without_csrf_in_chinese(db, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("resident2", password="pw-resident-2026"))
    response = client.post("/api/petitions/track/", json.dumps({"code": "X"}), "application/json")
    assert response.status_code == 403
    assert "刷新页面" in response.json()["detail"]


def test_a_nul_byte_in_a_field_gets_a_clear_message(client, api_data):
    response = client.post(
        "/api/petitions/", json.dumps(api_data(title="小区供暖\x00不热")), "application/json"
    )
    assert response.status_code == 400
    assert "空字符" in response.json()["errors"]["title"][0]
    assert not Petition.objects.exists()


def test_the_search_box_says_when_it_shortened_the_query(client, home):
    response = client.get("/zh-hans/search/", {"q": "办理" * 80 + "\x00"})
    assert response.status_code == 200
    assert "搜索词太长，只按前 100 个字搜索" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "请求有误"), ("zh-hant", "請求有誤"), ("en", "Bad request")]
)
def test_a_request_with_too_many_fields_is_a_400_page_in_the_urls_language(client, board, language, title):
    fields = {f"field{n}": "x" for n in range(2100)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = client.post(f"/{language}/minsheng/new/", fields)
    assert response.status_code == 400
    assert title in response.content.decode()
    assert not Petition.objects.exists()


def test_a_server_error_on_the_api_is_json_and_on_the_site_a_page(rf):
    assert json.loads(server_error(rf.get("/api/petitions/")).content) == {
        "detail": "服务器出错了，请稍后再试。"
    }
    with translation.override("en"):
        page = server_error(rf.get("/en/"))
    assert page.status_code == 500 and "Something went wrong on our side" in page.content.decode()
