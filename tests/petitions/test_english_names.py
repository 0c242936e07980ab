"""Topics and departments have English names an editor gives; English pages show them, Chinese pages the
Chinese names (issue 18: an English visitor reads the whole petition page in English)."""

import pytest

from petitions.factories import PetitionFactory
from rongmei.translation import translate_instance

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_board(board, home):
    translate_instance(home, "en", strings={"西区融媒": "Xiqu Media"})
    return translate_instance(board, "en", strings={"民声": "Residents' voices"})


@pytest.fixture
def named(topic, department):
    topic.name_en = "Street facilities"
    topic.save()
    department.name_en = "Xiqu Urban Management Bureau"
    department.short_name = "城管局"
    department.save()
    return topic, department


def test_an_english_petition_page_names_its_topic_and_department_in_english(
    client, board, english_board, named
):
    topic, department = named
    petition = PetitionFactory(topic=topic, state="replied", department=department)
    english = client.get(f"{english_board.url}{petition.number}/").content.decode()
    assert "Street facilities" in english and "Xiqu Urban Management Bureau" in english
    assert topic.name not in english and "城管局" not in english
    chinese = client.get(f"{board.url}{petition.number}/").content.decode()
    assert topic.name in chinese and "城管局" in chinese
    assert "Street facilities" not in chinese


def test_the_english_board_and_form_list_topics_and_units_in_english(client, english_board, named):
    topic, department = named
    board = client.get(english_board.url).content.decode()
    assert f'<option value="{topic.pk}">Street facilities</option>' in board
    assert f'<option value="{department.pk}">Xiqu Urban Management Bureau</option>' in board
    form = client.get(f"{english_board.url}new/").content.decode()
    assert f'<option value="{topic.pk}">Street facilities</option>' in form


def test_without_an_english_name_english_pages_show_the_chinese_one(client, board, english_board, topic):
    petition = PetitionFactory(topic=topic, state="accepted")
    english = client.get(f"{english_board.url}{petition.number}/").content.decode()
    assert topic.name in english


def test_a_residents_chinese_title_on_the_english_board_is_labelled_with_its_language(
    client, board, english_board, topic
):
    petition = PetitionFactory(topic=topic, state="accepted", title="幸福路路灯不亮")
    english = client.get(english_board.url).content.decode()
    assert (
        '<span class="card-language" lang="zh-hans">简体中文</span> <span lang="zh-hans">幸福路路灯不亮</span>'
        in (english)
    )
    chinese = client.get(board.url).content.decode()
    assert petition.title in chinese and 'class="card-language"' not in chinese
