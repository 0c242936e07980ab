"""The petition page is the same for every anonymous visitor, so the page cache shares it; its 同问 form
gets each visitor's own CSRF token from ``/csrf/`` (or, without JavaScript, from a confirmation page)."""

import pytest
from django.test import Client

from petitions.factories import PetitionFactory
from petitions.models import Petition
from rongmei import cache as rongmei_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120


@pytest.fixture
def petition(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return PetitionFactory(title="幸福路积水", state=Petition.Status.ACCEPTED)


def detail_url(board, petition):
    return f"{board.url}{petition.number}/"


def support_count(petition):
    return Petition.objects.get(pk=petition.pk).support_count


def test_an_anonymous_visitor_gets_the_shared_page_without_a_token_or_a_cookie(
    board, petition, django_assert_num_queries
):
    first = Client().get(detail_url(board, petition))
    assert first.status_code == 200
    assert not first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    with django_assert_num_queries(0):
        second = Client().get(detail_url(board, petition))
    assert second.content == first.content


def test_the_support_form_posts_with_the_token_it_fetched(
    board, petition, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(detail_url(board, petition)).content.decode()
    assert 'data-csrf-url="/csrf/"' in html
    token = browser.get("/csrf/").json()["token"]
    assert "csrftoken" in browser.cookies
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"{detail_url(board, petition)}support/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert support_count(petition) == 1
    # the supporter's browser now sees its own page: "已同问", and the new count
    page = browser.get(detail_url(board, petition)).content.decode()
    assert "已同问" in page and "1 人同问" in page
    # and everyone else the new count at once
    assert "1 人同问" in Client().get(detail_url(board, petition)).content.decode()


def test_a_support_without_a_token_is_refused(board, petition):
    browser = Client(enforce_csrf_checks=True)
    browser.get(detail_url(board, petition))
    response = browser.post(f"{detail_url(board, petition)}support/")
    assert response.status_code == 403
    assert support_count(petition) == 0


def test_without_javascript_the_button_leads_to_a_form_with_the_token(board, petition):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(detail_url(board, petition)).content.decode()
    confirm_url = f"{detail_url(board, petition)}support/confirm/"
    assert f'action="{confirm_url}"' in html
    confirm = browser.get(confirm_url)
    assert confirm.status_code == 200
    assert "no-cache" in confirm["Cache-Control"]
    token = confirm.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(f"{detail_url(board, petition)}support/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert support_count(petition) == 1


def test_the_page_cache_holds_the_petition_page_under_its_own_tag(board, petition):
    url = detail_url(board, petition)
    Client().get(url)
    key = rongmei_cache.entry_key(f"http://testserver{url}")
    assert rongmei_cache.object_tag(petition) == f"petitions.petition:{petition.pk}"
    assert rongmei_cache.purge_now(rongmei_cache.object_tag(petition)) == [f"http://testserver{url}"]
    assert not any(name.endswith(key) for name in rongmei_cache._pages()._cache)
