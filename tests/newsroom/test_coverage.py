"""A petition's 相关报道 in the visitor's language: each story once, its copy in that language if it has one."""

import pytest
from wagtail.models import Locale

from newsroom.factories import NewsArticlePageFactory
from petitions import workflow
from petitions.factories import TopicFactory
from petitions.models import Petition, PetitionBoardPage

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(editor):
    """A petition posted by a resident and accepted by an editor, so it is on the board."""
    petition = Petition(
        kind=Petition.Kind.HELP,
        topic=TopicFactory(name="市政设施", slug="municipal"),
        title="幸福路路灯不亮",
        content="幸福路12号门口的路灯坏了一周，晚上出门很不方便。",
        contact_phone="13812345678",
        is_public=True,
    )
    workflow.submit(petition)
    workflow.perform(petition, "accept", editor)
    return petition


def translated(page, locale):
    copy = page.copy_for_translation(locale, copy_parents=True)
    return publish(copy)


def test_each_language_lists_its_own_copy_of_a_story_and_a_story_without_one_as_written(
    client, home, echo, accepted
):
    board = PetitionBoardPage(title="民声", slug="minsheng")
    home.add_child(instance=board)
    publish(board)
    body = [("petition", {"petition": accepted, "heading": "", "show_thread": True})]
    story = publish(NewsArticlePageFactory(parent=echo, title="融媒回声｜路灯修好了", body=body))
    only_hans = publish(NewsArticlePageFactory(parent=echo, title="记者再访幸福路", body=body))
    hant = Locale.objects.get(language_code="zh-hant")
    board_hant = translated(board, hant)
    story_hant = translated(story, hant)
    story_hant.title = "融媒回聲｜路燈修好了"
    publish(story_hant)

    hans_page = client.get(f"{board.url}{accepted.number}/").content.decode()
    hant_page = client.get(f"{board_hant.url}{accepted.number}/").content.decode()

    hans_links = hans_page[hans_page.index("petition-coverage") :]
    assert f'href="{story.url}"' in hans_links and f'href="{only_hans.url}"' in hans_links
    assert "融媒回聲" not in hans_links
    hant_links = hant_page[hant_page.index("petition-coverage") :]
    assert f'href="{story_hant.url}"' in hant_links and "融媒回聲｜路燈修好了" in hant_links
    assert f'href="{story.url}"' not in hant_links  # one entry per story
    assert f'href="{only_hans.url}"' in hant_links  # no zh-hant copy: listed as written
    assert 'href="None"' not in hans_page + hant_page
