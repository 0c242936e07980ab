"""Points: what earns them, once per object and within each rule's daily cap; passphrases once per
resident and within their overall cap."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from petitions import workflow
from points import services
from points.models import Action, Passphrase, PointsAccount, PointsAward, PointsRule
from tests.petitions.history import Clock, History, local, media_centre_editor

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def resident(db):
    return get_user_model().objects.create_user("resident-points", password="pw-points-2026")


def balance(user):
    return PointsAccount.objects.get(user=user).balance


def passphrase(**fields):
    defaults = {
        "phrase": "春风十里",
        "points": 20,
        "valid_from": local(DAY, 8),
        "valid_until": local(DAY, 20),
        "max_redemptions": 2,
    }
    return Passphrase.objects.create(**{**defaults, **fields})


def test_the_migration_creates_a_rule_for_every_action(db):
    assert set(PointsRule.objects.values_list("action", flat=True)) == set(Action.values)


def test_a_resident_signs_in_once_per_shanghai_day(resident):
    with Clock.travel(local(DAY, 9)) as clock:
        assert services.sign_in(resident) is not None
        assert services.sign_in(resident) is None
        clock.to(DAY, 23, 59)
        assert services.sign_in(resident) is None
        clock.to(local(DAY + datetime.timedelta(days=1), 0, 1))
        assert services.sign_in(resident) is not None
    assert balance(resident) == 2


def test_an_accepted_petition_earns_points_once_and_within_the_daily_cap(resident, topic):
    PointsRule.objects.filter(action=Action.PETITION_ACCEPTED).update(points=10, daily_cap=2)
    history = History(media_centre_editor())
    history.resident = workflow.Resident(resident)
    with Clock.travel(local(DAY, 9)):
        petitions = [history.submitted(topic, user=resident) for _ in range(3)]
        for petition in petitions:
            history.accepted(petition)
        assert balance(resident) == 20
        history.dispatched(petitions[0], history_department())
        history.returned(petitions[0])  # back to accepted: no second award for the same petition
        assert PointsAward.objects.filter(object_key=f"petition:{petitions[2].pk}").count() == 0
    assert balance(resident) == 20


def history_department():
    from tests.petitions.history import department

    return department("西区水务局", "water")


def test_a_rating_earns_points_once(resident, topic):
    history = History(media_centre_editor())
    history.resident = workflow.Resident(resident)
    water = history_department()
    with Clock.travel(local(DAY, 9)) as clock:
        petition = history.submitted(topic, user=resident)
        history.dispatched(petition, water)
        clock.shift(hours=2)
        history.replied(petition)
        history.rated(petition, "dissatisfied")  # reopens; the second rating pays nothing more
        history.replied(petition)
        history.rated(petition, "satisfied")
    rating = PointsRule.objects.get(action=Action.RATING_GIVEN).points
    accepted = PointsRule.objects.get(action=Action.PETITION_ACCEPTED).points
    assert balance(resident) == rating + accepted
    assert PointsAward.objects.filter(rule__action=Action.RATING_GIVEN).count() == 1


def test_an_anonymous_petition_earns_nothing(db, topic):
    history = History(media_centre_editor())
    with Clock.travel(local(DAY, 9)):
        history.accepted(history.submitted(topic))
    assert PointsAward.objects.count() == 0


def test_each_rule_has_a_daily_cap(resident):
    PointsRule.objects.filter(action=Action.SURVEY_VOTE).update(points=2, daily_cap=2)
    with Clock.travel(local(DAY, 9)) as clock:
        assert services.award(resident, Action.SURVEY_VOTE, "survey:1")
        assert services.award(resident, Action.SURVEY_VOTE, "survey:1") is None  # one per object
        assert services.award(resident, Action.SURVEY_VOTE, "survey:2")
        assert services.award(resident, Action.SURVEY_VOTE, "survey:3") is None  # capped
        clock.shift(days=1)
        assert services.award(resident, Action.SURVEY_VOTE, "survey:3")
    assert balance(resident) == 6


def test_a_passphrase_is_redeemed_once_per_resident_in_time_and_within_its_cap(resident):
    others = [get_user_model().objects.create_user(f"r{i}", password="pw-points-2026") for i in range(2)]
    passphrase()
    with Clock.travel(local(DAY, 7)) as clock:
        with pytest.raises(services.RedeemError, match="还没有开始"):
            services.redeem(resident, "春风十里")
        clock.to(DAY, 9)
        with pytest.raises(services.RedeemError, match="口令不正确"):
            services.redeem(resident, "春风九里")
        assert services.redeem(resident, " 春风十里 ").points == 20
        with pytest.raises(services.RedeemError, match="已经领取过"):
            services.redeem(resident, "春风十里")
        services.redeem(others[0], "春风十里")
        with pytest.raises(services.RedeemError, match="名额已经领完"):
            services.redeem(others[1], "春风十里")
        clock.to(DAY, 21)
        with pytest.raises(services.RedeemError, match="已经过期"):
            services.redeem(others[1], "春风十里")
    assert balance(resident) == 20
    assert Passphrase.objects.get().redemption_count == 2


def test_the_resident_signs_in_redeems_and_sees_the_history(client, resident):
    passphrase(max_redemptions=5)
    client.force_login(resident)
    with Clock.travel(local(DAY, 9)):
        client.post(reverse("points:sign_in"))
        response = client.post(reverse("points:redeem"), {"phrase": "错的口令"})
        assert response.status_code == 400
        assert "口令不正确" in response.content.decode()
        client.post(reverse("points:redeem"), {"phrase": "春风十里"})
        page = client.get(reverse("points:history")).content.decode()
    assert "每日签到" in page and "红包口令“春风十里”" in page
    assert "<strong data-balance>21</strong>" in page


def test_the_points_page_says_how_points_are_earned_by_the_current_rules(client, resident):
    PointsRule.objects.filter(action="rating_given").update(points=7, daily_cap=2)
    PointsRule.objects.filter(action="survey_vote").update(is_active=False)
    client.force_login(resident)
    page = client.get(reverse("points:history")).content.decode()
    assert "评价办理结果：7 分，每天最多 2 次" in page
    assert "参与问卷投票" not in page  # a rule the editors switched off is not promised
    response = client.get(reverse("points:history"))  # the page is never cached for another resident
    assert response["Cache-Control"].startswith("max-age=0")


def test_guessing_passphrases_is_rate_limited(client, resident):
    passphrase(max_redemptions=5)
    client.force_login(resident)
    with Clock.travel(local(DAY, 9)):
        for _ in range(10):
            client.post(reverse("points:redeem"), {"phrase": "猜一个"})
        response = client.post(reverse("points:redeem"), {"phrase": "春风十里"})
    assert "尝试次数太多" in response.content.decode()
    assert not PointsAccount.objects.filter(user=resident, balance__gt=0).exists()


def test_the_points_page_needs_an_account(client, db):
    response = client.get(reverse("points:history"))
    assert response.status_code == 302


@pytest.mark.postgresql_only("SQLite serialises every write; the row locks matter on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_redeeming_the_last_slots_get_exactly_the_cap():
    users = [get_user_model().objects.create_user(f"race{i}", password="pw-points-2026") for i in range(8)]
    now = timezone.now()
    Passphrase.objects.create(
        phrase="抢红包",
        points=5,
        valid_from=now - datetime.timedelta(hours=1),
        valid_until=now + datetime.timedelta(hours=1),
        max_redemptions=3,
    )
    results = []
    barrier = threading.Barrier(len(users))

    def redeem(user):
        try:
            barrier.wait()
            try:
                services.redeem(user, "抢红包")
                results.append("ok")
            except services.RedeemError:
                results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 3
    assert Passphrase.objects.get().redemption_count == 3
    assert PointsAward.objects.count() == 3


def test_a_survey_vote_earns_points_once_per_survey(client, resident, home):
    from home.factories import SurveyFormFieldFactory, SurveyPageFactory

    vote = SurveyPageFactory(parent=home, title="公园命名投票", one_per_person=False)
    SurveyFormFieldFactory(page=vote, label="名称", field_type="radio", choices="滨江公园\n望江公园")
    client.force_login(resident)
    client.post(vote.url, survey_answer(vote, "望江公园"))
    client.post(vote.url, survey_answer(vote, "滨江公园"))
    assert vote.get_submission_class().objects.filter(page=vote).count() == 2
    assert balance(resident) == PointsRule.objects.get(action=Action.SURVEY_VOTE).points


def survey_answer(page, choice):
    (field,) = page.get_form_fields()
    return {field.clean_name: choice}


def test_a_released_qa_question_earns_points_once(resident):
    from newsroom.factories import QAQuestionFactory
    from newsroom.qa import rules

    question = QAQuestionFactory(user=resident, status="pending", released_at=None)
    assert not PointsAccount.objects.filter(user=resident).exists()
    rules.release(question, media_centre_editor())
    question.save()
    assert balance(resident) == PointsRule.objects.get(action=Action.QA_QUESTION_RELEASED).points
