"""The ledger (台账): every petition with every date, for supervisors; exports stream; contacts guarded."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from petitions.factories import TopicFactory
from petitions.models import Petition

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(django_user_model):
    user = django_user_model.objects.create_user("supervisor1", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    return user


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def history(db):
    return History(media_centre_editor())


@pytest.fixture
def petitions_2026(history):
    """Three petitions submitted on 1, 2 and 3 April 2026 at 09:00 and dispatched to 水务局 at 11:00 (the
    first also claimed at 14:00 and replied on 2 April at 10:00); and one submitted on 1 April and only
    accepted, whose title a spreadsheet would run as a formula."""
    water = department("西区水务局", "shuiwu")
    topic = TopicFactory(name="供水", slug="water", reply_days=5)
    with Clock.travel(local(datetime.date(2026, 4, 1), 9)) as clock:
        first = history.submitted(topic)
        formula = history.accepted(history.submitted(topic, title='=HYPERLINK("http://evil")'))
        clock.to(datetime.date(2026, 4, 1), 11)
        history.dispatched(first, water)
        clock.to(datetime.date(2026, 4, 1), 14)
        history.claimed(first)
        clock.to(datetime.date(2026, 4, 2), 9)
        second = history.submitted(topic)
        clock.to(datetime.date(2026, 4, 2), 10)
        history.replied(first)
        clock.to(datetime.date(2026, 4, 2), 11)
        history.dispatched(second, water)
        clock.to(datetime.date(2026, 4, 3), 9)
        third = history.submitted(topic)
        clock.to(datetime.date(2026, 4, 3), 11)
        history.dispatched(third, water)
    return [first, second, third, formula]


def url(**params):
    from urllib.parse import urlencode

    params = {"start": "2026-01-01", "end": "2026-12-31", **params}
    return reverse("petitions_ledger") + "?" + urlencode(params)


def test_a_supervisor_sees_every_petition_with_its_dates_but_no_contacts(supervisor_client, petitions_2026):
    response = supervisor_client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    for petition in petitions_2026:
        assert petition.number in html
    assert "2026-04-01 11:00" in html  # the dispatch time
    assert "张女士" not in html and "13812345678" not in html


def test_a_user_without_the_statistics_permission_is_refused(client, django_user_model, petitions_2026):
    user = django_user_model.objects.create_user("someone", password="pw-x-2026")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(url()).status_code in (302, 403)
    assert client.get(url(export="csv")).status_code in (302, 403)
    assert client.get(reverse("petitions_statistics")).status_code in (302, 403)


def test_the_csv_export_has_every_date_and_no_contacts(supervisor_client, petitions_2026):
    response = supervisor_client.get(url(export="csv"))
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:7] == ["编号", "标题", "类型", "领域", "办理单位", "状态", "提交时间"]
    assert "联系电话" not in rows[0]
    assert len(rows) == 1 + len(petitions_2026)
    assert any(row[9] == "2026-04-02 11:00:00" for row in rows[1:])  # 转办时间 in local time
    # the first petition's life as the workflow dated it: 提交 … 答复 (5 working days from 1 April: the
    # 清明 holiday of 4–6 April moves its reply deadline to Thursday 9 April)
    header, first = rows[0], next(row for row in rows[1:] if row[0] == petitions_2026[0].number)
    dates = dict(zip(header[6:14], first[6:14], strict=True))
    assert dates == {
        "提交时间": "2026-04-01 09:00:00",
        "受理时间": "2026-04-01 11:00:00",
        "不予受理时间": "",
        "转办时间": "2026-04-01 11:00:00",
        "签收时间": "2026-04-01 14:00:00",
        "答复期限": "2026-04-09 23:59:59",
        "答复时间": "2026-04-02 10:00:00",
        "办结时间": "",
    }
    assert first[header.index("来源")] == "网站"  # the channel's label, as every choice's
    assert not any("13812345678" in cell for row in rows for cell in row)
    # a title that a spreadsheet would run as a formula is written as text
    assert any(row[1].startswith("'=HYPERLINK") for row in rows[1:])


def test_contacts_appear_only_with_their_own_permission(supervisor_client, supervisor, petitions_2026):
    supervisor.user_permissions.add(Permission.objects.get(codename="view_petition_contacts"))
    text = b"".join(supervisor_client.get(url(export="csv")).streaming_content).decode("utf-8-sig")
    assert "联系电话" in text and "13812345678" in text
    assert "13812345678" in supervisor_client.get(url()).content.decode()


def test_the_xlsx_export_is_a_workbook_with_every_row(supervisor_client, petitions_2026):
    openpyxl = pytest.importorskip("openpyxl")
    response = supervisor_client.get(url(export="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "编号"
    assert len(rows) == 1 + len(petitions_2026)
    assert {row[0] for row in rows[1:]} == {petition.number for petition in petitions_2026}


def test_the_ledger_filters_by_department_and_status(supervisor_client, petitions_2026):
    department = petitions_2026[0].department
    html = supervisor_client.get(url(department=department.pk)).content.decode()
    assert petitions_2026[0].number in html and petitions_2026[3].number not in html
    html = supervisor_client.get(url(status="accepted")).content.decode()
    assert petitions_2026[3].number in html and petitions_2026[0].number not in html


def test_a_reversed_date_range_gets_a_clear_message(supervisor_client):
    response = supervisor_client.get(url(start="2026-05-01", end="2026-04-01"))
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_the_ledger_page_query_count_does_not_grow_with_rows(
    supervisor_client, petitions_2026, django_assert_max_num_queries
):
    supervisor_client.get(url())
    with django_assert_max_num_queries(20) as before:
        supervisor_client.get(url())
    more = History(media_centre_editor("editor-more"))
    water = petitions_2026[0].department
    with Clock.travel(local(datetime.date(2026, 4, 7))):
        for _n in range(10):
            more.dispatched(more.submitted(petitions_2026[0].topic), water)
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = supervisor_client.get(url()).content.decode()
    numbers = list(Petition.objects.values_list("number", flat=True))
    assert len(numbers) == 14 and all(number in html for number in numbers)
