"""The board by area (所在街镇): a resident picks a town or street and sees the petitions handled there (by
it or a unit under it) or asked of it, with the other filters, page numbers and the page cache as before."""

import pytest
from django.test import Client

from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import Department


@pytest.fixture
def areas():
    street = DepartmentFactory(name="苏铁街道", slug="sutie", kind=Department.Kind.STREET)
    town = DepartmentFactory(name="格里坪镇", slug="gelipin", kind=Department.Kind.TOWN)
    community = DepartmentFactory(name="苏铁社区", slug="sutie-community", parent=street)
    bureau = DepartmentFactory(name="区住建局", slug="zhujian")
    return {"street": street, "town": town, "community": community, "bureau": bureau}


def titles(response):
    return {petition.title for petition in response.context["petitions"]}


def test_the_area_list_offers_the_towns_and_streets_only(client, board, areas):
    field = client.get(board.url).context["filters"]["area"]
    names = [label for value, label in field.field.choices if value]
    assert names == ["格里坪镇", "苏铁街道"] or set(names) == {"格里坪镇", "苏铁街道"}


def test_an_area_shows_what_it_or_a_unit_under_it_handles_and_what_residents_asked_of_it(
    client, board, topic, areas
):
    PetitionFactory(topic=topic, title="街道办理的路灯问题", state="assigned", department=areas["street"])
    PetitionFactory(topic=topic, title="社区办理的楼道问题", state="assigned", department=areas["community"])
    PetitionFactory(
        topic=topic, title="居民点名街道的垃圾问题", state="accepted", requested_department=areas["street"]
    )
    PetitionFactory(topic=topic, title="镇上办理的道路问题", state="assigned", department=areas["town"])
    PetitionFactory(topic=topic, title="住建局办理的工地问题", state="assigned", department=areas["bureau"])

    response = client.get(board.url, {"area": areas["street"].pk})
    assert titles(response) == {"街道办理的路灯问题", "社区办理的楼道问题", "居民点名街道的垃圾问题"}
    assert titles(client.get(board.url, {"area": areas["town"].pk})) == {"镇上办理的道路问题"}
    both = client.get(board.url, {"area": areas["street"].pk, "status": "accepted"})
    assert titles(both) == {"居民点名街道的垃圾问题"}


@pytest.mark.parametrize("value", ["abc", "1.5", "１", "99999999999999999999999"])
def test_an_area_that_is_no_choice_shows_the_whole_board_with_a_message_not_an_error(
    client, board, topic, areas, value
):
    PetitionFactory(topic=topic, title="住建局办理的工地问题", state="assigned", department=areas["bureau"])
    response = client.get(board.url, {"area": value})
    assert response.status_code == 200
    assert titles(response) == {"住建局办理的工地问题"}
    assert response.context["filters"].errors["area"]


def test_a_bureau_is_not_an_area(client, board, topic, areas):
    response = client.get(board.url, {"area": areas["bureau"].pk})
    assert response.context["filters"].errors["area"]


def test_filtering_by_area_costs_no_more_queries_than_the_plain_board(
    client, board, topic, areas, django_assert_max_num_queries
):
    for number in range(25):
        PetitionFactory(
            topic=topic, title=f"街道办理的问题第{number}件", state="assigned", department=areas["street"]
        )
    client.get(board.url)  # warm caches (site, locale)
    with django_assert_max_num_queries(25) as plain:
        client.get(board.url)
    with django_assert_max_num_queries(len(plain.captured_queries)):
        first = client.get(board.url, {"area": areas["street"].pk})
    with django_assert_max_num_queries(
        len(plain.captured_queries) + 1
    ):  # a deep page: the ids, then the rows
        second = client.get(board.url, {"area": areas["street"].pk, "page": 2})
    assert len(first.context["petitions"]) == 20 and len(second.context["petitions"]) == 5
    assert not titles(first) & titles(second)


def test_a_new_street_appears_in_the_cached_boards_filter(
    board, areas, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120
    assert "新建街道" not in Client().get(board.url).content.decode()
    with django_assert_num_queries(0):  # the board is served from the page cache
        Client().get(board.url)
    with django_capture_on_commit_callbacks(execute=True):
        DepartmentFactory(name="新建街道", slug="new-street", kind=Department.Kind.STREET)
    assert "新建街道" in Client().get(board.url).content.decode()


def test_the_api_lists_an_area_as_the_board_does_and_says_when_the_area_is_no_choice(client, topic, areas):
    PetitionFactory(topic=topic, title="街道办理的路灯问题", state="assigned", department=areas["street"])
    PetitionFactory(topic=topic, title="住建局办理的工地问题", state="assigned", department=areas["bureau"])
    response = client.get("/api/petitions/", {"area": areas["street"].pk})
    assert [item["title"] for item in response.json()["results"]] == ["街道办理的路灯问题"]
    refused = client.get("/api/petitions/", {"area": areas["bureau"].pk})
    assert refused.status_code == 400 and refused.json()["errors"]["area"]
    assert "area" in client.get("/api/openapi.json").content.decode()
