"""The demo command builds a complete site once, and adding it again adds nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.models import HomePage, ServiceGuidePage, SiteSettings, SurveyPage
from home.seed_translations import DEFAULT_HANT_PAGES

from .conftest import seed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_it_builds_every_section_it_knows():
    assert ServiceGuidePage.objects.live().filter(locale__language_code="zh-hans").count() >= 9
    assert SurveyPage.objects.filter(locale__language_code="zh-hans").count() == 2
    assert SiteSettings.objects.get().hotline
    assert get_image_model().objects.exists()


def test_it_prints_the_accounts_it_created_with_the_demo_password(first_run):
    assert "Accounts created" in first_run
    for username in ("admin", "editor", "supervisor"):
        assert username in first_run
        assert get_user_model().objects.get(username=username).check_password("rongmei-demo-2026")


def test_the_home_page_exists_in_traditional_chinese_and_english(client):
    home = HomePage.objects.get(locale__language_code="zh-hans")
    for code in ("zh-hant", "en"):
        translation = home.get_translation(Locale.objects.get(language_code=code))
        assert translation.live
    english = home.get_translation(Locale.objects.get(language_code="en"))
    assert english.title == "Xiqu Media"
    response = client.get("/zh-hant/")
    assert response.status_code == 200
    assert "西區融媒" in response.content.decode()


def test_every_live_page_has_its_traditional_script_copy_in_a_sound_tree():
    hans = {"locale__language_code": "zh-hans"}
    live = Page.objects.live().filter(depth__gt=1, **hans)
    assert live.count() < DEFAULT_HANT_PAGES  # the default cap is above the site's size
    hant = set(
        Page.objects.filter(locale=Locale.objects.get(language_code="zh-hant")).values_list(
            "translation_key", flat=True
        )
    )
    assert set(live.values_list("translation_key", flat=True)) <= hant
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_second_run_adds_nothing():
    counts = (Page.objects.count(), get_user_model().objects.count(), get_image_model().objects.count())
    output = seed()
    assert "Nothing to add" in output
    assert "Accounts created" not in output
    assert counts == (
        Page.objects.count(),
        get_user_model().objects.count(),
        get_image_model().objects.count(),
    )


def test_if_empty_leaves_a_site_with_content_alone():
    assert "already has content" in seed("--if-empty")


def test_the_demo_home_page_shows_every_section_editors_arranged_with_live_figures(client):
    html = client.get("/zh-hans/").content.decode()
    shown = re.findall(r'aria-labelledby="section-([\w-]+)"', html)
    for key in ("banner", "quick-actions", "figures", "petitions", "live", "top-news", "directory"):
        assert key in shown, f"the demo home page has no {key} section"
    assert any(key.startswith("grid-") for key in shown)
    assert shown.index("banner") < shown.index("quick-actions") < shown.index("figures")
    figures = dict(re.findall(r'class="figure figure-([a-z_]+)"><dt>.*?</dt><dd>([^<]+)</dd>', html))
    # the rates run over the last 30 days, in which the demo's petitions were dispatched and rated
    for key in ("completion_rate", "satisfaction_rate"):
        assert figures[key] not in ("—", "0.0%"), figures
