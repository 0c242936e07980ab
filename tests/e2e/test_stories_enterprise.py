"""An enterprise as a handling unit, in real browsers: a resident complains about a water cut, the media
centre dispatches it to the water company, the company's staff claim and answer it on the workbench, and
the resident rates the answer; the public page names the company as the handling unit."""

import pytest
from playwright.sync_api import expect

from .stories import BOARD, accept, claim_and_reply, dispatch, photo, post_petition, rate, signed_in, track

pytestmark = pytest.mark.e2e

COMPANY = "攀枝花市西区自来水有限公司"
TITLE = "清香坪三区连续两天停水没有通知"
REPLY = "经查为三区主管道爆裂，已于昨晚抢修完毕恢复供水；今后计划停水将提前一天在小区张贴通知并短信告知。"


def test_a_water_company_answers_a_consumer_complaint_and_the_resident_rates_it(
    browser, phone, site_url, screenshot, tmp_path
):
    number, code = post_petition(
        phone,
        site_url,
        title=TITLE,
        content="清香坪三区从前天早上开始停水，物业和自来水公司都没有提前通知，老人孩子用水很困难。",
        photo_path=photo(tmp_path / "tap.jpg"),
        phone="13700001234",
        topic="供水供暖",
    )
    with signed_in(browser, site_url, "editor") as editor:
        accept(editor, site_url, number)
        dispatch(editor, site_url, number, department=COMPANY)

    with signed_in(browser, site_url, "dept-zilaishui") as staff:
        claim_and_reply(staff, site_url, number, REPLY)
        expect(staff.locator("main")).to_contain_text(REPLY)
        screenshot(staff, "enterprise-1-answered")

    track(phone, site_url, code)
    expect(phone.locator(".petition-timeline")).to_contain_text(REPLY)
    rate(phone, "满意")
    expect(phone.locator(".petition-status")).to_have_text("已办结")
    phone.goto(site_url + BOARD + number + "/")
    expect(phone.locator("article.petition")).to_contain_text("自来水公司")
    screenshot(phone, "enterprise-2-public")
