"""积分商城 and 在线抢购 in real browsers: a new resident earns points with the demo passphrase, redeems goods
in the mall on a phone and gets a pick-up code; an editor verifies it at the admin's pick-up counter, and a
second verification of the same code is refused. An editor schedules a one-item flash sale; the sale page
shows the live stock, a resident takes the item, and the next visitor sees it sold out."""

import datetime
import re
import secrets
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from points.seed import DEMO_GOODS, DEMO_PHRASE

from .stories import field, signed_in

pytestmark = pytest.mark.e2e

SALE = "端到端测试：一件保温杯"


def a_new_resident(page, site_url, name):
    page.goto(f"{site_url}/zh-hans/accounts/signup/")
    page.locator("input[name=username]").fill(name)
    page.locator("input[name=email]").fill(f"{name}@example.com")
    page.locator("input[name=password1]").fill("pw-mall-e2e-2026")
    page.locator("input[name=password2]").fill("pw-mall-e2e-2026")
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_text("注册成功，欢迎您！")).to_be_visible()


def test_a_resident_redeems_goods_and_an_editor_verifies_the_code_once(phone, browser, site_url, screenshot):
    a_new_resident(phone, site_url, f"mall{secrets.token_hex(3)}")
    phone.goto(f"{site_url}/zh-hans/accounts/points/")
    phone.get_by_label("红包口令").fill(DEMO_PHRASE)
    phone.get_by_role("button", name="领取").click()
    expect(phone.locator("[data-balance]")).to_have_text("20")

    phone.get_by_role("link", name="去积分商城兑换").click()
    expect(phone.get_by_role("heading", name="积分商城", exact=True)).to_be_visible()
    card = phone.locator(".goods-card", has_text=DEMO_GOODS)
    expect(card).to_contain_text("20 积分")
    expect(card).to_contain_text("剩 30 件")
    expect(phone.locator(".goods-card", has_text="攀枝花芒果礼盒").get_by_role("button")).to_have_text(
        "积分不足"
    )
    screenshot(phone, "mall-1-goods")
    card.get_by_role("button", name="兑换").click()

    expect(phone.locator(".messages")).to_contain_text("兑换成功！取货码")
    code = phone.locator("[data-pickup-code]").first.inner_text()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", code), code
    expect(phone.locator("[data-balance]")).to_have_text("0")
    expect(phone.locator(".points-history")).to_contain_text("-20")
    screenshot(phone, "mall-2-pick-up-code")

    with (
        signed_in(browser, site_url, "editor") as editor,
        signed_in(browser, site_url, "editor") as colleague,
    ):
        for counter in (editor, colleague):  # two counters open the same order
            counter.get_by_role("link", name="取货核销").first.click()
            field(counter, "取货码").fill(code.lower())
            counter.get_by_role("button", name="查询").click()
            expect(counter.locator(".pickup-order")).to_contain_text(DEMO_GOODS)
            expect(counter.locator(".pickup-order [data-status]")).to_have_text("待领取")
        editor.get_by_role("button", name="确认领取").click()
        expect(editor.locator(".pickup-order")).to_contain_text(f"取货码 {code} 已核销")
        expect(editor.locator(".pickup-order [data-status]")).to_contain_text("已领取")
        screenshot(editor, "mall-3-verified")

        colleague.get_by_role("button", name="确认领取").click()
        expect(colleague.locator(".pickup-form")).to_contain_text("核销过了，不能重复领取")
        screenshot(colleague, "mall-4-second-verification-refused")

    phone.reload()
    expect(phone.locator("[data-order]").first).to_contain_text("已领取")


def schedule_a_one_item_sale(browser, site_url):
    now = datetime.datetime.now(ZoneInfo("Asia/Shanghai"))
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/snippets/points/flashsale/add/")
        editor.locator("#id_title").fill(SALE)
        editor.locator("#id_item_name").fill("融媒保温杯")
        editor.locator("#id_stock").fill("1")
        # typed into the fields without focusing them: the date picker a focus opens covers the buttons
        for name, value in (
            ("starts_at", now - datetime.timedelta(minutes=5)),
            ("ends_at", now + datetime.timedelta(days=1)),
        ):
            editor.locator(f"#id_{name}").evaluate(
                "(field, value) => { field.value = value; }", value.strftime("%Y-%m-%d %H:%M")
            )
        editor.locator("#id_pickup_place").fill("融媒体中心一楼大厅")
        editor.get_by_role("button", name="保存").first.click()
        expect(editor.locator(".messages")).to_contain_text(SALE)


def test_a_flash_sale_shows_the_live_stock_and_then_sold_out(phone, browser, site_url, screenshot):
    schedule_a_one_item_sale(browser, site_url)
    a_new_resident(phone, site_url, f"rush{secrets.token_hex(3)}")
    phone.goto(f"{site_url}/zh-hans/mall/")
    phone.get_by_role("link", name=SALE).click()
    expect(phone.get_by_role("heading", name=SALE)).to_be_visible()
    expect(phone.locator("[data-remaining]")).to_have_text("1 / 1")
    buy = phone.locator("[data-buy]")
    expect(buy).to_have_text("立即抢购")
    expect(buy).to_be_enabled()
    screenshot(phone, "sale-1-open")
    buy.click()
    expect(phone.locator("[data-result]")).to_contain_text("抢到了！取货码")
    expect(phone.locator("[data-remaining]")).to_have_text("0 / 1")
    expect(buy).to_have_text("已抢到")
    screenshot(phone, "sale-2-won")

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    try:
        visitor = context.new_page()
        visitor.goto(phone.url)
        expect(visitor.locator("[data-state]")).to_contain_text("已抢光")
        expect(visitor.locator("[data-buy]")).to_be_disabled()
        expect(visitor.locator("[data-buy]")).to_have_text("已抢光")
        screenshot(visitor, "sale-3-sold-out")
    finally:
        context.close()
