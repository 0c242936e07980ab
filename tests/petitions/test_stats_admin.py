"""The admin statistics view: figures per department, topic and month, SVG charts, formulas."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from petitions.factories import TopicFactory

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db


def march(day):
    return datetime.date(2026, 3, day)


@pytest.fixture
def supervisor_client(client, django_user_model):
    user = django_user_model.objects.create_user("supervisor1", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    client.force_login(user)
    return client


@pytest.fixture
def history(db):
    return History(media_centre_editor())


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban", reply_days=5)


def test_a_supervisor_sees_figures_charts_and_formulas_without_javascript(supervisor_client, history, topic):
    water = department("西区水务局", "shuiwu")
    with Clock.travel(local(march(4), 9)) as clock:
        answered, forgotten = history.submitted(topic), history.submitted(topic)
        clock.to(march(4), 10)
        history.dispatched(answered, water)  # claim due Thu 5, reply due Wed 11 March
        history.dispatched(forgotten, water)
        clock.to(march(5), 9)
        history.claimed(answered)
        clock.to(march(9), 10)
        history.replied(answered)  # 120 h after dispatch
        clock.to(march(10), 10)
        history.rated(answered, "satisfied")
        clock.to(march(16), 10)
        response = supervisor_client.get(
            reverse("petitions_statistics"), {"start": "2026-03-01", "end": "2026-03-31"}
        )
    assert response.status_code == 200
    row = {row.name: row for row in response.context["per_department"]}["西区水务局"]
    # received 2, dispatched 2, replied 1, closed 1; forgotten was neither claimed by Thu 5 nor
    # replied by Wed 11 (judged now, Mon 16, as March has not ended)
    assert (row.received, row.dispatched, row.replied, row.closed) == (2, 2, 1, 1)
    assert (row.completion_rate, row.on_time_rate, row.satisfaction_rate) == (50.0, 50.0, 100.0)
    assert (row.overdue, row.claim_overdue, row.average_response_hours) == (1, 1, 120.0)
    html = response.content.decode()
    assert "西区水务局" in html and "50.0%" in html
    assert "<svg" in html and "<rect" in html
    assert "<title>各单位受理总量</title>" in html and "<title>西区水务局：2</title>" in html
    assert "<title>西区水务局：50%</title>" in html
    # the definitions, as the weekly report prints them
    assert "计算方法" in html and "满意率" in html
    assert "只看答复期限，不含签收超期" in html and "只看签收期限，与答复超期分开统计" in html


def test_filters_by_department_with_sub_units_and_by_topic(supervisor_client, history, topic):
    parent = department("西区住建局", "zhujian")
    child = department("西区物业科", "wuye", parent=parent)
    water = TopicFactory(name="供水", slug="water")
    with Clock.travel(local(datetime.date(2026, 4, 1), 9)) as clock:
        history.dispatched(history.submitted(topic), child)
        history.dispatched(history.submitted(water), parent)
        clock.to(datetime.date(2026, 4, 2), 9)
        period = {"start": "2026-04-01", "end": "2026-04-30"}
        response = supervisor_client.get(
            reverse("petitions_statistics"), {**period, "department": parent.pk, "sub_units": "on"}
        )
        by_topic = supervisor_client.get(reverse("petitions_statistics"), {**period, "topic": water.pk})
    figures = {row.name: row for row in response.context["per_department"]}
    assert list(figures) == ["西区住建局"]
    assert figures["西区住建局"].dispatched == 2  # its own and 物业科's
    # only 供水's petition, dispatched to 住建局 itself
    assert {row.name: row.dispatched for row in by_topic.context["per_department"]} == {
        "西区住建局": 1,
        "西区物业科": 0,
    }
    assert by_topic.context["totals"].received == 1


def test_the_default_period_is_this_year(supervisor_client):
    response = supervisor_client.get(reverse("petitions_statistics"))
    assert response.status_code == 200
    assert response.context["period"].first_day == datetime.date(timezone.localdate().year, 1, 1)


def test_an_editor_may_also_see_statistics(editor_client):
    assert editor_client.get(reverse("petitions_statistics")).status_code == 200


def test_a_period_longer_than_three_years_is_refused_with_a_message(supervisor_client):
    response = supervisor_client.get(
        reverse("petitions_statistics"), {"start": "2020-01-01", "end": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "统计期最长三年" in response.content.decode()
    assert "per_department" not in response.context


def test_the_menu_shows_statistics_to_supervisors_only(supervisor_client, client, django_user_model):
    from django.contrib.auth.models import Permission

    html = supervisor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("petitions_statistics") in html and reverse("petitions_ledger") in html
    other = django_user_model.objects.create_user("clerk", password="pw-clerk-2026")
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert reverse("petitions_statistics") not in client.get(reverse("wagtailadmin_home")).content.decode()
