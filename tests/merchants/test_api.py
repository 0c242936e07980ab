"""The merchants, ads and products API: the site's filters, field errors as JSON, no contact details."""

from datetime import time

import pytest

from merchants.factories import (
    ClassifiedAdFactory,
    MerchantOfferFactory,
    MerchantPageFactory,
    OpeningHoursFactory,
    ProductPageFactory,
)
from merchants.models import ClassifiedAd


@pytest.fixture
def merchants(food):
    hotpot = MerchantPageFactory(parent=food, title="老码头火锅", street="清香坪街道", price_per_person=85)
    hotpot.tags.add("停车")
    hotpot.save()
    for weekday in range(7):
        OpeningHoursFactory(
            merchant=hotpot, weekday=weekday, opens=time(0, 0), closes=time(0, 0), closes_next_day=True
        )
    MerchantOfferFactory(merchant=hotpot, title="周二八折")
    noodles = MerchantPageFactory(parent=food, title="羊肉米线", street="玉泉街道", price_per_person=18)
    OpeningHoursFactory(merchant=noodles, weekday=0, opens=time(0, 0), closes=time(0, 1))
    return hotpot, noodles


def test_the_merchant_list_takes_the_sites_filters(client, food, merchants):
    response = client.get("/api/merchants/", {"category": food.pk, "tag": "停车", "open_now": "true"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["title"] for item in results] == ["老码头火锅"]
    assert results[0]["is_open"] is True
    assert results[0]["category"] == "美食"
    assert results[0]["tags"] == ["停车"]


def test_the_merchant_list_sorts_by_price(client, merchants):
    results = client.get("/api/merchants/", {"sort": "price"}).json()["results"]
    assert [item["title"] for item in results] == ["羊肉米线", "老码头火锅"]


def test_a_bad_filter_is_a_400_with_field_errors(client, merchants):
    response = client.get("/api/merchants/", {"price_min": "abc", "sort": "random"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"price_min", "sort"}


def test_the_merchant_detail_has_hours_and_current_offers(client, merchants):
    hotpot, _noodles = merchants
    data = client.get(f"/api/merchants/{hotpot.pk}/").json()
    assert len(data["opening_hours"]) == 7
    assert [offer["title"] for offer in data["offers"]] == ["周二八折"]


def test_the_merchant_list_query_count_does_not_grow(client, food, django_assert_max_num_queries):
    MerchantPageFactory.create_batch(2, parent=food)
    with django_assert_max_num_queries(12) as small:
        client.get("/api/merchants/")
    MerchantPageFactory.create_batch(15, parent=food)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/merchants/").json()["results"]) == 17


def test_ads_never_carry_their_contact_in_the_list_or_detail(client, db):
    ad = ClassifiedAdFactory(contact_phone="13912345678", contact_name="张先生")
    listing = client.get("/api/ads/").content.decode()
    detail = client.get(f"/api/ads/{ad.pk}/").content.decode()
    for body in (listing, detail):
        assert "13912345678" not in body
        assert "张先生" not in body


def test_an_ads_contact_is_revealed_on_post_and_rate_limited(client, db):
    ad = ClassifiedAdFactory(contact_phone="13912345678")
    assert client.post(f"/api/ads/{ad.pk}/contact/").json()["phone"] == "13912345678"
    for _ in range(20):
        client.post(f"/api/ads/{ad.pk}/contact/")
    assert client.post(f"/api/ads/{ad.pk}/contact/").status_code == 429


def test_only_visible_ads_are_listed_and_boards_filter(client, db):
    ClassifiedAdFactory(
        board="jobs", title="招服务员", salary_min=3000, salary_max=4000, job_type="full_time", price=None
    )
    ClassifiedAdFactory(board="eats", title="腊肉")
    ClassifiedAdFactory(board="jobs", title="待审核", status=ClassifiedAd.Status.PENDING)
    ClassifiedAdFactory(board="jobs", title="被举报", hidden_for_reports=True)
    titles = [item["title"] for item in client.get("/api/ads/", {"board": "jobs"}).json()["results"]]
    assert titles == ["招服务员"]
    assert client.get("/api/ads/", {"board": "weapons"}).status_code == 400


def test_products_list_and_detail(client, product_index):
    product = ProductPageFactory(parent=product_index, title="凯特芒果", price="59.90", origin="格里坪镇")
    ProductPageFactory(parent=product_index, title="苦荞茶", price="29.00", origin="盐边县")
    data = client.get("/api/products/", {"origin": "格里坪镇"}).json()
    assert [item["title"] for item in data["results"]] == ["凯特芒果"]
    assert client.get("/api/products/", {"price_max": "30"}).json()["results"][0]["title"] == "苦荞茶"
    assert client.get("/api/products/", {"price_max": "cheap"}).status_code == 400
    assert client.get(f"/api/products/{product.pk}/").json()["shop_url"].startswith("https://")


def test_the_openapi_document_describes_merchants_ads_and_products(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for expected in [
        "/api/merchants/",
        "/api/merchants/{id}/",
        "/api/ads/",
        "/api/ads/{id}/contact/",
        "/api/products/",
    ]:
        assert expected in paths
    parameters = {parameter["name"] for parameter in paths["/api/merchants/"]["get"]["parameters"]}
    assert {"tag", "street", "price_min", "price_max", "open_now", "sort", "category"} <= parameters
