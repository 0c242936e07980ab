"""The language switcher keeps the visitor's place, and every page answers under every language prefix."""

import re

import pytest

from home.factories import StandardPageFactory
from merchants.factories import (
    ClassifiedAdFactory,
    ClassifiedBoardPageFactory,
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    MerchantPageFactory,
)
from newsroom.factories import NewsArticlePageFactory, NewsIndexPageFactory
from petitions.factories import PetitionFactory, TopicFactory
from rongmei.translation import translate_instance

SWITCH = re.compile(r'<a href="([^"]*)" lang="([\w-]+)" hreflang')


def switcher(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    start = html.index('class="language-switcher"')
    return {code: url for url, code in SWITCH.findall(html[start : start + 1500])}


@pytest.fixture
def english_home(home):
    return translate_instance(home, "en", strings={"西区融媒": "Xiqu Media"})


@pytest.fixture
def public_petition(db):
    return PetitionFactory(topic=TopicFactory(), state="accepted", title="路灯不亮了")


def test_a_translated_page_switches_to_its_translation(client, home, english_home):
    page = StandardPageFactory(parent=home, title="关于我们", slug="about")
    hant = translate_instance(page, "zh-hant")
    english = translate_instance(page, "en", strings={"关于我们": "About us"})
    links = switcher(client.get(page.url))
    assert links == {"zh-hans": page.url, "zh-hant": hant.url, "en": english.url}
    links = switcher(client.get(english.url))
    assert links["zh-hans"] == page.url and links["zh-hant"] == hant.url


def test_a_page_only_in_chinese_answers_under_the_english_prefix(client, home, english_home):
    news = NewsIndexPageFactory(parent=home, title="要闻", slug="news")
    translate_instance(news, "en", strings={"要闻": "Headlines"})
    article = NewsArticlePageFactory(parent=news, title="只有中文的新闻", slug="chinese-only")
    links = switcher(client.get(article.url))
    assert links["en"] == "/en/news/chinese-only/"
    response = client.get(links["en"])
    html = response.content.decode()
    assert '<html lang="en">' in html and "只有中文的新闻" in html
    # and from there back to where it came from
    assert switcher(response)["zh-hans"] == article.url


def test_a_section_without_any_translation_is_reached_through_the_source_tree(client, home, english_home):
    news = NewsIndexPageFactory(parent=home, title="民生", slug="livelihood")
    article = NewsArticlePageFactory(parent=news, title="菜市场改造完工", slug="market")
    assert client.get("/en/livelihood/market/").status_code == 200
    assert switcher(client.get(article.url))["en"] == "/en/livelihood/market/"


def test_the_same_petition_in_every_language(client, board, public_petition, english_home):
    number = public_petition.number
    chinese = f"{board.url}{number}/"
    links = switcher(client.get(chinese))
    assert links["en"] == f"/en/minsheng/{number}/"
    assert links["zh-hant"] == f"/zh-hant/minsheng/{number}/"
    for url in links.values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert public_petition.number in response.content.decode()
    translate_instance(board, "zh-hant")
    english_board = translate_instance(board, "en", strings={"民声": "Residents' voices"})
    links = switcher(client.get(chinese))
    assert links["en"] == f"{english_board.url}{number}/"
    assert client.get(links["en"]).status_code == 200


def test_a_petition_that_is_not_public_is_not_found_in_any_language(client, board, english_home):
    hidden = PetitionFactory(topic=TopicFactory(), state="pending", title="待审核")
    for prefix in ("zh-hans", "zh-hant", "en"):
        assert client.get(f"/{prefix}/minsheng/{hidden.number}/").status_code == 404


def test_the_same_merchant_in_every_language(client, home, english_home):
    directory = DirectoryIndexPageFactory(parent=home, slug="directory")
    food = DirectoryCategoryPageFactory(parent=directory, title="美食", slug="food")
    translate_instance(directory, "en", strings={"吃喝玩乐": "Eat, drink and play"})
    merchant = MerchantPageFactory(parent=food, slug="hotpot")
    links = switcher(client.get(merchant.url))
    assert links["en"] == "/en/directory/food/hotpot/"
    html = client.get(links["en"]).content.decode()
    assert merchant.title in html
    # its breadcrumbs lead back through the English directory
    assert f'href="{directory.get_translation(english_home.locale).url}"' in html


def test_the_same_ad_in_every_language(client, home, english_home):
    board = ClassifiedBoardPageFactory(parent=home)
    ad = ClassifiedAdFactory()
    url = f"{board.url}ad/{ad.pk}/"
    links = switcher(client.get(url))
    assert links["en"] == f"/en/ads/ad/{ad.pk}/"
    assert ad.title in client.get(links["en"]).content.decode()


def test_the_query_string_goes_along(client, board, english_home):
    links = switcher(client.get(board.url, {"kind": "complaint"}))
    assert links["en"] == "/en/minsheng/?kind=complaint"


def test_the_same_search_in_the_other_language(client, home, english_home):
    links = switcher(client.get("/zh-hans/search/", {"q": "路灯"}))
    assert links["en"] == "/en/search/?q=%E8%B7%AF%E7%81%AF"
    assert links["zh-hant"] == "/zh-hant/search/?q=%E8%B7%AF%E7%81%AF"


def test_a_page_only_in_traditional_script_falls_back_to_the_section_index(client, home, english_home):
    about = StandardPageFactory(parent=home, title="关于我们", slug="about")
    hant_about = translate_instance(about, "zh-hant")
    english_about = translate_instance(about, "en", strings={"关于我们": "About us"})
    # a page an editor wrote in traditional script only, below the translated section
    only = StandardPageFactory(
        parent=hant_about, title="繁體專頁", slug="only-hant", locale=hant_about.locale
    )
    links = switcher(client.get(only.url))
    assert links["en"] == english_about.url
    assert links["zh-hans"] == about.url
