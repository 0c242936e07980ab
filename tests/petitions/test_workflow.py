"""The petition workflow: who may move a petition, from where to where, and what each step records."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import Petition, PetitionMessage, tracking_code_hash
from petitions.workflow import TRANSITIONS, Resident, TransitionError, available, perform, submit
from rongmei.screening import ScreeningResult


def log_actions(petition):
    return list(
        ModelLogEntry.objects.for_instance(petition)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_a_submitted_petition_gets_a_readable_number_and_an_unguessable_code(topic):
    petition = Petition(topic=topic, title="路灯不亮", content="幸福路路灯不亮", contact_phone="13812345678")
    code = submit(petition, Resident())
    petition.refresh_from_db()
    assert petition.status == "pending"
    assert petition.number == f"MS-{petition.submitted_at.astimezone().year}-{petition.pk:06d}"
    assert len(code) == 14 and code.count("-") == 2
    # only the hash is stored; the code finds the petition
    assert code not in petition.tracking_code_hash
    assert Petition.objects.with_tracking_code(code).get() == petition
    assert Petition.objects.with_tracking_code(code.lower().replace("-", "")).get() == petition
    assert log_actions(petition) == ["petitions.submit"]


def test_two_petitions_never_share_a_tracking_code(topic):
    codes = {submit(Petition(topic=topic, title="t", content="c", contact_phone="1")) for _ in range(20)}
    assert len(codes) == 20


def test_a_clean_petition_is_accepted_automatically_when_the_site_says_so(topic):
    petition = Petition(topic=topic, title="t", content="c", contact_phone="1")
    submit(petition, auto_accept=True, screening=ScreeningResult("pass"))
    petition.refresh_from_db()
    assert petition.status == "accepted"
    assert petition.accepted_at is not None
    assert log_actions(petition) == ["petitions.submit", "petitions.accept"]


def test_a_held_petition_waits_for_a_moderator_even_with_auto_accept(topic):
    petition = Petition(topic=topic, title="t", content="c", contact_phone="1")
    submit(petition, auto_accept=True, screening=ScreeningResult("hold", matches=["上访"]))
    petition.refresh_from_db()
    assert petition.status == "pending"
    assert petition.screening_matches == ["上访"]


def test_a_moderator_accepts_a_pending_petition_and_it_is_logged(petition, moderator):
    perform(petition, "accept", moderator)
    assert petition.status == "accepted"
    entry = ModelLogEntry.objects.for_instance(petition).get(action="petitions.accept")
    assert entry.user_id == moderator.pk
    assert entry.data == {"from": "pending", "to": "accepted"}


def test_a_moderator_rejects_with_a_reason_the_resident_sees(petition, moderator):
    perform(petition, "reject", moderator, reason="不属于受理范围")
    petition.refresh_from_db()
    assert petition.status == "rejected"
    assert petition.rejection_reason == "不属于受理范围"
    assert petition.rejected_at is not None


def test_a_rejection_needs_a_reason_and_changes_nothing_without_one(petition, moderator):
    with pytest.raises(TransitionError):
        perform(petition, "reject", moderator, reason="")
    petition.refresh_from_db()
    assert petition.status == "pending"
    assert log_actions(petition) == ["petitions.submit"]  # the refused step wrote nothing


def test_a_department_cannot_accept_a_petition(petition, department_staff):
    with pytest.raises(PermissionDenied):
        perform(petition, "accept", department_staff)
    petition.refresh_from_db()
    assert petition.status == "pending"


def test_a_resident_cannot_accept_their_own_petition(petition):
    with pytest.raises(PermissionDenied):
        perform(petition, "accept", Resident())


def test_an_accepted_petition_cannot_be_accepted_again(petition, moderator):
    perform(petition, "accept", moderator)
    with pytest.raises(TransitionError):
        perform(petition, "accept", moderator)


def test_the_whole_path_from_dispatch_to_rating_records_every_date(
    petition, moderator, department, department_staff
):
    perform(petition, "accept", moderator)
    perform(petition, "dispatch", moderator, department=department)
    perform(petition, "claim", department_staff)
    _petition, reply = perform(petition, "reply", department_staff, body="已安排维修，三日内修复。")
    perform(petition, "close", moderator)
    perform(petition, "rate", Resident(), rating="satisfied")
    petition.refresh_from_db()
    assert petition.status == "closed"
    assert petition.department == department
    for stamp in ("accepted_at", "assigned_at", "claimed_at", "replied_at", "closed_at", "rated_at"):
        assert getattr(petition, stamp) is not None, stamp
    assert reply.kind == "reply" and reply.department == department
    assert log_actions(petition)[-1] == "petitions.rate"


def test_staff_of_another_department_cannot_claim(petition, moderator, department, django_user_model):
    perform(petition, "accept", moderator)
    perform(petition, "dispatch", moderator, department=department)
    outsider = django_user_model.objects.create_user("dept-other")
    with pytest.raises(PermissionDenied):
        perform(petition, "claim", outsider)


def test_a_petition_cannot_be_dispatched_to_a_department_that_does_not_accept_petitions(
    petition, moderator, department
):
    department.accepts_petitions = False
    department.save()
    perform(petition, "accept", moderator)
    with pytest.raises(TransitionError):
        perform(petition, "dispatch", moderator, department=department)
    petition.refresh_from_db()
    assert petition.status == "accepted" and petition.department is None


def test_a_resident_asks_a_follow_up_question(topic):
    petition = PetitionFactory(topic=topic, state="processing")
    _petition, message = perform(petition, "follow_up", Resident(), body="请问进展如何？")
    assert message.kind == "follow_up" and message.status == "visible"
    assert petition.status == "processing"
    assert list(PetitionMessage.objects.public()) == [message]


def test_no_follow_up_on_a_pending_or_rejected_petition(topic):
    for status in ("pending", "rejected"):
        petition = PetitionFactory(topic=topic, state=status)
        with pytest.raises(TransitionError):
            perform(petition, "follow_up", Resident(), body="还在吗")


def test_a_closed_petition_reopens_only_once_and_becomes_supervised(
    topic, moderator, department, department_staff
):
    petition = PetitionFactory(
        topic=topic, state="closed", editor=moderator, department=department, staff=department_staff
    )
    perform(petition, "reopen", moderator, reason="回访发现问题仍在")
    assert petition.status == "processing" and petition.is_supervised
    perform(petition, "reply", department_staff, body="已再次处理。")
    perform(petition, "close", moderator)
    assert petition.status == "closed"
    with pytest.raises(TransitionError):
        perform(petition, "reopen", moderator, reason="再办一次")


def test_available_transitions_depend_on_the_actor(petition, moderator, department_staff):
    assert {t.name for t in available(moderator, petition)} == {"accept", "reject", "note"}
    assert available(department_staff, petition) == []


def test_every_transition_has_a_registered_log_action():
    from wagtail.log_actions import registry

    for name in TRANSITIONS:
        assert registry.action_exists(f"petitions.{name}")
    assert registry.action_exists("petitions.submit")


def test_the_tracking_code_hash_ignores_case_and_separators():
    assert tracking_code_hash("abcd-efgh-jkmn") == tracking_code_hash("ABCDEFGHJKMN")


def test_the_board_flag_follows_status_and_public_choice(petition, moderator):
    assert not Petition.objects.public().filter(pk=petition.pk).exists()
    perform(petition, "accept", moderator)
    assert Petition.objects.public().filter(pk=petition.pk).exists()
    petition.is_public = False
    petition.save(update_fields=["is_public"])
    assert not Petition.objects.public().filter(pk=petition.pk).exists()


def test_after_a_return_and_a_new_dispatch_the_callers_petition_names_the_new_department(
    petition, moderator, department, department_staff
):
    other = DepartmentFactory(name="西区水务局", slug="shuiwu")
    perform(petition, "accept", moderator)
    perform(petition, "dispatch", moderator, department=department)
    assert petition.department == department
    perform(petition, "return", department_staff, reason="不属于本单位职责范围")
    perform(petition, "dispatch", moderator, department=other)
    assert petition.department_id == other.pk and petition.department == other
