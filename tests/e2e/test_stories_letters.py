"""督办函 in real browsers: a supervisor issues a supervision letter to the city-management bureau, its clerk
answers it from the admin, the supervisor accepts the answer, and the accountability ledger lists it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .stories import field, signed_in

pytestmark = pytest.mark.e2e

CLERK = "dept-chengguan"
DEPARTMENT = "西区城市管理综合执法局"
SUBJECT = "巴关河片区井盖反复松动"
RESPONSE = "已对片区内井盖逐一排查，更换底座十二处，建立每周巡查台账。"


def test_a_supervisor_issues_a_letter_the_unit_answers_and_the_ledger_lists_it(browser, site_url, screenshot):
    deadline = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    with signed_in(browser, site_url, "supervisor") as supervisor:
        supervisor.get_by_role("link", name="督办函与约谈").first.click()
        supervisor.get_by_role("link", name="签发函件或记录约谈").click()
        supervisor.get_by_role(
            "button", name="签发"
        ).click()  # nothing filled in: each field says what it needs
        expect(supervisor.locator(".error-message, .errorlist").first).to_be_visible()
        supervisor.get_by_label("督办函").check()
        field(supervisor, "办理单位").select_option(label=DEPARTMENT)
        field(supervisor, "事由").fill(SUBJECT)
        field(supervisor, "正文").fill("近一个月该片区井盖松动诉求反复出现，请查明原因、限期整改并书面回复。")
        field(supervisor, "回复期限").fill(deadline)
        supervisor.keyboard.press("Escape")  # the date picker
        supervisor.get_by_role("button", name="签发").click()
        expect(supervisor.locator(".messages")).to_contain_text("已签发")
        number = re.search(r"督办〔\d{4}〕第\d+号", supervisor.locator(".messages").inner_text())[0]

    with signed_in(browser, site_url, CLERK) as clerk:
        clerk.get_by_role("link", name="督办函与约谈").first.click()
        expect(clerk.locator("tr", has_text=number)).to_contain_text("待回复")
        clerk.get_by_role("link", name=number).click()
        expect(clerk.locator(".letter-details")).to_contain_text(deadline)
        field(clerk, "书面回复").fill(RESPONSE)
        clerk.get_by_role("button", name="提交回复").click()
        expect(clerk.locator(".messages")).to_contain_text(f"已回复 {number}")
        expect(clerk.locator(".letter-response")).to_contain_text(RESPONSE)

    with signed_in(browser, site_url, "supervisor") as supervisor:
        supervisor.get_by_role("link", name="督办函与约谈").first.click()
        supervisor.get_by_role("link", name=number).click()
        supervisor.get_by_role("button", name="认可回复").click()
        expect(supervisor.locator(".messages")).to_contain_text(f"已审核 {number} 的回复")
        expect(supervisor.locator(".letter-status")).to_have_text("已认可")
        screenshot(supervisor, "letters-1-accepted")
        supervisor.get_by_role("link", name="督办函与约谈").first.click()
        supervisor.get_by_role("link", name="问责台账").click()
        row = supervisor.locator("tr", has_text=number)
        expect(row).to_contain_text(DEPARTMENT)
        expect(row).to_contain_text(SUBJECT)
        screenshot(supervisor, "letters-2-ledger")
