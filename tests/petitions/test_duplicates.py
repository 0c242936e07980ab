"""Duplicates (重复诉求): editors and supervisors mark a petition as a duplicate of another; its resident is
told and its public page links to the original; the statistics and the per-day aggregates count it once.

Every petition is submitted and moved by ``workflow.perform`` under a clock that stands still between steps
(``tests/petitions/history.py``); duplicates are marked through the admin's form or the workflow's
``mark_duplicate`` step. March 2026 has no holidays.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import TopicFactory
from petitions.models import DailyFigures, Petition
from petitions.models.daily import MEASURES
from petitions.models.petition import number_from
from petitions.supervision import daily, stats

from .history import Clock, History, department, local, media_centre_editor, signed_in, staff_member
from .test_daily_figures import assert_same_figures

pytestmark = pytest.mark.django_db

MONTH = stats.Period.month(2026, 3)


@pytest.fixture
def clock(db):
    with Clock.travel(local(datetime.date(2026, 3, 2), 8)) as clock:
        yield clock


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban", reply_days=5)


@pytest.fixture
def unit(db):
    return department("西区住建局", "zhujian")


@pytest.fixture
def history(db):
    return History(media_centre_editor())


def two_about_one_lamp(history, topic, unit, clock):
    """The original, dispatched; an hour later the same lamp again, accepted."""
    original = history.submitted(topic, title="幸福路路灯不亮")
    history.dispatched(original, unit)
    clock.shift(hours=1)
    again = history.submitted(topic, title="幸福路的路灯坏了", contact_phone="13912345678")
    history.accepted(again)
    clock.shift(hours=1)
    return original, again


def test_an_editor_marks_a_duplicate_in_the_admin_and_the_resident_is_told_where_to_follow_it(
    clock, history, topic, unit, board, sms, django_capture_on_commit_callbacks
):
    original, again = two_about_one_lamp(history, topic, unit, clock)
    client = signed_in(history.moderator)
    url = f"/admin/petitions/{again.pk}/duplicate/"
    assert "标记为重复" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"original": original.number})
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.duplicate_of == original
    assert again.status == Petition.Status.CLOSED and again.due_at is None

    entry = ModelLogEntry.objects.filter(action="petitions.mark_duplicate", object_id=str(again.pk)).get()
    assert entry.user == history.moderator
    assert entry.data["original"] == original.number and entry.data["to"] == Petition.Status.CLOSED

    assert [phone for phone, _text in sms] == ["13912345678"]
    assert original.number in sms[0][1] and again.number in sms[0][1]

    page = Client().get(f"{board.url}{again.number}/").content.decode()
    assert f'href="{board.url}{original.number}/"' in page
    assert "已合并办理" in page
    assert "13912345678" not in page


def test_a_supervisor_may_mark_a_duplicate_and_department_staff_may_not(clock, history, topic, unit):
    original, again = two_about_one_lamp(history, topic, unit, clock)
    handler = history.handler(original)
    with pytest.raises(PermissionDenied):
        workflow.perform(again, "mark_duplicate", handler, original=original.number)
    refused = signed_in(handler).post(
        f"/admin/petitions/{again.pk}/duplicate/", {"original": original.number}
    )
    assert refused.status_code in (302, 403)  # to the sign-in page (no admin access) or refused
    assert Petition.objects.get(pk=again.pk).duplicate_of_id is None
    assert workflow.perform(
        again, "mark_duplicate", staff_member("supervisor-dup", "Supervisors"), original=original.number
    )
    assert Petition.objects.get(pk=again.pk).duplicate_of_id == original.pk


def test_a_petition_is_not_a_duplicate_of_itself_of_a_duplicate_or_of_something_unknown(
    clock, history, topic, unit
):
    original, again = two_about_one_lamp(history, topic, unit, clock)
    third = history.submitted(topic, title="路灯又坏了")
    history.accepted(third)
    client = signed_in(history.moderator)
    for typed, message in (
        (again.number, "诉求不能与自己重复"),
        ("MS-2026-999999", "找不到这条公开的原诉求"),
        ("MS-2026-abc", "找不到这条公开的原诉求"),
    ):
        page = client.post(f"/admin/petitions/{again.pk}/duplicate/", {"original": typed}).content.decode()
        assert message in page
    # the number as staff type it elsewhere in the admin (the list's search, 回访, letters): 2026-21
    year, sequence = original.number.split("-")[1:]
    client.post(f"/admin/petitions/{again.pk}/duplicate/", {"original": f"{year}-{int(sequence)}"})
    assert Petition.objects.get(pk=again.pk).duplicate_of_id == original.pk
    with pytest.raises(workflow.TransitionError, match="本身是重复诉求"):
        workflow.perform(third, "mark_duplicate", history.moderator, original=again.number)
    assert Petition.objects.get(pk=third.pk).duplicate_of_id is None


def test_a_duplicate_takes_no_further_step_but_a_note(clock, history, topic, unit):
    original, again = two_about_one_lamp(history, topic, unit, clock)
    workflow.perform(again, "mark_duplicate", history.moderator, original=original.number)
    with pytest.raises(workflow.TransitionError, match="重复诉求"):
        history.rated(again, Petition.Rating.SATISFIED)
    assert not workflow.can(history.resident, again, "follow_up")
    workflow.perform(again, "note", history.moderator, body="请关注原诉求。")


def test_a_duplicate_counts_once_in_the_statistics_and_the_days_stay_equal_to_the_petitions(
    clock, history, topic, unit
):
    original, again = two_about_one_lamp(history, topic, unit, clock)
    history.dispatched(again, unit)
    before = stats.figures(MONTH)
    assert (before.received, before.dispatched) == (2, 2)
    assert [row.received for row in stats.by_department(MONTH) if row.key == unit.pk] == [2]

    clock.shift(hours=1)
    workflow.perform(again, "mark_duplicate", history.moderator, original=original.number)

    for source in ("days", "petitions"):
        after = stats.figures(MONTH, source=source)
        assert (after.received, after.dispatched, after.closed) == (1, 1, 0), source
        rows = {row.key: row for row in stats.by_department(MONTH, source=source)}
        assert rows[unit.pk].received == 1, source  # the unit still counts its original
    assert Petition.objects.counted().count() == 1
    assert_same_figures(MONTH, [unit, unit, unit], [topic])

    kept = rows_with_figures()
    daily.rebuild()
    assert rows_with_figures() == kept


def rows_with_figures():
    """The aggregate rows that hold a figure (the workflow leaves a row at zero; a rebuild writes none)."""
    rows = DailyFigures.objects.values_list("day", "department_key", "topic_key", "channel_key", *MEASURES)
    return sorted(row for row in rows if any(row[4:]))


# --- suggested while typing: /api/petitions/similar/ -------------------------------------------------

SIMILAR = "/api/petitions/similar/"


def suggested(params):
    response = Client().get(SIMILAR, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_similar_petitions_are_suggested_by_their_words_topic_and_place(clock, history, topic, unit, board):
    roads = TopicFactory(name="交通", slug="roads", reply_days=5)
    near = history.submitted(topic, title="幸福路路灯不亮", latitude="30.590000", longitude="114.300000")
    history.dispatched(near, unit)
    far = history.submitted(topic, title="建设路路灯不亮", latitude="30.700000", longitude="114.300000")
    history.accepted(far)
    other_topic = history.submitted(roads, title="公交站旁路灯不亮")
    history.accepted(other_topic)
    unrelated = history.submitted(topic, title="小区垃圾无人清运", content="垃圾堆了三天。")
    history.accepted(unrelated)
    pending = history.submitted(topic, title="学校门口路灯不亮")  # not moderated yet: not public

    numbers = [row["number"] for row in suggested({"title": "路灯不亮", "topic": topic.pk})]
    assert set(numbers) == {near.number, far.number}

    found = suggested({"title": "路灯不亮", "topic": topic.pk, "lat": "30.591", "lng": "114.301"})
    assert [row["number"] for row in found] == [near.number]  # 建设路 is 12 km away
    row = found[0]
    assert row["status"] == Petition.Status.ASSIGNED and row["status_display"] == "已转办"
    assert row["url"].endswith(f"/{near.number}/") and row["distance_metres"] < 200
    assert not {"contact_name", "contact_phone", "address"} & set(row)
    assert "13812345678" not in str(found) and "张女士" not in str(found)

    everywhere = {row["number"] for row in suggested({"title": "路灯不亮"})}
    assert other_topic.number in everywhere
    assert pending.number not in everywhere and unrelated.number not in everywhere


def test_a_duplicate_is_not_suggested_its_original_is(clock, history, topic, unit):
    original, again = two_about_one_lamp(history, topic, unit, clock)
    workflow.perform(again, "mark_duplicate", history.moderator, original=original.number)
    assert [row["number"] for row in suggested({"title": "幸福路路灯", "topic": topic.pk})] == [
        original.number
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "title", "请填写标题。"),
        ({"title": "灯"}, "title", "标题至少两个字。"),
        ({"title": "路灯不亮", "topic": "abc"}, "topic", "请选择有效的领域。"),
        ({"title": "路灯不亮", "lat": "north", "lng": "114.3"}, "lat", "纬度无效。"),
        ({"title": "路灯不亮", "lat": "30.5"}, "non_field_errors", "请同时提供经度和纬度。"),
    ],
)
def test_bad_input_is_refused_with_a_translated_message(db, params, field, message):
    response = Client().get(SIMILAR, params)
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]


@pytest.mark.parametrize(
    "typed, number",
    [
        ("MS-2026-000123", "MS-2026-000123"),
        (" ms2026-123 ", "MS-2026-000123"),
        ("2026-123", "MS-2026-000123"),
        ("MS-2026-abc", None),
        ("123", None),
        ("", None),
        (None, None),
    ],
)
def test_a_petition_number_is_read_as_staff_type_it(typed, number):
    assert number_from(typed) == number
    assert list(Petition.objects.by_number(typed)) == []  # and finds no petition where none exists
