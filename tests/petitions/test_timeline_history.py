"""The resident's timeline keeps what the petition's fields no longer show: supervision, a reopening and the
rating that caused it; and an editor reopens a closed petition, with a reason, from its admin page."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client

from petitions import workflow
from petitions.intake.thread import timeline
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def labels(petition):
    petition.refresh_from_db()
    return [(step.kind, str(step.label), step.body) for step in timeline(petition)]


@pytest.fixture
def replied(topic, moderator, department, department_staff):
    """A petition posted, accepted, dispatched, claimed and answered, a few hours apart."""
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC), tick=False) as clock:
        petition = Petition(kind="complaint", topic=topic, title="幸福路路灯不亮", content="路灯坏了一周。")
        workflow.submit(petition, workflow.Resident())
        for name, actor, data in [
            ("accept", moderator, {}),
            ("dispatch", moderator, {"department": department}),
            ("claim", department_staff, {}),
            ("reply", department_staff, {"body": "已安排维修。"}),
        ]:
            clock.shift(datetime.timedelta(hours=3))
            workflow.perform(petition, name, actor, **data)
    return petition


def test_a_dissatisfied_rating_and_the_reopening_stay_on_the_timeline_after_the_second_rating(
    replied, department_staff
):
    workflow.perform(replied, "rate", workflow.Resident(), rating="dissatisfied")
    assert ("rated", "居民评价：不满意", "") in labels(replied)
    assert ("reopened", "居民不满意，重新办理并督办", "") in labels(replied)

    workflow.perform(replied, "reply", department_staff, body="已更换线路，路灯恢复照明。")
    workflow.perform(replied, "rate", workflow.Resident(), rating="satisfied")
    steps = labels(replied)
    ratings = [label for kind, label, _body in steps if kind == "rated"]
    assert ratings == ["居民评价：不满意", "居民评价：满意"]
    kinds = [kind for kind, _label, _body in steps]
    assert kinds.index("reopened") < len(kinds) - 1 - kinds[::-1].index(
        "reply"
    )  # reopened, then replied again


def test_supervision_is_on_the_timeline(replied, moderator):
    assert "supervised" not in [kind for kind, _label, _body in labels(replied)]
    workflow.perform(replied, "supervise", moderator)
    assert ("supervised", "融媒体中心督办", "") in labels(replied)


def test_an_editor_reopens_a_closed_petition_with_a_reason_and_the_resident_sees_it(
    replied, moderator, editor_client, department_staff
):
    workflow.perform(replied, "close", moderator)
    inspect = f"/admin/snippets/petitions/petition/inspect/{replied.pk}/"
    reopen = f"/admin/petitions/{replied.pk}/reopen/"
    assert reopen in editor_client.get(inspect).content.decode()

    # the department may not send its own petition back (Wagtail's admin turns the refusal into a redirect)
    department_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff_client = Client()
    staff_client.force_login(department_staff)
    assert staff_client.post(reopen, {"reason": "再办一次"}).url == "/admin/"
    assert reopen not in staff_client.get(inspect).content.decode()

    response = editor_client.post(reopen, {"reason": ""})
    assert response.status_code == 200 and 'id="id_reason_error"' in response.content.decode()
    replied.refresh_from_db()
    assert replied.status == Petition.Status.CLOSED

    response = editor_client.post(reopen, {"reason": "回访发现路灯仍不亮，请再次处理。"})
    assert response.status_code == 302
    replied.refresh_from_db()
    assert replied.status == Petition.Status.PROCESSING and replied.is_supervised
    assert ("reopened", "融媒体中心决定重新办理", "回访发现路灯仍不亮，请再次处理。") in labels(replied)
    assert reopen not in editor_client.get(inspect).content.decode()  # once only


def test_the_workflow_refuses_a_reopening_without_a_reason(replied, moderator):
    workflow.perform(replied, "close", moderator)
    with pytest.raises(workflow.TransitionError):
        workflow.perform(replied, "reopen", moderator)
    replied.refresh_from_db()
    assert replied.status == Petition.Status.CLOSED and replied.reopen_count == 0
