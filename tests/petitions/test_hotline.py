"""热线登记: an operator enters a caller's petition in the admin; the caller gets the number and tracking code
by SMS, the petition is handled like any other, and the caller's contact details stay private."""

import datetime
import re

import pytest
from wagtail.models import ModelLogEntry

from petitions.factories import TopicFactory
from petitions.models import Petition
from petitions.supervision import stats
from rongmei import roles

from .history import Clock, History, department, local, media_centre_editor, signed_in, staff_member

pytestmark = pytest.mark.django_db

URL = "/admin/petitions/hotline/"
PHONE = "13912345678"
CALL = {
    "intake_channel": "hotline_12345",
    "kind": "complaint",
    "title": "新华路菜市场门口积水",
    "content": "来电人反映新华路菜市场门口下雨就积水，老人进出很不方便，希望疏通排水。",
    "address": "新华路菜市场",
    "contact_name": "王女士",
    "contact_phone": PHONE,
    "is_public": "on",
}


@pytest.fixture
def clock(db):
    with Clock.travel(local(datetime.date(2026, 3, 9), 9)) as clock:  # Monday 9 March 2026, 09:00
        yield clock


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban", reply_days=5)


@pytest.fixture
def operator(db):
    return staff_member("hotline-1", roles.HOTLINE_OPERATORS)


def enter(client, topic, **changes):
    return client.post(URL, {**CALL, "topic": topic.pk, **changes})


def test_an_operator_enters_a_call_and_the_caller_gets_the_number_and_code_by_sms(
    clock, topic, operator, sms, board, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the SMS leaves once the petition is stored
        response = enter(signed_in(operator), topic)
    assert response.status_code == 200
    petition = Petition.objects.get()
    code = response.context["code"]
    page = response.content.decode()
    assert petition.number in page and code in page and "尾号 5678" in page
    assert (petition.status, petition.intake_channel, petition.user) == ("pending", "hotline_12345", None)
    assert (petition.contact_name, petition.contact_phone) == ("王女士", PHONE)

    assert len(sms) == 1
    phone, text = sms[0]
    assert phone == PHONE and petition.number in text and code in text

    entry = ModelLogEntry.objects.get(object_id=str(petition.pk), action="petitions.submit")
    assert entry.user == operator and entry.data["entered_by"] == "hotline-1"

    # the caller follows it with the code from the SMS, as a resident who posted on the board does
    tracked = client.post(board.url + "track/", {"code": re.search(r"查询码 (\S+?)。", text)[1]}, follow=True)
    assert tracked.status_code == 200 and CALL["title"] in tracked.content.decode()


def test_the_entered_petition_is_handled_counted_by_channel_and_keeps_the_contact_private(
    clock, topic, operator, sms, board, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enter(signed_in(operator), topic)
        petition = Petition.objects.get()
        history = History(media_centre_editor())
        history.dispatched(petition, department("西区住建局", "zhujian"))
        clock.shift(days=1)
        history.replied(petition)
    assert [text for _phone, text in sms[1:]]  # the caller hears of the acceptance and the answer by SMS
    assert all(phone == PHONE for phone, _text in sms)

    public = client.get(board.url + f"{petition.number}/").content.decode()
    assert CALL["title"] in public
    assert PHONE not in public and "王女士" not in public

    rows = {row.key: row for row in stats.by_channel(stats.Period.month(2026, 3))}
    assert (rows["hotline_12345"].received, rows["website"].received) == (1, 0)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"contact_phone": ""}, "请填写来电人的电话，查询码要以短信告诉来电人。"),
        ({"contact_phone": "123"}, "请填写正确的手机号或座机号。"),
        ({"intake_channel": "website"}, "选择一个有效的选项"),
        ({"content": "积水"}, None),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(
    clock, topic, operator, sms, changes, message
):
    response = enter(signed_in(operator), topic, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors
    if message:
        assert message in response.content.decode()
    assert not Petition.objects.exists() and sms == []


def test_only_operators_and_editors_may_enter_a_call(clock, topic, operator, sms, django_user_model):
    clerk = department("西区水务局", "shuiwu")
    roles.apply_roles(departments=[clerk])
    staff = django_user_model.objects.create_user("clerk-shuiwu")
    staff.groups.add(clerk.group)
    resident = django_user_model.objects.create_user("resident-1")
    for user in (staff, resident, staff_member("supervisor-1", roles.SUPERVISORS)):
        response = enter(signed_in(user), topic)
        assert response.status_code == 302, user
    assert not Petition.objects.exists() and sms == []

    assert signed_in(operator).get(URL).status_code == 200
    assert signed_in(staff_member("editor-1", roles.EDITORS)).get(URL).status_code == 200
    menu = signed_in(operator).get("/admin/").content.decode()
    assert f'"url": "{URL}"' in menu
    assert f'"url": "{URL}"' not in signed_in(staff).get("/admin/").content.decode()
