"""Search finds what residents mean: words of a department's reply, pinyin typed in Latin letters, the
editors' synonyms; and it ranks an answered petition above an unanswered one, a recent one above an old one."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from modelsearch.query import And, Or, PlainText
from wagtail.search.backends import get_search_backend

from petitions import workflow
from petitions.factories import PetitionFactory, department_staff
from petitions.models import Petition
from rongmei.search import ranking, synonyms
from rongmei.search.models import Synonym
from rongmei.search.pinyin import pinyin_tokens

pytestmark = pytest.mark.django_db


def found(query):
    return [p.pk for p in get_search_backend().search(query, Petition.objects.all())]


# --- a department's reply is searched with its petition ---------------------------------------------


def test_a_word_only_in_the_public_reply_finds_the_petition():
    petition = PetitionFactory(
        title="小区门口积水", content="一下雨就积水。", state="replied", reply="已安排市政疏通雨水篦子。"
    )
    assert found("雨水篦子") == [petition.pk]


def test_a_reply_written_later_is_searchable_at_once():
    petition = PetitionFactory(title="小区门口积水", content="一下雨就积水。", state="processing")
    assert found("篦子") == []
    workflow.perform(petition, "reply", department_staff(petition.department), body="已疏通雨水篦子。")
    assert found("篦子") == [petition.pk]


def test_internal_notes_and_held_follow_ups_are_not_searchable():
    petition = PetitionFactory(title="路面塌陷", content="人民路路面塌陷。", state="processing")
    staff = department_staff(petition.department)
    workflow.perform(petition, "reply", staff, body="已修复坑槽。", internal_note="施工队长电话另行告知")
    resident = workflow.Resident(petition.user)
    workflow.perform(petition, "follow_up", resident, body="修补材料不合格", status="pending")
    assert found("施工队长") == []
    assert found("材料不合格") == []
    assert found("坑槽") == [petition.pk]


# --- pinyin -----------------------------------------------------------------------------------------


def test_titles_are_indexed_with_full_pinyin_and_initials():
    tokens = pinyin_tokens("小区垃圾清理不及时")
    assert {"laji", "lj", "lajiqingli", "ljql", "xiaoqu"} <= set(tokens)
    assert "l" not in tokens  # no lone letters: they would match too much
    assert "ludeng" in pinyin_tokens("路燈不亮")  # traditional script, and whatever jieba makes of 灯不亮


@pytest.mark.parametrize("query", ["laji", "LaJi", "ljql", "lajiqingli"])
def test_a_query_in_latin_letters_finds_the_chinese_title(query):
    petition = PetitionFactory(title="小区垃圾清理不及时", content="楼下堆了三天。", state="accepted")
    other = PetitionFactory(title="路灯不亮", content="晚上很黑。", state="accepted")
    results = found(query)
    assert petition.pk in results and other.pk not in results


def test_pinyin_of_the_text_is_not_indexed_only_of_the_title():
    PetitionFactory(title="路灯不亮", content="垃圾桶也满了。", state="accepted")
    assert found("laji") == []


# --- synonyms ---------------------------------------------------------------------------------------


def test_the_site_starts_with_common_synonyms():
    lamp = PetitionFactory(title="人民路路灯不亮", content="晚上很黑。", state="accepted")
    assert found("街灯") == [lamp.pk]
    assert found("街燈不亮") == [lamp.pk]  # the traditional form of a synonym, and the rest of the query


def test_expansion_is_an_or_of_the_group_and_the_rest_of_the_query():
    Synonym.objects.create(words="公交 巴士")
    query = synonyms.expand("巴士太挤")
    assert isinstance(query, And)
    group, rest = query.subqueries
    assert isinstance(group, Or) and {q.query_string for q in group.subqueries} == {"公交", "巴士"}
    assert isinstance(rest, PlainText) and rest.query_string == "太挤"
    assert synonyms.expand("地铁太挤") == "地铁太挤"
    assert synonyms.related_terms("巴士太挤") == ["公交"]


def test_a_latin_synonym_matches_whole_words_only():
    Synonym.objects.create(words="bus 公交")
    assert synonyms.expand("business") == "business"
    assert isinstance(synonyms.expand("bus 太挤"), And)


def test_an_editor_adds_a_synonym_in_the_admin_and_search_uses_it_at_once(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    petition = PetitionFactory(title="2路公交车太挤", content="早高峰挤不上去。", state="accepted")
    assert found("巴士") == []
    editor = get_user_model().objects.create_user("synonym-editor", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = reverse("wagtailsnippets_rongmei_synonym:add")
    response = client.post(url, {"words": "公交车 巴士", "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("巴士") == [petition.pk]
    synonym = Synonym.objects.get(words="公交车 巴士")
    client.post(reverse("wagtailsnippets_rongmei_synonym:delete", args=[synonym.pk]))
    assert not Synonym.objects.filter(pk=synonym.pk).exists()
    assert found("巴士") == []


def test_a_group_needs_two_different_words(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("wagtailsnippets_rongmei_synonym:add"), {"words": "路灯 路燈"})
    assert response.status_code == 200
    assert "请至少填写两个不同的词" in response.content.decode()
    assert not Synonym.objects.filter(words="路灯 路燈").exists()


# --- ranking ----------------------------------------------------------------------------------------


def test_an_answered_petition_ranks_above_an_equally_relevant_unanswered_one():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=2)):
        answered = PetitionFactory(title="菜市场污水横流", content="地面脏。", state="replied")
    waiting = PetitionFactory(title="菜市场污水横流", content="地面脏。", state="accepted")
    assert found("污水") == [answered.pk, waiting.pk]


def test_a_recent_petition_ranks_above_an_old_one_at_equal_relevance():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        old = PetitionFactory(title="菜市场污水横流", content="地面脏。", state="accepted")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        recent = PetitionFactory(title="菜市场污水横流", content="地面脏。", state="accepted")
    assert found("污水") == [recent.pk, old.pk]


def test_a_much_better_match_stays_ahead_of_the_bonuses():
    now = timezone.now()
    rows = [(1, now - datetime.timedelta(days=900), False), (2, now, True)]
    relevance = {1: 10.0, 2: 4.0}
    assert ranking.order(rows, relevance.get) == [1, 2]
    assert ranking.bonus(now, True, now) == pytest.approx(ranking.ANSWERED + ranking.RECENCY)


def test_the_search_page_marks_the_synonym_it_found(client, site_content):
    lamp = PetitionFactory(title="人民路灯不亮", content="路灯晚上都不亮。", state="accepted")
    response = client.get("/zh-hans/search/", {"q": "街灯", "type": "petitions"})
    assert response.status_code == 200
    page = response.content.decode()
    assert lamp.number in page
    assert "<mark>路灯</mark>" in page


def test_the_search_page_shows_the_reply_that_matched(client, site_content):
    PetitionFactory(title="东风路口积水", content="一下雨就积水。", state="replied", reply="已疏通雨水篦子。")
    response = client.get("/zh-hans/search/", {"q": "篦子", "type": "petitions"})
    assert "雨水<mark>篦子</mark>" in response.content.decode()
