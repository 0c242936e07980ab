"""The /search/ page: every kind of public content, grouped and filterable, highlighted, paginated;
never private, pending, rejected or expired content."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from merchants.factories import ClassifiedAdFactory
from petitions.factories import PetitionFactory
from petitions.models import Petition

pytestmark = pytest.mark.django_db

URL = "/zh-hans/search/"


def titles(response):
    results = [result for group in response.context["groups"] for result in group["results"]]
    if response.context["page_obj"]:
        results += list(response.context["page_obj"].object_list)
    return {str(result.title) for result in results}


def test_one_query_finds_every_kind_of_content_grouped_by_type(client, site_content):
    response = client.get(URL, {"q": "停车位"})
    assert response.status_code == 200
    kinds = {group["kind"] for group in response.context["groups"]}
    assert kinds == {"news", "merchants", "ads", "petitions"}
    response = client.get(URL, {"q": "停车"})
    kinds = {group["kind"] for group in response.context["groups"]}
    assert kinds == {
        "news",
        "posts",
        "services",
        "merchants",
        "ads",
        "petitions",
    }  # no standard page mentions 停车
    assert all(len(group["results"]) == 1 and not group["more"] for group in response.context["groups"])


def test_a_group_links_to_all_results_of_its_kind_when_there_are_more(client, site_content):
    for i in range(4):
        PetitionFactory(title=f"停车难问题第{i}号", content="晚上没有地方停车。", state="accepted")
    response = client.get(URL, {"q": "停车"})
    petitions = next(group for group in response.context["groups"] if group["kind"] == "petitions")
    assert len(petitions["results"]) == 3 and petitions["more"]
    assert "type=petitions" in response.content.decode()


def test_a_traditional_query_finds_the_same_results(client, site_content):
    simplified = titles(client.get(URL, {"q": "停车位"}))
    traditional = titles(client.get(URL, {"q": "停車位"}))
    assert simplified == traditional and len(simplified) == 4


def test_results_link_to_their_pages(client, site_content):
    html = client.get(URL, {"q": "停车证"}).content.decode()
    assert site_content["guide"].url in html
    html = client.get(URL, {"q": "占用"}).content.decode()
    assert f"/zh-hans/minsheng/{site_content['petition'].number}/" in html
    html = client.get(URL, {"q": "地下停车"}).content.decode()
    assert f"/zh-hans/ads/ad/{site_content['ad'].pk}/" in html


def test_filter_by_type_and_paginate(client, site_content):
    for i in range(12):
        PetitionFactory(title=f"停车难问题第{i}号", content="晚上没有地方停车。", state="accepted")
    response = client.get(URL, {"q": "停车", "type": "petitions"})
    assert response.context["page_obj"].paginator.count == 13
    assert len(response.context["page_obj"].object_list) == 10
    assert all(result.kind == "petitions" for result in response.context["page_obj"].object_list)
    second = client.get(URL, {"q": "停车", "type": "petitions", "page": 2})
    assert len(second.context["page_obj"].object_list) == 3
    assert "type=petitions" in second.content.decode()


def test_matches_are_highlighted_and_everything_else_is_escaped(client, site_content):
    PetitionFactory(
        title="<script>alert(1)</script>停车收费", content="<b>停车</b>收费太贵", state="accepted"
    )
    html = client.get(URL, {"q": "停车收费", "type": "petitions"}).content.decode()
    assert "&lt;b&gt;<mark>停车</mark>&lt;/b&gt;<mark>收费</mark>" in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("query", ["", "   ", "！？。", '"', "*", "AND OR NOT", "()", "' OR 1=1 --"])
def test_empty_or_punctuation_queries_show_nothing_and_never_fail(client, site_content, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert titles(response) == set()


def test_a_very_long_query_is_cut_not_refused(client, site_content):
    assert client.get(URL, {"q": "停车" * 500}).status_code == 200


def test_pending_rejected_and_private_petitions_never_appear(client, site_content):
    for status in ("pending", "rejected"):
        PetitionFactory(title=f"停车场收费{status}", content="停车场乱收费。", state=status)
    PetitionFactory(title="停车场收费私密", content="停车场乱收费。", state="accepted", is_public=False)
    response = client.get(URL, {"q": "停车场"})
    assert titles(response) == set()


def test_pending_expired_and_hidden_ads_never_appear(client, site_content):
    ClassifiedAdFactory(title="停车场车位转让甲", status="pending")
    ClassifiedAdFactory(title="停车场车位转让乙", status="rejected")
    ClassifiedAdFactory(title="停车场车位转让丙", hidden_for_reports=True)
    expired = ClassifiedAdFactory(title="停车场车位转让丁", valid_days=7)
    with time_machine.travel(expired.expires_at + datetime.timedelta(minutes=1)):
        assert titles(client.get(URL, {"q": "停车场"})) == set()


def test_draft_private_and_expired_pages_never_appear(client, site_content):
    from wagtail.models import PageViewRestriction

    news = site_content["news"]
    guide = site_content["guide"]
    post = site_content["post"]
    news.unpublish()
    PageViewRestriction.objects.create(page=guide, restriction_type="password", password="secret")
    post.expire_at = timezone.now() + datetime.timedelta(hours=1)  # the editor's 下线时间
    post.save_revision().publish()
    with time_machine.travel(post.expire_at + datetime.timedelta(minutes=1)):
        found = titles(client.get(URL, {"q": "停车"}))
    assert news.title not in found and guide.title not in found and post.title not in found
    assert site_content["merchant"].title in found


def test_pages_of_another_language_do_not_appear(client, site_content):
    response = client.get("/en/search/", {"q": "停车"})
    kinds = {group["kind"] for group in response.context["groups"]}
    assert kinds == {"ads", "petitions"}  # residents' content has no language; pages are zh-hans only here


def test_residents_text_is_shown_in_traditional_script_on_zh_hant(client, site_content):
    html = client.get("/zh-hant/search/", {"q": "停車位", "type": "petitions"}).content.decode()
    assert "小區" in html and "小区" not in html.split("<main")[-1].split("</main>")[0]


def test_search_is_rate_limited(client, site_content, settings):
    from rongmei.search import views

    for _ in range(views.SEARCHES_PER_MINUTE):
        client.get(URL, {"q": "停车"})
    assert client.get(URL, {"q": "停车"}).status_code == 429


def test_suggestions_are_json_titles_and_rate_limited(client, site_content):
    response = client.get("/zh-hans/search/suggest/", {"q": "停车"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert {s["title"] for s in suggestions} >= {"城区新增停车位三千个", "小区停车位被占用"}
    assert all(s["url"] for s in suggestions)
    assert client.get("/zh-hans/search/suggest/", {"q": "！！"}).json() == {"suggestions": []}
    from rongmei.search import views

    for _ in range(views.SUGGESTIONS_PER_MINUTE):
        client.get("/zh-hans/search/suggest/", {"q": "停"})
    assert client.get("/zh-hans/search/suggest/", {"q": "停"}).status_code == 429


def test_header_search_box_has_suggestions(client, home):
    html = client.get("/zh-hans/").content.decode()
    assert 'data-suggest-url="/zh-hans/search/suggest/"' in html
    assert "js/search-suggest" in html


def test_search_query_count_does_not_grow_with_results(client, site_content, django_assert_max_num_queries):
    for i in range(15):
        PetitionFactory(title=f"停车难第{i}号", content="没有地方停车。", state="accepted")
    with django_assert_max_num_queries(30):
        client.get(URL, {"q": "停车", "type": "petitions"})


def test_visitors_without_a_session_share_cached_results_until_content_changes(
    client, site_content, settings, django_capture_on_commit_callbacks
):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120
    first = client.get(URL, {"q": "停车位"})
    assert "小区停车位被占用" in first.content.decode()
    # A change that bypasses the model's signals is not seen while the cached page lives.
    Petition.objects.filter(title="小区停车位被占用").update(title="小区停车位被占用（已更新）")
    again = client.get(URL, {"q": "停车位"})
    assert again.content == first.content
    # A new petition purges the results (rongmei.cache) once it is committed, so they never lag behind.
    with django_capture_on_commit_callbacks(execute=True):
        PetitionFactory(title="新的停车位诉求", content="停车位不够。", state="accepted")
    assert "新的停车位诉求" in client.get(URL, {"q": "停车位"}).content.decode()
