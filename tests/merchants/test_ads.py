"""分类广告: posting on each board, moderation, expiry, contact on request, and reports that hide an ad."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from merchants.factories import ClassifiedAdFactory
from merchants.models import Board, ClassifiedAd
from petitions.models import ScreenedWord
from tests.helpers import housing_ad, publish_ad


def url(board_page, name, *args):
    return board_page.url + board_page.reverse_subpage(name, args=args)


# --- board-specific rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("board", "missing"),
    [
        (Board.HOUSING, {"deal", "area_sqm", "rooms", "price"}),
        (Board.CARS, {"car_year", "mileage_km", "price"}),
        (Board.JOBS, {"salary_min", "salary_max", "job_type"}),
    ],
)
def test_each_board_asks_for_its_own_fields(db, board, missing):
    ad = ClassifiedAd(
        board=board, title="标题", description="内容", contact_name="张", contact_phone="13912345678"
    )
    with pytest.raises(ValidationError) as error:
        ad.full_clean()
    assert missing <= set(error.value.message_dict)


def test_fields_of_other_boards_are_dropped(db):
    ad = ClassifiedAdFactory.build(board=Board.EATS, salary_min=3000, rooms=2, price=30)
    ad.full_clean()
    assert ad.salary_min is None
    assert ad.rooms is None
    assert ad.price == 30


def test_a_salary_range_upside_down_is_refused(db):
    ad = ClassifiedAdFactory.build(
        board=Board.JOBS, salary_min=5000, salary_max=3000, job_type="full_time", price=None
    )
    with pytest.raises(ValidationError) as error:
        ad.full_clean()
    assert "月薪上限不能低于下限" in str(error.value)


def test_a_car_from_the_future_is_refused(db):
    year = timezone.now().year + 2
    ad = ClassifiedAdFactory.build(board=Board.CARS, car_year=year, mileage_km=100, price=1000)
    with pytest.raises(ValidationError, match="上牌年份"):
        ad.full_clean()


# --- posting and moderation ----------------------------------------------------------------------


def test_a_resident_posts_a_housing_ad_that_waits_for_moderation(client, board_page):
    response = client.post(url(board_page, "new"), housing_ad())
    assert response.status_code == 200
    assert "审核通过后显示 30 天" in response.content.decode()
    ad = ClassifiedAd.objects.get()
    assert ad.status == ClassifiedAd.Status.PENDING
    assert ad.published_at is None
    assert client.get(url(board_page, "ad", ad.pk)).status_code == 404
    assert ad.title not in client.get(url(board_page, "board", "housing")).content.decode()


def test_bad_housing_input_is_explained_and_nothing_is_saved(client, board_page):
    response = client.post(url(board_page, "new"), housing_ad(area_sqm="", contact_phone="12"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "“房租售”栏目需要填写这一项" in html
    assert "请填写正确的电话号码" in html
    assert not ClassifiedAd.objects.exists()


def test_a_refused_word_turns_the_ad_away(client, board_page):
    ScreenedWord.objects.create(word="高利贷", action="refuse", reason="含有违法金融信息")
    response = client.post(url(board_page, "new"), housing_ad(description="另有高利贷业务"))
    assert response.status_code == 400
    assert "含有违法金融信息" in response.content.decode()
    assert not ClassifiedAd.objects.exists()


def test_posting_is_rate_limited(client, board_page):
    for _ in range(10):
        client.post(url(board_page, "new"), housing_ad())
    response = client.post(url(board_page, "new"), housing_ad())
    assert "发布过于频繁" in response.content.decode()
    assert ClassifiedAd.objects.count() == 10


def test_an_editor_publishes_the_ad_and_it_shows_until_it_expires(editor, client, board_page):
    client.post(url(board_page, "new"), housing_ad(valid_days="7"))
    ad = ClassifiedAd.objects.get()
    publish_ad(ad, editor)
    assert ad.status == ClassifiedAd.Status.PUBLISHED
    assert ad.expires_at - ad.published_at == timedelta(days=7)
    assert ad.title in client.get(url(board_page, "board", "housing")).content.decode()
    assert client.get(url(board_page, "ad", ad.pk)).status_code == 200
    later = ad.expires_at + timedelta(minutes=1)
    assert not ClassifiedAd.objects.visible(now=later).filter(pk=ad.pk).exists()
    with time_machine.travel(later):
        assert client.get(url(board_page, "ad", ad.pk)).status_code == 404
        assert ad.title not in client.get(url(board_page, "board", "housing")).content.decode()


def test_an_unknown_board_is_not_found(client, board_page):
    assert client.get(url(board_page, "board", "weapons")).status_code == 404


def test_the_board_list_query_count_does_not_grow(client, board_page, django_assert_max_num_queries):
    ClassifiedAdFactory.create_batch(2)
    client.get(url(board_page, "index"))
    with django_assert_max_num_queries(30) as small:
        client.get(url(board_page, "index"))
    ClassifiedAdFactory.create_batch(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(board_page, "index"))


# --- contact and reports -------------------------------------------------------------------------


def test_the_contact_is_not_in_the_page_until_asked_for_with_a_post(client, board_page):
    ad = ClassifiedAdFactory(contact_phone="13912345678")
    detail = client.get(url(board_page, "ad", ad.pk)).content.decode()
    assert "13912345678" not in detail
    assert client.get(url(board_page, "ad_contact", ad.pk)).status_code == 302
    revealed = client.post(url(board_page, "ad_contact", ad.pk))
    assert "13912345678" in revealed.content.decode()
    assert revealed["Cache-Control"] == "private, no-store"


def test_phone_numbers_typed_into_the_description_are_masked(client, board_page):
    ad = ClassifiedAdFactory(description="有意者请打13912345678")
    html = client.get(url(board_page, "ad", ad.pk)).content.decode()
    assert "13912345678" not in html
    assert "139****5678" in html


def test_revealing_contacts_is_rate_limited(client, board_page):
    ad = ClassifiedAdFactory()
    for _ in range(20):
        client.post(url(board_page, "ad_contact", ad.pk), HTTP_ACCEPT="application/json")
    response = client.post(url(board_page, "ad_contact", ad.pk), HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert "phone" not in response.json()


def test_three_different_reporters_hide_an_ad_until_an_editor_looks(client, board_page):
    ad = ClassifiedAdFactory()
    for address in ["10.0.0.1", "10.0.0.2"]:
        client.post(url(board_page, "ad_report", ad.pk), {"reason": "虚假信息"}, REMOTE_ADDR=address)
    assert client.get(url(board_page, "ad", ad.pk)).status_code == 200
    client.post(url(board_page, "ad_report", ad.pk), {"reason": "虚假信息"}, REMOTE_ADDR="10.0.0.3")
    ad.refresh_from_db()
    assert ad.hidden_for_reports
    assert ad.report_count == 3
    assert client.get(url(board_page, "ad", ad.pk)).status_code == 404
    # The editor looks and finds nothing wrong.
    ad.hidden_for_reports = False
    ad.save()
    ad.refresh_from_db()
    assert ad.report_count == 0
    assert not ad.reports.exists()
    assert client.get(url(board_page, "ad", ad.pk)).status_code == 200


def test_one_person_reporting_many_times_counts_once(client, board_page):
    ad = ClassifiedAdFactory()
    for _ in range(5):
        client.post(url(board_page, "ad_report", ad.pk), {"reason": "烦"}, REMOTE_ADDR="10.0.0.9")
    ad.refresh_from_db()
    assert ad.report_count == 1
    assert not ad.hidden_for_reports


def test_an_ad_posted_from_a_merchants_account_is_linked_to_its_listing(
    client, board_page, food, django_user_model
):
    from merchants.factories import MerchantPageFactory

    owner = django_user_model.objects.create_user("m13800001111", password="pw-merchant-2026")
    merchant = MerchantPageFactory(parent=food, applicant=owner)
    client.force_login(owner)
    client.post(url(board_page, "new"), housing_ad(board="eats", title="周二会员日八折"))
    ad = ClassifiedAd.objects.get()
    assert ad.poster == owner
    assert ad.merchant == merchant
