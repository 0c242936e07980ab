"""A merchant signs up through the public form (商家入驻); an editor approves the application; the merchant
sets a password from the welcome e-mail, signs in, edits the page and submits it; an editor publishes it;
the directory lists it."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .stories import expect_photo_loaded, field, photo, sign_in, signed_in

pytestmark = pytest.mark.e2e

NAME = "老街坊豆花饭"
# a 统一社会信用代码 with a correct check character, as printed on the shop's licence
LICENCE = "91510403MA7K2Q8X5G"
NEW_SUMMARY = "现点豆花、现炒蘸水，早上七点开门，炖菜每天换。"
MERCHANT_PASSWORD = "doUhua-fan-2026!"


def test_a_merchant_signs_up_edits_the_page_and_an_editor_publishes_it(
    browser, desktop, site_url, screenshot, mailbox, tmp_path
):
    desktop.goto(site_url + "/zh-hans/directory/")
    desktop.get_by_role("link", name="商家免费入驻").click()
    field(desktop, "商家名称").fill(NAME)
    field(desktop, "分类").select_option(label="美食")
    field(desktop, "统一社会信用代码").fill(LICENCE)
    field(desktop, "经营地址").fill("西区清香坪街道巴关河路 18 号")
    field(desktop, "所在街道或乡镇").fill("清香坪街道")
    field(desktop, "对外电话").fill("0812-3356789")
    field(desktop, "人均（元）").fill("18")
    field(desktop, "商家介绍").fill("三十年的老店，豆花饭、烧白、炖菜，街坊邻居吃了几十年。")
    field(desktop, "联系人").fill("李老板")
    field(desktop, "联系电话").fill("13900003333")
    field(desktop, "电子邮箱").fill("laojiefang@example.com")
    field(desktop, "门店照片 1").set_input_files(photo(tmp_path / "shop.jpg", colour=(120, 60, 20)))
    desktop.get_by_label(re.compile("我确认所填信息真实")).check()
    desktop.get_by_role("button", name="提交申请").click()
    expect(desktop.locator("h1")).to_have_text("申请已提交")
    screenshot(desktop, "story-merchant-applied")

    with signed_in(browser, site_url, "editor") as admin:
        admin.get_by_role("button", name="吃喝玩乐").click()
        admin.get_by_role("link", name="商家入驻申请").click()
        row = admin.locator("tbody tr", has_text=NAME).filter(has_text="待审核").first
        row.get_by_role("button", name=re.compile("更多选项")).click()
        row.get_by_role("link", name="通过").click()
        expect(admin.locator("main")).to_contain_text("确定通过这份入驻申请吗")
        expect(admin.locator("main img")).not_to_have_count(0)  # the shop's photo, to check against
        admin.get_by_role("button", name="通过并建立草稿页面").click()
        expect(admin.locator(".messages")).to_contain_text("已通过")

    # the merchant reads the welcome e-mail, sets a password and signs in with the account it names
    welcome = [message for message in mailbox() if NAME in message["subject"]][-1]
    text = welcome.get_content()
    username = re.search(r"商家账号是 (\S+?)，", text)[1]
    link = re.search(r"https?://\S+", text)[0]
    desktop.goto(site_url + urlsplit(link).path)
    desktop.locator("input[name=new_password1]").fill(MERCHANT_PASSWORD)
    desktop.locator("input[name=new_password2]").fill(MERCHANT_PASSWORD)
    desktop.locator("form button[type=submit]").first.click()
    expect(desktop.locator("main")).to_contain_text("密码")
    sign_in(desktop, site_url, username, MERCHANT_PASSWORD)

    # the dashboard's summary counts the one page the merchant may edit and opens it
    desktop.locator("main a[href^='/admin/pages/']").first.click()
    expect(desktop.locator("main")).to_contain_text(NAME)
    desktop.get_by_role("button", name="动作").first.click()
    desktop.get_by_role("link", name="编辑", exact=True).first.click()
    desktop.locator("#id_summary").fill(NEW_SUMMARY)
    desktop.get_by_role("button", name="更多动作").click()
    desktop.get_by_role("button", name=re.compile("^提交给")).click()
    expect(desktop.locator(".messages")).to_contain_text("已经提交进行审核")
    screenshot(desktop, "story-merchant-submitted")

    with signed_in(browser, site_url, "editor") as admin:
        # 等待你的审查 on the editor's dashboard: approving publishes
        rows = admin.locator("tr").filter(has=admin.get_by_role("link", name=NAME, exact=True))
        row = rows.filter(has=admin.locator("button", has_text="批准"))
        expect(row).to_contain_text("李老板")  # who submitted it
        row.get_by_role("button", name="动作").click()
        row.get_by_role("button", name="批准", exact=True).click()
        expect(row).to_have_count(0)  # no longer waiting for review
        screenshot(admin, "story-merchant-approved")

    desktop.context.clear_cookies()
    desktop.goto(site_url + "/zh-hans/directory/")
    desktop.get_by_role("link", name="美食").first.click()
    card = desktop.locator("article, li, .merchant-card").filter(has_text=NAME).last
    expect(card).to_be_visible()
    card.get_by_role("link", name=re.compile(NAME)).first.click()
    expect(desktop.locator("h1")).to_have_text(NAME)
    expect(desktop.locator("main")).to_contain_text(NEW_SUMMARY)
    expect_photo_loaded(desktop.locator("main img").first)  # the photo sent with the application
    screenshot(desktop, "story-merchant-listed")
