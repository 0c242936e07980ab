"""Readership statistics (浏览统计): views per story and per channel per day, read by editors in the admin."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsroom import counters
from newsroom.factories import ChannelPostPageFactory, NewsArticlePageFactory
from newsroom.models import PageViewDay
from tests.helpers import publish

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
URL = "/admin/readership/"


def read(page, times):
    """``times`` readers open ``page`` on the public site."""
    reader = Client()
    for _reader in range(times):
        assert reader.get(page.url).status_code == 200


def flush():
    call_command("flush_view_counts", verbosity=0)


@pytest.fixture
def stories(headlines, echo, transport_channel):
    return {
        "bridge": publish(NewsArticlePageFactory(parent=headlines, title="大桥通车")),
        "market": publish(NewsArticlePageFactory(parent=headlines, title="早市搬迁")),
        "reply": publish(NewsArticlePageFactory(parent=echo, title="路灯修好了")),
        "notice": publish(ChannelPostPageFactory(parent=transport_channel, title="公交线路调整")),
    }


@pytest.fixture
def two_days_of_reading(stories):
    """Monday: the bridge story read 5 times, the market 2, the department's notice 3. Tuesday, ten minutes
    before midnight Beijing time: the bridge 1, the market 6, the follow-up 4."""
    with time_machine.travel(datetime(2026, 3, 9, 10, 0, tzinfo=BEIJING), tick=True):
        read(stories["bridge"], 5)
        read(stories["market"], 2)
        read(stories["notice"], 3)
        flush()
    with time_machine.travel(datetime(2026, 3, 10, 23, 50, tzinfo=BEIJING), tick=True):
        read(stories["bridge"], 1)
        read(stories["market"], 6)
        read(stories["reply"], 4)
        flush()
    return stories


def test_each_batch_of_views_is_added_to_its_days_row(two_days_of_reading):
    bridge = two_days_of_reading["bridge"]
    assert dict(PageViewDay.objects.filter(page=bridge).values_list("day", "count")) == {
        date(2026, 3, 9): 5,
        date(2026, 3, 10): 1,
    }
    assert counters.view_count(bridge.pk) == 6


def test_a_full_batch_written_by_a_request_counts_for_that_day(headlines):
    story = publish(NewsArticlePageFactory(parent=headlines))
    with time_machine.travel(datetime(2026, 3, 9, 23, 59, tzinfo=BEIJING), tick=False):
        for _view in range(counters.FLUSH_EVERY):
            counters.record_view(story.pk)
    assert PageViewDay.objects.get(page=story).day == date(2026, 3, 9)
    assert PageViewDay.objects.get(page=story).count == counters.FLUSH_EVERY


def test_the_editor_sees_the_top_stories_and_each_channel_per_day(
    editor_client, two_days_of_reading, headlines
):
    response = editor_client.get(URL, {"start": "2026-03-09", "end": "2026-03-10"})
    assert response.status_code == 200
    top = [(page.title, views) for page, views in response.context["top"]]
    assert top == [("早市搬迁", 8), ("大桥通车", 6), ("路灯修好了", 4), ("公交线路调整", 3)]
    channels = {page.pk: (counts, total) for page, counts, total in response.context["channels"]}
    assert channels[headlines.pk] == ([7, 7], 14)
    assert response.context["daily_totals"] == [10, 11]
    assert response.context["total"] == 21
    html = response.content.decode()
    assert "热门稿件" in html and "早市搬迁" in html and "共 21 次浏览" in html


def test_one_day_counts_that_day_only(editor_client, two_days_of_reading):
    response = editor_client.get(URL, {"start": "2026-03-09", "end": "2026-03-09"})
    assert [(page.title, views) for page, views in response.context["top"]] == [
        ("大桥通车", 5),
        ("公交线路调整", 3),
        ("早市搬迁", 2),
    ]
    assert response.context["total"] == 10


def test_the_default_period_is_the_last_seven_days(editor_client, two_days_of_reading):
    with time_machine.travel(datetime(2026, 3, 15, 9, 0, tzinfo=BEIJING), tick=True):
        response = editor_client.get(URL)
    assert response.context["start"] == date(2026, 3, 9) and response.context["end"] == date(2026, 3, 15)
    assert response.context["total"] == 21
    with time_machine.travel(datetime(2026, 3, 16, 9, 0, tzinfo=BEIJING), tick=True):
        response = editor_client.get(URL)
    assert response.context["total"] == 11  # Monday is no longer in the last seven days


def test_the_channel_table_exports_as_csv(editor_client, two_days_of_reading, headlines):
    response = editor_client.get(URL, {"start": "2026-03-09", "end": "2026-03-10", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["栏目", "语言", "2026-03-09", "2026-03-10", "合计"]
    assert [headlines.title, headlines.locale.get_display_name(), "7", "7", "14"] in rows


@pytest.mark.parametrize(
    "period, message",
    [
        ({"start": "2026-03-10", "end": "2026-03-09"}, "结束日期不能早于开始日期。"),
        ({"start": "2026-01-01", "end": "2026-06-30"}, "一次最多统计 92 天。"),
        ({"start": "not a date", "end": "2026-03-09"}, "输入一个有效的日期。"),
    ],
)
def test_a_bad_period_is_explained_and_the_default_shown(editor_client, two_days_of_reading, period, message):
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=BEIJING), tick=True):
        response = editor_client.get(URL, period)
        csv_response = editor_client.get(URL, {**period, "format": "csv"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["start"] == date(2026, 3, 4) and response.context["total"] == 21
    assert csv_response["Content-Type"].startswith("text/html")  # no export of a period that is not valid


def test_only_those_who_may_read_it_see_it(clerk, editor_client):
    clerk_client = Client()
    clerk_client.force_login(clerk)
    refused = clerk_client.get(URL)  # the admin turns a refusal into a message on the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    menu_link = f'"url": "{URL}"'  # in the JSON the admin's sidebar is drawn from
    assert menu_link not in clerk_client.get("/admin/").content.decode()
    assert menu_link in editor_client.get("/admin/").content.decode()
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_the_queries_do_not_grow_with_the_period_or_the_stories(
    editor_client, two_days_of_reading, headlines
):
    def queries(period):
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(URL, period).status_code == 200
        return len(captured)

    two_days = queries({"start": "2026-03-09", "end": "2026-03-10"})
    with time_machine.travel(datetime(2026, 3, 11, 10, 0, tzinfo=BEIJING), tick=True):
        for number in range(5):
            read(publish(NewsArticlePageFactory(parent=headlines, title=f"新稿件{number}")), 1)
        flush()
    assert queries({"start": "2026-01-01", "end": "2026-03-31"}) == two_days
