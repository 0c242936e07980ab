"""A department's clerk writes a post in the department's channel (西区号) and sends it for review; the
reviewer (审核编辑) approves it in the admin; residents then read it on the channel."""

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from .stories import signed_in

pytestmark = pytest.mark.e2e

CHANNEL = "/zh-hans/departments/chengguan/"
TITLE = "城管局开展巴关河片区井盖隐患排查"


def test_a_clerks_channel_post_is_approved_by_the_reviewer_and_appears_on_the_channel(
    browser, phone, site_url, screenshot
):
    with signed_in(browser, site_url, "dept-chengguan") as clerk:
        # the clerk's userbar on the channel's own page adds a post under it
        clerk.goto(site_url + CHANNEL)
        clerk.goto(urljoin(clerk.url, clerk.locator("a[href$='/add_subpage/']").get_attribute("href")))
        clerk.locator("#id_title").fill(TITLE)
        clerk.locator("#id_summary").fill("即日起对巴关河片区井盖逐一排查，发现松动破损当即更换。")
        clerk.get_by_role("button", name="更多动作").click()
        clerk.get_by_role("button", name="提交给西区号发布审核").click()
        expect(clerk.locator(".messages")).to_contain_text("已创建并提交审核")
        screenshot(clerk, "story-channel-submitted")

    phone.goto(site_url + CHANNEL)
    expect(phone.locator("main")).not_to_contain_text(TITLE)  # not before it is approved

    with signed_in(browser, site_url, "reviewer") as reviewer:
        # the dashboard's 等待你的审查 lists the post with who sent it, and the reviewer approves it there
        row = reviewer.locator("tr").filter(has=reviewer.get_by_role("link", name=TITLE, exact=True))
        expect(row).to_contain_text("城管局工作人员")
        screenshot(reviewer, "story-channel-review-dashboard")
        row.get_by_role("button", name="动作").click()
        row.get_by_role("button", name="批准", exact=True).click()
        expect(row).to_have_count(
            0
        )  # approved: it leaves the reviewer's list (the dashboard shows no message)
        screenshot(reviewer, "story-channel-approved")

    phone.goto(site_url + CHANNEL)
    phone.get_by_role("link", name=TITLE).click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator("main")).to_contain_text("即日起对巴关河片区井盖逐一排查")
    screenshot(phone, "story-channel-post")
