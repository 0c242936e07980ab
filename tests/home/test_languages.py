"""Languages: simplified Chinese first, traditional by OpenCC in one step, English by editors."""

import pytest
from django.test import Client
from wagtail.models import Locale
from wagtail_localize.strings import StringValue

from home.factories import StandardPageFactory
from rongmei.translation import OpenCCTranslator, translate_instance


def test_the_root_sends_residents_to_simplified_chinese_by_default(db, home):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_the_root_follows_the_browser_language(db, home):
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9").get("/")
    assert response["Location"] == "/zh-hant/"
    response = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").get("/")
    assert response["Location"] == "/en/"


def test_pages_say_which_language_they_are_in(client, home):
    content = client.get("/zh-hans/").content.decode()
    assert '<html lang="zh-hans">' in content


def test_one_step_makes_a_traditional_version_of_a_page(client, home):
    page = StandardPageFactory(parent=home, title="停车场开放时间", intro="这里的停车位发展很快")
    translated = translate_instance(page, "zh-hant")
    assert translated.locale.language_code == "zh-hant"
    assert translated.title == "停車場開放時間"
    assert translated.intro == "這裡的停車位發展很快"
    assert translated.live
    response = client.get(translated.url)
    assert response.status_code == 200
    assert "停車場開放時間" in response.content.decode()


def test_english_versions_use_the_strings_given_and_keep_the_rest(home):
    page = StandardPageFactory(parent=home, title="关于我们", intro="暂无英文")
    translated = translate_instance(page, "en", strings={"关于我们": "About us"})
    assert translated.title == "About us"
    assert translated.intro == "暂无英文"  # left for an editor to translate


def test_the_switcher_links_to_the_translations_of_the_page(client, home):
    page = StandardPageFactory(parent=home, title="隐私政策")
    translate_instance(page, "zh-hant")
    translate_instance(page, "en", strings={"隐私政策": "Privacy policy"})
    content = client.get(page.url).content.decode()
    hant = page.get_translation(Locale.objects.get(language_code="zh-hant"))
    english = page.get_translation(Locale.objects.get(language_code="en"))
    assert f'href="{hant.url}" lang="zh-hant"' in content
    assert f'href="{english.url}" lang="en"' in content
    assert 'aria-current="true">简体中文' in content


def test_the_switcher_keeps_an_untranslated_page_under_that_languages_prefix(client, home):
    translate_instance(home, "en", strings={})
    page = StandardPageFactory(parent=home, title="只有简体")
    content = client.get(page.url).content.decode()
    assert f'href="/en/{page.slug}/" lang="en"' in content
    assert client.get(f"/en/{page.slug}/").status_code == 200


def test_the_machine_translator_converts_text_and_keeps_markup(db):
    zh_hans = Locale.objects.get(language_code="zh-hans")
    zh_hant = Locale.objects.get(language_code="zh-hant")
    english = Locale.objects.get(language_code="en")
    translator = OpenCCTranslator({})
    assert translator.can_translate(zh_hans, zh_hant)
    assert translator.can_translate(zh_hant, zh_hans)
    assert not translator.can_translate(zh_hans, english)
    source = StringValue('<a id="a1">办事指南</a>请带<b>身份证</b>')
    result = translator.translate(zh_hans, zh_hant, [source])[source]
    assert result.data == '<a id="a1">辦事指南</a>請帶<b>身份證</b>'


@pytest.mark.parametrize("code", ["zh-hans", "zh-hant", "en"])
def test_every_content_language_exists_after_migrating(db, code):
    assert Locale.objects.filter(language_code=code).exists()


def test_the_admin_speaks_chinese_by_default(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()
