"""The demo seed: departments with staff, topics, words, the board, petitions in every state; idempotent."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions.models import (
    Department,
    ExtensionRequest,
    Petition,
    PetitionBoardPage,
    PetitionDispatch,
    PetitionMessage,
    ScreenedWord,
    Topic,
)
from petitions.supervision import stats
from petitions.supervision.stats import Period

from .conftest import DEFAULT_PETITIONS, seed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_the_seed_builds_the_petition_demo_and_a_second_run_adds_nothing():
    assert Department.objects.filter(kind="town").count() == 1
    assert Department.objects.filter(kind="street").count() == 5
    assert Department.objects.filter(kind="bureau").count() == 12
    chengguan = Department.objects.get(slug="chengguan")
    assert chengguan.group.user_set.filter(username="dept-chengguan").exists()
    assert Topic.objects.count() >= 10 and ScreenedWord.objects.count() >= 5
    assert PetitionBoardPage.objects.live().filter(locale__language_code="zh-hans").count() == 1
    assert Petition.objects.count() == DEFAULT_PETITIONS
    assert set(Petition.objects.values_list("status", flat=True)) == set(Petition.Status.values)
    assert not Petition.objects.filter(number__isnull=True).exists()
    assert Petition.objects.filter(rating="satisfied").exists()
    assert PetitionMessage.objects.filter(kind="reply").exists()
    assert Petition.objects.with_tracking_code("DEMO-CODE-0001").exists()
    # replies only where the state says a reply was given
    assert not PetitionMessage.objects.filter(
        kind="reply", petition__status__in=["pending", "accepted"]
    ).exists()

    # deadlines as the workflow sets them; some dispatched petitions are overdue
    assert not Petition.objects.filter(status__in=["assigned", "processing"], due_at=None).exists()
    assert not Petition.objects.filter(status__in=["replied", "closed"], reply_due_at=None).exists()
    assert Petition.objects.overdue().exists()

    counts = (
        Department.objects.count(),
        Topic.objects.count(),
        Petition.objects.count(),
        PetitionMessage.objects.count(),
    )
    seed()
    assert counts == (
        Department.objects.count(),
        Topic.objects.count(),
        Petition.objects.count(),
        PetitionMessage.objects.count(),
    )
    seed(petitions=DEFAULT_PETITIONS + 30)
    assert Petition.objects.count() == DEFAULT_PETITIONS + 30


def test_the_demo_history_happened_through_the_workflow():
    """On-time rates that differ per department, and returns, extensions, 督办 and reopenings in the log."""
    today = timezone.localdate()
    period = Period.days(today - datetime.timedelta(days=7 * 12), today)
    rates = {row.name: row.on_time_rate for row in stats.by_department(period) if row.due}
    assert len(rates) >= 5 and all(rate is not None for rate in rates.values())
    assert any(rate > 0 for rate in rates.values())
    assert len(set(rates.values())) > 1, rates

    actions = set(
        ModelLogEntry.objects.filter(action__startswith="petitions.").values_list("action", flat=True)
    )
    assert {"petitions.submit", "petitions.return", "petitions.extend", "petitions.supervise"} <= actions
    assert PetitionDispatch.objects.exclude(returned_at=None).exists()
    assert ExtensionRequest.objects.filter(status="approved").exists()
    reopened = Petition.objects.filter(reopen_count=1)
    assert reopened.exists()
    assert ModelLogEntry.objects.filter(
        action="petitions.rate", data__rating="dissatisfied", data__to="processing"
    ).exists()
    # every petition's log starts with its submission, and the dates of its steps follow one another
    assert ModelLogEntry.objects.filter(action="petitions.submit").count() == Petition.objects.count()
    closed = Petition.objects.filter(status="closed", reopen_count=0).exclude(claimed_at=None)
    assert closed.exists()
    for petition in closed:
        steps = [petition.accepted_at, petition.assigned_at, petition.claimed_at, petition.replied_at]
        assert petition.submitted_at < steps[0] < steps[1] < steps[2] < steps[3] <= petition.closed_at
