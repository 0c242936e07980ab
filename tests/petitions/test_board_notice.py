"""The board's notice above the petition form (提交须知) reads in the visitor's language: the English an
editor wrote on /en/, the Chinese one (in traditional script on zh-hant) elsewhere or when none was written."""

import pytest

from petitions.models import PetitionSettings
from rongmei.translation import translate_instance

pytestmark = pytest.mark.django_db

NOTICE = "请如实反映问题，勿发布他人隐私。"
NOTICE_EN = "Please describe the problem truthfully and do not post the private details of others."


@pytest.fixture
def petition_settings(board, home):
    for language in ("zh-hant", "en"):
        translate_instance(home, language)
        translate_instance(board, language)
    settings, _created = PetitionSettings.objects.get_or_create(site=home.get_site())
    settings.notice, settings.notice_en = NOTICE, NOTICE_EN
    settings.save()
    return settings


def notice_of(client, language):
    html = client.get(f"/{language}/minsheng/new/").content.decode()
    return html.split('<div class="notice">')[1].split("</div>")[0]


def test_an_english_visitor_reads_the_english_notice(client, petition_settings):
    assert NOTICE_EN in notice_of(client, "en")


def test_chinese_visitors_read_the_chinese_notice_in_their_script(client, petition_settings):
    assert NOTICE in notice_of(client, "zh-hans")
    assert "請如實反映問題，勿發佈他人隱私。" in notice_of(client, "zh-hant")


def test_without_an_english_notice_the_chinese_one_is_shown(client, petition_settings):
    petition_settings.notice_en = ""
    petition_settings.save()
    assert NOTICE in notice_of(client, "en")
