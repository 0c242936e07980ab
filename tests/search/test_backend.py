"""The search backend finds words inside unspaced Chinese, in either script, on SQLite and PostgreSQL."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from petitions.factories import PetitionFactory
from petitions.models import Petition
from rongmei.search.text import index_text, normalize, query_text

pytestmark = pytest.mark.django_db


def found(query, queryset=None):
    queryset = Petition.objects.all() if queryset is None else queryset
    return {p.pk for p in get_search_backend().search(query, queryset)}


@pytest.fixture
def garbage():
    return PetitionFactory(
        title="垃圾清运问题", content="小区堆积的垃圾什么时候能清理？停车位也不够。", state="accepted"
    )


@pytest.fixture
def bus():
    return PetitionFactory(
        title="2路公交车太挤", content="早高峰的2路公交车挤不上去，能否加开班次。", state="accepted"
    )


@pytest.fixture
def phone():
    return PetitionFactory(
        title="手机维修店", content="城南有没有靠谱的iPhone维修店？ＷＩＦＩ信号也差。", state="accepted"
    )


def test_normalisation_unifies_script_width_and_case():
    assert normalize("停車位ＡＢＣ１２３") == "停车位abc123"


def test_index_text_keeps_characters_pairs_and_latin_runs():
    assert index_text("停车位 iPhone15") == "停 车 位 停车 车位 iphone15"


def test_query_text_requires_pairs_and_drops_operators():
    assert query_text('"停车位" AND -垃圾*') == "停车 车位 and 垃圾"
    assert query_text("！？……") == ""
    assert query_text("车") == "车"


def test_a_two_character_word_inside_a_long_sentence_is_found(garbage, bus):
    assert found("垃圾") == {garbage.pk}
    assert found("清理") == {garbage.pk}
    assert found("停车位") == {garbage.pk}


def test_traditional_query_finds_simplified_text_and_back(garbage):
    assert found("停車位") == {garbage.pk}
    assert found("垃圾清運") == {garbage.pk}
    trad = PetitionFactory(title="路燈不亮", content="社區的路燈壞了很久。", state="accepted")
    assert found("路灯") == {trad.pk}
    assert found("社区") == {trad.pk}


def test_mixed_chinese_latin_and_digit_queries(garbage, bus, phone):
    assert found("2路公交") == {bus.pk}
    assert found("iPhone维修") == {phone.pk}
    assert found("ｉｐｈｏｎｅ") == {phone.pk}
    assert found("wifi") == {phone.pk}


def test_single_character_query_finds_it(garbage, bus):
    assert found("挤") == {bus.pk}


def test_words_not_in_the_document_do_not_match(garbage, bus):
    assert found("医院") == set()
    assert found("垃圾 公交") == set()


@pytest.mark.parametrize(
    "query",
    ["", "   ", "！！！", '"', "AND", "OR NOT", "*", "()", "'; DROP TABLE x; --", '垃圾"', "NEAR(垃圾"],
)
def test_empty_punctuation_and_operator_queries_never_fail(garbage, query):
    result = found(query)
    assert result in (set(), {garbage.pk})


def test_quotes_and_operators_are_text(garbage):
    assert found('"垃圾" 清理') == {garbage.pk}
    assert found("垃圾 OR 医院") == set()  # OR is a word to look for, not an operator


def test_page_search_uses_segmentation(home):
    from home.models import StandardPage

    page = home.add_child(instance=StandardPage(title="关于开展冬季供暖检查的通知", slug="gongnuan"))
    page.save_revision().publish()
    assert page.pk in {p.pk for p in Page.objects.live().search("供暖")}
    assert page.pk in {p.pk for p in Page.objects.live().search("供暖檢查")}


def test_autocomplete_finds_the_start_of_a_word(garbage):
    backend = get_search_backend()
    assert garbage.pk in {p.pk for p in backend.autocomplete("垃", Petition)}


def test_the_admin_page_search_finds_words_inside_titles(home, admin_client):
    from home.models import StandardPage

    page = home.add_child(instance=StandardPage(title="关于开展冬季供暖检查的通知", slug="notice"))
    page.save_revision().publish()
    response = admin_client.get("/admin/pages/search/", {"q": "供暖"})
    assert response.status_code == 200
    assert "关于开展冬季供暖检查的通知" in response.content.decode()


def test_the_admin_snippet_search_finds_petitions_departments_by_part_of_the_name(admin_client):
    from petitions.factories import DepartmentFactory
    from petitions.models import Department

    department = DepartmentFactory(name="西区城市管理综合执法局", slug="chengguan-x")
    backend = get_search_backend()
    assert department.pk in {d.pk for d in backend.search("执法", Department)}


def test_objects_written_in_bulk_are_indexed_once(garbage):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from rongmei.search.indexing import index_missing

    Petition.objects.bulk_create(
        [PetitionFactory.build(title="批量导入的诉求", content="井盖缺失", topic=garbage.topic)]
    )
    assert found("井盖") == set()
    assert index_missing() >= 1
    assert len(found("井盖")) == 1
    assert index_missing() == 0
    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Petition))
    assert entries.count() == Petition.objects.count()


def test_a_query_of_two_words_finds_them_apart(garbage):
    lift = PetitionFactory(title="社區電梯長期故障", content="電梯壞了三個月。", state="accepted")
    assert query_text("电梯故障") == "电梯 故障"
    assert found("电梯故障") == {lift.pk}


def test_the_page_api_search_finds_words_inside_titles(home, client):
    from home.models import StandardPage

    page = home.add_child(instance=StandardPage(title="关于开展冬季供暖检查的通知", slug="api-notice"))
    page.save_revision().publish()
    response = client.get("/api/v2/pages/", {"search": "供暖檢查"})
    assert response.status_code == 200
    assert page.pk in [item["id"] for item in response.json()["items"]]


def test_relevance_order_filters_paging_and_count_agree():
    """Results come from the queryset the caller passed, best first in the order the database backend
    ranks them (ranked in one pass exactly as modelsearch's own per-row ranking would), and a
    page, the count and the next page agree with one another."""
    in_title = PetitionFactory(title="停车难问题", content="晚上回家找不到位置。", state="accepted")
    in_body = [
        PetitionFactory(title=f"小区问题{i}", content="小区里停车难，车位太少。", state="accepted")
        for i in range(4)
    ]
    hidden = PetitionFactory(title="停车难停车难", content="停车难", is_public=False, state="accepted")
    unrelated = PetitionFactory(title="路灯不亮", content="晚上很黑。", state="accepted")

    results = get_search_backend().search("停车难", Petition.objects.filter(is_public=True))
    ordered = [p.pk for p in results]
    assert set(ordered) == {in_title.pk, *(p.pk for p in in_body)}
    assert hidden.pk not in ordered and unrelated.pk not in ordered
    assert results.count() == 5
    assert [p.pk for p in results[1:3]] == ordered[1:3]
    assert results[2:].count() == 3
    assert all(p.score is not None for p in results.annotate_score("score")[:5])
    # modelsearch's own ranking (through the join, row by row) gives the same order.
    compiler = results.query_compiler
    per_row = compiler.search(compiler.get_config(results.backend), None, None, score_field="_score")
    assert ordered == [p.pk for p in per_row]


def test_an_explicit_order_is_kept():
    newer = PetitionFactory(title="停车难", content="停车难", state="accepted")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        older = PetitionFactory(title="停车", content="小区车位少", state="accepted")
    results = get_search_backend().search(
        "停车", Petition.objects.order_by("submitted_at"), order_by_relevance=False
    )
    assert [p.pk for p in results] == [older.pk, newer.pk]
    assert results.count() == 2 and results[1:].count() == 1


@pytest.mark.postgresql_only("the expression index is PostgreSQL's; SQLite searches its FTS5 table")
def test_postgres_finds_matches_through_the_title_and_body_index(garbage, bus):
    """A search reads the index rows matching ``title || body``; the migration ``rongmei.0001`` indexes that
    expression. If either changed, PostgreSQL would read every index row for every search (a second at
    100,000 petitions): among 5,000 other petitions' rows, the planner must use the index."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm, autocomplete, title,"
            " body, title_text, body_text) SELECT %s, (1000000 + n)::text, 1.0, ''::tsvector,"
            " to_tsvector('simple', '路 灯 路灯'), to_tsvector('simple', '不 亮 不亮'), '', ''"
            " FROM generate_series(1, 5000) AS n",
            [ContentType.objects.get_for_model(Petition).pk],
        )
        cursor.execute("SELECT gin_clean_pending_list('rongmei_search_title_body_gin')")
        cursor.execute("ANALYZE wagtailsearch_indexentry")
    results = get_search_backend().search("垃圾清运", Petition.objects.filter(is_public=True))
    compiler = results.query_compiler
    sql, params = compiler.scored_matches(compiler.get_config(results.backend)).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "rongmei_search_title_body_gin" in plan, plan
    assert [p.pk for p in results] == [garbage.pk]
