"""The admin at scale: the department workbench, the moderation queue and the statistics make the same
number of queries whatever the archive holds, and their lists go page by page from a cursor.

Each archive is built through the workflow (``history.py``) under a stopped clock: petitions submitted,
dispatched, claimed, replied and rated (the archive), others dispatched and left (the queues), others
pending, and follow-ups held by the screening for a moderator.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission

from petitions import workflow
from petitions.factories import TopicFactory
from petitions.handling.moderation import ModerationQueueView
from petitions.handling.views import WorkbenchView
from petitions.models import Petition, PetitionMessage

from .history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def clock(db):
    with Clock.travel(local(MONDAY, 8)) as clock:
        yield clock


@pytest.fixture
def county(clock):
    water = department("西区水务局", "shuiwu")
    topic = TopicFactory(name="供水", slug="water", reply_days=5)
    history = History(media_centre_editor())
    return water, topic, history


def grow(county, clock, rounds):
    """``rounds`` times: 2 closed, 1 waiting to be claimed, 1 in progress, 1 pending, 1 held follow-up."""
    water, topic, history = county
    for _ in range(rounds):
        for _closed in range(2):
            petition = history.submitted(topic)
            history.dispatched(petition, water)
            history.replied(petition)
            history.rated(petition, "satisfied")
        history.dispatched(history.submitted(topic), water)
        claimed = history.submitted(topic)
        history.dispatched(claimed, water)
        history.claimed(claimed)
        history.submitted(topic)
        asked = history.submitted(topic)
        history.dispatched(asked, water)
        workflow.perform(
            asked, "follow_up", history.resident, body="请问进展如何？", status=PetitionMessage.Status.PENDING
        )
        clock.shift(minutes=5)


def signed_in(client, user, clock):
    client.force_login(user)  # on the test's clock, so the session is fresh
    return client


def staff_of(county):
    water, _topic, history = county
    user = history.staff(water)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def supervisor(django_user_model):
    user = django_user_model.objects.create_user("supervisor-scale", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    return user


def count_queries(client, url, django_assert_max_num_queries):
    client.get(url)  # the first visit also makes the user's admin profile
    with django_assert_max_num_queries(60) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


PAGES = [
    ("staff", "/admin/petitions/workbench/?tab=new"),
    ("staff", "/admin/petitions/workbench/?tab=processing"),
    ("staff", "/admin/petitions/workbench/?tab=overdue"),
    ("staff", "/admin/petitions/workbench/?tab=replied"),
    ("editor", "/admin/petitions/moderation/"),
    ("supervisor", "/admin/petitions/statistics/?start=2025-03-03&end=2026-03-02"),
    ("supervisor", "/admin/petitions/statistics/?start=2026-01-01&end=2026-12-31"),
]


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_queries_per_admin_page_do_not_grow_with_the_archive(
    who, url, county, clock, client, django_user_model, django_assert_max_num_queries
):
    users = {
        "staff": staff_of(county),
        "editor": county[2].moderator,
        "supervisor": supervisor(django_user_model),
    }
    grow(county, clock, 1)
    clock.shift(days=10)  # everything dispatched is overdue now
    small, _html = count_queries(signed_in(client, users[who], clock), url, django_assert_max_num_queries)
    grow(county, clock, 4)
    clock.shift(days=10)
    large, html = count_queries(signed_in(client, users[who], clock), url, django_assert_max_num_queries)
    assert Petition.objects.count() == 5 * 6
    assert large == small, (url, small, large)
    assert "MS-2026-" in html or "统计期" in html


def _numbers(html):
    return re.findall(r"MS-2026-\d{6}", html)


def _link(html, rel):
    found = re.search(rf'href="\?([^"]+)" rel="{rel}"', html)
    return found and found[1].replace("&amp;", "&")


def test_the_workbench_goes_page_by_page_from_a_cursor_and_back(county, clock, client, monkeypatch):
    monkeypatch.setattr(WorkbenchView, "per_page", 3)
    water, topic, history = county
    for _ in range(8):
        history.dispatched(history.submitted(topic), water)
        clock.shift(minutes=30)  # later dispatches are due later: the tab's order is known
    signed_in(client, staff_of(county), clock)
    html = client.get("/admin/petitions/workbench/?tab=new").content.decode()
    assert "待签收（8）" in html and _link(html, "prev") is None
    pages = [_numbers(html)]
    while _link(html, "next"):
        html = client.get(f"/admin/petitions/workbench/?{_link(html, 'next')}").content.decode()
        pages.append(_numbers(html))
    expected = list(
        Petition.objects.filter(status="assigned").order_by("due_at", "pk").values_list("number", flat=True)
    )
    assert [len(page) for page in pages] == [3, 3, 2]
    assert sum(pages, []) == expected
    html = client.get(f"/admin/petitions/workbench/?{_link(html, 'prev')}").content.decode()
    assert _numbers(html) == pages[1]
    # a cursor that is not one shows the first page, never an error
    assert _numbers(client.get("/admin/petitions/workbench/?tab=new&after=x-1").content.decode()) == pages[0]


def test_the_moderation_queue_goes_page_by_page_oldest_first(county, clock, client, monkeypatch):
    monkeypatch.setattr(ModerationQueueView, "per_page", 2)
    _water, topic, history = county
    for _ in range(5):
        history.submitted(topic)
        clock.shift(minutes=1)
    signed_in(client, history.moderator, clock)
    html = client.get("/admin/petitions/moderation/").content.decode()
    assert "待审核诉求（5）" in html
    seen = _numbers(html)
    while _link(html, "next"):
        html = client.get(f"/admin/petitions/moderation/?{_link(html, 'next')}").content.decode()
        seen += _numbers(html)
    oldest_first = Petition.objects.pending().order_by("submitted_at", "pk").values_list("number", flat=True)
    assert seen == list(oldest_first)
