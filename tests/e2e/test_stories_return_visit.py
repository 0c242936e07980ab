"""回访 in real browsers: a resident rates an answer 不满意, the petition is reopened, and a supervisor finds it
in the return-visit queue, calls the resident and records the visit with both ratings (双评议); the queue
then lists it among the recent visits, and the visit never shows in public."""

import pytest
from playwright.sync_api import expect

from .stories import BOARD, accept, claim_and_reply, dispatch, photo, post_petition, rate, signed_in, track

pytestmark = pytest.mark.e2e

TITLE = "河门口菜市场旁路灯一到晚上就熄灭"
REPLY = "已安排人员检修路灯线路。"
SAID = "居民说路灯修过两天又坏了，希望彻底更换线路；对工作人员的态度表示认可。"


def test_a_supervisor_records_a_return_visit_after_a_dissatisfied_rating(
    browser, phone, site_url, screenshot, tmp_path
):
    number, code = post_petition(
        phone,
        site_url,
        title=TITLE,
        content="河门口菜市场旁边的两盏路灯一到晚上就熄灭，行人看不清路，请尽快维修。",
        photo_path=photo(tmp_path / "lamp.jpg"),
        phone="13600004321",
    )
    with signed_in(browser, site_url, "editor") as editor:
        accept(editor, site_url, number)
        dispatch(editor, site_url, number)
    with signed_in(browser, site_url, "dept-chengguan") as clerk:
        claim_and_reply(clerk, site_url, number, REPLY)
    track(phone, site_url, code)
    rate(phone, "不满意", "修了两天又坏了")
    expect(phone.locator(".petition-status")).to_have_text("办理中")

    with signed_in(browser, site_url, "supervisor") as supervisor:
        supervisor.get_by_role("link", name="回访", exact=True).first.click()
        awaiting = supervisor.locator("tr", has_text=number)
        expect(awaiting).to_contain_text(TITLE)
        awaiting.get_by_role("link", name=number).click()
        expect(supervisor.locator(".petition-reply")).to_contain_text(REPLY)
        supervisor.get_by_role("button", name="记录回访").click()  # nothing filled in: a message per field
        expect(supervisor.locator(".error-message, .errorlist").first).to_be_visible()
        supervisor.locator("#id_method").get_by_label("电话").check()
        supervisor.get_by_label("居民意见").fill(SAID)
        supervisor.locator("#id_answer_rating").get_by_label("不满意", exact=True).check()
        supervisor.locator("#id_handling_rating").get_by_label("基本满意", exact=True).check()
        supervisor.get_by_role("button", name="记录回访").click()
        expect(supervisor.locator(".messages")).to_contain_text(f"已记录 {number} 的回访")
        screenshot(supervisor, "return-visit-1-recorded")
        supervisor.get_by_role("link", name="回访", exact=True).first.click()
        expect(supervisor.locator("main")).to_contain_text(SAID[:8])  # among the recent visits
        expect(supervisor.locator("tr", has_text=number).filter(has_text="办理中")).to_have_count(
            0
        )  # no longer waits

    phone.goto(site_url + BOARD + number + "/")
    expect(phone.locator("article.petition")).to_contain_text(REPLY)
    expect(phone.locator("article.petition")).not_to_contain_text(SAID[:8])
