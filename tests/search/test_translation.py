"""Traditional Chinese in one click: the wagtail-localize editor's machine translation by OpenCC, the
reverse direction, English through an external translator only when one is configured, and residents'
text shown in traditional script on zh-hant pages without being stored twice."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.strings import StringValue

from home.models import StandardPage
from petitions.factories import PetitionFactory
from rongmei.translation import OpenCCTranslator

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    """An editor who may also publish (Editors write, Moderators publish, as the demo's editor does)."""
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(editor)
    return client


@pytest.fixture
def article(home):
    page = StandardPage(
        title="关于加强冬季供暖保障的通知",
        slug="gongnuan",
        intro="各社区要在11月15日前完成供暖设施检查。",
        body=[
            ("paragraph", '<p>请居民<a href="https://example.com/">点击这里</a>查看停车位和供暖安排。</p>')
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def one_click_traditional(client, page, capture):
    hant = Locale.objects.get(language_code="zh-hant")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [hant.pk]}
    )
    assert response.status_code == 302
    target = page.get_translation(hant)
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=hant)
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), {"next": edit_url}
    )
    assert response.status_code == 302
    with capture(execute=True):  # wagtail-localize publishes once the transaction commits
        response = client.post(edit_url, {"action": "publish"})
    assert response.status_code in (200, 302)
    return Page.objects.get(pk=target.pk).specific


def test_an_editor_makes_the_traditional_page_in_one_click(
    editor_client, article, django_capture_on_commit_callbacks
):
    target = one_click_traditional(editor_client, article, django_capture_on_commit_callbacks)
    assert target.live
    assert target.title == "關於加強冬季供暖保障的通知"
    assert target.intro == "各社區要在11月15日前完成供暖設施檢查。"
    body = str(target.body)
    assert "停車位" in body and 'href="https://example.com/"' in body and "點擊這裡" in body
    assert StringTranslation.objects.filter(translation_type="machine", locale=target.locale).count() >= 3


def test_the_translated_page_is_served_and_searchable(
    client, editor_client, article, django_capture_on_commit_callbacks
):
    target = one_click_traditional(editor_client, article, django_capture_on_commit_callbacks)
    response = client.get(target.url)
    assert response.status_code == 200
    assert "關於加強冬季供暖保障的通知" in response.content.decode()
    assert target.pk in {p.pk for p in Page.objects.live().filter(locale=target.locale).search("设施检查")}


def test_the_translator_converts_both_ways_and_keeps_markup_out():
    translator = OpenCCTranslator({})
    hans, hant, en = (Locale(language_code=code) for code in ("zh-hans", "zh-hant", "en"))
    assert translator.can_translate(hans, hant) and translator.can_translate(hant, hans)
    strings = [StringValue('<a id="a1">停车位</a>里面')]
    assert translator.translate(hans, hant, strings)[strings[0]].data == '<a id="a1">停車位</a>裡面'
    back = [StringValue("停車位裡面")]
    assert translator.translate(hant, hans, back)[back[0]].data == "停车位里面"


def test_english_is_left_to_editors_without_an_external_translator(settings):
    settings.RONGMEI_EXTERNAL_MACHINE_TRANSLATOR = None
    translator = OpenCCTranslator({})
    assert not translator.can_translate(Locale(language_code="zh-hans"), Locale(language_code="en"))
    assert translator.translate(Locale(language_code="zh-hans"), Locale(language_code="en"), []) == {}


class FakeEnglish:
    """Stands in for an external service (what leaves the machine is mocked)."""

    def __init__(self, options):
        self.prefix = options["PREFIX"]

    def can_translate(self, source, target):
        return target.language_code == "en"

    def translate(self, source, target, strings):
        return {string: StringValue(self.prefix + string.data) for string in strings}


def test_english_goes_to_the_configured_external_translator(settings):
    settings.RONGMEI_EXTERNAL_MACHINE_TRANSLATOR = {
        "CLASS": "tests.search.test_translation.FakeEnglish",
        "OPTIONS": {"PREFIX": "EN:"},
    }
    translator = OpenCCTranslator({})
    hans, en = Locale(language_code="zh-hans"), Locale(language_code="en")
    assert translator.can_translate(hans, en)
    strings = [StringValue("通知")]
    assert translator.translate(hans, en, strings)[strings[0]].data == "EN:通知"


def test_residents_petitions_are_shown_in_traditional_on_zh_hant_and_stored_once(client, home, locales):
    from petitions.models import PetitionBoardPage
    from rongmei.translation import translate_instance

    board = PetitionBoardPage(title="民声", slug="minsheng")
    home.add_child(instance=board)
    board.save_revision().publish()
    hant_board = translate_instance(board, "zh-hant")
    petition = PetitionFactory(title="小区路灯坏了", content="这里的路灯很久没有修理。", state="accepted")
    html = client.get(f"{hant_board.url}{petition.number}/").content.decode()
    assert "小區路燈壞了" in html and "這裡的路燈很久沒有修理" in html
    html = client.get(f"{board.url}{petition.number}/").content.decode()
    assert "小区路灯坏了" in html
    petition.refresh_from_db()
    assert petition.title == "小区路灯坏了"


def test_classified_ads_are_shown_in_traditional_on_zh_hant(client, home):
    from merchants.factories import ClassifiedAdFactory, ClassifiedBoardPageFactory
    from rongmei.translation import translate_instance

    board = ClassifiedBoardPageFactory(parent=home)
    hant_board = translate_instance(board, "zh-hant")
    ad = ClassifiedAdFactory(title="出租地下停车位", description="每月三百元，联系后看车位。")
    html = client.get(f"{hant_board.url}ad/{ad.pk}/").content.decode()
    assert "出租地下停車位" in html and "聯繫後看車位" in html
