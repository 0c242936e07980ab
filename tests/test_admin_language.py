"""The admin's language: Chinese for everyone who has not chosen otherwise, whatever the browser asks for; a
staff member's own choice in their account settings (首选语言) is respected, English or traditional script."""

import re

import pytest
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html)[1]


def test_the_sign_in_page_is_chinese_for_an_english_browser(client):
    html = client.get("/admin/login/", **ENGLISH_BROWSER).content.decode()
    assert html_lang(html) == "zh-hans"
    assert "登录" in html and "Sign in" not in html


def test_an_editor_without_a_preference_gets_a_chinese_admin_in_an_english_browser(client, editor):
    client.force_login(editor)
    response = client.get("/admin/", **ENGLISH_BROWSER)
    html = response.content.decode()
    assert html_lang(html) == "zh-hans"
    assert "仪表板" in html or "控制面板" in html
    assert "Dashboard" not in html and "Search" not in re.sub(r"<[^>]+>", " ", html).split()
    assert response["Content-Language"] == "zh-hans"


def test_an_editor_who_chose_english_gets_the_english_admin(client, editor):
    UserProfile.get_for_user(editor).__class__.objects.filter(user=editor).update(preferred_language="en")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert html_lang(html) == "en"
    assert "Dashboard" in html


def test_an_editor_who_chose_traditional_script_gets_it(client, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "zh-hant"
    profile.save()
    client.force_login(editor)
    html = client.get("/admin/", **ENGLISH_BROWSER).content.decode()
    assert html_lang(html) == "zh-hant"
    assert "儀表板" in html or "控制面板" in html


def test_the_choice_is_made_in_the_account_settings(client, editor):
    """The account page offers the three languages and saves the choice, as a staff member would make it."""
    client.force_login(editor)
    html = client.get("/admin/account/", **ENGLISH_BROWSER).content.decode()
    assert 'value="en"' in html and 'value="zh-hant"' in html
    assert "首选语言" in html or "偏好语言" in html


def test_the_public_site_still_follows_the_prefix_not_the_admin_rule(client, home):
    response = client.get("/", **ENGLISH_BROWSER)
    assert response.status_code == 302 and response.url.startswith("/en/")
