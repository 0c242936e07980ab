"""A resident with an account signs in for the day, redeems the passphrase hidden in a story, and sees
both in their points history."""

import pytest
from playwright.sync_api import expect

from points.seed import DEMO_PHRASE

from .stories import PASSWORD

pytestmark = pytest.mark.e2e


def test_a_resident_signs_in_daily_redeems_a_passphrase_and_sees_the_history(phone, site_url, screenshot):
    phone.goto(f"{site_url}/zh-hans/accounts/login/?next=/zh-hans/accounts/points/")
    phone.locator("input[name=username]").fill("resident")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="我的积分")).to_be_visible()

    phone.get_by_role("button", name="每日签到").click()
    expect(phone.get_by_text("签到成功！")).to_be_visible()
    expect(phone.get_by_role("button", name="今日已签到")).to_be_disabled()

    phone.get_by_label("红包口令").fill("猜一个口令")
    phone.get_by_role("button", name="领取").click()
    expect(phone.get_by_text("口令不正确，请核对后再试。")).to_be_visible()

    phone.get_by_label("红包口令").fill(DEMO_PHRASE)
    phone.get_by_role("button", name="领取").click()
    expect(phone.get_by_text("口令正确，获得 20 积分！")).to_be_visible()
    expect(phone.locator("[data-balance]")).to_have_text("21")
    history = phone.get_by_role("table")
    expect(history.get_by_role("row")).to_have_count(3)  # the header, the passphrase, the sign-in
    expect(history).to_contain_text(f"红包口令“{DEMO_PHRASE}”")
    screenshot(phone, "points-history")
