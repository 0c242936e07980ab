"""View counts (浏览量) and live pages."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsroom import counters
from newsroom.factories import LivePageFactory, NewsArticlePageFactory
from newsroom.models import LivePage, PageViewCount

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_a_view_does_not_write_to_the_database_until_a_batch_is_full(headlines, django_assert_num_queries):
    story = publish(NewsArticlePageFactory(parent=headlines))
    with django_assert_num_queries(0):
        for _hit in range(counters.FLUSH_EVERY - 1):
            counters.record_view(story.pk)
    assert not PageViewCount.objects.filter(page_id=story.pk).exists()
    assert counters.view_count(story.pk) == counters.FLUSH_EVERY - 1

    counters.record_view(story.pk)  # the batch is full: one write moves it
    assert PageViewCount.objects.get(page_id=story.pk).count == counters.FLUSH_EVERY
    assert counters.pending(story.pk) == 0
    assert counters.view_count(story.pk) == counters.FLUSH_EVERY


def test_reading_an_article_counts_and_shows_views(client, headlines):
    story = publish(NewsArticlePageFactory(parent=headlines))
    for _hit in range(3):
        client.get(story.url)
    assert counters.pending(story.pk) == 3
    assert "浏览 4" in client.get(story.url).content.decode()


def test_the_flush_command_moves_what_is_left_and_publishing_keeps_the_count(headlines):
    story = publish(NewsArticlePageFactory(parent=headlines))
    for _hit in range(7):
        counters.record_view(story.pk)
    call_command("flush_view_counts", verbosity=0)
    assert PageViewCount.objects.get(page_id=story.pk).count == 7
    assert counters.pending(story.pk) == 0

    story.title = "修改后重新发布"
    publish(story)
    assert counters.view_count(story.pk) == 7


def test_a_live_page_is_upcoming_live_then_replay():
    now = timezone.now()
    page = LivePage(
        title="两会直播",
        starts_at=now + timezone.timedelta(hours=1),
        ends_at=now + timezone.timedelta(hours=3),
    )
    assert page.state_at(now) == LivePage.State.UPCOMING
    assert page.state_at(now + timezone.timedelta(hours=2)) == LivePage.State.LIVE
    assert page.state_at(now + timezone.timedelta(hours=4)) == LivePage.State.REPLAY
    slow = LivePage(title="滨江慢直播", starts_at=now - timezone.timedelta(days=30), ends_at=None)
    assert slow.state_at(now + timezone.timedelta(days=365)) == LivePage.State.LIVE


def test_the_live_page_shows_the_stream_while_live_and_the_replay_after(client, home):
    now = timezone.now()
    live = publish(LivePageFactory(parent=home, title="滨江公园慢直播"))
    html = client.get(live.url).content.decode()
    assert "直播中" in html and 'src="https://live.example.com/player/1"' in html

    ended = publish(
        LivePageFactory(
            parent=home,
            title="区两会开幕式",
            starts_at=now - timezone.timedelta(hours=5),
            ends_at=now - timezone.timedelta(hours=2),
            replay_url="https://live.example.com/replay/9",
        )
    )
    html = client.get(ended.url).content.decode()
    assert "回放" in html and "replay/9" in html and "player/1" not in html

    upcoming = publish(
        LivePageFactory(parent=home, title="新年音乐会", starts_at=now + timezone.timedelta(days=2))
    )
    html = client.get(upcoming.url).content.decode()
    assert "预告" in html and "<iframe" not in html


def test_a_live_page_refuses_plain_http_streams_and_backwards_times():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    page = LivePage(
        title="直播", slug="x", stream_url="http://insecure.example.com/", starts_at=now, ends_at=now
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert {"stream_url", "ends_at"} <= set(error.value.message_dict)
