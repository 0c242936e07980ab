"""记者跟进 in the demo: both reporter columns, each with a story on a petition it follows."""

import pytest

from newsroom.models import NewsIndexPage
from petitions.models import PetitionStory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_the_demo_has_both_columns_each_with_a_story_on_a_followed_petition(client):
    hans = {"locale__language_code": "zh-hans"}
    for column in ("inquiry", "supervision"):
        assert NewsIndexPage.objects.filter(channel=column, live=True, **hans).exists()
        story = PetitionStory.objects.filter(column=column, page__locale__language_code="zh-hans").get()
        assert story.petition.reporter_column == column
        html = client.get(story.page.url).content.decode()
        assert story.petition.public_title in html
    supervised = PetitionStory.objects.filter(column="supervision").first().petition
    assert supervised.is_supervised
