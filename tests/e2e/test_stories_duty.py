"""The duty roster (值班) in real browsers: a supervisor puts a unit on duty today in the admin's month
calendar, and a resident sees it under 今日值班 on the board."""

import re

import pytest
from playwright.sync_api import expect

from .stories import BOARD, field, signed_in

pytestmark = pytest.mark.e2e

UNIT = "格里坪镇"  # never on the demo's rota, so the supervisor can put it on today


def test_a_supervisor_puts_a_unit_on_duty_and_a_resident_sees_it_on_the_board(
    browser, phone, site_url, screenshot
):
    with signed_in(browser, site_url, "supervisor") as supervisor:
        supervisor.get_by_role("link", name="值班表").first.click()
        expect(supervisor.locator(".duty-calendar")).to_be_visible()
        supervisor.locator(".duty-today-cell").get_by_role("link", name="安排值班").click()
        field(supervisor, "值班单位").select_option(label=UNIT)
        supervisor.get_by_role("button", name="加入值班表").click()
        expect(supervisor.locator(".messages")).to_contain_text(f"已安排 {UNIT}")
        expect(supervisor.locator(".duty-shifts")).to_contain_text(UNIT)
        supervisor.get_by_role("link", name="返回值班表").click()
        expect(supervisor.locator(".duty-today-cell")).to_contain_text(UNIT)
        screenshot(supervisor, "duty-1-calendar")

    phone.goto(site_url + BOARD)
    duty = phone.locator(".board-duty")
    expect(duty.locator("h2")).to_have_text("今日值班")
    expect(duty).to_contain_text(re.compile(UNIT))
    screenshot(phone, "duty-2-board")
