"""商家入驻 with a place: the sign-up form's place picker (the petition form's, from ``rongmei.maps``), what
it refuses, and the coordinates reaching the merchant page when an editor approves."""

from decimal import Decimal

import pytest

from merchants.models import MerchantApplication
from tests.helpers import merchant_application


def apply_url(directory):
    return directory.url + directory.reverse_subpage("apply")


def test_the_sign_up_form_has_the_place_picker_after_the_street(client, directory, food):
    html = client.get(apply_url(directory)).content.decode()
    assert "data-location-picker" in html
    assert html.index('name="street"') < html.index("data-location-picker")
    assert 'type="hidden" name="latitude"' in html and 'type="hidden" name="longitude"' in html
    assert "js/map.js" in html
    assert "顾客可以在商家页面一键导航" in html  # the sign-up's own reason, not the petition form's


def test_a_business_that_picks_its_place_has_it_stored_on_the_application(client, directory, food):
    data = merchant_application(food, latitude="26.5851234", longitude="101.7162")
    response = client.post(apply_url(directory), data)
    assert response.status_code == 200, response.content.decode()
    application = MerchantApplication.objects.get()
    assert application.latitude == Decimal("26.585123")
    assert application.longitude == Decimal("101.716200")


def test_the_place_is_optional(client, directory, food):
    assert client.post(apply_url(directory), merchant_application(food)).status_code == 200
    assert MerchantApplication.objects.get().latitude is None


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("北纬26度", "101.7", "位置坐标无效，请重新选择位置。"),
        ("1e3", "101.7", "位置坐标无效，请重新选择位置。"),
        ("NaN", "101.7", "位置坐标无效，请重新选择位置。"),
        ("91", "101.7", "纬度应在 -90 到 90 之间。"),
        ("26.5", "-180.5", "经度应在 -180 到 180 之间。"),
        ("26.5", "", "位置信息不完整，请重新选择位置。"),
        ("", "101.7", "位置信息不完整，请重新选择位置。"),
    ],
)
def test_a_bad_place_is_refused_with_a_chinese_message(client, directory, food, latitude, longitude, message):
    data = merchant_application(food, latitude=latitude, longitude=longitude)
    response = client.post(apply_url(directory), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MerchantApplication.objects.exists()


def test_the_message_is_in_the_visitors_language(client, directory, food):
    url = apply_url(directory).replace("/zh-hans/", "/en/", 1)
    response = client.post(url, merchant_application(food, latitude="91", longitude="101.7"))
    assert response.status_code == 400
    assert "Latitude must be between -90 and 90." in response.content.decode()


def test_approval_carries_the_place_to_the_merchant_page(
    client, editor_client, directory, food, django_capture_on_commit_callbacks
):
    client.post(apply_url(directory), merchant_application(food, latitude="26.585123", longitude="101.7162"))
    application = MerchantApplication.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/merchants/applications/{application.pk}/approve/")
    assert response.status_code == 302
    application.refresh_from_db()
    page = application.merchant_page
    assert (page.latitude, page.longitude) == (Decimal("26.585123"), Decimal("101.716200"))
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "26.585123, 101.716200" in html
    assert "geo:26.585123,101.716200" in html


def test_the_editor_sees_the_place_before_approving(editor_client, client, directory, food):
    client.post(apply_url(directory), merchant_application(food, latitude="26.585123", longitude="101.7162"))
    application = MerchantApplication.objects.get()
    html = editor_client.get(f"/admin/merchants/applications/{application.pk}/approve/").content.decode()
    assert "26.585123, 101.716200" in html
