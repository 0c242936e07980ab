"""The demo seed builds the newsroom: news, department channels, a post awaiting review, a Q&A archive."""

import pytest
from wagtail.models import Page

from newsroom.models import ChannelPostPage, DepartmentChannelPage, NewsArticlePage, QASessionPage
from newsroom.permissions import REVIEW_TASK_NAME

from .conftest import DEFAULT_ARTICLES, seed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_the_seed_builds_the_newsroom_and_a_second_run_adds_nothing(client):
    # The seed also makes a zh-hant copy of every page: count the simplified-Chinese tree.
    hans = {"locale__language_code": "zh-hans"}
    assert NewsArticlePage.objects.filter(slug__startswith="n-", **hans).count() == DEFAULT_ARTICLES
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

    seed()
    assert (Page.objects.count(), NewsArticlePage.objects.count()) == counts

    # Bulk-created articles are real pages: they render and sit in a sound tree.
    generated = NewsArticlePage.objects.filter(slug__startswith="n-").first()
    assert client.get(generated.url).status_code == 200
    assert client.get(generated.get_parent().url + "?page=2").status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_follow_up_story_embeds_petitions_about_what_it_reports():
    for slug, subject in (("echo-streetlights", "路灯"), ("echo-bus-route", "公交")):
        story = NewsArticlePage.objects.get(slug=slug, locale__language_code="zh-hans")
        embedded = [block.value["petition"] for block in story.body if block.block_type == "petition"]
        assert embedded, slug
        assert all(subject in petition.title for petition in embedded), [p.title for p in embedded]
