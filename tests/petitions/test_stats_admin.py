"""The admin statistics view: figures per department, topic and month, SVG charts, formulas."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from petitions.factories import DepartmentFactory, PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(client, django_user_model):
    user = django_user_model.objects.create_user("supervisor1", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    client.force_login(user)
    return client


def test_a_supervisor_sees_figures_charts_and_formulas_without_javascript(supervisor_client):
    department = DepartmentFactory(name="西区水务局", slug="shuiwu")
    day = timezone.make_aware(datetime.datetime(2026, 4, 1, 9))
    PetitionFactory(department=department, submitted_at=day, assigned_at=day, closed_at=day, status="closed")
    PetitionFactory(department=department, submitted_at=day, assigned_at=day, status="assigned")
    response = supervisor_client.get(
        reverse("petitions_statistics"), {"start": "2026-04-01", "end": "2026-04-30"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "西区水务局" in html
    assert "50.0%" in html  # 办结率 1 of 2
    assert "<svg" in html and "<rect" in html
    assert "计算方法" in html and "满意率" in html


def test_filters_by_department_with_sub_units_and_by_topic(supervisor_client):
    parent = DepartmentFactory(name="西区住建局", slug="zhujian")
    child = DepartmentFactory(name="西区物业科", slug="wuye", parent=parent)
    day = timezone.make_aware(datetime.datetime(2026, 4, 1, 9))
    PetitionFactory(department=child, submitted_at=day, assigned_at=day)
    response = supervisor_client.get(
        reverse("petitions_statistics"),
        {"start": "2026-04-01", "end": "2026-04-30", "department": parent.pk, "sub_units": "on"},
    )
    figures = {row.name: row for row in response.context["per_department"]}
    assert list(figures) == ["西区住建局"]
    assert figures["西区住建局"].dispatched == 1


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
