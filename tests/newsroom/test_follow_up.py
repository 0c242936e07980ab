"""Follow-up stories (融媒回声) reading their petitions from the body. (The demo seed: tests/demo.)"""

import pytest

from newsroom.factories import NewsArticlePageFactory
from newsroom.models import stories_following
from petitions.factories import PetitionFactory, department_staff
from petitions.models import Petition
from petitions.workflow import perform

from .conftest import publish

pytestmark = pytest.mark.django_db


def follow_up(echo, *petitions, title="融媒回声｜路灯修好了"):
    body = [("paragraph", "<p>记者回访了留言的居民。</p>")]
    body += [
        ("petition", {"petition": petition, "heading": "", "show_thread": True}) for petition in petitions
    ]
    return publish(NewsArticlePageFactory(parent=echo, title=title, is_follow_up=True, body=body))


def test_a_follow_up_story_shows_its_petitions_live_status_and_department(client, echo, transport):
    lamp = PetitionFactory(title="路灯不亮", state=Petition.Status.PROCESSING, department=transport)
    bus = PetitionFactory(title="公交延伸", state=Petition.Status.CLOSED, department=transport)
    story = follow_up(echo, lamp, bus, lamp)

    assert [value["petition"] for value in story.followed_petitions()] == [lamp, bus]
    html = client.get(story.url).content.decode()
    followed = html[html.index("followed-petitions") : html.index("article-body")]
    assert "路灯不亮" in followed and "公交延伸" in followed
    assert str(Petition.Status.PROCESSING.label) in followed
    assert "区交通运输局" in followed

    # The status shown is the petition's own, read on every view: nothing is copied into the story.
    perform(lamp, "reply", department_staff(transport), body="路灯已修复。")
    html = client.get(story.url).content.decode()
    assert (
        str(Petition.Status.REPLIED.label)
        in html[html.index("followed-petitions") : html.index("article-body")]
    )


def test_a_petition_taken_off_the_board_disappears_from_the_story(client, echo):
    hidden = PetitionFactory(title="不再公开的诉求", state=Petition.Status.CLOSED)
    story = follow_up(echo, hidden)
    hidden.is_public = False  # the resident asked an editor to take it off
    hidden.save()
    assert story.followed_petitions() == []
    assert "不再公开的诉求" not in client.get(story.url).content.decode()


def test_the_petition_lists_the_stories_that_cover_it(echo):
    from petitions.intake.coverage import coverage_of

    petition = PetitionFactory(state=Petition.Status.CLOSED)
    story = follow_up(echo, petition)
    assert [page.pk for page in coverage_of(petition)] == [story.pk]
    assert [page.pk for page in stories_following(petition)] == [story.pk]
