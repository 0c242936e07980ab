"""News channels and articles: what a reader sees, and what a reader cannot break."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from newsroom.factories import NewsArticlePageFactory
from newsroom.models import NewsArticlePage, RelatedArticle

from .conftest import publish

pytestmark = pytest.mark.django_db


def make_image(title="测试图片"):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def article(parent, **fields):
    tags = fields.pop("tags", [])
    page = NewsArticlePageFactory(parent=parent, **fields)
    if tags:
        page.tags.add(*tags)
    return publish(page)


def gallery(*images):
    return (
        "gallery",
        {"title": "现场图集", "items": [{"image": image, "caption": "现场"} for image in images]},
    )


def test_an_article_with_tags_and_a_gallery_shows_on_home_channel_tag_page_and_feed(client, home, headlines):
    pictures = [make_image("现场一"), make_image("现场二")]
    story = article(
        headlines,
        title="滨江公园今日开园",
        summary="历时两年建设的滨江公园正式向市民开放。",
        cover_image=pictures[0],
        body=[("paragraph", "<p>上午九点，首批游客入园。</p>"), gallery(*pictures)],
        tags=["城市建设", "公园"],
    )

    page = client.get(story.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "滨江公园今日开园" in html
    assert "block-gallery" in html
    assert html.count('class="gallery-caption"') == 2
    assert 'property="og:type" content="article"' in html
    assert 'property="og:image"' in html
    assert '<meta name="description" content="历时两年建设的滨江公园正式向市民开放。">' in html

    assert "滨江公园今日开园" in client.get(home.url).content.decode()
    assert "滨江公园今日开园" in client.get(headlines.url).content.decode()

    tag_url = headlines.url + headlines.reverse_subpage("tag", args=["公园"])
    assert tag_url in html
    tag_page = client.get(tag_url)
    assert tag_page.status_code == 200
    assert "滨江公园今日开园" in tag_page.content.decode()

    feed = client.get(headlines.url + "feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert "滨江公园今日开园" in feed.content.decode()
    assert story.full_url in feed.content.decode()  # from the Site, not the request
    assert "testserver" not in feed.content.decode()


def test_a_channel_lists_newest_first_and_paginates(client, headlines):
    now = timezone.now()
    for number in range(25):
        article(headlines, title=f"第{number}号稿件", date=now - timezone.timedelta(hours=number))
    first = client.get(headlines.url).content.decode()
    assert first.index("第0号稿件") < first.index("第1号稿件")
    assert "第24号稿件" not in first
    second = client.get(headlines.url + "?page=2").content.decode()
    assert "第24号稿件" in second and "第0号稿件" not in second
    # Nonsense page numbers fall back to a real page rather than failing.
    assert client.get(headlines.url + "?page=abc").status_code == 200
    assert client.get(headlines.url + "?page=999").status_code == 200


def test_drafts_never_show_in_channels_tags_or_feeds(client, headlines):
    draft = NewsArticlePageFactory(parent=headlines, title="尚未发布的稿件", live=False)
    draft.tags.add("草稿")
    draft.save()
    assert "尚未发布的稿件" not in client.get(headlines.url).content.decode()
    assert "尚未发布的稿件" not in client.get(headlines.url + "feed/").content.decode()
    assert client.get(headlines.url + "tag/草稿/").content.decode().count("尚未发布的稿件") == 0


@pytest.mark.parametrize(
    "path", ["tag/没有这个标签/", "tag/", "feed/extra/", "no-such-article/", "tag/%00/", "feed/rss.xml"]
)
def test_unknown_tags_pages_and_feeds_answer_404(client, headlines, path):
    article(headlines, title="一篇稿件", tags=["民生"])
    assert client.get(headlines.url + path).status_code == 404


def test_unknown_department_channel_feed_paths_answer_404(client, transport_channel):
    assert client.get(transport_channel.url + "feed/").status_code == 200
    assert client.get(transport_channel.url + "feed/atom/").status_code == 404
    assert client.get(transport_channel.url + "no-such-post/").status_code == 404


def test_related_articles_are_the_editors_choice_then_shared_tags(headlines):
    chosen = article(headlines, title="编辑选定", tags=["无关"])
    close = article(headlines, title="两个相同标签", tags=["交通", "地铁"])
    loose = article(headlines, title="一个相同标签", tags=["交通"])
    article(headlines, title="毫不相关", tags=["体育"])
    story = NewsArticlePageFactory(parent=headlines, title="地铁三号线开通")
    story.tags.add("交通", "地铁")
    story.related_articles = [RelatedArticle(article=chosen)]
    story = publish(story)

    titles = [page.title for page in story.related_articles_for_display()]
    assert titles == ["编辑选定", "两个相同标签", "一个相同标签"]
    assert close.pk != loose.pk


def _count_list_queries(client, url):
    client.get(url)  # renditions exist after the first view
    cache.clear()  # count the queries of a list that is not in the fragment cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_channel_list_makes_the_same_queries_for_5_and_50_articles(client, headlines):
    picture = make_image("封面")
    for number in range(5):
        article(
            headlines, title=f"稿件{number}", cover_image=picture if number % 2 else make_image(f"图{number}")
        )
    with_5 = _count_list_queries(client, headlines.url)
    for number in range(5, 50):
        article(headlines, title=f"稿件{number}", cover_image=make_image(f"图{number}"))
    with_50 = _count_list_queries(client, headlines.url)
    assert with_5 == with_50


def test_the_department_channel_makes_the_same_queries_for_5_and_50_posts(client, transport_channel):
    from newsroom.factories import ChannelPostPageFactory

    for number in range(5):
        publish(ChannelPostPageFactory(parent=transport_channel, cover_image=make_image(f"动态{number}")))
    with_5 = _count_list_queries(client, transport_channel.url)
    for number in range(5, 50):
        publish(ChannelPostPageFactory(parent=transport_channel, cover_image=make_image(f"动态{number}")))
    with_50 = _count_list_queries(client, transport_channel.url)
    assert with_5 == with_50


def test_every_newsroom_page_is_in_the_sitemap(client, headlines, transport_channel):
    story = article(headlines, title="进入站点地图的稿件")
    index = client.get("/sitemap.xml").content.decode()
    sitemap = "".join(
        client.get(url.removeprefix("http://testserver")).content.decode()
        for url in re.findall(r"<loc>([^<]+)</loc>", index)
    )
    for page in (headlines, story, transport_channel, transport_channel.get_parent()):
        assert f"<loc>http://testserver{page.url}</loc>" in sitemap


def test_two_pages_cannot_claim_the_same_channel(home, headlines):
    from django.core.exceptions import ValidationError

    from newsroom.models import NewsIndexPage

    duplicate = NewsIndexPage(title="又一个要闻", slug="headlines-2", channel="headlines", locale=home.locale)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    assert NewsArticlePage.objects.count() == 0


def test_a_cached_channel_list_shows_a_new_article_at_once(client, headlines):
    article(headlines, title="第一篇")
    client.get(headlines.url)
    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        client.get(headlines.url)
    with CaptureQueriesContext(connection) as warm:
        assert "第一篇" in client.get(headlines.url).content.decode()
    assert len(warm) < len(cold)

    article(headlines, title="第二篇")  # publishing expires every cached fragment
    assert "第二篇" in client.get(headlines.url).content.decode()
    first = NewsArticlePage.objects.get(title="第一篇")
    first.unpublish()
    assert "第一篇" not in client.get(headlines.url).content.decode()


def test_a_preview_never_reads_or_fills_the_public_cache(client, admin_user, headlines):
    story = article(headlines, title="已发布标题", body=[("paragraph", "<p>已发布正文</p>")])
    client.get(story.url)
    client.force_login(admin_user)
    from django.urls import reverse

    story.body = [("paragraph", "<p>草稿正文</p>")]
    story.save_revision()
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=(story.pk,)))
    assert "草稿正文" in preview.content.decode()
    client.logout()
    assert "已发布正文" in client.get(story.url).content.decode()


def test_the_home_page_shows_top_news_follow_up_stories_and_department_channels(
    client, home, headlines, echo, transport_channel
):
    article(headlines, title="要闻一则")
    article(echo, title="回声一则", is_follow_up=True)
    html = client.get(home.url).content.decode()
    for key, title in (
        ("top-news", "要闻一则"),
        ("follow-ups", "回声一则"),
        ("department-channels", "区交通运输局"),
    ):
        section = html[html.index(f"home-section-{key}") :]
        assert title in section[: section.index("</section>")]
