"""A resident typing a petition is shown a similar one already on the board, with its status and link; a
second resident posts anyway, and an editor marks that one as a duplicate of the first: its page then
sends the resident to the original."""

import re

import pytest
from playwright.sync_api import expect

from .stories import BOARD, accept, field, photo, post_petition, signed_in

pytestmark = pytest.mark.e2e

FIRST = "巴关河路口井盖松动，车辆经过响声很大"
SECOND = "巴关河路口井盖松动，晚上很吵"


def test_a_duplicate_is_suggested_while_typing_and_merged_by_an_editor(
    browser, site_url, screenshot, tmp_path
):
    resident = browser.new_page()
    first, _code = post_petition(
        resident,
        site_url,
        title=FIRST,
        content="井盖一压就响，晚上影响休息。",
        photo_path=photo(tmp_path / "a.png"),
        phone="13900001111",
    )
    with signed_in(browser, site_url, "editor") as editor:
        accept(editor, site_url, first)

    resident.goto(site_url + BOARD)
    resident.get_by_role("link", name=re.compile("我要留言")).first.click()
    field(resident, "领域").select_option(label="市政设施")
    field(resident, "标题").press_sequentially("巴关河路口井盖松动", delay=30)
    suggestions = resident.locator(".similar-petitions")
    expect(suggestions).to_be_visible()
    expect(suggestions).to_have_attribute("aria-live", "polite")
    link = suggestions.get_by_role("link", name=re.compile(first))
    expect(link).to_be_visible()
    expect(suggestions).to_contain_text("已受理")
    screenshot(resident, "story-duplicate-suggested")

    second, _code = post_petition(
        resident,
        site_url,
        title=SECOND,
        content="井盖松动，希望尽快处理。",
        photo_path=photo(tmp_path / "b.png"),
        phone="13900002222",
    )
    with signed_in(browser, site_url, "editor") as editor:
        accept(editor, site_url, second)
        editor.goto(site_url + "/admin/snippets/petitions/petition/")  # newest first
        row = editor.locator("tbody tr", has_text=second)
        row.get_by_role("button", name=re.compile("更多选项")).click()
        row.get_by_role("link", name="检查").click()
        editor.get_by_role("button", name="动作").click()
        editor.get_by_role("link", name="标记为重复").click()
        field(editor, "原诉求编号").fill(first)
        editor.get_by_role("button", name="标记为重复").click()
        expect(editor.locator(".messages")).to_contain_text(f"已将 {second} 标记为 {first} 的重复诉求")

    resident.goto(site_url + f"{BOARD}{second}/")
    notice = resident.locator(".petition-duplicate")
    expect(notice).to_contain_text("已合并办理")
    notice.get_by_role("link", name=re.compile(first)).click()
    expect(resident.locator("h1")).to_contain_text(FIRST[:6])
    screenshot(resident, "story-duplicate-original")
    resident.close()
