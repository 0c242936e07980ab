"""An editor sends a closed petition back to its department (重新办理) from the petition's admin page, with
a reason; the resident who tracks it sees the decision and the reason in the timeline."""

import re

import pytest
from playwright.sync_api import expect

from .stories import accept, claim_and_reply, dispatch, field, photo, post_petition, rate, signed_in, track

pytestmark = pytest.mark.e2e

TITLE = "苏铁中路的路灯一直不亮"
REASON = "现场复查发现仍有三盏路灯不亮，请重新办理。"


def test_an_editor_reopens_a_closed_petition_and_the_resident_sees_why(
    browser, phone, site_url, screenshot, tmp_path
):
    number, code = post_petition(
        phone,
        site_url,
        title=TITLE,
        content="苏铁中路中段的路灯已经一个星期不亮了，晚上走路看不清。",
        photo_path=photo(tmp_path / "streetlight.jpg", colour=(30, 30, 60)),
        phone="13800002222",
    )
    with signed_in(browser, site_url, "editor") as admin:
        accept(admin, site_url, number)
        dispatch(admin, site_url, number)
    with signed_in(browser, site_url, "dept-chengguan") as clerk:
        claim_and_reply(clerk, site_url, number, "路灯线路已检修，全部恢复照明。")
    track(phone, site_url, code)
    rate(phone, "满意")
    expect(phone.locator(".petition-status")).to_have_text("已办结")

    with signed_in(browser, site_url, "editor") as admin:
        admin.get_by_role("button", name="民声").click()
        admin.get_by_role("link", name="民声诉求").first.click()
        admin.get_by_role("textbox", name=re.compile("搜索")).last.fill(number)
        admin.keyboard.press("Enter")
        # the list reloads with the search in its address: wait for it before opening a row's menu
        admin.wait_for_url(re.compile(r"[?&]q="))
        admin.wait_for_load_state("networkidle")
        row = admin.locator("tbody tr", has_text=number)
        expect(row).to_have_count(1)
        row.get_by_role("button", name=re.compile("更多选项")).click()
        row.get_by_role("link", name="检查").click()
        expect(admin.locator("main")).to_contain_text("已办结")
        admin.get_by_role("button", name="动作").click()
        admin.get_by_role("link", name="重新办理").click()
        field(admin, "理由").fill(REASON)
        admin.get_by_role("button", name="重新办理").click()
        expect(admin.locator(".messages")).to_contain_text("重新办理")
        expect(admin.locator("main")).to_contain_text("办理中")
        screenshot(admin, "story-reopen-admin")

    track(phone, site_url, code)
    expect(phone.locator(".petition-status")).to_have_text("办理中")
    reopened = phone.locator(".petition-timeline .step-reopened")
    expect(reopened).to_contain_text("融媒体中心决定重新办理")
    expect(reopened).to_contain_text(REASON)
    screenshot(phone, "story-reopen-resident")
