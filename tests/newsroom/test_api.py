"""The page API for the app: news and channels, filtered by channel and department, with body and images."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from newsroom.factories import ChannelPostPageFactory, NewsArticlePageFactory

from .conftest import publish

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def test_articles_are_listed_by_channel_with_body_and_images(client, headlines, echo):
    picture = get_image_model().objects.create(title="封面", file=get_test_image_file())
    publish(
        NewsArticlePageFactory(
            parent=headlines,
            title="要闻稿件",
            cover_image=picture,
            body=[("paragraph", "<p>正文</p>"), ("image", {"image": picture, "caption": "", "alt_text": ""})],
        )
    )
    publish(NewsArticlePageFactory(parent=echo, title="回声稿件", is_follow_up=True))

    assert titles(client.get(PAGES, {"channel": "echo"})) == {"回声稿件"}
    response = client.get(
        PAGES,
        {"channel": "headlines", "type": "newsroom.NewsArticlePage", "fields": "body,images,channel,tags"},
    )
    item = response.json()["items"][0]
    assert item["title"] == "要闻稿件"
    assert item["channel"] == "headlines"
    assert item["body"][0]["type"] == "paragraph"
    assert [image["id"] for image in item["images"]] == [picture.pk]
    assert titles(client.get(PAGES, {"channel": "nonsense"})) == set()


def test_channel_posts_are_listed_by_department_id_or_slug(
    client, transport_channel, housing_channel, transport
):
    publish(ChannelPostPageFactory(parent=transport_channel, title="交通动态"))
    publish(ChannelPostPageFactory(parent=housing_channel, title="住建动态"))

    by_slug = titles(client.get(PAGES, {"department": "transport", "type": "newsroom.ChannelPostPage"}))
    assert by_slug == {"交通动态"}
    by_id = client.get(
        PAGES, {"department": str(transport.pk), "type": "newsroom.ChannelPostPage", "fields": "department"}
    )
    assert titles(by_id) == {"交通动态"}
    assert by_id.json()["items"][0]["department"]["slug"] == "transport"
    channels = client.get(PAGES, {"type": "newsroom.DepartmentChannelPage", "department": "transport"})
    assert titles(channels) == {"区交通运输局"}
    assert titles(client.get(PAGES, {"department": "no-such-unit"})) == set()
    assert titles(client.get(PAGES, {"department": "9" * 40})) == set()
    assert titles(client.get(PAGES, {"channel": "%00<script>"})) == set()


def test_drafts_are_not_in_the_api(client, headlines):
    NewsArticlePageFactory(parent=headlines, title="草稿", live=False)
    assert "草稿" not in titles(client.get(PAGES, {"channel": "headlines"}))
