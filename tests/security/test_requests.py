"""Hostile requests rather than hostile text: forged ids, files that are not pictures, too many files, wrong
content types and methods. Each is refused with a message in Chinese, never a server error, nothing stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from petitions.factories import DepartmentFactory
from petitions.models import Petition
from tests.helpers import png

from .conftest import bomb_png, oversized_file


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), "application/json", **extra)


def refused_in_chinese(response, field=None):
    assert response.status_code == 400, response.content
    body = response.json()
    text = body["errors"][field][0] if field else json.dumps(body, ensure_ascii=False)
    assert any("\u4e00" <= char <= "\u9fff" for char in text), text
    assert not Petition.objects.exists()
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("field", ["topic", "requested_department"])
@pytest.mark.parametrize("value", [0, -1, 10**30, "abc", "1; DROP TABLE", "9" * 40, "１"])
def test_forged_negative_huge_and_non_numeric_ids_are_refused(client, api_data, field, value):
    refused_in_chinese(post_json(client, "/api/petitions/", api_data(**{field: value})), field)


def test_a_department_that_does_not_take_petitions_is_refused(client, api_data):
    closed = DepartmentFactory(accepts_petitions=False)
    refused_in_chinese(
        post_json(client, "/api/petitions/", api_data(requested_department=closed.pk)),
        "requested_department",
    )


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("photo.jpg", b"not a picture at all", "image/jpeg"),
        lambda: SimpleUploadedFile("photo.png", b"<svg onload=alert(1)></svg>", "image/png"),
        lambda: SimpleUploadedFile("photo.gif", b"GIF89a" + bytes(100), "image/gif"),
        lambda: SimpleUploadedFile("photo.png", png().read()[:60], "image/png"),  # cut short
        oversized_file,
        bomb_png,
    ],
    ids=["text", "svg", "gif", "truncated", "oversized", "bomb"],
)
def test_a_file_that_is_not_an_acceptable_picture_is_refused(client, api_data, upload):
    data = api_data(is_anonymous="on", is_public="on", photos=[upload()])
    refused_in_chinese(client.post("/api/petitions/", data), "photos")


def test_ten_photos_are_one_too_many(client, api_data):
    data = api_data(is_anonymous="on", is_public="on", photos=[png(f"p{n}.png") for n in range(10)])
    response = client.post("/api/petitions/", data)
    refused_in_chinese(response, "photos")
    assert "最多上传 9 张" in response.json()["errors"]["photos"][0]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/xml", "<petition/>"), ("text/plain", "title=x"), ("application/x-yaml", "title: x")],
)
def test_a_body_of_the_wrong_content_type_is_415_in_chinese(client, db, content_type, body):
    response = client.post("/api/petitions/", body, content_type)
    assert response.status_code == 415
    assert response.json() == {"detail": "不支持这种内容类型。"}
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/api/petitions/"),
        ("delete", "/api/topics/"),
        ("patch", "/api/merchants/"),
        ("get", "/api/petitions/track/"),
    ],
)
def test_a_wrong_method_on_the_api_is_405_in_chinese(client, db, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.json() == {"detail": "不支持这种请求方式。"}


def test_a_wrong_method_on_open311_gets_its_own_error_in_chinese(client, db):
    response = client.delete("/open311/v2/requests.json")
    assert response.status_code == 405
    assert "只支持 GET 和 POST" in response.content.decode()


def test_open311_without_an_api_key_is_refused_and_stores_nothing(client, topic):
    response = client.post(
        "/open311/v2/requests.json", {"service_code": topic.slug, "description": "路灯坏了"}
    )
    assert response.status_code == 403
    assert "api_key" in response.content.decode()
    assert not Petition.objects.exists()
