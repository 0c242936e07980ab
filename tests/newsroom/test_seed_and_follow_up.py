"""The demo seed, and follow-up stories (融媒回声) reading their petitions from the body."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from newsroom.factories import NewsArticlePageFactory
from newsroom.models import (
    ChannelPostPage,
    DepartmentChannelPage,
    NewsArticlePage,
    stories_following,
)
from newsroom.permissions import REVIEW_TASK_NAME
from newsroom.qa import QASessionPage
from petitions.factories import PetitionFactory
from petitions.models import Petition

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_the_seed_builds_the_newsroom_and_a_second_run_adds_nothing(client, home):
    call_command("seed_demo", articles=30, petitions=20, stdout=io.StringIO())
    # The seed also makes a zh-hant copy of every page: count the simplified-Chinese tree.
    hans = {"locale__language_code": "zh-hans"}
    assert NewsArticlePage.objects.filter(slug__startswith="n-", **hans).count() == 30
    assert DepartmentChannelPage.objects.filter(department__kind="town", **hans).count() == 1
    assert DepartmentChannelPage.objects.filter(department__kind="street", **hans).count() == 5
    assert DepartmentChannelPage.objects.filter(department__kind="bureau", **hans).count() == 12
    waiting = ChannelPostPage.objects.filter(live=False)
    assert waiting.exists()
    assert waiting.first().current_workflow_task.name == REVIEW_TASK_NAME
    archive = QASessionPage.objects.get(slug="qa-traffic-2026", **hans)
    assert archive.state == QASessionPage.State.ARCHIVE and archive.questions.released().count() == 3
    html = client.get(archive.url).content.decode()
    assert "访谈实录" in html and "新增泊位 600 个" in html
    counts = (Page.objects.count(), NewsArticlePage.objects.count())

    call_command("seed_demo", articles=30, petitions=20, stdout=io.StringIO())
    assert (Page.objects.count(), NewsArticlePage.objects.count()) == counts

    # Bulk-created articles are real pages: they render and sit in a sound tree.
    generated = NewsArticlePage.objects.filter(slug__startswith="n-").first()
    assert client.get(generated.url).status_code == 200
    assert client.get(generated.get_parent().url + "?page=2").status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


def follow_up(echo, *petitions, title="融媒回声｜路灯修好了"):
    body = [("paragraph", "<p>记者回访了留言的居民。</p>")]
    body += [
        ("petition", {"petition": petition, "heading": "", "show_thread": True}) for petition in petitions
    ]
    return publish(NewsArticlePageFactory(parent=echo, title=title, is_follow_up=True, body=body))


def test_a_follow_up_story_shows_its_petitions_live_status_and_department(client, echo, transport):
    lamp = PetitionFactory(title="路灯不亮", status=Petition.Status.PROCESSING, department=transport)
    bus = PetitionFactory(title="公交延伸", status=Petition.Status.CLOSED, department=transport)
    story = follow_up(echo, lamp, bus, lamp)

    assert [value["petition"] for value in story.followed_petitions()] == [lamp, bus]
    html = client.get(story.url).content.decode()
    followed = html[html.index("followed-petitions") : html.index("article-body")]
    assert "路灯不亮" in followed and "公交延伸" in followed
    assert str(Petition.Status.PROCESSING.label) in followed
    assert "区交通运输局" in followed

    # The status shown is the petition's own, read on every view: nothing is copied into the story.
    Petition.objects.filter(pk=lamp.pk).update(status=Petition.Status.REPLIED)
    html = client.get(story.url).content.decode()
    assert (
        str(Petition.Status.REPLIED.label)
        in html[html.index("followed-petitions") : html.index("article-body")]
    )


def test_a_petition_taken_off_the_board_disappears_from_the_story(client, echo):
    hidden = PetitionFactory(title="不再公开的诉求", status=Petition.Status.CLOSED)
    story = follow_up(echo, hidden)
    Petition.objects.filter(pk=hidden.pk).update(is_public=False)
    assert story.followed_petitions() == []
    assert "不再公开的诉求" not in client.get(story.url).content.decode()


def test_the_petition_lists_the_stories_that_cover_it(echo):
    from petitions.intake.coverage import coverage_of

    petition = PetitionFactory(status=Petition.Status.CLOSED)
    story = follow_up(echo, petition)
    assert [page.pk for page in coverage_of(petition)] == [story.pk]
    assert [page.pk for page in stories_following(petition)] == [story.pk]
