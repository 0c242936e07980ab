"""The points mall (积分商城): a resident spends points on goods, once per item and never past the stock or
the balance, and gets a pick-up code that the media centre or the goods' merchant verifies once."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from merchants.factories import MerchantApplicationFactory
from merchants.signup import approve
from points import services
from points.models import Goods, Order, Passphrase, PointsAccount
from tests.petitions.history import Clock, local

DAY = datetime.date(2026, 3, 2)


def earn(user, points, phrase=None):
    """Points the way residents get them: a passphrase from a story, redeemed in time."""
    phrase = phrase or f"口令{user.pk}{points}"
    Passphrase.objects.create(
        phrase=phrase,
        points=points,
        valid_from=timezone.now() - datetime.timedelta(hours=1),
        valid_until=timezone.now() + datetime.timedelta(days=1),
        max_redemptions=1000,
    )
    services.redeem(user, phrase)


def balance(user):
    return PointsAccount.objects.get(user=user).balance


@pytest.fixture
def clock(db):
    with Clock.travel(local(DAY, 9)) as clock:
        yield clock


@pytest.fixture
def resident(clock, django_user_model):
    user = django_user_model.objects.create_user(
        "mall-resident", first_name="王小梅", password="pw-mall-2026"
    )
    user.email = "wang@example.com"
    user.save()
    earn(user, 50)
    return user


@pytest.fixture
def merchants(food, editor):
    """Two merchants approved the way editors approve them, each with its own account."""
    return approve(MerchantApplicationFactory(category=food), editor), approve(
        MerchantApplicationFactory(category=food), editor
    )


@pytest.fixture
def teapot(db):
    return Goods.objects.create(
        name="融媒保温杯", points_price=30, stock=2, pickup_place="融媒体中心一楼大厅"
    )


def test_a_resident_redeems_goods_for_points_and_gets_a_pick_up_code(resident, teapot):
    order = services.redeem_goods(resident, teapot)
    assert balance(resident) == 20
    teapot.refresh_from_db()
    assert teapot.stock == 1
    assert order.points == 30 and order.status == Order.Status.AWAITING_PICKUP
    assert len(order.pickup_code) == services.CODE_LENGTH
    assert set(order.pickup_code) <= set(services.CODE_ALPHABET)
    assert order.item_name == "融媒保温杯" and order.pickup_place == "融媒体中心一楼大厅"


def test_pick_up_codes_differ_from_order_to_order(resident, clock):
    goods = Goods.objects.create(name="书签", points_price=1, stock=40, pickup_place="大厅")
    codes = {services.redeem_goods(resident, goods).pickup_code for _ in range(20)}
    assert len(codes) == 20


def test_a_resident_short_of_points_is_told_how_many_are_needed(resident, teapot):
    services.redeem_goods(resident, teapot)
    with pytest.raises(services.OrderError, match="需要 30 积分，您现在有 20 积分"):
        services.redeem_goods(resident, teapot)
    teapot.refresh_from_db()
    assert teapot.stock == 1 and balance(resident) == 20


def test_goods_out_of_stock_or_taken_off_are_refused(resident, teapot):
    Goods.objects.filter(pk=teapot.pk).update(stock=0)
    with pytest.raises(services.OrderError, match="兑完"):
        services.redeem_goods(resident, teapot)
    Goods.objects.filter(pk=teapot.pk).update(stock=5, is_active=False)
    with pytest.raises(services.OrderError, match="下架"):
        services.redeem_goods(resident, teapot)
    assert balance(resident) == 50 and not Order.objects.exists()


def test_the_mall_lists_goods_with_price_and_stock_and_asks_visitors_to_sign_in(client, teapot, clock):
    Goods.objects.create(name="下架的伞", points_price=5, stock=3, pickup_place="大厅", is_active=False)
    page = client.get(reverse("mall:index")).content.decode()
    assert "融媒保温杯" in page and "30 积分" in page and "剩 2 件" in page
    assert "下架的伞" not in page
    assert "登录后兑换" in page and reverse("mall:redeem", args=[teapot.pk]) not in page


def test_the_resident_redeems_in_the_mall_and_sees_the_code_and_the_spend_in_the_history(
    client, resident, teapot
):
    client.force_login(resident)
    page = client.get(reverse("mall:index")).content.decode()
    assert "<strong data-balance>50</strong>" in page
    response = client.post(reverse("mall:redeem", args=[teapot.pk]), follow=True)
    order = Order.objects.get(user=resident)
    page = response.content.decode()
    assert f"兑换成功！取货码 {order.pickup_code}" in page
    assert f'<strong class="pickup-code" data-pickup-code>{order.pickup_code}</strong>' in page
    assert "<td>-30</td>" in page and "<td>+50</td>" in page  # the spend and the award, one history
    assert "<strong data-balance>20</strong>" in page


def test_redeeming_without_enough_points_in_the_mall_says_so(client, resident, teapot):
    Goods.objects.filter(pk=teapot.pk).update(points_price=80)
    client.force_login(resident)
    page = client.post(reverse("mall:redeem", args=[teapot.pk]), follow=True).content.decode()
    assert "积分不足：需要 80 积分，您现在有 50 积分。" in page
    assert not Order.objects.exists()


def test_redeeming_needs_an_account_and_a_post(client, teapot, resident):
    assert client.post(reverse("mall:redeem", args=[teapot.pk])).status_code == 302
    client.force_login(resident)
    assert client.get(reverse("mall:redeem", args=[teapot.pk])).status_code == 405
    assert client.post(reverse("mall:redeem", args=[999999])).status_code == 404
    assert not Order.objects.exists()


# --- the pick-up counter ------------------------------------------------------------------------------


def test_an_editor_verifies_a_code_once_and_the_audit_says_who_and_when(client, editor, resident, teapot):
    order = services.redeem_goods(resident, teapot)
    client.force_login(editor)
    counter = reverse("points_pickup")
    page = client.get(counter, {"code": order.pickup_code.lower()}).content.decode()
    assert "融媒保温杯" in page and "王小梅" in page and "待领取" in page
    assert "wang@example.com" not in page  # the resident's display name only
    response = client.post(counter, {"code": order.pickup_code})
    assert "已核销，请把物品交给居民" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.PICKED_UP
    assert order.verified_by == editor and order.picked_up_at is not None
    entry = ModelLogEntry.objects.get(action="points.pickup_verified")
    assert entry.user == editor and entry.object_id == str(order.pk)
    again = client.post(counter, {"code": order.pickup_code})
    assert again.status_code == 400
    assert "已经在 2026-03-02 09:00 核销过了，不能重复领取" in again.content.decode()


def test_an_unknown_code_is_refused_with_a_clear_message(client, editor, db):
    client.force_login(editor)
    response = client.post(reverse("points_pickup"), {"code": "ZZZZ2222"})
    assert response.status_code == 400
    assert "没有这个取货码" in response.content.decode()


def test_a_merchant_verifies_its_own_goods_and_not_another_merchants(client, resident, merchants):
    own, other = merchants
    mine = Goods.objects.create(name="米线券", points_price=10, stock=5, pickup_place="店内", merchant=own)
    theirs = Goods.objects.create(
        name="火锅券", points_price=10, stock=5, pickup_place="店内", merchant=other
    )
    mall_goods = Goods.objects.create(name="雨伞", points_price=10, stock=5, pickup_place="融媒体中心")
    orders = [services.redeem_goods(resident, goods) for goods in (mine, theirs, mall_goods)]
    client.force_login(own.applicant)
    counter = reverse("points_pickup")
    assert client.get(counter).status_code == 200
    for order in orders[1:]:
        response = client.post(counter, {"code": order.pickup_code})
        assert "不是您商家的商品" in response.content.decode()
    assert client.post(counter, {"code": orders[0].pickup_code}).status_code == 200
    assert list(Order.objects.filter(status=Order.Status.PICKED_UP)) == [orders[0]]


def test_residents_may_not_open_the_counter(client, resident):
    client.force_login(resident)
    assert client.get(reverse("points_pickup")).status_code in (302, 403)


def test_typing_codes_at_the_counter_is_rate_limited(client, editor, resident, teapot):
    order = services.redeem_goods(resident, teapot)
    client.force_login(editor)
    for _ in range(30):
        client.get(reverse("points_pickup"), {"code": "NOPE2345"})
    response = client.post(reverse("points_pickup"), {"code": order.pickup_code})
    assert response.status_code == 429
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PICKUP


# --- with PostgreSQL's row locks ----------------------------------------------------------------------


def _run_together(target, arguments):
    barrier = threading.Barrier(len(arguments))
    results = []

    def run(*args):
        try:
            barrier.wait()
            try:
                target(*args)
                results.append("ok")
            except services.OrderError:
                results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _resident_with_points(name, points):
    user = get_user_model().objects.create_user(name, password="pw-mall-2026")
    earn(user, points, phrase=f"口令-{name}")
    return user


@pytest.mark.postgresql_only("SQLite serialises every write; the row locks matter on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_redemptions_never_spend_points_twice_nor_give_more_than_the_stock():
    with Clock.travel(local(DAY, 9)):
        rich = _resident_with_points("mall-rich", 35)  # enough for three at 10
        residents = [_resident_with_points(f"mall-{n}", 10) for n in range(10)]
        goods = Goods.objects.create(name="保温杯", points_price=10, stock=5, pickup_place="大厅")
        one_resident = _run_together(services.redeem_goods, [(rich, goods)] * 8)
        assert one_resident.count("ok") == 3
        assert balance(rich) == 5
        many = _run_together(services.redeem_goods, [(resident, goods) for resident in residents])
    assert many.count("ok") == 2  # five in stock, three went to the first resident
    goods.refresh_from_db()
    assert goods.stock == 0
    assert Order.objects.count() == 5
    spent = sum(10 - balance(resident) for resident in residents)
    assert spent == 20 and min(balance(resident) for resident in residents) >= 0
