"""Feeds for aggregators: full-text RSS 2.0 and JSON Feed 1.1 per channel and for the whole site, read
as an aggregator reads them (feedparser for RSS), always fresh through the page cache."""

import datetime
import json

import feedparser
import pytest
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from newsroom.factories import ChannelPostPageFactory, NewsArticlePageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

ROOT = "https://news.example.cn"


@pytest.fixture(autouse=True)
def public_site(db):
    """The Site's hostname is the public one; requests come in as ``testserver`` (a proxy's view)."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "news.example.cn", 443
    site.save()
    return site


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120


def story(parent, **fields):
    return publish(NewsArticlePageFactory(parent=parent, **fields))


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    return parsed


def json_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    return document


def test_a_channel_feed_carries_each_story_in_full_with_dates_and_public_addresses(client, headlines):
    picture = get_image_model().objects.create(title="开园现场", file=get_test_image_file())
    published = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 30))
    opening = story(
        headlines,
        title="滨江公园今日开园",
        summary="历时两年建设的滨江公园正式向市民开放。",
        author="李记者",
        date=published,
        cover_image=picture,
        body=[
            ("paragraph", '<p>上午九点，首批游客入园。<a href="/zh-hans/services/">便民服务</a></p>'),
            ("image", {"image": picture, "caption": "南门"}),
        ],
    )
    story(headlines, title="较早的一篇", date=published - datetime.timedelta(days=1))

    feed = rss(client, headlines.url + "feed/")
    assert feed.feed.title == "要闻"
    assert feed.feed.link == ROOT + headlines.url
    assert [entry.title for entry in feed.entries] == ["滨江公园今日开园", "较早的一篇"]
    entry = feed.entries[0]
    assert entry.link == ROOT + opening.url
    assert entry.id == ROOT + opening.url
    assert entry.summary == "历时两年建设的滨江公园正式向市民开放。"
    assert entry.author == "李记者"
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == published
    full_text = entry.content[0].value
    assert "上午九点，首批游客入园。" in full_text
    assert f'href="{ROOT}/zh-hans/services/"' in full_text
    assert f'src="{ROOT}/' in full_text  # the cover and the body's picture, on the public host
    assert 'src="/' not in full_text and "testserver" not in full_text

    document = json_feed(client, headlines.url + "feed/json/")
    assert document["home_page_url"] == ROOT + headlines.url
    assert document["feed_url"] == ROOT + headlines.url + "feed/json/"
    item = document["items"][0]
    assert item["id"] == item["url"] == ROOT + opening.url
    assert item["title"] == "滨江公园今日开园"
    assert item["summary"] == "历时两年建设的滨江公园正式向市民开放。"
    assert "上午九点，首批游客入园。" in item["content_html"]
    assert item["image"].startswith(ROOT + "/")
    assert item["authors"] == [{"name": "李记者"}]
    assert datetime.datetime.fromisoformat(item["date_published"]) == published
    assert [item["title"] for item in document["items"]] == ["滨江公园今日开园", "较早的一篇"]


def test_drafts_and_private_stories_never_appear_in_any_feed(client, headlines, transport_channel):
    story(headlines, title="公开的稿件")
    NewsArticlePageFactory(parent=headlines, title="尚未发布的稿件", live=False)
    hidden = story(headlines, title="仅限内部的稿件")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="secret-2026")
    post = publish(ChannelPostPageFactory(parent=transport_channel, title="内部通知"))
    PageViewRestriction.objects.create(page=post, restriction_type="password", password="secret-2026")

    for url in (headlines.url + "feed/", "/zh-hans/feed/", transport_channel.url + "feed/"):
        text = client.get(url).content.decode()
        assert "尚未发布的稿件" not in text and "仅限内部的稿件" not in text and "内部通知" not in text
    for url in (headlines.url + "feed/json/", "/zh-hans/feed/json/", transport_channel.url + "feed/json/"):
        titles = [item["title"] for item in json_feed(client, url)["items"]]
        assert "尚未发布的稿件" not in titles and "仅限内部的稿件" not in titles and "内部通知" not in titles
    assert [entry.title for entry in rss(client, "/zh-hans/feed/").entries] == ["公开的稿件"]


def test_the_site_feed_merges_news_and_department_posts_newest_first(client, headlines, transport_channel):
    now = timezone.now()
    story(headlines, title="要闻一则", date=now - datetime.timedelta(hours=2))
    publish(
        ChannelPostPageFactory(
            parent=transport_channel, title="12路公交线路调整公告", date=now - datetime.timedelta(hours=1)
        )
    )

    feed = rss(client, "/zh-hans/feed/")
    assert [entry.title for entry in feed.entries] == ["12路公交线路调整公告", "要闻一则"]
    assert feed.feed.link == ROOT + "/zh-hans/"
    assert feed.entries[0].link.startswith(ROOT + transport_channel.url)
    document = json_feed(client, "/zh-hans/feed/json/")
    assert document["feed_url"] == ROOT + "/zh-hans/feed/json/"
    assert [item["title"] for item in document["items"]] == ["12路公交线路调整公告", "要闻一则"]


def test_a_story_is_in_the_feeds_at_once_after_publishing(headlines, committed):
    with committed():
        story(headlines, title="第一篇")
    reader = Client()
    urls = [headlines.url + "feed/", headlines.url + "feed/json/", "/zh-hans/feed/", "/zh-hans/feed/json/"]
    for url in urls:
        assert "第一篇" in reader.get(url).content.decode()
        # the second read comes from the page cache: still there, and still stale-free below
        assert "第一篇" in reader.get(url).content.decode()

    with committed():
        story(headlines, title="刚刚发布的快讯")
    for url in urls:
        assert "刚刚发布的快讯" in reader.get(url).content.decode(), url

    with committed():
        unpublished = headlines.get_children().live().get(title="第一篇")
        unpublished.unpublish()
    for url in urls:
        assert "第一篇" not in reader.get(url).content.decode(), url


def test_the_feeds_are_served_from_the_page_cache(client, headlines, django_assert_num_queries):
    story(headlines, title="缓存里的稿件")
    client.get(headlines.url + "feed/")
    client.get("/zh-hans/feed/")
    with django_assert_num_queries(0):
        assert "缓存里的稿件" in client.get(headlines.url + "feed/").content.decode()
        assert "缓存里的稿件" in client.get("/zh-hans/feed/").content.decode()


def test_channel_pages_and_the_home_page_link_their_feeds(client, home, headlines, transport_channel):
    for page in (headlines, transport_channel):
        html = client.get(page.url).content.decode()
        assert (
            f'<link rel="alternate" type="application/rss+xml" title="{page.title}" href="{page.url}feed/">'
            in html
        )
        assert f'type="application/feed+json" title="{page.title}" href="{page.url}feed/json/"' in html
    html = client.get(home.url).content.decode()
    assert 'type="application/rss+xml" title="全站最新报道" href="/zh-hans/feed/"' in html
    assert 'type="application/feed+json" title="全站最新报道" href="/zh-hans/feed/json/"' in html


def test_the_english_site_feed_lists_chinese_only_stories_and_speaks_english(client, headlines):
    story(headlines, title="只有中文版的稿件")
    feed = rss(client, "/en/feed/")
    assert [entry.title for entry in feed.entries] == ["只有中文版的稿件"]
    assert feed.feed.description == "The latest stories of the whole site"
    assert feed.feed.link == ROOT + "/en/"


# --- the reading view and its share card -----------------------------------------------------------


def test_a_story_has_a_reading_view_for_phones_with_its_share_card(client, headlines):
    picture = get_image_model().objects.create(title="开园现场", file=get_test_image_file())
    opening = story(
        headlines,
        title="滨江公园今日开园",
        summary="历时两年建设的滨江公园正式向市民开放。",
        cover_image=picture,
        body=[("paragraph", "<p>上午九点，首批游客入园。</p>")],
    )
    page = client.get(opening.url).content.decode()
    reading_url = opening.url + "read/"
    assert f'href="{reading_url}"' in page  # reachable from the story
    assert f'property="og:image" content="{ROOT}/' in page

    response = client.get(reading_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "上午九点，首批游客入园。" in html
    assert f'<link rel="canonical" href="{ROOT}{opening.url}">' in html
    assert f'<meta property="og:url" content="{ROOT}{opening.url}">' in html
    assert '<meta property="og:title" content="滨江公园今日开园">' in html
    assert '<meta property="og:description" content="历时两年建设的滨江公园正式向市民开放。">' in html
    assert '<meta itemprop="name" content="滨江公园今日开园">' in html
    assert f'<meta itemprop="image" content="{ROOT}/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'class="share-card"' in html and f'value="{ROOT}{opening.url}"' in html
    assert 'name="viewport"' in html
    assert "main-nav" not in html and "site-header" not in html  # the story alone
    assert html.index('class="article-cover"') < html.index('class="article-body"')  # WeChat's thumbnail


def test_the_reading_view_speaks_the_visitors_language(client, headlines):
    opening = story(headlines, title="只有中文版的稿件")
    english = client.get("/en/" + opening.url.split("/", 2)[2] + "read/")
    assert english.status_code == 200
    assert "Share this story" in english.content.decode()
    traditional = client.get("/zh-hant/" + opening.url.split("/", 2)[2] + "read/").content.decode()
    assert "分享這篇報道" in traditional


def test_a_draft_has_no_reading_view(client, headlines):
    draft = NewsArticlePageFactory(parent=headlines, title="尚未发布的稿件", live=False)
    assert client.get(draft.url + "read/").status_code == 404


def test_a_channel_post_s_preview_picture_is_addressed_from_the_site_on_every_host_name(
    client, transport_channel
):
    """The page cache keeps the first rendering for every visitor, so no host name a request came in on
    (any of ALLOWED_HOSTS) may end up in it: the picture's address is the Site's."""
    picture = get_image_model().objects.create(title="公交新线路", file=get_test_image_file())
    post = publish(
        ChannelPostPageFactory(parent=transport_channel, title="新开 12 路公交", cover_image=picture)
    )
    for host in ("localhost", "127.0.0.1"):
        html = client.get(post.url, HTTP_HOST=host).content.decode()
        assert f'<meta property="og:image" content="{ROOT}/' in html
        assert f"//{host}" not in html


def test_a_preview_picture_already_on_a_host_of_its_own_is_left_as_it_is(rf):
    """Media on S3 gives renditions absolute addresses; prefixing the site's would break them."""
    from django.template import engines

    template = engines["django"].from_string("{% load rongmei_tags %}{% public_address url %}")
    request = rf.get("/")
    on_s3 = "https://media.example.cn/images/bus.fill-1200x630.jpg"
    assert template.render({"url": on_s3}, request) == on_s3
    assert template.render({"url": "/media/images/bus.jpg"}, request) == f"{ROOT}/media/images/bus.jpg"


def test_the_traditional_script_feeds_read_as_the_traditional_script_pages_do(client, headlines):
    """Stories stored in simplified script reach /zh-hant/ feeds converted, as /zh-hant/ pages do; their
    addresses stay as they are."""
    opening = story(
        headlines,
        title="滨江公园今日开园",
        summary="历时两年建设的滨江公园正式向市民开放。",
        body=[("paragraph", '<p>上午九点，首批游客<a href="/zh-hans/guides/">入园</a>。</p>')],
    )
    feed = rss(client, "/zh-hant/feed/")
    (entry,) = feed.entries
    assert entry.title == "濱江公園今日開園"
    assert entry.summary == "歷時兩年建設的濱江公園正式向市民開放。"
    assert "首批遊客" in entry.content[0].value and f'href="{ROOT}/zh-hans/guides/"' in entry.content[0].value
    assert entry.link == opening.get_full_url()
    document = json_feed(client, "/zh-hant/feed/json/")
    assert document["items"][0]["title"] == "濱江公園今日開園"
    assert "首批遊客" in document["items"][0]["content_html"]
    assert rss(client, "/zh-hans/feed/").entries[0].title == "滨江公园今日开园"
