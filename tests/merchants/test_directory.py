"""The directory: page tree rules, a category's filters and sorts, and what a merchant page shows."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from merchants.factories import (
    MerchantOfferFactory,
    MerchantPageFactory,
    OpeningHoursFactory,
)
from merchants.models import (
    ClassifiedBoardPage,
    DirectoryCategoryPage,
    DirectoryIndexPage,
    MerchantPage,
    OpeningHours,
    ProductIndexPage,
    ProductPage,
)


class TestPageTree(WagtailPageTestCase):
    def test_the_home_page_takes_the_directory_the_ads_board_and_the_products_index(self):
        self.assertCanCreateAt(HomePage, DirectoryIndexPage)
        self.assertCanCreateAt(HomePage, ClassifiedBoardPage)
        self.assertCanCreateAt(HomePage, ProductIndexPage)

    def test_the_directory_holds_categories_and_categories_hold_merchants(self):
        self.assertAllowedSubpageTypes(DirectoryIndexPage, {DirectoryCategoryPage})
        self.assertAllowedSubpageTypes(DirectoryCategoryPage, {MerchantPage})
        self.assertAllowedSubpageTypes(MerchantPage, set())
        self.assertAllowedParentPageTypes(MerchantPage, {DirectoryCategoryPage})
        self.assertAllowedSubpageTypes(ProductIndexPage, {ProductPage})

    def test_a_merchant_cannot_be_put_straight_under_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, MerchantPage)


def open_all_week(merchant, opens=time(0, 0), closes=time(0, 0)):
    for weekday in range(7):
        OpeningHoursFactory(
            merchant=merchant, weekday=weekday, opens=opens, closes=closes, closes_next_day=True
        )


def closed_all_week(merchant):
    """Open only one minute a week, Monday 00:00-00:01, so never open in a test run."""
    OpeningHoursFactory(merchant=merchant, weekday=0, opens=time(0, 0), closes=time(0, 1))


@pytest.fixture
def listing(food):
    hotpot = MerchantPageFactory(parent=food, title="老码头火锅", street="清香坪街道", price_per_person=85)
    hotpot.tags.add("停车", "包间")
    hotpot.save_revision().publish()
    open_all_week(hotpot)
    noodles = MerchantPageFactory(parent=food, title="羊肉米线", street="玉泉街道", price_per_person=18)
    noodles.tags.add("外卖")
    noodles.save_revision().publish()
    open_all_week(noodles)
    bbq = MerchantPageFactory(parent=food, title="江边烧烤", street="清香坪街道", price_per_person=60)
    bbq.tags.add("停车")
    bbq.save_revision().publish()
    closed_all_week(bbq)
    return food


def titles(response):
    return [merchant.title for merchant in response.context["page_obj"].object_list]


def test_a_resident_finds_a_hotpot_with_parking_that_is_open_now_on_a_street(client, listing):
    response = client.get(listing.url, {"tag": "停车", "open_now": "1", "street": "清香坪街道"})
    assert response.status_code == 200
    assert titles(response) == ["老码头火锅"]
    assert "营业中" in response.content.decode()


def test_the_category_filters_by_price_range(client, listing):
    response = client.get(listing.url, {"price_min": "50", "price_max": "70"})
    assert titles(response) == ["江边烧烤"]


def test_the_category_sorts_by_price_name_and_newest(client, listing):
    assert titles(client.get(listing.url, {"sort": "price"})) == ["羊肉米线", "江边烧烤", "老码头火锅"]
    assert titles(client.get(listing.url, {"sort": "price_desc"}))[0] == "老码头火锅"
    assert titles(client.get(listing.url, {"sort": "newest"}))[0] == "江边烧烤"


def test_a_bad_price_range_is_explained_in_chinese_and_ignored(client, listing):
    response = client.get(listing.url, {"price_min": "100", "price_max": "10"})
    assert response.status_code == 200
    assert "最高人均不能低于最低人均" in response.content.decode()
    assert len(titles(response)) == 3


def test_the_filter_offers_the_tags_and_streets_of_the_category(client, listing):
    options = client.get(listing.url).context["options"]
    assert sorted(options["tags"]) == sorted(["停车", "包间", "外卖"])
    assert sorted(options["streets"]) == sorted(["玉泉街道", "清香坪街道"])


def test_unpublished_merchants_are_not_listed(client, listing):
    MerchantPageFactory(parent=listing, title="草稿商家", live=False)
    assert "草稿商家" not in titles(client.get(listing.url))


def test_the_category_page_query_count_does_not_grow_with_the_list(
    client, food, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            merchant = MerchantPageFactory(parent=food)
            merchant.tags.add("停车")
            merchant.save()
            open_all_week(merchant)

    add(2)
    client.get(food.url)  # warm caches (site root, filter options)
    with django_assert_max_num_queries(30) as small:
        client.get(food.url, {"open_now": "1", "tag": "停车"})
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(food.url, {"open_now": "1", "tag": "停车"})
    assert len(titles(response)) == 17


def test_a_merchant_page_offers_a_phone_call_and_a_map_link_without_a_map_service(client, food):
    merchant = MerchantPageFactory(
        parent=food, title="老码头火锅", phone="0812-555 1234", latitude="26.580000", longitude="101.600000"
    )
    response = client.get(merchant.url)
    html = response.content.decode()
    assert 'href="tel:08125551234"' in html
    assert "geo:26.580000,101.600000" in html
    assert "uri.amap.com/marker?position=101.600000,26.580000" in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]


def test_a_merchant_page_shows_current_offers_only(client, food):
    merchant = MerchantPageFactory(parent=food)
    MerchantOfferFactory(merchant=merchant, title="周二八折")
    MerchantOfferFactory(
        merchant=merchant,
        title="国庆套餐",
        valid_from=timezone.localdate() - timedelta(days=60),
        valid_until=timezone.localdate() - timedelta(days=30),
    )
    html = client.get(merchant.url).content.decode()
    assert "周二八折" in html
    assert "国庆套餐" not in html


def test_a_verified_merchant_shows_its_badge(client, food):
    assert "认证商家" in client.get(MerchantPageFactory(parent=food, verified=True).url).content.decode()
    assert "认证商家" not in client.get(MerchantPageFactory(parent=food, verified=False).url).content.decode()


# --- the editor's form -------------------------------------------------------------------------


def merchant_form(**overrides):
    hours_rows = overrides.pop("hours", [])
    data = {
        "title": "老码头火锅",
        "slug": "laomatou",
        "summary": "",
        "description": rich_text(""),
        "tags": "停车",
        "address": "西区新华路1号",
        "street": "清香坪街道",
        "phone": "0812-5551234",
        "latitude": "",
        "longitude": "",
        "price_per_person": "80",
        "holiday_notes": "",
        "verified": "",
        "opening_hours": inline_formset(hours_rows),
        "offers": inline_formset([]),
        "gallery_images": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def create(client, food, **overrides):
    return client.post(f"/admin/pages/add/merchants/merchantpage/{food.pk}/", merchant_form(**overrides))


def row(weekday, opens, closes, next_day=False):
    return {
        "weekday": str(weekday),
        "opens": opens,
        "closes": closes,
        "closes_next_day": "on" if next_day else "",
    }


def test_an_editor_saves_a_merchant_with_lunch_dinner_and_overnight_hours(admin_client, food):
    response = create(
        admin_client,
        food,
        hours=[row(0, "10:30", "14:00"), row(0, "17:00", "21:00"), row(5, "18:00", "02:00", True)],
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    merchant = MerchantPage.objects.get(slug="laomatou")
    assert merchant.opening_hours.count() == 3
    overnight = merchant.opening_hours.get(weekday=5)
    assert (overnight.start_minute, overnight.end_minute) == (5 * 1440 + 18 * 60, 6 * 1440 + 2 * 60)


def test_the_form_refuses_overlapping_hours_and_saves_nothing(admin_client, food):
    response = create(admin_client, food, hours=[row(0, "10:00", "14:00"), row(0, "13:00", "20:00")])
    assert response.status_code == 200
    assert "与第 1 行重叠" in response.content.decode()
    assert not MerchantPage.objects.filter(slug="laomatou").exists()
    assert not OpeningHours.objects.exists()


def test_the_form_refuses_hours_that_end_before_they_start(admin_client, food):
    response = create(admin_client, food, hours=[row(2, "18:00", "02:00")])
    assert response.status_code == 200
    assert "结束时间早于或等于开始时间" in response.content.decode()
    assert not MerchantPage.objects.filter(slug="laomatou").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "请填写正确的电话号码"),
        ("latitude", "123", "纬度应在 -90 到 90 之间"),
        ("price_per_person", "-5", ""),
    ],
)
def test_the_form_refuses_bad_phone_coordinates_and_prices(admin_client, food, field, value, message):
    response = create(admin_client, food, **{field: value, "longitude": "101.6"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MerchantPage.objects.filter(slug="laomatou").exists()


def test_half_coordinates_are_refused(admin_client, food):
    response = create(admin_client, food, latitude="26.5")
    assert response.status_code == 200
    assert "经度和纬度要一起填写" in response.content.decode()
