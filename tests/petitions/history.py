"""Petitions with a history, made the way people make one: a resident submits, the media centre accepts
and dispatches, the department's staff claim and reply, the resident rates — each step through
``workflow.submit`` / ``workflow.perform`` by a real actor, at the moment the test's clock shows.

Nothing here sets a status or a timestamp: every date a statistic counts is the workflow's own. A test
moves the clock forward (``Clock.to``, ``Clock.shift``) between steps, so "replied 3 working days after
dispatch" is what happened, not what a factory claimed.

    clock.to(MONDAY, 9)
    petition = history.submitted(topic)
    history.dispatched(petition, water)        # accept + dispatch by the moderator
    clock.shift(days=2)
    history.replied(petition)                  # claim + reply by 水务局's staff
    history.rated(petition, "satisfied")       # the resident rates: closed
"""

import contextlib
import datetime
import itertools

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from petitions import workflow
from petitions.factories import DepartmentFactory
from petitions.models import Department, Petition

_numbers = itertools.count(1)


def local(day, hour=10, minute=0):
    """An aware datetime at ``hour:minute`` local time (Asia/Shanghai) on ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Clock:
    """The test's clock, standing still between steps and moved only forward.

    ``with Clock.travel(moment) as clock:`` stops the clock at ``moment`` (inside the ticking clock every
    test starts with); ``clock.to(day, hour)`` and ``clock.shift(days=…)`` move it on.
    """

    def __init__(self, traveller):
        self.traveller = traveller

    @classmethod
    @contextlib.contextmanager
    def travel(cls, moment):
        with time_machine.travel(moment, tick=False) as traveller:
            yield cls(traveller)

    def to(self, day, hour=10, minute=0):
        moment = day if isinstance(day, datetime.datetime) else local(day, hour, minute)
        if moment < timezone.now():
            raise ValueError(f"the clock only moves forward: {moment} is before {timezone.now()}")
        self.traveller.move_to(moment)
        return moment

    def shift(self, **delta):
        self.traveller.shift(datetime.timedelta(**delta))
        return timezone.now()


def department(name, slug, **fields):
    """A handling unit with its own staff group (named after it)."""
    return DepartmentFactory(name=name, slug=slug, group=Group.objects.create(name=name), **fields)


def media_centre_editor(username="editor-history"):
    """An editor of the media centre: the Editors group moderates and dispatches (``rongmei.roles``)."""
    user = get_user_model().objects.create_user(username, password="pw-history-2026")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


class History:
    """The people of a test and the steps they take; each step is one or more ``workflow.perform``."""

    def __init__(self, moderator):
        self.moderator = moderator
        self.resident = workflow.Resident()
        self._staff = {}

    def staff(self, department):
        """A member of ``department``'s staff group (made once per department)."""
        if department.pk not in self._staff:
            user = get_user_model().objects.create_user(f"staff-{department.slug}", password="pw-staff-2026")
            user.groups.add(department.group)
            self._staff[department.pk] = user
        return self._staff[department.pk]

    def handler(self, petition):
        """The staff of the department ``petition`` is dispatched to now (by id: after a return and a new
        dispatch the object's cached ``department`` may still be the old one)."""
        return self.staff(Department.objects.get(pk=petition.department_id))

    # --- the resident --------------------------------------------------------------------------
    def submitted(self, topic, *, title=None, **fields):
        number = next(_numbers)
        petition = Petition(
            kind=fields.pop("kind", Petition.Kind.COMPLAINT),
            topic=topic,
            title=title or f"小区路灯不亮（第{number}件）",
            content=fields.pop(
                "content", "幸福路小区门口的路灯坏了一个星期，晚上老人出门很不方便，请尽快修理。"
            ),
            address=fields.pop("address", "幸福路12号"),
            contact_name=fields.pop("contact_name", "张女士"),
            contact_phone=fields.pop("contact_phone", "13812345678"),
            is_anonymous=True,
            is_public=True,
            **fields,
        )
        workflow.submit(petition, self.resident)
        return petition

    def rated(self, petition, rating):
        return _step(petition, "rate", self.resident, rating=rating)

    # --- the media centre --------------------------------------------------------------------
    def accepted(self, petition):
        return _step(petition, "accept", self.moderator)

    def rejected(self, petition):
        return _step(petition, "reject", self.moderator, reason="与本平台受理范围无关")

    def dispatched(self, petition, department):
        """Accepted (if pending) and dispatched to ``department``."""
        if petition.status == Petition.Status.PENDING:
            self.accepted(petition)
        return _step(petition, "dispatch", self.moderator, department=department)

    def extended(self, petition, days):
        """The department asks for ``days`` more working days and the media centre approves."""
        staff = self.handler(petition)
        _step(petition, "request_extension", staff, reason="需协调多个部门", days=days)
        return _step(petition, "extend", self.moderator)

    def supervised(self, petition):
        return _step(petition, "supervise", self.moderator)

    def closed(self, petition):
        return _step(petition, "close", self.moderator)

    # --- the department ----------------------------------------------------------------------
    def claimed(self, petition):
        return _step(petition, "claim", self.handler(petition))

    def replied(self, petition):
        """Claimed (if not yet) and replied by the department's staff."""
        if petition.status == Petition.Status.ASSIGNED:
            self.claimed(petition)
        return _step(petition, "reply", self.handler(petition), body="已安排维修，路灯已恢复。")

    def returned(self, petition):
        return _step(petition, "return", self.handler(petition), reason="不属于本单位职责范围")


def _step(petition, name, actor, **data):
    """``workflow.perform``, returning the petition (it follows the saved row) whatever else it made."""
    workflow.perform(petition, name, actor, **data)
    return petition


def staff_member(username, group_name):
    """A staff account in one of the fixed groups (Editors, Supervisors, …); sign it in with ``signed_in``."""
    user = get_user_model().objects.create_user(username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def signed_in(user):
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


class FakeSMS:
    """The SMS gateway (it leaves the machine), recording what it would send; see the ``sms`` fixture."""

    sent = []

    def send(self, phone, text):
        FakeSMS.sent.append((phone, text))
