"""Switching language in a real browser lands on the same thing: a news story, a petition, a merchant, an ad
and a search, in traditional script and in English."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def switch(page, name):
    page.locator(".language-switcher").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def path_of(page, site_url):
    return unquote(page.url.removeprefix(site_url))


def open_first(page, site_url, listing, link_selector):
    page.goto(site_url + listing)
    link = page.locator(link_selector).first
    title = link.inner_text().strip()
    link.click()
    page.wait_for_load_state()
    return title, path_of(page, site_url)


def assert_same_place(page, site_url, path, title, screenshot, name):
    """From ``path`` (a zh-hans page showing ``title``) to 繁體中文 and to English, and back."""
    below = path.removeprefix("/zh-hans/")
    switch(page, "繁體中文")
    assert path_of(page, site_url) == f"/zh-hant/{below}"
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    switch(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert path_of(page, site_url).startswith("/en/")
    expect(page.locator("main")).to_contain_text(title)
    screenshot(page, f"switch-{name}-en")
    switch(page, "简体中文")
    assert path_of(page, site_url) == path


def test_a_translated_news_story_switches_to_its_english_version(desktop, site_url, screenshot):
    desktop.goto(site_url + "/zh-hans/headlines/binjiang-park-opens/")
    expect(desktop.locator("h1")).to_contain_text("滨江公园正式开园")
    switch(desktop, "English")
    assert path_of(desktop, site_url) == "/en/headlines/binjiang-park-opens/"
    expect(desktop.locator("h1")).to_contain_text("Binjiang Park opens")
    screenshot(desktop, "switch-story-en")
    switch(desktop, "繁體中文")
    assert path_of(desktop, site_url) == "/zh-hant/headlines/binjiang-park-opens/"
    expect(desktop.locator("h1")).to_contain_text("濱江公園正式開園")


def test_a_story_only_in_chinese_stays_the_same_story_in_english(desktop, site_url, screenshot):
    title, path = open_first(desktop, site_url, "/zh-hans/livelihood/", "main .card-title a")
    assert_same_place(desktop, site_url, path, title, screenshot, "chinese-story")


def test_a_petition_stays_the_same_petition(desktop, site_url, screenshot):
    desktop.goto(site_url + "/zh-hans/minsheng/")
    link = desktop.locator("main a[href*='/minsheng/MS-']").first
    link.click()
    desktop.wait_for_load_state()
    path = path_of(desktop, site_url)
    number = re.search(r"MS-\d{4}-\d{6}", path).group()
    assert_same_place(desktop, site_url, path, number, screenshot, "petition")
    switch(desktop, "English")
    assert path_of(desktop, site_url) == f"/en/minsheng/{number}/"


def test_a_merchant_stays_the_same_merchant(desktop, site_url, screenshot):
    title, path = open_first(desktop, site_url, "/zh-hans/directory/food/", "main .card-title a")
    assert_same_place(desktop, site_url, path, title, screenshot, "merchant")


def test_an_ad_stays_the_same_ad(desktop, site_url, screenshot):
    desktop.goto(site_url + "/zh-hans/ads/")
    link = desktop.locator("main a[href*='/ads/ad/']").first
    link.click()
    desktop.wait_for_load_state()
    path = path_of(desktop, site_url)
    title = desktop.locator("h1").inner_text().strip()
    assert_same_place(desktop, site_url, path, title, screenshot, "ad")


def test_a_search_keeps_its_query(desktop, site_url, screenshot):
    desktop.goto(site_url + "/zh-hans/search/?q=公园")
    switch(desktop, "English")
    assert path_of(desktop, site_url) == "/en/search/?q=公园"
    expect(desktop.locator("#header-q")).to_have_value("公园")
    screenshot(desktop, "switch-search-en")
    switch(desktop, "繁體中文")
    assert path_of(desktop, site_url) == "/zh-hant/search/?q=公园"
