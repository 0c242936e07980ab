"""A resident's first minutes on the site, in a real browser at phone and desktop width."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def no_horizontal_scroll(page):
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_the_home_page_reads_well_on_a_phone(phone, site_url, screenshot):
    phone.goto(site_url + "/")
    expect(phone).to_have_url(re.compile(r"/zh-hans/$"))
    expect(phone.locator("h1")).to_have_text("西区融媒")
    expect(phone.locator(".main-nav")).to_contain_text("便民服务")
    expect(phone.locator("#section-services")).to_be_visible()
    assert no_horizontal_scroll(phone)
    assert screenshot(phone, "home-phone").exists()


def test_the_home_page_on_a_desktop(desktop, site_url, screenshot):
    desktop.goto(site_url + "/zh-hans/")
    expect(desktop.locator(".site-footer")).to_contain_text("蜀ICP备20260001号-1")
    expect(desktop.locator(".header-search input")).to_be_visible()
    assert no_horizontal_scroll(desktop)
    screenshot(desktop, "home-desktop")


def test_the_skip_link_and_focus_are_there_for_keyboard_users(desktop, site_url):
    desktop.goto(site_url + "/zh-hans/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent")
    assert "跳到正文" in focused


def test_the_language_switcher_changes_script_and_language(phone, site_url, screenshot):
    phone.goto(site_url + "/zh-hans/services/")
    phone.get_by_role("link", name="繁體中文").click()
    expect(phone).to_have_url(re.compile(r"/zh-hant/services/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(phone.locator("h1")).to_have_text("便民服務")
    screenshot(phone, "services-zh-hant")
    phone.get_by_role("link", name="English").click()
    expect(phone).to_have_url(re.compile(r"/en/services/$"))
    expect(phone.locator("h1")).to_have_text("Services")
    expect(phone.locator(".skip-link")).to_have_text("Skip to content")


def test_a_resident_votes_once_and_sees_the_results(phone, site_url, screenshot):
    phone.goto(site_url + "/zh-hans/vote-park-name/")
    phone.get_by_label("望江公园").check()
    phone.get_by_role("button", name="投票").click()
    expect(phone.locator(".notice-success")).to_contain_text("投票成功")
    screenshot(phone, "vote-done")
    phone.get_by_role("link", name="查看结果").click()
    expect(phone.locator(".survey-results")).to_contain_text("望江公园")
    phone.goto(site_url + "/zh-hans/vote-park-name/")
    expect(phone.locator(".notice")).to_contain_text("您已经提交过了")
    expect(phone.locator("form.survey-form")).to_have_count(0)
