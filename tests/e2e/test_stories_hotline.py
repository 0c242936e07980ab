"""热线登记 in real browsers: a 12345 operator takes a call and enters the petition in the admin, reads the
tracking code out, the caller gets it by SMS and follows the petition on a phone; an editor finds it in
the moderation queue marked as a hotline call, without the caller's phone in public."""

import re

import pytest
from playwright.sync_api import expect

from .stories import BOARD, field, signed_in, track

pytestmark = pytest.mark.e2e

TITLE = "新华路菜市场门口下雨积水"
PHONE = "13955550123"


def test_an_operator_enters_a_call_and_the_caller_follows_it_with_the_code_from_the_sms(
    browser, phone, site_url, screenshot, sms_outbox
):
    with signed_in(browser, site_url, "hotline") as operator:
        operator.get_by_role("link", name="热线登记").first.click()
        operator.get_by_role(
            "button", name="登记"
        ).click()  # nothing filled in: each field says what it needs
        expect(operator.locator(".hotline-form")).to_contain_text("请填写来电人的电话")
        field(operator, "来源").select_option(label="12345 热线")
        field(operator, "领域").select_option(label="市政设施")
        field(operator, "标题").fill(TITLE)
        field(operator, "内容").fill(
            "来电人反映新华路菜市场门口一下雨就积水，老人进出很不方便，希望尽快疏通。"
        )
        field(operator, "来电人姓名").fill("王女士")
        field(operator, "来电人电话").fill(PHONE)
        operator.get_by_role("button", name="登记").click()
        done = operator.locator(".hotline-done")
        expect(done).to_contain_text("已登记")
        expect(done).to_contain_text("尾号 0123")
        code = done.locator(".hotline-code").inner_text()
        number = re.search(r"MS-\d{4}-\d{6}", done.inner_text())[0]
        screenshot(operator, "hotline-1-entered")

    texts = [message["text"] for message in sms_outbox() if message["phone"] == PHONE]
    assert len(texts) == 1 and number in texts[0] and code in texts[0], texts

    track(phone, site_url, code)
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator(".petition-status")).to_have_text("待审核")
    screenshot(phone, "hotline-2-caller-tracks")

    with signed_in(browser, site_url, "editor") as editor:
        editor.get_by_role("link", name="民声审核").first.click()
        row = editor.locator("tr", has_text=number)
        expect(row).to_contain_text(TITLE)
        row.get_by_role("button", name="受理", exact=True).click()
        expect(editor.locator(".messages")).to_contain_text("已受理")

    phone.goto(site_url + f"{BOARD}{number}/")
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator("body")).not_to_contain_text(PHONE)
    expect(phone.locator("body")).not_to_contain_text("王女士")
