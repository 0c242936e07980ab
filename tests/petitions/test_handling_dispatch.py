"""Dispatch (转办): editors send an accepted petition to a department that accepts petitions, with a note,
and get a printable referral letter (社情民意处置函)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.handling.views import department_choices
from petitions.models import Petition, PetitionDispatch


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_the_department_list_follows_the_hierarchy_and_leaves_out_units_that_do_not_accept(db):
    district = DepartmentFactory(name="西区", accepts_petitions=False, sort_order=1)
    DepartmentFactory(name="西区城管局", parent=district)
    DepartmentFactory(name="已撤销的局", is_active=False)
    labels = [label for _pk, label in department_choices()]
    assert "西区" not in labels
    assert "　西区城管局" in labels
    assert "已撤销的局" not in labels


def test_an_editor_dispatches_with_a_note_and_gets_the_referral_letter(moderator_client, topic, department):
    petition = PetitionFactory(topic=topic, state="accepted", title="垃圾清运不及时")
    response = moderator_client.post(
        f"/admin/petitions/{petition.pk}/dispatch/",
        {"department": department.pk, "note": "请三日内到现场核实"},
    )
    dispatch = PetitionDispatch.objects.get(petition=petition)
    assert response.status_code == 302 and response["Location"].endswith(f"/dispatch/{dispatch.pk}/letter/")
    petition.refresh_from_db()
    assert petition.status == "assigned" and petition.department == department
    assert dispatch.note == "请三日内到现场核实" and dispatch.reply_due_at == petition.reply_due_at
    assert ModelLogEntry.objects.filter(action="petitions.dispatch", object_id=str(petition.pk)).exists()

    letter = moderator_client.get(response["Location"]).content.decode()
    assert "社情民意处置函" in letter and "垃圾清运不及时" in letter and department.name in letter
    assert dispatch.letter_number in letter and "请三日内到现场核实" in letter


def test_a_unit_that_does_not_accept_petitions_cannot_be_chosen(moderator_client, topic):
    closed = DepartmentFactory(accepts_petitions=False)
    petition = PetitionFactory(topic=topic, state="accepted")
    response = moderator_client.post(f"/admin/petitions/{petition.pk}/dispatch/", {"department": closed.pk})
    assert response.status_code == 200
    petition.refresh_from_db()
    assert petition.status == "accepted" and not PetitionDispatch.objects.exists()


def test_a_pending_petition_cannot_be_dispatched(moderator_client, topic, department):
    petition = PetitionFactory(topic=topic, state="pending")
    response = moderator_client.post(
        f"/admin/petitions/{petition.pk}/dispatch/", {"department": department.pk}
    )
    assert "不能转办" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == "pending"


def test_department_staff_cannot_dispatch_and_other_departments_cannot_read_the_letter(
    client, moderator, topic, department, department_staff, django_user_model
):
    petition = PetitionFactory(topic=topic, state="accepted")
    department_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(department_staff)
    response = client.post(f"/admin/petitions/{petition.pk}/dispatch/", {"department": department.pk})
    assert response.status_code in (302, 403) and not PetitionDispatch.objects.exists()

    workflow.perform(petition, "dispatch", moderator, department=department)
    dispatch = PetitionDispatch.objects.get()
    assert client.get(f"/admin/petitions/dispatch/{dispatch.pk}/letter/").status_code == 200
    stranger = django_user_model.objects.create_user("other-dept", password="pw")
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    response = client.get(f"/admin/petitions/dispatch/{dispatch.pk}/letter/")
    assert response.status_code in (302, 403) and "社情民意处置函" not in response.content.decode()


def test_the_handling_page_lists_petitions_to_dispatch(moderator_client, topic):
    PetitionFactory(topic=topic, state="accepted", title="等待转办的供暖诉求")
    html = moderator_client.get("/admin/petitions/handling/").content.decode()
    assert "等待转办的供暖诉求" in html


def test_the_editors_dashboard_counts_petitions_to_dispatch(moderator_client, topic):
    PetitionFactory(topic=topic, state="accepted")
    PetitionFactory(topic=topic, state="accepted")
    html = moderator_client.get("/admin/").content.decode()
    assert "转办与督办" in html and "待转办：<strong>2</strong>" in html


def test_an_editor_supervises_an_overdue_petition_from_the_handling_page(
    moderator_client, moderator, topic, department
):
    # dispatched a month ago, and never claimed: its claim deadline has passed
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30)):
        petition = PetitionFactory(
            topic=topic, state="assigned", editor=moderator, department=department, title="超期未签收的诉求"
        )
    assert petition.due_at < timezone.now()
    html = moderator_client.get("/admin/petitions/handling/").content.decode()
    assert "超期未签收的诉求" in html and f"/petitions/{petition.pk}/supervise/" in html
    moderator_client.post(f"/admin/petitions/{petition.pk}/supervise/")
    assert Petition.objects.get(pk=petition.pk).is_supervised
    assert ModelLogEntry.objects.filter(action="petitions.supervise", object_id=str(petition.pk)).exists()
