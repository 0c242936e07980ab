"""Supervision statistics: each figure counted by its stated formula, from petitions the workflow moved.

Every petition here is submitted by a resident and moved by ``workflow.perform`` under a clock that
stands still between steps (``tests/petitions/history.py``). Deadlines are the workflow's: a dispatch
on day D is due to be claimed by the end of the next working day and replied by the end of the 5th
working day after D (the topics here have ``reply_days=5``). March 2026 has no holidays.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from newsroom.factories import DepartmentChannelPageFactory, DepartmentIndexPageFactory
from petitions.factories import TopicFactory
from petitions.supervision import stats

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db

WEEK = stats.Period.week(datetime.date(2026, 3, 9))  # Monday 9 – Sunday 15 March 2026


def march(day):
    return datetime.date(2026, 3, day)


@pytest.fixture
def clock(db):
    with Clock.travel(local(march(2), 8)) as clock:  # Monday 2 March 2026, 08:00
        yield clock


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban", reply_days=5)


@pytest.fixture
def units(db):
    parent = department("西区住建局", "zhujian")
    child = department("西区物业科", "wuye", parent=parent)
    other = department("西区交通局", "jiaotong")
    return parent, child, other


@pytest.fixture
def history(db):
    return History(media_centre_editor())


def test_a_week_runs_monday_to_sunday_in_shanghai_time():
    assert WEEK.first_day == march(9)
    assert WEEK.last_day == march(15)
    assert timezone.localtime(WEEK.start).hour == 0
    assert WEEK.end - WEEK.start == datetime.timedelta(days=7)


def test_each_count_follows_its_own_date(clock, topic, units, history):
    parent, _child, other = units
    clock.to(march(2), 9)
    on_time, late = history.submitted(topic), history.submitted(topic)
    clock.to(march(2), 10)
    history.dispatched(on_time, parent)  # reply due Mon 9 March 23:59:59
    history.dispatched(late, parent)
    clock.to(march(3), 9)
    history.claimed(on_time)
    history.claimed(late)
    clock.to(march(9), 9)
    rated, rejected = history.submitted(topic), history.submitted(topic)
    history.rejected(rejected)
    clock.to(march(9), 10)
    history.dispatched(rated, parent)  # claim due Tue 10, reply due Mon 16
    clock.to(march(9), 11)
    history.claimed(rated)
    clock.to(march(9), 15)
    history.replied(on_time)  # 173 h after dispatch, by its deadline
    clock.to(march(10), 10)
    history.replied(late)  # 192 h after dispatch, after its deadline
    history.replied(rated)  # 24 h after dispatch
    clock.to(march(11), 9)
    unclaimed = history.submitted(topic)
    clock.to(march(11), 10)
    history.dispatched(unclaimed, other)  # claim due Thu 12 23:59:59: never claimed
    history.rated(rated, "satisfied")  # closes it
    clock.to(march(15), 22)
    history.submitted(topic)  # still pending at the end of the week
    clock.to(march(16), 9)
    history.submitted(topic)  # the week after

    found = stats.figures(WEEK)
    # received: rated, rejected, unclaimed, pending = 4; accepted: rated, unclaimed = 2 (rejected is not);
    # dispatched: rated, unclaimed = 2; replied: on_time, late, rated = 3; closed: rated = 1
    assert (found.received, found.accepted, found.dispatched, found.replied, found.closed) == (4, 2, 2, 3, 1)
    # due this week: on_time and late (Mon 9); of them on time: 1; overdue (by reply deadline): late
    assert (found.due, found.due_on_time, found.overdue) == (2, 1, 1)
    assert found.on_time_rate == 50.0
    # claim deadlines this week: rated (Tue 10, claimed Mon 9) and unclaimed (Thu 12, never): 1 late
    assert found.claim_overdue == 1
    # dispatched this week: rated (closed Wed 11) and unclaimed (open): 1 of 2
    assert found.completion_rate == 50.0
    assert found.satisfaction_rate == 100.0  # 1 rated, satisfied
    # (173 + 192 + 24) / 3 = 129.67 hours
    assert found.average_response_hours == 129.7


def test_rates_are_none_without_a_denominator():
    found = stats.figures(WEEK)
    assert found.completion_rate is None and found.on_time_rate is None and found.satisfaction_rate is None
    assert found.average_response_hours is None
    assert stats.percent(found.completion_rate) == "—"


def test_an_approved_extension_moves_the_deadline_the_on_time_rate_counts(clock, topic, units, history):
    parent, _child, _other = units
    extended, plain = history.submitted(topic), history.submitted(topic)
    clock.to(march(2), 10)
    history.dispatched(extended, parent)  # reply due Mon 9 March
    history.dispatched(plain, parent)  # reply due Mon 9 March
    clock.to(march(3), 10)
    history.claimed(extended)
    history.claimed(plain)
    clock.to(march(6), 10)
    history.extended(extended, 2)  # two more working days: due Wed 11 March 23:59:59
    clock.to(march(10), 10)
    history.replied(extended)
    history.replied(plain)
    found = stats.figures(WEEK)
    # both due this week; the extended one replied within its extension, the other a day late
    assert (found.due, found.due_on_time, found.overdue, found.on_time_rate) == (2, 1, 1, 50.0)


def test_a_dissatisfied_rating_reopens_and_the_second_handling_is_counted(clock, topic, units, history):
    parent, _child, _other = units
    petition = history.submitted(topic)
    clock.to(march(2), 10)
    history.dispatched(petition, parent)
    clock.to(march(4), 10)
    history.replied(petition)
    clock.to(march(5), 10)
    history.rated(petition, "dissatisfied")  # reopened, supervised; new reply deadline Thu 12 March
    clock.to(march(11), 10)
    history.replied(petition)
    clock.to(march(12), 10)
    history.rated(petition, "satisfied")
    found = stats.figures(WEEK)
    # the second reply (Wed 11) is the one counted, by the new deadline (Thu 12); the first rating was
    # replaced by the second; supervision began on Thu 5 March, the week before
    assert (found.replied, found.due, found.due_on_time, found.overdue) == (1, 1, 1, 0)
    assert (found.rated, found.satisfaction_rate, found.closed, found.supervised) == (1, 100.0, 1, 0)
    before = stats.figures(WEEK.previous())
    assert (before.supervised, before.rated, before.replied) == (1, 0, 0)


def test_satisfaction_counts_satisfied_and_fair_over_all_rated(clock, topic, units, history):
    parent, _child, _other = units
    petitions = [history.submitted(topic) for _n in range(4)]
    clock.to(march(9), 10)
    for petition in petitions:
        history.dispatched(petition, parent)
    clock.to(march(10), 10)
    for petition in petitions:
        history.replied(petition)
    clock.to(march(11), 10)
    for petition, rating in zip(petitions, ["satisfied", "fair", "dissatisfied", "satisfied"], strict=True):
        history.rated(petition, rating)
    clock.to(march(12), 10)
    history.replied(petitions[2])  # reopened by 不满意, replied again
    history.rated(petitions[2], "dissatisfied")  # once only: this time it closes
    # rated this week: 4 (the third twice, but only its last rating stands); satisfied or fair: 3
    assert stats.figures(WEEK).satisfaction_rate == 75.0


def test_overdue_is_judged_at_the_period_end_or_now(clock, topic, units, history):
    parent, _child, _other = units
    petition = history.submitted(topic)
    clock.to(march(4), 10)
    history.dispatched(petition, parent)  # reply due Wed 11 March 23:59:59
    history.claimed(petition)
    clock.to(march(16), 10)
    assert stats.figures(WEEK, now=local(march(11), 12)).overdue == 0
    assert stats.figures(WEEK).overdue == 1


def test_per_department_with_and_without_sub_units_and_returns(clock, topic, units, history):
    parent, child, other = units
    misrouted = history.submitted(topic)
    clock.to(march(2), 10)
    history.dispatched(misrouted, other)
    clock.to(march(3), 9)
    history.returned(misrouted)  # 交通局 returns it on Tue 3 March
    clock.to(march(3), 14)
    history.dispatched(misrouted, parent)  # reply due Tue 10 March
    clock.to(march(9), 9)
    own, sub = history.submitted(topic), history.submitted(topic)
    clock.to(march(9), 10)
    history.dispatched(own, parent)
    history.dispatched(sub, child)
    history.replied(misrouted)
    clock.to(march(10), 10)
    history.replied(sub)
    history.rated(sub, "fair")

    rows = {row.name: row for row in stats.by_department(WEEK)}
    # 住建局 alone: dispatched own (open) = 1, completion 0 of 1; misrouted due Tue 10, replied Mon 9
    assert (rows["西区住建局"].dispatched, rows["西区住建局"].completion_rate) == (1, 0.0)
    assert (rows["西区住建局"].due, rows["西区住建局"].on_time_rate) == (1, 100.0)
    assert (rows["西区交通局"].dispatched, rows["西区交通局"].due) == (0, 0)
    rolled = {row.name: row for row in stats.by_department(WEEK, include_sub_units=True)}
    # with 物业科: own and sub dispatched, sub closed: 1 of 2
    assert (rolled["西区住建局"].dispatched, rolled["西区住建局"].completion_rate) == (2, 50.0)
    assert (rolled["西区物业科"].dispatched, rolled["西区物业科"].completion_rate) == (1, 100.0)
    # the return is counted against 交通局 in the week it happened, not in this one
    assert [row.returned for row in stats.add_returns(WEEK, stats.by_department(WEEK))] == [0, 0, 0]
    earlier = {
        row.name: row for row in stats.add_returns(WEEK.previous(), stats.by_department(WEEK.previous()))
    }
    assert (earlier["西区交通局"].returned, earlier["西区住建局"].returned) == (1, 0)


def test_per_topic_lists_every_topic(clock, units, history):
    water = TopicFactory(name="供水", slug="water")
    TopicFactory(name="教育", slug="education")
    clock.to(march(10), 10)
    history.submitted(water)
    rows = {row.name: row for row in stats.by_topic(WEEK)}
    assert (rows["供水"].received, rows["教育"].received) == (1, 0)


def test_per_period_series(topic, history):
    with Clock.travel(local(datetime.date(2026, 1, 5))) as clock:
        history.submitted(topic)
        clock.to(datetime.date(2026, 2, 5))
        history.submitted(topic)
        clock.to(datetime.date(2026, 2, 6))
        history.submitted(topic)
    months = [stats.Period.month(2026, 1), stats.Period.month(2026, 2), stats.Period.month(2026, 12)]
    rows = stats.series(months)
    assert [row.received for row in rows] == [1, 2, 0]
    assert rows[1].name == "2026-02"


def test_the_statistics_order_puts_the_best_completion_rate_first_and_empty_ones_last(
    clock, topic, units, history
):
    parent, _child, other = units
    open_one, closed_one = history.submitted(topic), history.submitted(topic)
    clock.to(march(9), 10)
    history.dispatched(open_one, parent)
    history.dispatched(closed_one, other)
    clock.to(march(10), 10)
    history.replied(closed_one)
    history.rated(closed_one, "satisfied")
    names = [row.name for row in stats.ranked(stats.by_department(WEEK))]
    # 交通局 100%, 住建局 0%, 物业科 no figure
    assert names == ["西区交通局", "西区住建局", "西区物业科"]


def test_all_figures_of_a_grouping_come_from_a_few_queries_whatever_the_archive(
    clock, topic, units, history, django_assert_num_queries
):
    parent, _child, other = units
    for day in range(9, 14):
        clock.to(march(day), 10)
        history.dispatched(history.submitted(topic), parent)
        history.dispatched(history.submitted(topic), other)
    # within the week: the day rows, and today's deadlines so far (replies, claims)
    with django_assert_num_queries(3):
        found = stats.figures(WEEK)
    assert found.dispatched == 10
    with django_assert_num_queries(4):  # the same and the departments
        stats.by_department(WEEK, include_sub_units=True)
    # once the week has ended: the day rows, and what was dispatched in it but closed after it
    clock.to(march(16), 10)
    with django_assert_num_queries(2):
        assert stats.figures(WEEK).dispatched == 10
    with django_assert_num_queries(1):  # from the petitions: one pass
        assert stats.figures(WEEK, source="petitions").dispatched == 10


def test_department_figures_for_the_channel_page(clock, topic, units, history):
    parent, child, _other = units
    petition = history.submitted(topic)
    clock.to(march(9), 10)
    history.dispatched(petition, child)
    clock.to(march(10), 10)
    history.replied(petition)
    history.rated(petition, "satisfied")
    clock.to(march(15), 10)
    values = {str(label): value for label, value in stats.department_figures(parent).items()}
    # 物业科 is below 住建局: its one petition, received, replied and closed, counts for 住建局
    assert (values["受理总量"], values["答复"], values["办结率"]) == (1, 1, "100.0%")


def test_formulas_are_stated_for_every_figure():
    keys = [key for key, _label, _text in stats.FORMULAS]
    assert set(keys) == {*stats.RATES, *stats.COUNT_KEYS, "average_response_hours"} - {
        "dispatched_closed",
        "due",
        "due_on_time",
        "rated",
        "rated_satisfied",
        "responded",
    }
    assert len(keys) == len(set(keys))


def test_a_department_channel_page_shows_the_department_figures(home, topic, history):
    transport = department("区交通运输局", "transport")
    index = DepartmentIndexPageFactory(parent=home)
    index.save_revision().publish()
    channel = DepartmentChannelPageFactory(parent=index, department=transport)
    channel.save_revision().publish()
    petition = history.submitted(topic)
    history.dispatched(petition, transport)
    history.replied(petition)
    history.rated(petition, "fair")
    html = Client().get(channel.url).content.decode()
    assert "诉求办理情况" in html and "办结率" in html and "100.0%" in html


def test_a_department_without_petitions_has_zero_counts_and_no_rates(units):
    parent, _child, _other = units
    row = stats.by_department(WEEK, departments=[parent])[0]
    assert (row.received, row.overdue, row.claim_overdue, row.completion_rate) == (0, 0, 0, None)
    values = {str(label): value for label, value in stats.department_figures(parent).items()}
    assert (values["受理总量"], values["办结率"]) == (0, "—")
