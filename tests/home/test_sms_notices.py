"""Urgent notices by SMS (紧急通知短信): residents opt in and out on their account page; an editor's
broadcast reaches exactly the residents opted in when it is sent, and every send is logged."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from home.broadcasts import send_broadcast
from home.models import PopupNotice, SmsBroadcast, SmsDelivery, SmsSubscription
from rongmei import roles
from tests.petitions.history import FakeSMS

pytestmark = pytest.mark.django_db

SMS_PAGE = "/zh-hans/accounts/sms/"


class FlakySMS(FakeSMS):
    """A gateway that refuses one number, as a real one does for a number out of service."""

    def send(self, phone, text):
        if phone == "13700000000":
            raise ConnectionError("网关返回 500")
        super().send(phone, text)


@pytest.fixture
def sms(settings):
    settings.PETITION_SMS_BACKEND = "tests.petitions.history.FakeSMS"
    FakeSMS.sent = []
    return FakeSMS.sent


def resident(django_user_model, name):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw-resident-2026")
    client = Client()
    client.force_login(user)
    return user, client


def opt(client, phone, subscribed=True):
    data = {"phone": phone}
    if subscribed:
        data["subscribed"] = "on"
    return client.post(SMS_PAGE, data)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """An editor's form sent from the admin, with the task it queues once the request commits."""

    def post(client, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/admin/sms/", data)

    return post


def test_a_resident_opts_in_with_a_mobile_number_and_out_again(django_user_model):
    user, client = resident(django_user_model, "zhang")
    assert client.get(SMS_PAGE).status_code == 200
    response = opt(client, "139 1234 5678")
    assert response.status_code == 302
    page = client.get(SMS_PAGE).content.decode()
    assert "139****5678" in page and "您已开通紧急通知短信" in page
    subscription = SmsSubscription.objects.get(user=user)
    assert (subscription.phone, subscription.active) == ("13912345678", True)

    assert opt(client, "", subscribed=False).status_code == 302
    assert "已退订" in client.get(SMS_PAGE).content.decode()
    subscription.refresh_from_db()
    assert subscription.active is False


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", "请填写接收短信的手机号"),
        ("12345", "请填写正确的手机号或座机号"),
        ("0812-1234567", "座机收不到短信"),
    ],
)
def test_a_bad_number_is_refused_with_a_message(django_user_model, phone, message):
    user, client = resident(django_user_model, "li")
    response = opt(client, phone)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SmsSubscription.objects.filter(user=user, active=True).exists()


def test_a_visitor_without_an_account_is_asked_to_sign_in():
    response = Client().get(SMS_PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_broadcast_reaches_exactly_the_residents_opted_in(django_user_model, editor_client, sms, send):
    _a, first = resident(django_user_model, "a")
    _b, second = resident(django_user_model, "b")
    _c, leaver = resident(django_user_model, "c")
    resident(django_user_model, "d")  # never opted in
    opt(first, "13911110001")
    opt(second, "+86 139 1111 0002")
    opt(leaver, "13911110003")
    opt(leaver, "13911110003", subscribed=False)

    response = send(editor_client, text="【防汛】今晚有暴雨，请沿河居民注意安全。")
    item = SmsBroadcast.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/sms/{item.pk}/"
    assert sorted(sms) == [
        ("13911110001", "【防汛】今晚有暴雨，请沿河居民注意安全。"),
        ("13911110002", "【防汛】今晚有暴雨，请沿河居民注意安全。"),
    ]
    item.refresh_from_db()
    assert item.status == "done" and item.finished_at is not None
    log = list(item.deliveries.order_by("phone").values_list("phone", "status", "error"))
    assert log == [("139****0001", "sent", ""), ("139****0002", "sent", "")]

    detail = editor_client.get(f"/admin/sms/{item.pk}/").content.decode()
    assert "成功 2 条，失败 0 条" in detail and "139****0001" in detail
    assert "13911110001" not in detail  # the log keeps numbers masked


def test_a_failed_send_is_logged_with_its_error_and_the_rest_still_go(
    django_user_model, editor_client, settings, send
):
    settings.PETITION_SMS_BACKEND = "tests.home.test_sms_notices.FlakySMS"
    FakeSMS.sent = []
    opt(resident(django_user_model, "ok")[1], "13911110001")
    opt(resident(django_user_model, "broken")[1], "13700000000")
    send(editor_client, text="停水通知：明日8时至18时城东片区停水。")
    deliveries = SmsDelivery.objects.order_by("phone")
    assert [(d.status, d.error) for d in deliveries] == [("failed", "网关返回 500"), ("sent", "")]
    assert FakeSMS.sent == [("13911110001", "停水通知：明日8时至18时城东片区停水。")]
    listing = editor_client.get("/admin/sms/").content.decode()
    assert "停水通知" in listing


def test_a_task_that_runs_again_sends_only_to_whom_it_had_not_reached(
    django_user_model, editor_client, sms, send
):
    opt(resident(django_user_model, "a")[1], "13911110001")
    send(editor_client, text="交通管制：明日上午滨江路封闭。")
    opt(resident(django_user_model, "late")[1], "13911110009")
    item = SmsBroadcast.objects.get()
    assert send_broadcast.enqueue(item.pk).return_value == 1
    assert [phone for phone, _text in sms] == ["13911110001", "13911110009"]
    assert item.deliveries.count() == 2


def test_a_notice_can_be_taken_from_an_urgent_popup(editor_client, django_user_model, sms, send):
    opt(resident(django_user_model, "a")[1], "13911110001")
    now = timezone.now()
    popup = PopupNotice.objects.create(
        title="防汛预警",
        body="今晚暴雨，请勿前往河边。",
        starts_at=now,
        ends_at=now + timezone.timedelta(days=1),
    )
    send(editor_client, popup=str(popup.pk), text="")
    item = SmsBroadcast.objects.get()
    assert (item.text, item.popup) == ("【防汛预警】今晚暴雨，请勿前往河边。", popup)
    assert sms == [("13911110001", "【防汛预警】今晚暴雨，请勿前往河边。")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "请填写短信内容，或选择一条定时弹窗"),
        ({"text": "长" * 141}, "141"),
        ({"text": "通知", "popup": "not-a-number"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_notice_is_refused_with_a_message_and_nothing_is_sent(editor_client, data, message, sms, send):
    response = send(editor_client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SmsBroadcast.objects.exists() and sms == []


def test_only_those_who_may_send_reach_the_broadcast_screens(django_user_model, sms, send):
    moderator = django_user_model.objects.create_user("mod", password="pw-mod-2026")
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    _user, resident_client = resident(django_user_model, "r")
    moderator_client = Client()
    moderator_client.force_login(moderator)
    for client in (moderator_client, resident_client, Client()):
        assert send(client, text="假通知").status_code in (302, 403)
        assert client.get("/admin/sms/").status_code in (302, 403)
    assert not SmsBroadcast.objects.exists() and sms == []
