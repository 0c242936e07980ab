"""Factories for the petition app's models, for tests and quick experiments.

A petition is never made in a state. ``PetitionFactory`` stores it as a resident posts it, screened and
through ``workflow.submit`` (pending, numbered, its decision deadline set), and ``advance`` takes it on
through ``workflow.perform``, each step by the person who takes it: an editor accepts, rejects, dispatches
and closes, the department's staff claim and reply. Every time it records is the clock's: a test that
wants a deadline in the past moves the clock (time-machine), it does not write the date.
"""

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from rongmei.roles import EDITORS
from rongmei.screening import screen
from rongmei.tasks import index_updates_batched

from . import workflow
from .models import (
    Department,
    Petition,
    PetitionMessage,
    ScreenedWord,
    Topic,
    handling_group_ids,
)

S = Petition.Status


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    slug = factory.Sequence(lambda n: f"dept-{n}")
    kind = Department.Kind.BUREAU


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"领域{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ScreenedWordFactory(DjangoModelFactory):
    class Meta:
        model = ScreenedWord

    word = factory.Sequence(lambda n: f"敏感词{n}")
    action = ScreenedWord.Action.HOLD


class UserFactory(DjangoModelFactory):
    """An account; ``groups=[...]`` puts it in those groups."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(*extracted)


class EditorFactory(UserFactory):
    """An editor of the media centre (group ``Editors``), who moderates and dispatches petitions."""

    class Meta:
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"editor-{n}")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(*(extracted or [Group.objects.get(name=EDITORS)]))


def department_staff(department):
    """Someone who handles ``department``'s petitions: a member of a group acting for it, or, when it has
    nobody, a new member of its own group (given one if it has none)."""
    staff = get_user_model().objects.filter(groups__in=handling_group_ids(department)).order_by("pk").first()
    if staff is not None:
        return staff
    if department.group is None:
        department.group = Group.objects.create(name=f"{department.name}（{department.slug}）")
        department.save(update_fields=["group"])
    return UserFactory(username=f"{department.slug}-staff", groups=[department.group])


#: The step that reaches each state, and the state it starts from: the way most petitions go.
STEPS = {
    S.ACCEPTED: (S.PENDING, "accept"),
    S.REJECTED: (S.PENDING, "reject"),
    S.ASSIGNED: (S.ACCEPTED, "dispatch"),
    S.PROCESSING: (S.ASSIGNED, "claim"),
    S.REPLIED: (S.PROCESSING, "reply"),
    S.CLOSED: (S.REPLIED, "close"),
}

#: The fields only the workflow writes (``submit`` and the transitions): a factory never sets them.
WORKFLOW_FIELDS = frozenset(
    {
        "status",
        "number",
        "tracking_code",
        "tracking_code_hash",
        "screening_matches",
        "rejection_reason",
        "submitted_at",
        "accepted_at",
        "rejected_at",
        "assigned_at",
        "claimed_at",
        "replied_at",
        "closed_at",
        "due_at",
        "reply_due_at",
        "is_supervised",
        "supervised_at",
        "reopen_count",
        "rating",
        "rating_comment",
        "rated_at",
    }
)

REJECTION = "不属于本平台受理范围，请拨打 12345 反映。"
REPLY = "已安排工作人员到现场处理，感谢您的反映。"


def path(current, state):
    """The transitions that take a petition from ``current`` to ``state``, in order."""
    names = []
    while state != current:
        if state not in STEPS:
            raise ValueError(f"A petition does not go from {str(current)!r} to {str(state)!r}.")
        state, name = STEPS[state]
        names.append(name)
    return names[::-1]


def advance(petition, state, *, editor=None, department=None, staff=None, reply=REPLY, rated=None):
    """Take ``petition`` on to ``state`` through ``workflow.perform``, now, and return it.

    ``editor`` accepts, rejects, dispatches and closes (the editor ``media-centre`` by default);
    ``department`` is the unit it is dispatched to (a new one by default) and ``staff`` claims and
    replies (one of the department's staff by default); ``reply`` is the department's public answer.
    With ``rated`` (a ``Petition.Rating``) the resident rates the reply, which closes it, instead of an
    editor closing it.
    """
    for name in path(petition.status, state):
        data = {}
        if name in ("claim", "reply"):
            staff = staff or department_staff(petition.department)
            actor = staff
        elif name == "close" and rated:
            name, actor, data = "rate", workflow.Resident(petition.user), {"rating": rated}
        else:
            editor = editor or EditorFactory(username="media-centre")
            actor = editor
        if name == "reject":
            data["reason"] = REJECTION
        elif name == "dispatch":
            data["department"] = department or DepartmentFactory()
        elif name == "reply":
            data["body"] = reply
        workflow.perform(petition, name, actor, **data)
    if petition.status != state:  # a first 不满意 sends it back to the department instead of closing it
        raise ValueError(f"The workflow took the petition to {str(petition.status)!r}, not {str(state)!r}.")
    return petition


class PetitionFactory(DjangoModelFactory):
    """A petition as a resident posts it, taken on to ``state`` (default ``pending``) by ``advance``.

    ``editor``, ``department``, ``staff``, ``reply`` and ``rated`` are ``advance``'s; ``department``
    only with a state it is dispatched in. The tracking code the workflow shows the resident once is kept
    on the object as ``tracking_code``. The workflow's own fields (``WORKFLOW_FIELDS``) are refused.
    """

    class Meta:
        model = Petition

    kind = Petition.Kind.COMPLAINT
    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"小区路灯不亮第{n}天")
    content = "幸福路 12 号小区门口的路灯坏了，晚上出门很不方便，请有关部门尽快修理。"
    address = "幸福路 12 号"
    contact_name = "张女士"
    contact_phone = "13812345678"
    is_anonymous = True
    is_public = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        refused = sorted(WORKFLOW_FIELDS & kwargs.keys())
        if refused:
            raise TypeError(
                f"PetitionFactory does not set {', '.join(refused)}: the workflow does. Ask for a state "
                "(state='replied', …) or take the petition on with workflow.perform, and move the clock "
                "(time_machine) for a time in the past; the tracking code is petition.tracking_code."
            )
        return kwargs

    @classmethod
    def _create(cls, model_class, *args, state=S.PENDING, department=None, **kwargs):
        steps = {name: kwargs.pop(name) for name in ("editor", "staff", "reply", "rated") if name in kwargs}
        if department is not None and "dispatch" not in path(S.PENDING, state):
            raise TypeError(
                f"A {state!r} petition has no department: the workflow gives it one when it is "
                "dispatched (ask for a state from 'assigned' on)."
            )
        petition = model_class(*args, **kwargs)
        screening = screen(petition.title, petition.content, petition.address)
        if screening.refused:
            raise ValueError(f"The screen refuses this petition: {screening.reason}")
        # Each transition saves the petition again; its search entry and reference index are what it is
        # at the end, so they are brought up to date once, when it gets there (as the demo seed does).
        with index_updates_batched():
            petition.tracking_code = workflow.submit(
                petition, workflow.Resident(petition.user), screening=screening
            )
            return advance(petition, state, department=department, **steps)


class PetitionMessageFactory(DjangoModelFactory):
    class Meta:
        model = PetitionMessage

    petition = factory.SubFactory(PetitionFactory)
    kind = PetitionMessage.Kind.FOLLOW_UP
    body = "请问什么时候能修好？"
