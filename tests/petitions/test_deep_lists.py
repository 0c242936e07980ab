"""Lists that do not slow with depth: the petitions API and Open311 by cursor, the board by page number.

A client that follows the cursor links sees every public petition once, in the board's order, and never a
hidden one; the queries of a page are the same on the first page and deep down, for short and long lists.
"""

import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions.factories import PetitionFactory
from petitions.models import Petition

pytestmark = pytest.mark.django_db

OPEN311 = "/open311/v2/requests.json"


def board_order():
    return list(Petition.objects.visible_on_board().values_list("number", flat=True))


def public_and_hidden(topic, count):
    """``count`` public petitions (all states the board shows) and one of each kind the public never sees."""
    states = ["accepted", "assigned", "processing", "replied", "closed"]
    public = [PetitionFactory(topic=topic, state=states[n % len(states)]) for n in range(count)]
    hidden = [
        PetitionFactory(topic=topic, state="pending"),
        PetitionFactory(topic=topic, state="rejected"),
        PetitionFactory(topic=topic, state="accepted", is_public=False),
    ]
    return public, hidden


def walk(client, url, key="next"):
    """Follow ``key`` links from ``url``; the numbers of every page, page by page."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([item["number"] for item in body["results"]])
        url = body[key]
    return pages


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


# --- the petitions API ---------------------------------------------------------------------------------


def test_the_first_page_is_the_board_as_before_and_page_numbers_still_work(client, topic):
    public_and_hidden(topic, 45)
    order = board_order()
    first = client.get("/api/petitions/").json()
    assert [item["number"] for item in first["results"]] == order[:20]
    assert first["count"] == 45 and first["previous"] is None
    assert client.get("/api/petitions/?page=1").json()["results"] == first["results"]
    third = client.get("/api/petitions/?page=3").json()
    assert [item["number"] for item in third["results"]] == order[40:45]
    assert third["next"] is None and third["count"] == 45
    # the next link of a numbered page continues it exactly
    second = client.get("/api/petitions/?page=2").json()
    assert client.get(first["next"]).json()["results"] == second["results"]
    assert client.get(second["next"]).json()["results"] == third["results"]
    response = client.get("/api/petitions/?page=4")
    assert response.status_code == 404 and response.json()["detail"]


def test_the_cursor_walks_every_public_petition_once_and_never_a_hidden_one(client, topic):
    public, hidden = public_and_hidden(topic, 45)
    pages = walk(client, "/api/petitions/")
    assert [len(page) for page in pages] == [20, 20, 5]
    seen = [number for page in pages for number in page]
    assert seen == board_order()
    assert sorted(seen) == sorted(petition.number for petition in public)
    assert not {petition.number for petition in hidden} & set(seen)
    # and back again from the last page
    last = client.get("/api/petitions/?page=3").json()
    back = walk(client, last["previous"], key="previous")
    assert [number for page in reversed(back) for number in page] == seen[:40]


def test_petitions_posted_in_the_same_instant_are_each_walked_once(client, topic):
    with time_machine.travel(timezone.now(), tick=False):
        for _number in range(25):
            PetitionFactory(topic=topic, state="accepted")
    assert Petition.objects.values("submitted_at").distinct().count() == 1
    seen = [number for page in walk(client, "/api/petitions/") for number in page]
    assert seen == board_order() and len(set(seen)) == 25


def test_the_cursor_keeps_the_filters_and_the_support_order(client, topic):
    public, _hidden = public_and_hidden(topic, 30)
    for petition in public[:7]:
        Petition.objects.filter(pk=petition.pk).update(support_count=petition.pk % 3 + 1)
    seen = [number for page in walk(client, "/api/petitions/?sort=support") for number in page]
    assert seen == list(
        Petition.objects.public()
        .order_by("-support_count", "-submitted_at", "-pk")
        .values_list("number", flat=True)
    )
    replied = [number for page in walk(client, "/api/petitions/?replied=yes") for number in page]
    assert replied == list(Petition.objects.public().with_reply().values_list("number", flat=True))
    assert replied and len(replied) < len(public)


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "eyJvIjoiLXN1Ym1pdHRlZF9hdCwtaWQiLCJ2IjpbMSwyXX0", "", "e30", "W10"],
)
def test_a_broken_cursor_gets_a_clear_json_message(client, topic, cursor):
    PetitionFactory(topic=topic, state="accepted")
    response = client.get("/api/petitions/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["detail"] == "翻页游标无效，请从列表的第一页重新开始。"


def test_a_cursor_of_one_order_is_refused_by_the_other(client, topic):
    public_and_hidden(topic, 25)
    support_next = client.get("/api/petitions/?sort=support").json()["next"]
    cursor = re.search(r"cursor=([^&]+)", support_next)[1]
    assert client.get("/api/petitions/", {"cursor": cursor}).status_code == 404


def test_api_queries_do_not_grow_with_the_list_or_the_depth(client, topic):
    public_and_hidden(topic, 25)
    client.get("/api/petitions/")  # warm the content types and the site
    first = queries(client, "/api/petitions/")
    deep_cursor = client.get("/api/petitions/").json()["next"]
    at_cursor = queries(client, deep_cursor)
    second_page = queries(client, "/api/petitions/?page=2")
    public_and_hidden(topic, 40)
    assert queries(client, "/api/petitions/") == first
    last_cursor = walk_to_last(client)
    assert queries(client, last_cursor) == at_cursor
    assert queries(client, "/api/petitions/?page=4") == second_page
    # a numbered page after the first looks its rows' ids up in the index first: one query more
    assert first <= 5 and at_cursor == first and second_page == first + 1


def walk_to_last(client):
    url, previous = "/api/petitions/", None
    while url:
        previous, url = url, client.get(url).json()["next"]
    return previous


# --- Open311 -------------------------------------------------------------------------------------------


def open311_pages(client, url):
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        pages.append([item["service_request_id"] for item in json.loads(response.content)])
        link = response.get("Link")
        url = re.fullmatch(r'<([^>]+)>; rel="next"', link)[1] if link else None
    return pages


def test_open311_pages_by_page_size_and_its_next_link_walks_every_public_request(client, topic):
    public, hidden = public_and_hidden(topic, 23)
    pages = open311_pages(client, OPEN311 + "?page_size=10")
    assert [len(page) for page in pages] == [10, 10, 3]
    seen = [number for page in pages for number in page]
    assert seen == board_order()
    assert not {petition.number for petition in hidden} & set(seen)
    # the default is the spec's: up to 1,000 of the last 90 days, in one answer without a next link
    response = client.get(OPEN311)
    assert [item["service_request_id"] for item in json.loads(response.content)] == seen
    assert "Link" not in response


def test_open311_paging_keeps_the_date_window(client, topic):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10), tick=True):
        old = [PetitionFactory(topic=topic, state="accepted") for _n in range(4)]
    recent = [PetitionFactory(topic=topic, state="accepted") for _n in range(5)]
    start = (timezone.now() - datetime.timedelta(days=3)).isoformat()
    pages = open311_pages(client, f"{OPEN311}?page_size=2&start_date={start.replace('+', '%2B')}")
    assert sorted(number for page in pages for number in page) == sorted(p.number for p in recent)
    end = (timezone.now() - datetime.timedelta(days=5)).isoformat().replace("+", "%2B")
    pages = open311_pages(client, f"{OPEN311}?page_size=3&start_date=2020-01-01T00:00:00Z&end_date={end}")
    assert sorted(number for page in pages for number in page) == sorted(p.number for p in old)


@pytest.mark.parametrize("size", ["0", "1001", "abc", "-3"])
def test_open311_refuses_a_page_size_out_of_range_in_the_spec_format(client, topic, size):
    response = client.get(OPEN311, {"page_size": size})
    assert response.status_code == 400
    assert json.loads(response.content)[0]["description"] == "page_size 应为 1 到 1000 之间的整数。"


def test_open311_refuses_a_broken_cursor_in_the_spec_format(client, topic):
    response = client.get(OPEN311, {"cursor": "nonsense"})
    assert response.status_code == 400
    assert "cursor" in json.loads(response.content)[0]["description"]


def test_open311_masks_each_text_as_the_board_does(client, topic):
    petition = PetitionFactory(
        topic=topic,
        state="accepted",
        title="电话13812345678不通",
        content="身份证110101199003071234，邮箱li.ming@example.com",
        address="幸福路12号，座机0571-88886666",
    )
    (item,) = json.loads(client.get(OPEN311).content)
    assert item["description"] == f"{petition.public_title}\n{petition.public_content}"
    assert item["address"] == petition.public_address
    raw = json.dumps(item, ensure_ascii=False)
    for secret in ("12345678", "19900307", "li.ming", "88886666"):
        assert secret not in raw


def test_open311_queries_do_not_grow_with_the_list_or_the_depth(client, topic):
    public_and_hidden(topic, 12)
    client.get(OPEN311)
    first = queries(client, OPEN311 + "?page_size=5")
    next_url = re.fullmatch(r'<([^>]+)>; rel="next"', client.get(OPEN311 + "?page_size=5")["Link"])[1]
    deeper = queries(client, next_url)
    PetitionFactory.create_batch(20, topic=topic, state="replied")
    assert queries(client, OPEN311 + "?page_size=5") == first
    assert queries(client, OPEN311) == first
    last = open311_last_page(client, OPEN311 + "?page_size=5")
    assert queries(client, last) == deeper
    assert max(first, deeper) <= 5


def open311_last_page(client, url):
    previous = None
    while url:
        link = client.get(url).get("Link")
        previous, url = url, (re.fullmatch(r'<([^>]+)>; rel="next"', link)[1] if link else None)
    return previous


# --- the board -----------------------------------------------------------------------------------------


def test_a_deep_board_page_shows_its_rows_with_the_queries_of_the_first(client, board, topic):
    public_and_hidden(topic, 25)
    client.get(board.url)
    first = queries(client, board.url)
    second = client.get(board.url + "?page=2")
    assert [p.number for p in second.context["petitions"]] == board_order()[20:25]
    public_and_hidden(topic, 40)
    assert queries(client, board.url) == first
    deep = client.get(board.url + "?page=4")
    assert [p.number for p in deep.context["petitions"]] == board_order()[60:]
    assert queries(client, board.url + "?page=4") == queries(client, board.url + "?page=2")
    assert queries(client, board.url + "?page=2") == first + 1  # the id lookup in the index
