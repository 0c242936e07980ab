"""With the page cache on, a page shows a change of what it shows at once, and only those pages are purged.

A purge runs when its transaction commits; a test's transaction never commits, so each change runs inside
``committed()``, which runs the commit callbacks where the commit would.
"""

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from home.factories import StandardPageFactory
from newsroom.factories import NewsArticlePageFactory
from petitions import workflow
from petitions.factories import EditorFactory, PetitionFactory, department_staff
from petitions.models import Petition
from rongmei import cache as rongmei_cache

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120


def stored(url):
    key = rongmei_cache.entry_key(f"http://testserver{url}")
    return any(name.endswith(key) for name in caches["pages"]._cache)


def follow_up(echo, petition, committed):
    body = [
        ("paragraph", "<p>记者回访了留言的居民。</p>"),
        ("petition", {"petition": petition, "heading": "", "show_thread": True}),
    ]
    with committed():
        return publish(
            NewsArticlePageFactory(parent=echo, title="融媒回声｜路灯", is_follow_up=True, body=body)
        )


def petition_url(board, petition):
    return board.url + board.reverse_subpage("detail", args=[petition.number])


@pytest.mark.parametrize("fragment_seconds", [0, 600], ids=["page cache", "page cache and fragments"])
def test_a_reply_shows_at_once_in_the_story_that_embeds_the_petition(
    echo, transport, committed, settings, fragment_seconds
):
    """Also when the story's body is a cached fragment: what it embeds purges it too."""
    settings.RONGMEI_FRAGMENT_CACHE_SECONDS = fragment_seconds
    with committed():
        petition = PetitionFactory(title="路灯不亮", state=Petition.Status.PROCESSING, department=transport)
    story = follow_up(echo, petition, committed)
    before = Client().get(story.url).content.decode()
    assert "路灯不亮" in before and "路灯已于昨日修复" not in before
    assert stored(story.url)  # the story is cached now

    with committed():
        workflow.perform(petition, "reply", department_staff(transport), body="路灯已于昨日修复。")

    after = Client().get(story.url).content.decode()
    assert "路灯已于昨日修复" in after
    assert str(Petition.Status.REPLIED.label) in after


def test_the_board_shows_a_new_public_petition_at_once(board, committed):
    with committed():
        PetitionFactory(title="第一条诉求", state=Petition.Status.ACCEPTED)
    assert "第一条诉求" in Client().get(board.url).content.decode()
    assert stored(board.url)

    with committed():
        PetitionFactory(title="刚刚受理的诉求", state=Petition.Status.ACCEPTED)

    assert "刚刚受理的诉求" in Client().get(board.url).content.decode()


def test_publishing_an_unrelated_page_does_not_purge_the_petition_page(board, home, committed):
    with committed():
        petition = PetitionFactory(title="公交站牌破损", state=Petition.Status.ACCEPTED)
    url = petition_url(board, petition)
    assert "公交站牌破损" in Client().get(url).content.decode()
    assert stored(url)

    with committed():
        publish(StandardPageFactory(parent=home, title="关于我们"))

    assert stored(url)


def test_a_petition_change_purges_its_page_the_board_and_the_home_page_but_not_other_petitions(
    board, home, transport, committed
):
    with committed():
        changed = PetitionFactory(title="路面塌陷", state=Petition.Status.ACCEPTED)
        other = PetitionFactory(title="噪音扰民", state=Petition.Status.ACCEPTED)
    pages = [petition_url(board, changed), petition_url(board, other), board.url, home.url]
    for url in pages:
        Client().get(url)
    assert all(stored(url) for url in pages)

    with committed():
        workflow.perform(changed, "dispatch", EditorFactory(), department=transport)

    assert [stored(url) for url in pages] == [False, True, False, False]


def test_no_page_is_more_than_five_seconds_older_than_the_database(echo, board, transport, committed):
    """Pages cached a while ago (well within the cache's 120 s) show each later step at once."""
    with committed():
        petition = PetitionFactory(title="小区停车难", state=Petition.Status.PROCESSING, department=transport)
    story = follow_up(echo, petition, committed)
    pages = [story.url, petition_url(board, petition)]
    steps = [
        (department_staff(transport), "reply", {"body": "已协调增设车位。"}),
        (EditorFactory(), "note", {"body": "融媒体中心将继续回访。", "is_public": True}),
    ]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for actor, name, data in steps:
            for url in pages:
                Client().get(url)
                assert stored(url)
            clock.shift(60)
            with committed():
                workflow.perform(petition, name, actor, **data)
            for url in pages:
                assert data["body"].rstrip("。") in Client().get(url).content.decode(), (name, url)
