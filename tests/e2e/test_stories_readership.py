"""Readers open a story; the editor finds it among the top stories of 浏览统计 (readership statistics) in the
admin's reports, with the channel's views of the day, and is told plainly when the period asked for is wrong."""

import json
import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from newsroom.counters import FLUSH_EVERY

from .conftest import SCREENSHOTS
from .stories import signed_in

pytestmark = pytest.mark.e2e


def a_story(site_url):
    """The newest news story of the demo, through the page API: its title and address."""
    url = f"{site_url}/api/v2/pages/?type=newsroom.NewsArticlePage&locale=zh-hans&limit=1&order=-first_published_at"
    with urllib.request.urlopen(url, timeout=30) as response:
        item = json.loads(response.read())["items"][0]
    return item["title"], site_url + urllib.parse.urlsplit(item["meta"]["html_url"]).path


def test_an_editor_sees_what_readers_read(browser, site_url):
    title, address = a_story(site_url)
    reader = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = reader.new_page()
        for _visit in range(FLUSH_EVERY):  # a full batch of views is written to the database at once
            assert page.goto(address).status == 200
    finally:
        reader.close()

    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/")
        editor.get_by_role("button", name="报告").click()
        editor.get_by_role("link", name="浏览统计").click()
        editor.wait_for_url(re.compile(r"/admin/readership/$"))
        expect(editor.get_by_role("heading", name="热门稿件")).to_be_visible()
        row = editor.locator("table.listing").first.locator("tr", has_text=title)
        expect(row).to_be_visible()
        views = int(row.locator("td").last.inner_text())
        assert views >= FLUSH_EVERY
        expect(editor.get_by_role("heading", name="各栏目每日浏览量")).to_be_visible()
        editor.screenshot(path=str(SCREENSHOTS / "readership.png"), full_page=True)

        editor.goto(site_url + "/admin/readership/?start=2026-03-10&end=2026-03-01")
        expect(editor.get_by_text("结束日期不能早于开始日期。")).to_be_visible()
