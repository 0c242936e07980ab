"""Supervision statistics: each figure counted by its stated formula, in the database."""

import datetime

import pytest
from django.utils import timezone

from petitions.factories import DepartmentFactory, PetitionFactory, TopicFactory
from petitions.supervision import stats

pytestmark = pytest.mark.django_db

WEEK = stats.Period.week(datetime.date(2026, 3, 9))  # Monday 9 – Sunday 15 March 2026


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))


@pytest.fixture
def units():
    parent = DepartmentFactory(name="西区住建局", slug="zhujian")
    child = DepartmentFactory(name="西区物业科", slug="wuye", parent=parent)
    other = DepartmentFactory(name="西区交通局", slug="jiaotong")
    return parent, child, other


def make(department, **dates):
    dates.setdefault("status", "closed")
    return PetitionFactory(department=department, **dates)


def test_a_week_runs_monday_to_sunday_in_shanghai_time():
    assert WEEK.first_day == datetime.date(2026, 3, 9)
    assert WEEK.last_day == datetime.date(2026, 3, 15)
    assert timezone.localtime(WEEK.start).hour == 0
    assert WEEK.end - WEEK.start == datetime.timedelta(days=7)


def test_each_count_follows_its_own_date(units):
    parent, _child, _other = units
    make(
        parent,
        submitted_at=at(9),
        accepted_at=at(9),
        assigned_at=at(10),
        replied_at=at(11),
        closed_at=at(12),
        reply_due_at=at(13),
        rated_at=at(12),
        rating="satisfied",
    )
    # submitted the week before, replied late this week
    make(
        parent,
        submitted_at=at(2),
        accepted_at=at(2),
        assigned_at=at(3),
        replied_at=at(14),
        reply_due_at=at(10),
        status="replied",
    )
    # out of the period entirely
    make(parent, submitted_at=at(20), accepted_at=at(20))
    found = stats.figures(WEEK)
    assert (found.received, found.accepted, found.dispatched, found.replied, found.closed) == (1, 1, 1, 2, 1)
    assert found.due == 2 and found.due_on_time == 1 and found.overdue == 1
    assert found.on_time_rate == 50.0
    assert found.completion_rate == 100.0
    assert found.satisfaction_rate == 100.0


def test_rates_are_none_without_a_denominator():
    found = stats.figures(WEEK)
    assert found.completion_rate is None and found.on_time_rate is None and found.satisfaction_rate is None
    assert found.average_response_hours is None
    assert stats.percent(found.completion_rate) == "—"


def test_satisfaction_counts_satisfied_and_fair_over_all_rated(units):
    parent, _child, _other = units
    for rating in ["satisfied", "fair", "dissatisfied", "dissatisfied"]:
        make(parent, submitted_at=at(9), rated_at=at(11), rating=rating)
    assert stats.figures(WEEK).satisfaction_rate == 50.0


def test_average_response_time_is_from_dispatch_to_reply_in_hours(units):
    parent, _child, _other = units
    make(parent, submitted_at=at(9), assigned_at=at(9, 8), replied_at=at(9, 12))
    make(parent, submitted_at=at(9), assigned_at=at(10, 8), replied_at=at(10, 16))
    make(parent, submitted_at=at(9), replied_at=at(10, 16))  # never dispatched: not in the average
    assert stats.figures(WEEK).average_response_hours == 6.0


def test_overdue_is_judged_at_the_period_end_or_now(units):
    parent, _child, _other = units
    make(parent, submitted_at=at(9), reply_due_at=at(12), status="processing")
    make(parent, submitted_at=at(9), reply_due_at=at(15, 20), status="processing")
    assert stats.figures(WEEK, now=at(13)).overdue == 1
    assert stats.figures(WEEK).overdue == 2


def test_per_department_with_and_without_sub_units(units):
    parent, child, other = units
    make(parent, submitted_at=at(9), assigned_at=at(9), closed_at=at(11))
    make(child, submitted_at=at(9), assigned_at=at(9))
    make(other, submitted_at=at(9), assigned_at=at(9), closed_at=at(10))
    own = {row.name: row for row in stats.by_department(WEEK)}
    assert own["西区住建局"].dispatched == 1 and own["西区住建局"].completion_rate == 100.0
    rolled = {row.name: row for row in stats.by_department(WEEK, include_sub_units=True)}
    assert rolled["西区住建局"].dispatched == 2 and rolled["西区住建局"].completion_rate == 50.0
    assert rolled["西区物业科"].dispatched == 1


def test_per_topic_lists_every_topic(units):
    parent, _child, _other = units
    water = TopicFactory(name="供水", slug="water")
    TopicFactory(name="教育", slug="education")
    PetitionFactory(topic=water, department=parent, submitted_at=at(10))
    rows = {row.name: row for row in stats.by_topic(WEEK)}
    assert rows["供水"].received == 1 and rows["教育"].received == 0


def test_per_period_series(units):
    parent, _child, _other = units
    make(parent, submitted_at=timezone.make_aware(datetime.datetime(2026, 1, 5)))
    make(parent, submitted_at=timezone.make_aware(datetime.datetime(2026, 2, 5)))
    make(parent, submitted_at=timezone.make_aware(datetime.datetime(2026, 2, 6)))
    rows = stats.series(
        [stats.Period.month(2026, 1), stats.Period.month(2026, 2), stats.Period.month(2026, 12)]
    )
    assert [row.received for row in rows] == [1, 2, 0]
    assert rows[1].name == "2026-02"


def test_ranking_puts_the_best_completion_rate_first_and_empty_ones_last(units):
    parent, _child, other = units
    make(parent, submitted_at=at(9), assigned_at=at(9))
    make(other, submitted_at=at(9), assigned_at=at(9), closed_at=at(10))
    names = [row.name for row in stats.ranked(stats.by_department(WEEK))]
    assert names == ["西区交通局", "西区住建局", "西区物业科"]


def test_all_figures_of_a_grouping_come_from_one_query(units, django_assert_num_queries):
    parent, _child, other = units
    for day in range(9, 15):
        make(parent, submitted_at=at(day), assigned_at=at(day))
        make(other, submitted_at=at(day), assigned_at=at(day))
    with django_assert_num_queries(1):
        stats.figures(WEEK)
    with django_assert_num_queries(2):  # the aggregate and the departments
        stats.by_department(WEEK, include_sub_units=True)


def test_department_figures_for_the_channel_page(units):
    parent, child, _other = units
    now = at(15)
    make(child, submitted_at=at(9), assigned_at=at(9), replied_at=at(10), closed_at=at(11))
    figures = stats.department_figures(parent, now=now)
    values = {str(label): value for label, value in figures.items()}
    assert values["收到"] == 1
    assert values["办结率"] == "100.0%"


def test_formulas_are_stated_for_every_figure():
    keys = [key for key, _label, _text in stats.FORMULAS]
    for key in [
        *stats.RATES,
        "received",
        "accepted",
        "dispatched",
        "replied",
        "closed",
        "overdue",
        "average_response_hours",
    ]:
        assert key in keys


def test_a_department_channel_page_shows_the_department_figures(home):
    from newsroom.factories import DepartmentChannelPageFactory, DepartmentIndexPageFactory

    department = DepartmentFactory(name="区交通运输局", slug="transport")
    index = DepartmentIndexPageFactory(parent=home)
    index.save_revision().publish()
    channel = DepartmentChannelPageFactory(parent=index, department=department)
    channel.save_revision().publish()
    now = timezone.now()
    make(department, submitted_at=now, assigned_at=now, replied_at=now, closed_at=now)
    from django.test import Client

    html = Client().get(channel.url).content.decode()
    assert "诉求办理情况" in html and "办结率" in html and "100.0%" in html


def test_a_department_without_petitions_has_zero_counts_and_no_rates(units):
    parent, _child, _other = units
    row = stats.by_department(WEEK, departments=[parent])[0]
    assert row.received == 0 and row.overdue == 0 and row.completion_rate is None
    values = {str(label): value for label, value in stats.department_figures(parent).items()}
    assert values["收到"] == 0 and values["办结率"] == "—"
