"""View counts (浏览量) and live pages."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsroom import counters
from newsroom.factories import LivePageFactory, NewsArticlePageFactory
from newsroom.models import LivePage, PageViewCount
from tests.helpers import redis_url

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
    # The page shows the views before this one; this one is counted once the page is served.
    assert "浏览 3" in client.get(story.url).content.decode()
    assert counters.pending(story.pk) == 4


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


def test_views_served_from_the_page_cache_are_counted_too(client, headlines, settings):
    from django.test import Client

    settings.RONGMEI_PAGE_CACHE_SECONDS = 60
    story = publish(NewsArticlePageFactory(parent=headlines))
    for _hit in range(5):
        response = Client().get(story.url)
        assert "X-Rongmei-Count-View" not in response.headers
    assert counters.pending(story.pk) == 5


@pytest.fixture
def redis_default_cache(settings):
    """Production's shared cache as the default cache, under a prefix of this test's own."""
    import uuid

    from django.core.cache import caches

    prefix = f"rongmei-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        },
    }
    yield caches["default"]
    client = caches["default"]._cache.get_client(write=True)
    for name in client.scan_iter(f"{prefix}:*"):
        client.delete(name)


@pytest.mark.skipif(redis_url() is None, reason="no Redis at TEST_REDIS_URL")
def test_on_redis_a_process_adds_its_views_once_a_second_in_one_round_trip(
    headlines, redis_default_cache, monkeypatch
):
    import time

    story = publish(NewsArticlePageFactory(parent=headlines))
    other = publish(NewsArticlePageFactory(parent=headlines))
    clock = [time.monotonic()]
    monkeypatch.setattr(counters.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(counters, "_buffer", counters._Buffer())
    for _view in range(3):
        counters.record_view(story.pk)
    counters.record_view(other.pk)
    assert counters.pending(story.pk) == 0  # held by this process for now
    round_trips = []
    original = counters.increment_many
    monkeypatch.setattr(
        counters, "increment_many", lambda *a, **k: round_trips.append(a) or original(*a, **k)
    )
    clock[0] += counters.BUFFER_SECONDS
    counters.record_view(story.pk)
    assert len(round_trips) == 1
    assert (counters.pending(story.pk), counters.pending(other.pk)) == (4, 1)


@pytest.mark.skipif(redis_url() is None, reason="no Redis at TEST_REDIS_URL")
def test_on_redis_every_batch_of_views_reaches_the_database_once(headlines, redis_default_cache, monkeypatch):
    story = publish(NewsArticlePageFactory(parent=headlines))
    monkeypatch.setattr(counters, "_buffer", counters._Buffer())
    for _view in range(counters.FLUSH_EVERY * 2 + 3):
        counters.record_view(story.pk)
    assert PageViewCount.objects.get(page=story).count == counters.FLUSH_EVERY * 2
    counters.flush_buffer()
    assert counters.view_count(story.pk) == counters.FLUSH_EVERY * 2 + 3
    call_command("flush_view_counts", verbosity=0)
    assert PageViewCount.objects.get(page=story).count == counters.FLUSH_EVERY * 2 + 3
