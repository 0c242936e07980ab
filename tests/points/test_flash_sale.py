"""Flash sales (在线抢购): a limited number of one item, in a time window, one per resident, first committed
first served; the page is the same for everyone and cached, the stock and the buying are live JSON."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from points import services
from points.models import FlashSale, Goods, Order, PointsAccount
from tests.petitions.history import Clock, local

from .test_mall import earn

DAY = datetime.date(2026, 3, 2)
START, END = local(DAY, 10), local(DAY, 11)


@pytest.fixture
def sale(db):
    return FlashSale.objects.create(
        title="十点抢保温杯",
        item_name="融媒保温杯",
        pickup_place="融媒体中心一楼大厅",
        stock=2,
        starts_at=START,
        ends_at=END,
    )


def resident(name, points=0):
    user = get_user_model().objects.create_user(name, password="pw-sale-2026")
    if points:
        earn(user, points, phrase=f"口令-{name}")
    return user


def buy(client, sale, language="zh-hans"):
    with translation.override(language):
        url = reverse("mall:sale_buy", args=[sale.pk])
    return client.post(url)


def test_before_the_start_after_the_end_and_sold_out_each_say_why(client, sale):
    buyers = [resident(f"buyer{n}") for n in range(3)]
    with Clock.travel(local(DAY, 9, 59)) as clock:
        client.force_login(buyers[0])
        early = buy(client, sale)
        assert early.status_code == 409 and early.json()["message"] == "抢购还没有开始，请在开始时间后再来。"
        clock.to(START)
        for buyer in buyers[:2]:
            client.force_login(buyer)
            won = buy(client, sale)
            assert won.status_code == 200 and won.json()["ok"]
        client.force_login(buyers[2])
        late = buy(client, sale)
        assert late.json()["message"] == "已经抢光了，下次早点来。"
        assert late.json()["state"] == "sold_out" and late.json()["remaining"] == 0
        clock.to(END)
        ended = buy(client, sale)
        assert ended.status_code == 409 and ended.json()["message"] == "抢购已经结束了。"
    assert Order.objects.filter(sale=sale).count() == 2


def test_the_answers_come_in_the_visitors_language(client, sale):
    client.force_login(resident("visitor"))
    with Clock.travel(local(DAY, 9)):
        assert (
            buy(client, sale, "en").json()["message"]
            == "The sale has not started yet. Please come back when it opens."
        )
        assert buy(client, sale, "zh-hant").json()["message"] == "搶購還沒有開始，請在開始時間後再來。"


def test_one_per_resident_and_the_code_comes_back(client, sale):
    buyer = resident("once")
    client.force_login(buyer)
    with Clock.travel(START):
        won = buy(client, sale).json()
        again = buy(client, sale)
    order = Order.objects.get(user=buyer)
    assert won["order"]["pickup_code"] == order.pickup_code
    assert won["message"] == f"抢到了！取货码 {order.pickup_code}，请到融媒体中心一楼大厅领取。"
    assert again.status_code == 409 and again.json()["message"] == "您已经抢到了，每人限一件。"
    sale.refresh_from_db()
    assert sale.sold == 1


def test_a_sale_for_points_spends_them_and_refuses_a_resident_short_of_them(client, sale):
    goods = Goods.objects.create(name="融媒雨伞", points_price=99, stock=10, pickup_place="大厅")
    FlashSale.objects.filter(pk=sale.pk).update(points_price=20, goods=goods, item_name="", pickup_place="")
    sale.refresh_from_db()
    rich, poor = resident("rich", 30), resident("poor", 5)
    with Clock.travel(START):
        client.force_login(poor)
        refused = buy(client, sale)
        client.force_login(rich)
        won = buy(client, sale)
    assert refused.json()["message"] == "积分不足：需要 20 积分，您现在有 5 积分。"
    assert won.json()["ok"]
    assert PointsAccount.objects.get(user=rich).balance == 10
    order = Order.objects.get(user=rich)
    assert order.item_name == "融媒雨伞" and order.points == 20 and order.pickup_place == "大厅"
    goods.refresh_from_db()
    assert goods.stock == 10  # the sale's own items, set aside; the mall's stock is not touched


def test_buying_needs_an_account_and_is_rate_limited(client, sale):
    with Clock.travel(START):
        anonymous = buy(client, sale)
        assert anonymous.status_code == 401 and anonymous.json()["message"] == "请先登录再抢购。"
        client.force_login(resident("hammer"))
        FlashSale.objects.filter(pk=sale.pk).update(stock=1, sold=1)
        answers = [buy(client, sale).status_code for _ in range(11)]
    assert answers[:10] == [409] * 10 and answers[10] == 429
    assert not Order.objects.exists()


def test_a_buy_must_carry_the_csrf_token(sale):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident("csrf"))
    with Clock.travel(START):
        refused = buy(client, sale)
        token = client.get(reverse("csrf_token")).json()["token"]
        with translation.override("zh-hans"):
            accepted = client.post(reverse("mall:sale_buy", args=[sale.pk]), HTTP_X_CSRFTOKEN=token)
    assert refused.status_code == 403
    assert accepted.status_code == 200 and accepted.json()["ok"]


def test_the_status_is_live_and_never_cached(client, sale):
    buyer = resident("watcher")
    with Clock.travel(local(DAY, 9)) as clock:
        status = client.get(reverse("mall:sale_status", args=[sale.pk]))
        assert status.json()["state"] == "upcoming" and status.json()["signed_in"] is False
        assert "no-cache" in status["Cache-Control"] or "max-age=0" in status["Cache-Control"]
        clock.to(START)
        client.force_login(buyer)
        buy(client, sale)
        status = client.get(reverse("mall:sale_status", args=[sale.pk])).json()
    assert status["state"] == "open" and status["remaining"] == 1
    assert status["order"]["pickup_code"] == Order.objects.get().pickup_code


def test_the_sale_page_is_cached_and_shows_nothing_of_the_visitor(
    client, sale, settings, django_assert_num_queries
):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 60
    url = reverse("mall:sale", args=[sale.pk])
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    page = first.content.decode()
    assert "十点抢保温杯" in page and "data-status-url" in page and "csrfmiddlewaretoken" not in page
    pages = []
    for name in ("alice-sale", "bob-sale"):
        signed_in = Client()
        signed_in.force_login(resident(name))
        pages.append(signed_in.get(url).content)
    assert pages[0] == pages[1] == first.content
    assert b"alice" not in pages[0]
    with django_assert_num_queries(0):  # the rush of signed-in residents is served from the cache too
        assert signed_in.get(url).content == first.content


def test_an_unpublished_or_unknown_sale_is_not_found(client, sale):
    FlashSale.objects.filter(pk=sale.pk).update(is_published=False)
    assert client.get(reverse("mall:sale", args=[sale.pk])).status_code == 404
    assert client.get(reverse("mall:sale_status", args=[sale.pk])).status_code == 404
    client.force_login(resident("nobody"))
    missing = client.post(reverse("mall:sale_buy", args=[999999]))
    assert missing.status_code == 404 and missing.json()["message"] == "这个抢购活动不存在。"


def test_an_editor_cannot_schedule_a_sale_that_ends_before_it_starts(db):
    sale = FlashSale(title="错", item_name="杯", pickup_place="大厅", stock=1, starts_at=END, ends_at=START)
    with pytest.raises(Exception, match="结束时间必须晚于开始时间"):
        sale.full_clean()
    without_item = FlashSale(title="空", stock=1, starts_at=START, ends_at=END)
    with pytest.raises(Exception, match="请选择积分商品"):
        without_item.full_clean()


@pytest.mark.postgresql_only("SQLite serialises every write; the row locks matter on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forty_buyers_in_parallel_get_exactly_the_ten_items_each_at_most_once():
    buyers = [get_user_model().objects.create_user(f"rush{n}", password="pw") for n in range(40)]
    sale = FlashSale.objects.create(
        title="并发", item_name="杯", pickup_place="大厅", stock=10, starts_at=START, ends_at=END
    )
    attempts = [buyer for buyer in buyers for _ in range(2)]  # everyone clicks twice, at once
    barrier = threading.Barrier(len(attempts))
    results = []

    def attempt(buyer):
        try:
            barrier.wait()
            try:
                services.buy(buyer, sale)
                results.append("ok")
            except services.OrderError:
                results.append("refused")
        finally:
            connection.close()

    with Clock.travel(START):
        threads = [threading.Thread(target=attempt, args=(buyer,)) for buyer in attempts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results.count("ok") == 10 and results.count("refused") == 70
    sale.refresh_from_db()
    assert sale.sold == 10
    orders = Order.objects.filter(sale=sale)
    assert orders.count() == 10
    assert orders.values("user").distinct().count() == 10


def test_a_signed_in_residents_messages_stay_out_of_the_shared_sale_page(client, sale, settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 60
    buyer = resident("messages", points=30)
    goods = Goods.objects.create(name="书签", points_price=10, stock=5, pickup_place="大厅")
    client.force_login(buyer)
    client.post(reverse("mall:redeem", args=[goods.pk]))  # leaves 兑换成功 waiting for the next page
    shared = client.get(reverse("mall:sale", args=[sale.pk])).content.decode()
    assert "兑换成功" not in shared
    assert Client().get(reverse("mall:sale", args=[sale.pk])).content.decode() == shared
    assert "兑换成功" in client.get(reverse("points:history")).content.decode()


def test_a_signed_in_residents_hit_in_traditional_script_is_converted_once(
    client, sale, settings, monkeypatch
):
    """A stored page is the finished response; a hit that passes the stack again (a resident with a
    session, for a page shared with everyone) is not converted a second time."""
    from rongmei import middleware

    settings.RONGMEI_PAGE_CACHE_SECONDS = 60
    with translation.override("zh-hant"):
        url = reverse("mall:sale", args=[sale.pk])
    first = client.get(url)
    assert "十點搶保溫杯" in first.content.decode()
    conversions = []
    original = middleware.html_in_traditional_script
    monkeypatch.setattr(
        middleware, "html_in_traditional_script", lambda html: conversions.append(1) or original(html)
    )
    signed_in = Client()
    signed_in.force_login(resident("carol-sale"))
    assert signed_in.get(url).content == first.content
    assert conversions == []
