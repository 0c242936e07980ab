"""The statistics' per-day aggregates: after every kind of change a petition goes through, the figures added
up from the days equal the figures counted from the petitions, and a rebuild from the history gives the
same rows the workflow kept.

One history in March 2026 (no holidays) walks every transition of the workflow — submit, accept, reject,
dispatch, claim, return and a second dispatch, an extension asked and approved, one refused, reply,
close, a rating that closes, a 不满意 that reopens, an editor's reopening, supervise, a follow-up, a
note — plus an editor's change of topic in the admin and a deletion. After each step every figure of
several periods (the step's day, its week, the week before, the month, a period that ended before the
petitions closed) is compared, county-wide, per department (with sub-units), per topic and filtered.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions import workflow
from petitions.factories import TopicFactory
from petitions.models import DailyFigures, Petition
from petitions.models.daily import MEASURES
from petitions.supervision import daily, stats

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db


CHANNELS = [
    Petition.IntakeChannel.WEBSITE,
    Petition.IntakeChannel.HOTLINE_12345,
    Petition.IntakeChannel.UNRECORDED,
]


def march(day):
    return datetime.date(2026, 3, day)


def _values(found):
    values = found.as_dict()
    values["response_seconds"] = round(values["response_seconds"], 1)
    return values


def _direct(period, **kwargs):
    return stats.figures(period, source="petitions", **kwargs)


def assert_same_figures(period, units, topics, now=None):
    """Every figure of ``period`` is the same from the days and from the petitions."""
    direct = _direct(period, now=now)
    stats.add_returns(period, totals=direct)
    assert _values(stats.figures(period, now=now)) == _values(direct), period

    for sub_units in (False, True):
        from_days = stats.by_department(period, include_sub_units=sub_units, now=now)
        counted = stats.by_department(period, include_sub_units=sub_units, now=now, source="petitions")
        stats.add_returns(period, counted, include_sub_units=sub_units)
        assert [(row.name, _values(row)) for row in from_days] == [
            (row.name, _values(row)) for row in counted
        ], period

    from_days = {row.name: _values(row) for row in stats.by_topic(period, now=now)}
    counted = {row.name: _values(row) for row in stats.by_topic(period, now=now, source="petitions")}
    for values in counted.values():  # counted from the petitions, a topic's returns are not filled
        values["returned"] = None
    for values in from_days.values():
        values["returned"] = None
    assert from_days == counted, period

    for scope in ({}, {"topic": topics[0]}, {"department_ids": [units[2].pk]}):
        # counted from the petitions, returns are not filled (nor is 未记录 shown for its returns alone)
        from_days, counted = (
            {row.key: {**_values(row), "returned": None} for row in rows if _counts_beside_returns(row)}
            for rows in (
                stats.by_channel(period, now=now, **scope),
                stats.by_channel(period, now=now, source="petitions", **scope),
            )
        )
        assert from_days == counted, (period, scope)

    for topic in topics:
        for ids in (None, units[0].descendant_ids(), [units[2].pk]):
            scope = {"topic": topic, "department_ids": ids}
            left, right = (
                _values(stats.figures(period, now=now, **scope)),
                _values(_direct(period, now=now, **scope)),
            )
            left["returned"] = right["returned"] = None
            assert left == right, (period, topic, ids)


def _counts_beside_returns(row):
    return any(n for name, n in row.counts.items() if name != "returned")


def periods_around(moment):
    day = timezone.localtime(moment).date()
    week = stats.Period.week(day)
    return [
        stats.Period.days(day, day),
        week,
        week.previous(),
        stats.Period.month(2026, 3),
        stats.Period.days(march(2), march(4)),  # ended before most petitions closed
    ]


@pytest.fixture
def clock(db):
    with Clock.travel(local(march(2), 8)) as clock:
        yield clock


@pytest.fixture
def county(db):
    parent = department("西区住建局", "zhujian")
    child = department("西区物业科", "wuye", parent=parent)
    other = department("西区交通局", "jiaotong")
    water = TopicFactory(name="供水", slug="water", reply_days=5)
    roads = TopicFactory(name="道路", slug="roads", reply_days=3)
    return (parent, child, other), (water, roads)


def _kept_rows():
    return {
        (row["day"], row["department_key"], row["topic_key"], row["channel_key"]): tuple(
            round(row[m], 1) for m in MEASURES
        )
        for row in DailyFigures.objects.values("day", "department_key", "topic_key", "channel_key", *MEASURES)
        if any(row[m] for m in MEASURES)
    }


def test_the_days_add_up_to_the_petitions_after_every_kind_of_change(clock, county, client, editor):
    units, topics = county
    parent, child, other = units
    water, roads = topics
    history = History(media_centre_editor())
    resident = history.resident
    steps = []

    def step(day, hour, minute, action):
        steps.append((local(march(day), hour, minute), action))

    made = {}

    def submit(name, topic):
        # by the website, the hotline or before channels were recorded, so each channel's figures differ
        channel = CHANNELS[len(made) % len(CHANNELS)]
        made[name] = history.submitted(topic, intake_channel=channel)

    step(2, 9, 0, lambda: [submit(name, t) for name, t in [("a", water), ("b", roads), ("c", water)]])
    step(2, 9, 5, lambda: [submit(name, t) for name, t in [("d", roads), ("e", water), ("f", roads)]])
    step(2, 9, 30, lambda: history.accepted(made["a"]))
    step(2, 9, 40, lambda: history.rejected(made["b"]))
    step(2, 10, 0, lambda: history.dispatched(made["a"], child))
    step(2, 10, 5, lambda: history.dispatched(made["c"], parent))
    step(2, 10, 10, lambda: history.dispatched(made["d"], other))  # never claimed: claim late on Tue 3
    step(2, 10, 15, lambda: history.dispatched(made["e"], parent))
    step(2, 10, 20, lambda: history.dispatched(made["f"], other))
    step(3, 9, 0, lambda: history.claimed(made["a"]))
    step(3, 10, 0, lambda: history.returned(made["c"]))
    step(3, 11, 0, lambda: history.dispatched(made["c"], other))
    step(4, 9, 0, lambda: history.claimed(made["e"]))  # a day late
    step(4, 9, 30, lambda: history.claimed(made["f"]))
    step(4, 10, 0, lambda: history.extended(made["a"], 3))
    step(4, 11, 0, lambda: history.replied(made["c"]))
    step(5, 10, 0, lambda: history.rated(made["c"], "satisfied"))
    step(
        5,
        11,
        0,
        lambda: workflow.perform(
            made["e"], "request_extension", history.handler(made["e"]), days=2, reason="需协调"
        ),
    )
    step(
        5,
        12,
        0,
        lambda: workflow.perform(made["e"], "refuse_extension", history.moderator, reason="可以按期办结"),
    )
    step(6, 10, 0, lambda: history.replied(made["f"]))
    step(6, 11, 0, lambda: workflow.perform(made["f"], "follow_up", resident, body="什么时候能修好？"))
    step(6, 12, 0, lambda: workflow.perform(made["f"], "note", history.moderator, body="已督促办理单位。"))
    step(9, 10, 0, lambda: history.closed(made["f"]))
    step(10, 10, 0, lambda: history.replied(made["a"]))
    step(11, 10, 0, lambda: history.rated(made["a"], "dissatisfied"))  # reopened and supervised
    step(12, 9, 0, lambda: history.supervised(made["e"]))
    step(
        13, 10, 0, lambda: workflow.perform(made["f"], "reopen", history.moderator, reason="居民反映仍未修好")
    )
    step(16, 10, 0, lambda: history.replied(made["a"]))  # the second handling's reply
    step(16, 11, 0, lambda: history.replied(made["e"]))  # after its deadline
    step(17, 10, 0, lambda: history.rated(made["a"], "fair"))  # closes: reopened once only
    step(17, 11, 0, lambda: history.replied(made["f"]))
    step(18, 10, 0, lambda: history.rated(made["f"], "dissatisfied"))  # reopened once already: closes

    def edit_topic():
        petition = made["c"]
        client.force_login(editor)  # on the test's clock: a session from its start would have expired
        response = client.post(
            f"/admin/snippets/petitions/petition/edit/{petition.pk}/",
            {
                "title": petition.title,
                "content": petition.content,
                "address": petition.address,
                "kind": petition.kind,
                "topic": roads.pk,
                "is_public": "on",
                "is_anonymous": "on",
                "contact_name": petition.contact_name,
                "contact_phone": petition.contact_phone,
                "photos-TOTAL_FORMS": "0",
                "photos-INITIAL_FORMS": "0",
                "photos-MIN_NUM_FORMS": "0",
                "photos-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Petition.objects.get(pk=petition.pk).topic_id == roads.pk

    step(19, 10, 0, edit_topic)
    step(19, 11, 0, lambda: Petition.objects.get(pk=made["d"].pk).delete())

    for moment, action in steps:
        clock.to(moment)
        action()
        for period in periods_around(moment):
            assert_same_figures(period, units, topics)

    # the month's figures at the last second of a deadline day: today's part comes from the petitions
    clock.to(local(march(19), 23, 59) + datetime.timedelta(seconds=59, microseconds=500_000))
    assert_same_figures(stats.Period.month(2026, 3), units, topics)
    assert_same_figures(stats.Period.week(march(16)), units, topics)
    assert stats.figures(stats.Period.month(2026, 3)).overdue > 0

    kept = _kept_rows()
    assert daily.rebuild() > 0
    assert _kept_rows() == kept
    call_command("rebuild_daily_figures", "--check")


def test_months_and_weeks_as_a_series_equal_their_own_figures(clock, county):
    units, topics = county
    parent, _child, other = units
    history = History(media_centre_editor())
    for day, unit in [(2, parent), (9, other), (16, parent), (27, other)]:
        clock.to(march(day), 9)
        petition = history.submitted(topics[0])
        history.dispatched(petition, unit)
        clock.to(march(day + 1), 10)
        history.replied(petition)
        clock.to(march(day + 3), 10)
        history.rated(petition, "satisfied" if day % 2 else "fair")
    clock.to(datetime.date(2026, 4, 2), 10)
    weeks = [stats.Period.week(march(day)) for day in (2, 9, 16, 23, 30)]
    months = [stats.Period.month(2026, 2), stats.Period.month(2026, 3), stats.Period.month(2026, 4)]
    for periods in (weeks, months):
        from_days = [_values(row) for row in stats.series(periods)]
        counted = [_values(row) for row in stats.series(periods, source="petitions")]
        for values in counted:
            values["returned"] = 0  # from the petitions, returns are counted apart (add_returns)
        assert from_days == counted
    rows = stats.series(weeks)
    assert [row.dispatched for row in rows] == [1, 1, 1, 1, 0]
    # dispatched on Friday 27 and closed on Monday 30: after its week had ended
    assert [row.dispatched_closed for row in rows] == [1, 1, 1, 0, 0]


def test_a_rebuild_fills_the_days_of_petitions_stored_around_the_workflow(clock, county):
    units, topics = county
    history = History(media_centre_editor())
    petition = history.submitted(topics[0])
    history.dispatched(petition, units[0])
    clock.shift(days=1)
    history.replied(petition)
    week = stats.Period.week(march(2))
    expected = _values(stats.figures(week))
    DailyFigures.objects.all().delete()  # as after a bulk import: the petitions are there, the days not
    assert stats.figures(week).received == 0
    call_command("rebuild_daily_figures")
    assert _values(stats.figures(week)) == expected
    assert (expected["received"], expected["dispatched"], expected["replied"]) == (1, 1, 1)


def test_a_change_that_is_refused_changes_no_day(clock, county):
    units, topics = county
    history = History(media_centre_editor())
    petition = history.submitted(topics[0])
    history.dispatched(petition, units[0])
    kept = _kept_rows()
    with pytest.raises(workflow.TransitionError):
        history.replied(history.closed(petition))  # not replied yet: it cannot be closed
    assert _kept_rows() == kept
