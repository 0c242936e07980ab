"""The demo seed: departments with staff, topics, words, the board, petitions in every state; idempotent."""

import pytest

from petitions.models import Department, Petition, PetitionBoardPage, PetitionMessage, ScreenedWord, Topic

from .conftest import seed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_the_seed_builds_the_petition_demo_and_a_second_run_adds_nothing():
    assert Department.objects.filter(kind="town").count() == 1
    assert Department.objects.filter(kind="street").count() == 5
    assert Department.objects.filter(kind="bureau").count() == 12
    chengguan = Department.objects.get(slug="chengguan")
    assert chengguan.group.user_set.filter(username="dept-chengguan").exists()
    assert Topic.objects.count() >= 10 and ScreenedWord.objects.count() >= 5
    assert PetitionBoardPage.objects.live().filter(locale__language_code="zh-hans").count() == 1
    assert Petition.objects.count() == 120  # DEMO_SIZE
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
    seed(petitions=120)
    assert counts == (
        Department.objects.count(),
        Topic.objects.count(),
        Petition.objects.count(),
        PetitionMessage.objects.count(),
    )
    seed(petitions=150)
    assert Petition.objects.count() == 150
