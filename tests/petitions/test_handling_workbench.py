"""The department workbench: staff see only their department's petitions (and sub-units'), in tabs, and
claim, reply, return and ask for extensions — every action through the workflow, refused when not allowed."""

import datetime
import threading

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import ExtensionRequest, Petition, PetitionMessage
from petitions.workflow import deadlines


@pytest.fixture
def staff_client(client, department_staff):
    department_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(department_staff)
    return client


@pytest.fixture
def sub_unit(department):
    return DepartmentFactory(name="西区城管局环卫所", slug="huanwei", parent=department)


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="东区水务局", slug="shuiwu", group=Group.objects.create(name="水务局"))


def dispatched(moderator, department, **fields):
    return PetitionFactory(state="assigned", editor=moderator, department=department, **fields)


def test_staff_see_their_department_and_its_sub_units_but_not_others(
    staff_client, moderator, department, sub_unit, other_department
):
    dispatched(moderator, department, title="本单位的诉求")
    dispatched(moderator, sub_unit, title="环卫所的诉求")
    dispatched(moderator, other_department, title="别的单位的诉求")
    html = staff_client.get("/admin/petitions/workbench/?tab=new").content.decode()
    assert "本单位的诉求" in html and "环卫所的诉求" in html
    assert "别的单位的诉求" not in html


def test_the_tabs_and_the_dashboard_panel_count_new_due_soon_overdue_and_replied(
    staff_client, moderator, department
):
    dispatched(moderator, department)  # new, due within one working day: also due soon
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        late = dispatched(moderator, department, title="早已超期的诉求")
    assert late.due_at < timezone.now()
    PetitionFactory(state="replied", editor=moderator, department=department)
    html = staff_client.get("/admin/petitions/workbench/?tab=overdue").content.decode()
    assert "早已超期的诉求" in html
    assert "待签收（2）" in html and "已超期（1）" in html and "已答复（1）" in html
    dashboard = staff_client.get("/admin/").content.decode()
    assert "诉求办理" in dashboard and "?tab=overdue" in dashboard


def test_the_queue_does_not_grow_in_queries_with_its_length(
    staff_client, moderator, department, django_assert_max_num_queries
):
    for _ in range(3):
        dispatched(moderator, department)
    with django_assert_max_num_queries(25) as few:
        staff_client.get("/admin/petitions/workbench/?tab=new")
    for _ in range(12):
        dispatched(moderator, department)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get("/admin/petitions/workbench/?tab=new")


def test_a_department_claims_and_replies_with_an_internal_note(staff_client, moderator, department):
    petition = dispatched(moderator, department)
    staff_client.post(f"/admin/petitions/workbench/{petition.pk}/claim/")
    petition.refresh_from_db()
    assert petition.status == "processing" and petition.claimed_at is not None
    staff_client.post(
        f"/admin/petitions/workbench/{petition.pk}/reply/",
        {"body": "已安排维修人员更换灯泡。", "internal_note": "联系人：王工 139xxxx"},
    )
    petition.refresh_from_db()
    assert petition.status == "replied" and petition.due_at is None
    reply = petition.messages.get(kind=PetitionMessage.Kind.REPLY)
    note = petition.messages.get(kind=PetitionMessage.Kind.NOTE)
    assert reply.is_public and reply.department == department
    assert not note.is_public and "王工" in note.body
    actions = set(ModelLogEntry.objects.filter(object_id=str(petition.pk)).values_list("action", flat=True))
    assert {"petitions.claim", "petitions.reply"} <= actions


def test_a_reply_before_claiming_is_refused_with_a_clear_message(staff_client, moderator, department):
    petition = dispatched(moderator, department)
    response = staff_client.post(
        f"/admin/petitions/workbench/{petition.pk}/reply/", {"body": "已处理"}, follow=True
    )
    assert "不能答复" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == "assigned"
    assert not PetitionMessage.objects.filter(petition=petition).exists()


def test_another_department_cannot_act(client, moderator, department, other_department, django_user_model):
    petition = dispatched(moderator, department)
    stranger = django_user_model.objects.create_user("shuiwu-staff", password="pw")
    stranger.groups.add(other_department.group)
    with pytest.raises(PermissionDenied, match="不是转办给您所在单位"):
        workflow.perform(petition, "claim", stranger)
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    response = client.post(f"/admin/petitions/workbench/{petition.pk}/claim/", follow=True)
    assert "不是转办给您所在单位" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == "assigned"


def test_a_department_returns_with_a_reason(staff_client, moderator, department):
    petition = dispatched(moderator, department)
    staff_client.post(f"/admin/petitions/workbench/{petition.pk}/return/", {"reason": ""})
    assert Petition.objects.get(pk=petition.pk).status == "assigned"
    staff_client.post(f"/admin/petitions/workbench/{petition.pk}/return/", {"reason": "不属于本单位职责"})
    petition.refresh_from_db()
    assert petition.status == "accepted" and petition.department is None and petition.due_at is None
    assert petition.messages.get(is_public=False).body.endswith("不属于本单位职责")


def test_an_extension_is_asked_once_within_the_limit_and_decided_by_an_editor(
    staff_client, client, moderator, department
):
    petition = dispatched(moderator, department)
    workflow.perform(petition, "claim", moderator)
    before = petition.reply_due_at
    url = f"/admin/petitions/workbench/{petition.pk}/request_extension/"
    staff_client.post(url, {"days": 11, "reason": "需要协调多个部门"})
    assert not ExtensionRequest.objects.exists()
    staff_client.post(url, {"days": 3, "reason": "需要协调多个部门"})
    extension = ExtensionRequest.objects.get()
    with pytest.raises(workflow.TransitionError, match="等待审批"):
        workflow.perform(petition, "request_extension", moderator, days=2, reason="再等等")

    client.force_login(moderator)
    client.post(f"/admin/petitions/extension/{extension.pk}/approve/")
    petition.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == "approved"
    assert petition.reply_due_at == deadlines.add_working_days(before, 3) == petition.due_at
    with pytest.raises(workflow.TransitionError, match="只能延期一次"):
        workflow.perform(petition, "request_extension", moderator, days=2, reason="还要再延")


def test_an_editor_refuses_an_extension_with_a_reason(client, moderator, department):
    petition = dispatched(moderator, department)
    workflow.perform(petition, "claim", moderator)
    workflow.perform(petition, "request_extension", moderator, days=2, reason="人手不足")
    before = Petition.objects.get(pk=petition.pk).reply_due_at
    client.force_login(moderator)
    extension = ExtensionRequest.objects.get()
    client.post(f"/admin/petitions/extension/{extension.pk}/refuse/", {"reason": ""})
    assert ExtensionRequest.objects.get().status == "pending"
    client.post(f"/admin/petitions/extension/{extension.pk}/refuse/", {"reason": "请按期办理"})
    assert ExtensionRequest.objects.get().status == "refused"
    assert Petition.objects.get(pk=petition.pk).reply_due_at == before


def test_a_second_claim_of_the_same_petition_is_refused(moderator, department, department_staff):
    petition = dispatched(moderator, department)
    stale = Petition.objects.get(pk=petition.pk)  # a second request loaded it before the first claimed
    workflow.perform(petition, "claim", department_staff)
    with pytest.raises(workflow.TransitionError, match="不能签收"):
        workflow.perform(stale, "claim", department_staff)
    assert ModelLogEntry.objects.filter(action="petitions.claim").count() == 1


@pytest.mark.postgresql_only("row locks need PostgreSQL; the deterministic test above covers SQLite")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_claims_exactly_one_succeeds(moderator, department, department_staff):
    petition = dispatched(moderator, department)
    barrier = threading.Barrier(2)
    results = []

    def claim():
        from django.db import connections

        try:
            barrier.wait()
            workflow.perform(Petition.objects.get(pk=petition.pk), "claim", department_staff)
            results.append("ok")
        except workflow.TransitionError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert ModelLogEntry.objects.filter(action="petitions.claim").count() == 1


def test_the_handling_page_shows_the_thread_the_contact_and_only_the_allowed_actions(
    staff_client, moderator, department
):
    petition = dispatched(moderator, department, title="供暖不热")
    html = staff_client.get(f"/admin/petitions/workbench/{petition.pk}/view/").content.decode()
    assert "供暖不热" in html and "13812345678" in html  # the department may call the resident
    assert f"/workbench/{petition.pk}/claim/" in html and f"/workbench/{petition.pk}/reply/" not in html
    workflow.perform(petition, "claim", moderator)
    html = staff_client.get(f"/admin/petitions/workbench/{petition.pk}/view/").content.decode()
    assert f"/workbench/{petition.pk}/reply/" in html and f"/workbench/{petition.pk}/claim/" not in html
    assert "处置函" in html
