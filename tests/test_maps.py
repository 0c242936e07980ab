"""Maps without an outside service: a place is its address, coordinates and map-app links; a drawn map
(the vendored Leaflet) appears only when a tile server is configured; the petition form offers an
optional place picker."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from merchants.factories import MerchantPageFactory
from petitions.factories import TopicFactory
from tests.petitions.history import History, media_centre_editor

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parent.parent / "site" / "static"


@pytest.fixture
def merchant(food):
    return MerchantPageFactory(
        parent=food, title="江边烧烤", latitude=Decimal("26.580000"), longitude=Decimal("101.600000")
    )


def test_leaflet_is_vendored_with_its_licence():
    folder = STATIC / "vendor" / "leaflet"
    assert (folder / "leaflet.js").stat().st_size > 100_000
    assert (folder / "leaflet.css").exists()
    assert "BSD" in (folder / "LICENSE").read_text() or "Redistribution" in (folder / "LICENSE").read_text()
    assert (folder / "images" / "marker-icon.png").exists()


def test_without_a_tile_server_a_merchant_shows_the_facts_and_loads_no_map_library(client, merchant):
    html = client.get(merchant.url).content.decode()
    assert 'class="location-map"' in html
    assert "26.580000, 101.600000" in html
    assert 'href="geo:26.580000,101.600000?q=26.580000,101.600000"' in html
    assert "uri.amap.com/marker?position=101.600000,26.580000" in html
    assert "leaflet.js" not in html
    assert "data-tiles" not in html


@override_settings(
    RONGMEI_MAP_TILE_URL="https://tiles.example.cn/{z}/{x}/{y}.png", RONGMEI_MAP_ATTRIBUTION="© 示例地图"
)
def test_with_a_tile_server_the_page_draws_a_map_from_it_and_keeps_the_facts(client, merchant):
    html = client.get(merchant.url).content.decode()
    assert 'data-tiles="https://tiles.example.cn/{z}/{x}/{y}.png"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert 'class="map-canvas"' in html
    assert "uri.amap.com" in html


def test_a_merchant_without_coordinates_has_no_map(client, food):
    merchant = MerchantPageFactory(parent=food, title="无坐标小店", latitude=None, longitude=None)
    assert 'class="location-map"' not in client.get(merchant.url).content.decode()


def test_the_petition_form_offers_an_optional_place_picker(client, board):
    html = client.get(f"{board.url}new/").content.decode()
    assert "data-location-picker" in html
    assert 'name="latitude"' in html and 'name="longitude"' in html
    assert "位置（选填）" in html
    assert "leaflet.js" not in html  # no tile server: the picker offers the phone's position only


def test_a_public_petition_with_coordinates_shows_where_it_is(client, board):
    people = History(media_centre_editor())
    petition = people.submitted(
        TopicFactory(name="市政", slug="city"), latitude=Decimal("26.581200"), longitude=Decimal("101.601300")
    )
    people.accepted(petition)
    html = client.get(f"{board.url}{petition.number}/").content.decode()
    assert 'class="location-map"' in html
    assert "26.581200, 101.601300" in html
