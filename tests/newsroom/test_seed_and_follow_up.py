"""The demo seed, and follow-up stories (融媒回声) reading their petitions from the body."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.models import Page

from newsroom.factories import NewsArticlePageFactory
from newsroom.models import (
    ChannelPostPage,
    DepartmentChannelPage,
    NewsArticlePage,
    stories_following,
)
from newsroom.permissions import REVIEW_TASK_NAME

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_the_seed_builds_the_newsroom_and_a_second_run_adds_nothing(client, home):
    call_command("seed_demo", articles=30, stdout=io.StringIO())
    assert (
        NewsArticlePage.objects.filter(slug__startswith="n-", locale__language_code="zh-hans").count() == 30
    )
    assert (
        DepartmentChannelPage.objects.filter(department__kind="town", locale__language_code="zh-hans").count()
        == 1
    )
    assert (
        DepartmentChannelPage.objects.filter(
            department__kind="street", locale__language_code="zh-hans"
        ).count()
        == 5
    )
    assert (
        DepartmentChannelPage.objects.filter(
            department__kind="bureau", locale__language_code="zh-hans"
        ).count()
        == 12
    )
    waiting = ChannelPostPage.objects.filter(live=False)
    assert waiting.exists()
    assert waiting.first().current_workflow_task.name == REVIEW_TASK_NAME
    counts = (Page.objects.count(), NewsArticlePage.objects.count())

    call_command("seed_demo", articles=30, stdout=io.StringIO())
    assert (Page.objects.count(), NewsArticlePage.objects.count()) == counts

    # Bulk-created articles are real pages: they render and sit in a sound tree.
    generated = NewsArticlePage.objects.filter(slug__startswith="n-").first()
    assert client.get(generated.url).status_code == 200
    assert client.get(generated.get_parent().url + "?page=2").status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


class FollowedBlock(blocks.StreamBlock):
    petition = blocks.Block()
    paragraph = blocks.RichTextBlock()


def test_a_follow_up_story_reads_its_petitions_from_the_embedded_blocks(echo):
    story = publish(NewsArticlePageFactory(parent=echo, is_follow_up=True))
    first = SimpleNamespace(pk=1, title="路灯不亮", status="closed", department="区城市管理局")
    second = SimpleNamespace(pk=2, title="公交延伸", status="processing", department="区交通运输局")
    story.body = StreamValue(
        FollowedBlock(),
        [
            ("petition", first),
            ("paragraph", "<p>跟进</p>"),
            ("petition", {"petition": second}),
            ("petition", first),
        ],
    )
    assert story.followed_petitions() == [first, second]


def test_stories_following_an_object_come_from_the_reference_index(echo, transport):
    """The petitions app lists a petition's coverage this way; any referenced object works the same."""
    from wagtail.models import ReferenceIndex

    story = publish(NewsArticlePageFactory(parent=echo, is_follow_up=True, title="跟进报道"))
    assert list(stories_following(transport)) == []
    ReferenceIndex.objects.create(
        content_type=ReferenceIndex._get_base_content_type(story),
        base_content_type=ReferenceIndex._get_base_content_type(story),
        object_id=str(story.pk),
        to_content_type=ReferenceIndex._get_base_content_type(transport),
        to_object_id=str(transport.pk),
        model_path="body.petition",
        content_path="body.x.petition",
        content_path_hash=ReferenceIndex._get_content_path_hash("body.x.petition"),
    )
    assert [page.title for page in stories_following(transport)] == ["跟进报道"]
