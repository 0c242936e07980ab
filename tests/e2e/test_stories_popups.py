"""An editor schedules a pop-up notice (定时弹窗) in the admin; a resident on a phone sees it once as a dialog,
closes it with Esc and is not shown it again; the petition form never shows it; the editor withdraws it and
it is gone for everyone at once."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS
from .stories import BOARD, signed_in

pytestmark = pytest.mark.e2e

TITLE = "暴雨红色预警：今晚请减少外出"
BODY = "气象台发布暴雨红色预警，今晚至明晨有特大暴雨。请尽量减少外出，远离河道和低洼地带。"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "locale": "zh-CN",
}


def dialog_of(page):
    return page.locator("dialog.popup")


def open_and_wait_for_notices(page, url):
    """Open ``url`` and wait until its script has had the answer from /popups/ (and shown what it says)."""
    with page.expect_response(re.compile(r"/popups/\?")) as answer:
        page.goto(url)
    assert answer.value.status == 200
    page.wait_for_load_state("networkidle")
    return answer.value.json()


def schedule(browser, site_url):
    """The editor adds the notice in the admin: for the whole site, in every language, once per visitor."""
    now = datetime.datetime.now(ZoneInfo("Asia/Shanghai"))
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/")
        editor.get_by_role("link", name="定时弹窗").click()  # its own item in the admin menu
        editor.wait_for_url(re.compile(r"/admin/snippets/home/popupnotice/$"))
        editor.goto(site_url + "/admin/snippets/home/popupnotice/add/")
        editor.locator("#id_title").fill(TITLE)
        editor.locator("#id_body").fill(BODY)
        editor.locator("#id_link_url").fill(BOARD)
        editor.locator("#id_link_label").fill("查看防汛提示")
        editor.locator("#id_kind").select_option(label="紧急政务信息")
        editor.locator("#id_starts_at").fill((now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M"))
        editor.locator("#id_ends_at").fill((now + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
        editor.keyboard.press("Escape")  # the date picker
        editor.locator("#id_cap").select_option(label="每位访客一次")
        editor.get_by_role("button", name="保存").first.click()
        expect(editor.locator(".messages")).to_contain_text(TITLE)
        expect(editor.get_by_role("link", name=TITLE)).to_be_visible()


def withdraw(browser, site_url):
    """The editor unticks 启用 (live) on the notice: it stops showing at once (the demo site is shared)."""
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/snippets/home/popupnotice/")
        editor.get_by_role("link", name=TITLE).first.click()
        editor.locator("#id_live").uncheck()
        editor.get_by_role("button", name="保存").first.click()
        expect(editor.locator(".messages")).to_contain_text(TITLE)


def test_an_editors_notice_pops_up_once_for_a_resident_and_never_on_the_petition_form(browser, site_url):
    schedule(browser, site_url)
    try:
        a_resident_sees_it_once(browser, site_url)
        never_on_the_petition_form(browser, site_url)
    finally:
        withdraw(browser, site_url)
    context = browser.new_context(**PHONE)
    try:
        resident = context.new_page()
        answer = open_and_wait_for_notices(resident, site_url + "/zh-hans/")
        assert answer["notices"] == []
        expect(dialog_of(resident)).to_have_count(0)
    finally:
        context.close()


def a_resident_sees_it_once(browser, site_url):
    """On a phone: the dialog, focus in it, Esc closes it, and neither the next page nor a reload shows it."""
    context = browser.new_context(**PHONE)
    try:
        resident = context.new_page()
        answer = open_and_wait_for_notices(resident, site_url + "/zh-hans/")
        assert [notice["title"] for notice in answer["notices"]] == [TITLE]
        dialog = dialog_of(resident)
        expect(dialog).to_be_visible()
        expect(dialog.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(dialog).to_contain_text("紧急通知")
        expect(dialog.get_by_role("link", name="查看防汛提示")).to_have_attribute("href", BOARD)
        # a modal dialog, named and described by its own heading and text
        assert resident.evaluate("document.querySelector('dialog.popup').matches(':modal')")
        labelled = resident.evaluate(
            "(() => { const d = document.querySelector('dialog.popup');"
            " return [document.getElementById(d.getAttribute('aria-labelledby')).textContent,"
            " document.getElementById(d.getAttribute('aria-describedby')).textContent]; })()"
        )
        assert labelled == [TITLE, BODY]
        # focus is in the dialog, on its close button
        assert resident.evaluate("document.activeElement.closest('dialog.popup') !== null")
        expect(dialog.get_by_role("button", name="关闭")).to_be_focused()
        SCREENSHOTS.mkdir(exist_ok=True)
        resident.screenshot(path=str(SCREENSHOTS / "story-popup-dialog.png"))

        resident.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        assert resident.evaluate("document.activeElement.closest('dialog') === null")
        assert resident.evaluate("document.activeElement.id") == "main"  # back where the page starts

        # once per visitor: the next page and a reload ask again, and show nothing
        answer = open_and_wait_for_notices(resident, site_url + "/zh-hans/")
        assert [notice["title"] for notice in answer["notices"]] == [TITLE]  # still live on the server
        expect(dialog_of(resident)).to_have_count(0)
        resident.reload()
        resident.wait_for_load_state("networkidle")
        expect(dialog_of(resident)).to_have_count(0)
    finally:
        context.close()


def never_on_the_petition_form(browser, site_url):
    """A resident who has never seen it, on the petition form: no pop-up over the form."""
    context = browser.new_context(**PHONE)
    try:
        resident = context.new_page()
        resident.goto(site_url + BOARD + "new/")
        resident.wait_for_load_state("networkidle")
        expect(resident.locator("h1")).to_have_text("我要留言")
        resident.wait_for_timeout(500)
        expect(dialog_of(resident)).to_have_count(0)
        # ... while the board itself, for the same resident, shows it: the notice was live all along
        open_and_wait_for_notices(resident, site_url + BOARD)
        expect(dialog_of(resident)).to_be_visible()
        dialog_of(resident).get_by_role("button", name="关闭").click()
        expect(dialog_of(resident)).to_have_count(0)
        resident.goto(site_url + BOARD + "new/")
        resident.wait_for_load_state("networkidle")
        expect(dialog_of(resident)).to_have_count(0)
    finally:
        context.close()
