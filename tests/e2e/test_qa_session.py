"""A live Q&A session end to end in two browsers: a resident asks and watches; the media centre releases
the question and an official of the taking-part department answers in the admin; the resident's page
shows both without being reloaded."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import solve_captcha

pytestmark = pytest.mark.e2e

SESSION = "/zh-hans/government/qa-education-2026/"
PASSWORD = "rongmei-demo-2026"


def sign_in(page, site_url, username):
    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_question_is_asked_released_and_answered_while_the_resident_watches(
    browser, phone, site_url, screenshot
):
    question = "孩子明年上小学，划片范围什么时候公布？"
    phone.goto(site_url + SESSION)
    phone.get_by_label("您的问题").fill(question)
    captcha = phone.locator("label", has_text="验证题")
    phone.get_by_label(re.compile("验证题")).fill(solve_captcha(captcha.inner_text()))
    phone.get_by_role("button", name="提交问题").click()
    expect(phone.locator(".messages")).to_contain_text("问题已提交")
    items = phone.locator("[data-qa-items]")
    expect(items).not_to_contain_text(question)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = staff.new_page()
    try:
        sign_in(admin, site_url, "editor")
        admin.goto(site_url + "/admin/qa-sessions/")
        admin.get_by_role("link", name="在线访谈｜秋季学期入学政策解读").click()
        row = admin.locator("tr", has_text=question)
        row.get_by_role("button", name="公开", exact=True).click()
        expect(admin.locator("body")).to_contain_text("问题已公开")

        # The resident's page shows the released question without a reload.
        expect(items).to_contain_text(question, timeout=15000)
        expect(items).to_contain_text("等待嘉宾回答")

        admin.context.clear_cookies()
        sign_in(admin, site_url, "staff-jiaoyu")
        admin.goto(site_url + "/admin/qa-sessions/")
        admin.get_by_role("link", name="在线访谈｜秋季学期入学政策解读").click()
        row = admin.locator("tr", has_text=question)
        row.locator("textarea[name=body]").fill("划片范围将于明年 4 月在区教体局网站公布。")
        row.get_by_role("button", name="提交回答").click()
        expect(admin.locator("body")).to_contain_text("回答已保存")
        screenshot(admin, "qa-admin")
    finally:
        staff.close()

    expect(items).to_contain_text("明年 4 月在区教体局网站公布", timeout=15000)
    screenshot(phone, "qa-session-live")
