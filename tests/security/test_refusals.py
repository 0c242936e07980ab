"""What should be refused is refused: ids that are not whole numbers, yes/no that is neither, 同问 by script."""

import json

import pytest
from django.test import Client

from petitions.factories import PetitionFactory
from petitions.models import Petition


def post_json(client, url, data):
    return client.post(url, json.dumps(data), "application/json")


@pytest.mark.parametrize("value", [1.5, "1.5", True, "1e0", [1], {"id": 1}, "-1"])
def test_a_requested_department_that_is_not_a_whole_number_is_refused(client, api_data, department, value):
    response = post_json(client, "/api/petitions/", api_data(requested_department=value))
    assert response.status_code == 400, response.content
    assert "requested_department" in response.json()["errors"]
    assert not Petition.objects.exists()


def test_a_whole_number_department_is_still_taken(client, api_data, department):
    response = post_json(client, "/api/petitions/", api_data(requested_department=department.pk))
    assert response.status_code == 201, response.content
    assert Petition.objects.get().requested_department == department


@pytest.mark.parametrize("field", ["is_public", "is_anonymous"])
@pytest.mark.parametrize("value", ["maybe", {"yes": 1}, [True], 2, "是的"])
def test_a_yes_or_no_that_is_neither_is_refused(client, api_data, field, value):
    response = post_json(client, "/api/petitions/", api_data(**{field: value}))
    assert response.status_code == 400, response.content
    assert "true 或 false" in response.json()["errors"][field][0]
    assert not Petition.objects.exists()


@pytest.mark.parametrize(("value", "public"), [(True, True), (False, False), ("false", False), ("on", True)])
def test_real_yes_and_no_are_kept(client, api_data, value, public):
    response = post_json(client, "/api/petitions/", api_data(is_public=value))
    assert response.status_code == 201, response.content
    assert Petition.objects.get().is_public is public


def test_me_too_from_fresh_sessions_of_one_address_counts_a_few_times_a_day(board, topic):
    petition = PetitionFactory(topic=topic, state="accepted")
    url = f"{board.url}{petition.number}/support/"
    for _attempt in range(15):
        Client().post(url)  # a new session, no cookie, every time
    petition.refresh_from_db()
    assert petition.support_count == 3
    response = Client().post(url, follow=True)
    assert "次数已满" in response.content.decode()
    # another address is not affected
    Client(REMOTE_ADDR="10.0.0.9").post(url)
    petition.refresh_from_db()
    assert petition.support_count == 4


def test_an_account_supports_once_whatever_its_browser(board, topic, django_user_model):
    petition = PetitionFactory(topic=topic, state="accepted")
    user = django_user_model.objects.create_user("resident1", password="pw-resident-2026")
    url = f"{board.url}{petition.number}/support/"
    for _browser in range(3):
        client = Client()
        client.force_login(user)
        client.post(url)
    petition.refresh_from_db()
    assert petition.support_count == 1
