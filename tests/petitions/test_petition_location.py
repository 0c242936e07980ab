"""The place a resident picks on the petition form (the place picker shared with the merchant sign-up):
stored rounded to six places, refused with a message when it is no place, never an error page."""

from decimal import Decimal

import pytest

from petitions.models import Petition

from .conftest import solve_captcha


def new_url(board):
    return board.url + "new/"


def test_a_picked_place_is_stored_with_the_petition(client, board, petition_data):
    data = petition_data(latitude="30.6598765", longitude="104.0633") | solve_captcha(client, new_url(board))
    assert client.post(new_url(board), data).status_code == 302
    petition = Petition.objects.get()
    assert (petition.latitude, petition.longitude) == (Decimal("30.659877"), Decimal("104.063300"))


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("abc", "104.06", "位置坐标无效，请重新选择位置。"),
        ("Infinity", "104.06", "位置坐标无效，请重新选择位置。"),
        ("95.5", "104.06", "纬度应在 -90 到 90 之间。"),
        ("30.6", "999", "经度应在 -180 到 180 之间。"),
    ],
)
def test_a_place_that_is_no_place_is_refused_with_a_message(
    client, board, petition_data, latitude, longitude, message
):
    data = petition_data(latitude=latitude, longitude=longitude) | solve_captcha(client, new_url(board))
    response = client.post(new_url(board), data)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not Petition.objects.exists()
