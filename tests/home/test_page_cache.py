"""The page cache: anonymous visitors share rendered pages until something is published."""

import pytest
from django.core.cache import caches
from django.test import Client

from home.factories import StandardPageFactory, SurveyFormFieldFactory, SurveyPageFactory
from petitions import workflow
from petitions.factories import EditorFactory, PetitionFactory
from rongmei.cache import GENERATION_KEY


@pytest.fixture
def page_cache(settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 60


def test_a_second_visit_is_served_without_the_database(page_cache, home, django_assert_num_queries):
    page = StandardPageFactory(parent=home, title="办事须知")
    Client().get(page.url)
    with django_assert_num_queries(0):
        response = Client().get(page.url)
    assert response.status_code == 200
    assert "办事须知" in response.content.decode()


def test_publishing_shows_the_change_at_once(page_cache, home):
    page = StandardPageFactory(parent=home, title="旧标题")
    assert "旧标题" in Client().get(page.url).content.decode()
    page.title = "新标题"
    page.save_revision().publish()
    assert "新标题" in Client().get(page.url).content.decode()


def test_unpublished_edits_stay_hidden_and_cached(page_cache, home):
    page = StandardPageFactory(parent=home, title="已发布")
    Client().get(page.url)
    page.title = "草稿修改"
    page.save_revision()  # a draft: nothing changes for residents
    assert "已发布" in Client().get(page.url).content.decode()


def test_visitors_with_a_session_always_get_a_fresh_page(page_cache, home, editor_client):
    page = StandardPageFactory(parent=home, title="原标题")
    Client().get(page.url)
    StandardPageFactory._meta.model.objects.filter(pk=page.pk).update(title="直接修改")
    assert "直接修改" in editor_client.get(page.url).content.decode()
    assert "原标题" in Client().get(page.url).content.decode()


def test_pages_with_a_form_are_not_shared(page_cache, home):
    survey = SurveyPageFactory(parent=home)
    SurveyFormFieldFactory(page=survey)
    first = Client().get(survey.url)
    second = Client().get(survey.url)
    token = 'name="csrfmiddlewaretoken" value="'
    first_token = first.content.decode().split(token)[1].split('"')[0]
    second_token = second.content.decode().split(token)[1].split('"')[0]
    assert first_token != second_token
    assert "csrftoken" in second.cookies


def test_a_petition_changing_empties_the_page_cache(page_cache, home):
    caches["default"].set(GENERATION_KEY, 5, timeout=None)
    petition = PetitionFactory()  # posted
    assert caches["default"].get(GENERATION_KEY) == 6
    workflow.perform(petition, "accept", EditorFactory())  # and accepted: on the board now
    assert caches["default"].get(GENERATION_KEY) == 7
