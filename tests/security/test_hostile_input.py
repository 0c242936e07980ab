"""Hostile input never reaches a server error: it is refused with a message, and nothing is stored."""

import json

import pytest
from wagtail.images import get_image_model

from merchants.models import MerchantApplication
from petitions.models import Petition
from tests.helpers import merchant_application, png

from .conftest import bomb_png, oversized_file

HUGE_ID = "9" * 30


def post_json(client, url, body, **extra):
    return client.post(url, body if isinstance(body, str) else json.dumps(body), "application/json", **extra)


def text_of(response):
    """The response as a person reads it: JSON decoded (its Chinese may be escaped), HTML as it is."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def nothing_stored():
    return not Petition.objects.exists() and not get_image_model().objects.exists()


def test_an_11_mb_photo_on_the_api_is_refused_before_it_is_read(client, api_data):
    data = api_data(is_anonymous="on", is_public="on", photos=[oversized_file()])
    response = client.post("/api/petitions/", data)
    assert response.status_code == 400, response.content
    assert "超过 10MB" in response.json()["errors"]["photos"][0]
    assert nothing_stored()


def test_a_decompression_bomb_on_the_api_is_refused(client, api_data):
    response = client.post("/api/petitions/", api_data(is_anonymous="on", photos=[bomb_png()]))
    assert response.status_code == 400
    assert "尺寸过大" in response.json()["errors"]["photos"][0]
    assert nothing_stored()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2, 3]", "JSON 对象"),
        ('"a string"', "JSON 对象"),
        ("[" * 100_000 + "]" * 100_000, "嵌套太深"),
        ('{"title": ', "不是有效的 JSON"),
    ],
    ids=["list", "string", "deeply-nested", "malformed"],
)
@pytest.mark.parametrize("url", ["/api/petitions/", "/api/petitions/track/", "/api/petitions/track/rate/"])
def test_a_json_body_that_is_not_one_object_gets_a_chinese_message(client, topic, url, body, message):
    response = post_json(client, url, body)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Petition.objects.exists()


def test_a_decompression_bomb_as_a_merchant_photo_is_refused_like_on_a_petition(client, directory, food):
    data = merchant_application(food)
    url = directory.url + directory.reverse_subpage("apply")
    response = client.post(url, {**data, "photo_1": bomb_png()})
    assert response.status_code == 400
    assert "尺寸过大" in response.content.decode()
    assert not MerchantApplication.objects.exists()
    assert not get_image_model().objects.exists()
    # the same form with a real picture is stored, re-encoded
    response = client.post(url, {**data, "photo_1": png()})
    assert response.status_code == 200
    assert MerchantApplication.objects.get().photos.get().image.width == 40


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (f"/api/merchants/{HUGE_ID}/", 404, "未找到"),
        (f"/api/products/{HUGE_ID}/", 404, "未找到"),
        (f"/api/ads/{HUGE_ID}/", 404, "未找到"),
        (f"/api/departments/{HUGE_ID}/", 404, "未找到"),
        (f"/api/topics/{HUGE_ID}/", 404, "未找到"),
        (f"/api/merchants/?category={HUGE_ID}", 400, "没有这个分类"),
        ("/api/merchants/?category=-1", 400, "请填写分类页面的编号"),
        (f"/zh-hans/qa/{HUGE_ID}/updates/", 404, ""),
        # the API says which filter it cannot read (the board's page drops it and shows the whole board)
        (f"/api/petitions/?topic={HUGE_ID}", 400, "选择一个有效的选项"),
        (f"/api/petitions/?department={HUGE_ID}", 400, "选择一个有效的选项"),
    ],
)
def test_ids_too_large_for_the_database_are_not_found(client, home, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message in text_of(response)
