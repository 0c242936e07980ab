"""The petition factory makes petitions the way people do: posted, then taken on through the workflow."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions.factories import PetitionFactory, advance
from petitions.models import Petition
from petitions.workflow import deadlines

pytestmark = pytest.mark.django_db


def steps(petition):
    entries = ModelLogEntry.objects.for_instance(petition).order_by("timestamp", "pk")
    return [(entry.action, entry.user_id) for entry in entries]


def test_a_petition_is_posted_as_a_resident_posts_it(topic):
    petition = PetitionFactory(topic=topic)
    assert petition.status == "pending" and petition.number == f"MS-{timezone.now().year}-{petition.pk:06d}"
    assert petition.due_at == deadlines.add_working_days(petition.submitted_at, deadlines.DECISION_DAYS)
    assert Petition.objects.with_tracking_code(petition.tracking_code).get() == petition
    assert steps(petition) == [("petitions.submit", None)]


def test_each_step_is_taken_by_its_own_actor(topic, moderator, department, department_staff):
    petition = PetitionFactory(
        topic=topic, state="closed", editor=moderator, department=department, staff=department_staff
    )
    assert steps(petition) == [
        ("petitions.submit", None),
        ("petitions.accept", moderator.pk),
        ("petitions.dispatch", moderator.pk),
        ("petitions.claim", department_staff.pk),
        ("petitions.reply", department_staff.pk),
        ("petitions.close", moderator.pk),
    ]
    assert petition.department == department and petition.due_at is None
    assert petition.messages.get(kind="reply").author == department_staff


def test_the_times_are_the_clocks(topic):
    monday = timezone.make_aware(datetime.datetime(2026, 11, 16, 10))
    with time_machine.travel(monday, tick=False):
        petition = PetitionFactory(topic=topic, state="assigned")
    assert petition.submitted_at == petition.accepted_at == petition.assigned_at == monday
    assert timezone.localtime(petition.due_at).date() == datetime.date(2026, 11, 17)  # claim: 1 working day


def test_a_rating_closes_it_for_the_resident(topic):
    petition = PetitionFactory(topic=topic, state="closed", rated="fair")
    assert petition.rating == "fair" and petition.rated_at == petition.closed_at
    assert steps(petition)[-1] == ("petitions.rate", None)


def test_a_first_dissatisfied_rating_does_not_close_it(topic):
    with pytest.raises(ValueError, match="processing"):
        PetitionFactory(topic=topic, state="closed", rated="dissatisfied")


def test_a_department_comes_only_with_a_dispatch(topic, department):
    with pytest.raises(TypeError, match="dispatched"):
        PetitionFactory(topic=topic, state="accepted", department=department)
    assert PetitionFactory(topic=topic, state="assigned", department=department).department == department


def test_only_the_ways_a_petition_goes(topic):
    rejected = PetitionFactory(topic=topic, state="rejected")
    with pytest.raises(ValueError, match="does not go"):
        advance(rejected, "closed")
    assert rejected.status == "rejected"


@pytest.mark.parametrize(
    "field",
    [
        "status",
        "accepted_at",
        "due_at",
        "reply_due_at",
        "replied_at",
        "is_supervised",
        "rating",
        "tracking_code",
    ],
)
def test_a_workflow_field_is_refused(topic, field):
    with pytest.raises(TypeError, match=f"does not set {field}: the workflow does"):
        PetitionFactory(topic=topic, **{field: None})
    assert not Petition.objects.exists()
