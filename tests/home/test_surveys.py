"""Surveys and votes: residents submit once, editors see results, residents only where allowed."""

import pytest
from django.test import Client
from django.utils import timezone

from home.factories import SurveyFormFieldFactory, SurveyPageFactory
from home.models import SurveySubmission


def answers(page, **by_label):
    """Form data keyed by each field's clean name (Wagtail derives it from the Chinese label)."""
    names = {field.label: field.clean_name for field in page.get_form_fields()}
    return {names[label]: value for label, value in by_label.items()}


@pytest.fixture
def vote(home):
    page = SurveyPageFactory(parent=home, title="公园命名投票", results_public=True)
    SurveyFormFieldFactory(page=page, label="名称", field_type="radio", choices="滨江公园\n望江公园")
    return page


@pytest.fixture
def survey(home):
    page = SurveyPageFactory(parent=home, title="公交问卷", kind="survey", results_public=False)
    SurveyFormFieldFactory(page=page, label="出行目的", field_type="checkboxes", choices="上班\n就医\n购物")
    SurveyFormFieldFactory(page=page, label="建议", field_type="multiline", choices="", required=False)
    return page


def test_a_resident_votes_and_sees_the_public_results(client, vote):
    response = client.post(vote.url, answers(vote, 名称="望江公园"))
    assert response.status_code == 200
    assert "提交成功" in response.content.decode() or "感谢" in response.content.decode()
    assert SurveySubmission.objects.filter(page=vote).count() == 1

    results = client.get(vote.url + "results/")
    assert results.status_code == 200
    content = results.content.decode()
    assert "望江公园" in content and "1（100.0%）" in content


def test_a_second_submission_from_the_same_browser_is_refused(client, vote):
    client.post(vote.url, answers(vote, 名称="滨江公园"))
    again = client.post(vote.url, answers(vote, 名称="望江公园"))
    assert again.status_code == 403
    assert "您已经提交过了" in again.content.decode()
    assert SurveySubmission.objects.filter(page=vote).count() == 1
    # The form is not offered again either.
    assert '<form class="survey-form"' not in client.get(vote.url).content.decode()


def test_another_browser_can_still_vote(client, vote):
    client.post(vote.url, answers(vote, 名称="滨江公园"))
    Client().post(vote.url, answers(vote, 名称="望江公园"))
    assert SurveySubmission.objects.filter(page=vote).count() == 2


def test_a_signed_in_resident_votes_once_whichever_browser(django_user_model, vote):
    user = django_user_model.objects.create_user("resident", password="pw-resident-2026")
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    first.post(vote.url, answers(vote, 名称="滨江公园"))
    response = second.post(vote.url, answers(vote, 名称="望江公园"))
    assert response.status_code == 403
    assert SurveySubmission.objects.get(page=vote).user == user


def test_surveys_that_allow_repeats_take_them(client, home):
    page = SurveyPageFactory(parent=home, one_per_person=False)
    SurveyFormFieldFactory(page=page, label="意见", field_type="singleline", choices="")
    client.post(page.url, answers(page, 意见="第一次"))
    client.post(page.url, answers(page, 意见="第二次"))
    assert SurveySubmission.objects.filter(page=page).count() == 2


def test_an_invalid_answer_is_refused_with_the_form_again(client, vote):
    response = client.post(vote.url, answers(vote, 名称="不存在的选项"))
    assert response.status_code == 200
    assert SurveySubmission.objects.count() == 0
    assert 'class="error"' in response.content.decode()


def test_closed_and_upcoming_surveys_take_nothing(client, home):
    now = timezone.now()
    closed = SurveyPageFactory(parent=home, closes_at=now - timezone.timedelta(hours=1))
    upcoming = SurveyPageFactory(parent=home, opens_at=now + timezone.timedelta(days=1))
    for page in (closed, upcoming):
        SurveyFormFieldFactory(page=page, label="名称", field_type="radio", choices="甲\n乙")
        response = client.post(page.url, answers(page, 名称="甲"))
        assert response.status_code == 403
    assert SurveySubmission.objects.count() == 0


def test_private_results_are_for_editors_only(editor_client, survey):
    client = Client()
    client.post(survey.url, answers(survey, 出行目的=["上班", "就医"], 建议="增加夜班车"))
    assert client.get(survey.url + "results/").status_code == 403
    response = editor_client.get(survey.url + "results/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "上班" in content and "1（100.0%）" in content and "购物" in content


def test_results_count_each_option_of_multiple_choice(home, survey):
    answers_for = answers
    for chosen in (["上班"], ["上班", "购物"], ["就医"]):
        SurveySubmission.objects.create(page=survey, form_data=answers_for(survey, 出行目的=chosen))
    results = survey.get_results()
    assert results["total"] == 3
    counts = {option["label"]: option["count"] for option in results["questions"][0]["options"]}
    assert counts == {"上班": 2, "就医": 1, "购物": 1}


def test_submissions_are_rate_limited_per_address(client, home):
    page = SurveyPageFactory(parent=home, one_per_person=False)
    SurveyFormFieldFactory(page=page, label="意见", field_type="singleline", choices="")
    limit, _period = page.RATE_LIMIT
    for number in range(limit):
        assert client.post(page.url, answers(page, 意见=f"第{number}次")).status_code == 200
    response = client.post(page.url, answers(page, 意见="再一次"))
    assert response.status_code == 403
    assert "过于频繁" in response.content.decode()
    assert SurveySubmission.objects.count() == limit
