"""The petition's story, role by role, in real browsers: a resident posts one with a photo on a phone; an
editor accepts and dispatches it; the department's clerk claims and answers it; the resident follows up,
is not satisfied, is answered again and is satisfied; an editor writes the follow-up story; a supervisor
finds it in the figures and the ledger. Each test is one role's part and asserts what that person sees.

The tests run in file order on one demo site and hand the petition on in ``story``, as the people do.
"""

import csv
import datetime
import io
import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from .stories import (
    BOARD,
    accept,
    claim_and_reply,
    dispatch,
    expect_photo_loaded,
    open_on_workbench,
    photo,
    post_petition,
    rate,
    reply_once,
    signed_in,
    track,
)

pytestmark = pytest.mark.e2e

TITLE = "巴关河路口的井盖松动了"
CONTENT = "巴关河路口人行道上的井盖松动，踩上去会翻，晚上很危险，请尽快修好。"
FIRST_REPLY = "已安排维修人员更换井盖，并在周边设置警示标志。"
FOLLOW_UP = "井盖换了，可是旁边的路面还是塌陷的，什么时候修？"
SECOND_REPLY = "塌陷路面已于本周三修补完毕，感谢您的监督。"
CLERK = "dept-chengguan"
DEPARTMENT = "西区城市管理综合执法局"
STORY_TITLE = "融媒回声｜巴关河路口井盖松动 城管两次上门修好"


@pytest.fixture(scope="module")
def story():
    """What the people of this story hand on: the petition's number and its tracking code."""
    return {}


def test_a_resident_posts_a_petition_with_a_photo_and_gets_a_number_and_a_code(
    phone, site_url, screenshot, tmp_path, story
):
    number, code = post_petition(
        phone,
        site_url,
        title=TITLE,
        content=CONTENT,
        photo_path=photo(tmp_path / "manhole.jpg"),
        phone="13800001111",
    )
    expect(phone.locator(".petition-done")).to_contain_text("请保存好查询码")
    expect(phone.locator(".petition-done")).to_contain_text("正在审核")
    screenshot(phone, "story-1-resident-posted")
    story.update(number=number, code=code)

    # the tracking page shows the resident the petition with its photo, still pending
    track(phone, site_url, code)
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator(".petition-photos img")).to_have_count(1)
    expect(phone.locator(".petition-status")).to_have_text("待审核")


def test_an_editor_accepts_the_petition_seeing_its_photo_and_dispatches_it(
    browser, site_url, screenshot, story
):
    with signed_in(browser, site_url, "editor") as admin:
        admin.goto(site_url + "/admin/")
        admin.get_by_role("link", name="民声审核").first.click()
        row = admin.locator("tr", has_text=story["number"])
        expect(row).to_contain_text(TITLE)
        thumbnail = row.locator(".petition-photos img")
        expect(thumbnail).to_have_count(1)
        expect_photo_loaded(thumbnail)
        screenshot(admin, "story-2-moderation-queue")
        accept(admin, site_url, story["number"])

        dispatch(admin, site_url, story["number"], DEPARTMENT)
        letter = admin.locator("body")
        expect(letter).to_contain_text(story["number"])
        expect(letter).to_contain_text(f"{DEPARTMENT}：")
        expect(letter).to_contain_text(CONTENT)
        expect(letter).to_contain_text("请现场核实，尽快修复。")
        picture = admin.locator(".petition-photos img")
        expect(picture).to_have_count(1)
        expect_photo_loaded(picture)
        screenshot(admin, "story-2-referral-letter")


def test_the_department_clerk_claims_it_on_the_workbench_sees_the_photo_and_replies(
    browser, site_url, screenshot, story
):
    with signed_in(browser, site_url, CLERK) as clerk:
        clerk.goto(site_url + "/admin/")
        clerk.get_by_role("link", name="诉求办理工作台").first.click()
        expect(clerk.locator("tr", has_text=story["number"])).to_contain_text("已转办")
        clerk.get_by_role("link", name=story["number"]).click()
        expect(clerk.locator(".petition-photos img")).to_have_count(1)
        expect(clerk.locator("main")).to_contain_text("王女士 13800001111")  # contact details, for staff only
        screenshot(clerk, "story-3-workbench-petition")
        claim_and_reply(clerk, site_url, story["number"], FIRST_REPLY)
        expect(clerk.locator("main")).to_contain_text(FIRST_REPLY)


def test_the_resident_follows_up_is_not_satisfied_and_the_petition_is_reopened(
    browser, phone, site_url, screenshot, story
):
    track(phone, site_url, story["code"])
    expect(phone.locator(".petition-timeline")).to_contain_text(FIRST_REPLY)
    phone.get_by_label("追问内容").fill(FOLLOW_UP)
    phone.get_by_role("button", name="提交追问").click()
    expect(phone.locator(".messages")).to_contain_text("追问已提交")
    expect(phone.locator(".petition-timeline")).to_contain_text(FOLLOW_UP)  # the resident sees it held

    # follow-ups wait for a moderator on the demo site
    with signed_in(browser, site_url, "editor") as admin:
        admin.get_by_role("link", name="民声审核").first.click()
        admin.locator("tr", has_text=FOLLOW_UP).get_by_role("button", name="通过").click()
        expect(admin.locator(".messages")).to_contain_text("留言已处理")

    phone.reload()
    rate(phone, "不满意", "路面塌陷还没修")
    timeline = phone.locator(".petition-timeline")
    expect(timeline).to_contain_text("居民追问")
    expect(timeline).to_contain_text("居民评价：不满意")
    expect(timeline).to_contain_text("居民不满意，重新办理并督办")
    expect(phone.locator(".petition-status")).to_have_text("办理中")
    screenshot(phone, "story-4-resident-reopened")


def test_the_clerk_replies_again_and_the_satisfied_rating_shows_on_the_public_page(
    browser, phone, site_url, screenshot, story
):
    with signed_in(browser, site_url, CLERK) as clerk:
        open_on_workbench(clerk, site_url, story["number"], tab="办理中")
        expect(clerk.locator("main")).to_contain_text(FOLLOW_UP)
        expect(clerk.locator("main")).to_contain_text("督办")
        reply_once(clerk, SECOND_REPLY)

    track(phone, site_url, story["code"])
    rate(phone, "满意")
    expect(phone.locator(".petition-status")).to_have_text("已办结")

    phone.goto(site_url + BOARD + story["number"] + "/")
    page = phone.locator("article.petition")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".petition-photos img")).to_have_count(1)
    timeline = page.locator(".petition-timeline")
    expect(timeline).to_contain_text(FIRST_REPLY)
    expect(timeline).to_contain_text(SECOND_REPLY)
    expect(timeline.locator(".step-reply")).to_have_count(2)
    expect(timeline).to_contain_text("居民评价：满意")
    expect(page).not_to_contain_text("13800001111")
    screenshot(phone, "story-5-public-petition")


def test_an_editor_publishes_a_follow_up_story_that_embeds_the_petition(
    browser, phone, site_url, screenshot, story
):
    with signed_in(browser, site_url, "editor") as admin:
        # from the channel's public page, the editor's userbar adds a page under it
        admin.goto(site_url + "/zh-hans/echo/")
        admin.goto(urljoin(admin.url, admin.locator("a[href$='/add_subpage/']").get_attribute("href")))
        admin.get_by_role("link", name="新闻稿件").first.click()
        admin.locator("#id_title").fill(STORY_TITLE)
        admin.locator("#id_summary").fill("居民留言反映井盖松动，城管局两次上门，井盖和路面都修好了。")
        # the StreamField's add button, titled 插入内容块 by site/admin_locale (Insert a block in Wagtail's own)
        admin.locator(
            "[data-contentpath=body] :is(button[title='插入内容块'], button[title='Insert a block'])"
        ).first.click()
        admin.get_by_role("option", name="民声诉求").click()
        admin.get_by_role("button", name="选择 民声诉求").click()
        chooser = admin.locator(".modal")
        chooser.locator("input[name=q]").fill("井盖")
        chooser.get_by_role("link", name=f"{story['number']} {TITLE}").click()
        expect(chooser).to_be_hidden()
        expect(admin.locator("[data-contentpath=body]")).to_contain_text(TITLE)
        admin.get_by_label("融媒回声跟进报道").check()
        admin.get_by_role("button", name="更多动作").click()
        admin.get_by_role("button", name="发布", exact=True).click()
        expect(admin.locator(".messages")).to_contain_text("已创建并发布")
        screenshot(admin, "story-6-story-published")

    phone.goto(site_url + "/zh-hans/echo/")
    phone.get_by_role("link", name=STORY_TITLE).first.click()
    block = phone.locator(".petition-block")
    expect(block).to_contain_text(story["number"])
    expect(block.locator(".petition-status")).to_have_text("已办结")
    expect(block).to_contain_text(SECOND_REPLY)
    expect(phone.locator(".followed-petitions")).to_contain_text("已办结")
    screenshot(phone, "story-6-follow-up-story")

    phone.goto(site_url + BOARD + story["number"] + "/")
    coverage = phone.locator(".petition-coverage")
    expect(coverage.locator("h2")).to_have_text("相关报道")
    expect(coverage.get_by_role("link", name=STORY_TITLE)).to_be_visible()


def test_a_supervisor_sees_the_petition_in_the_statistics_and_the_ledger_export(
    browser, site_url, screenshot, story
):
    with signed_in(browser, site_url, "supervisor") as supervisor:
        supervisor.goto(site_url + "/admin/")
        supervisor.get_by_role("link", name="民声统计").first.click()
        # this year to its end: the on-time rate counts petitions whose reply is due in the period, and
        # these are due in the coming days
        year = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=8)).year
        supervisor.get_by_label("结束日期").fill(f"{year}-12-31")
        supervisor.get_by_role("button", name="统计").click()
        row = supervisor.locator(".petition-figures").first.locator(
            "tr", has_text=re.compile("城管局|城市管理")
        )
        cells = row.locator("td")
        assert int(cells.nth(0).inner_text()) >= 1, "收到"
        assert int(cells.nth(4).inner_text()) >= 1, "办结"
        expect(cells.nth(6)).to_have_text(re.compile(r"^\d+(\.\d+)?\s*%$"))  # 按期办结率
        expect(cells.nth(7)).to_have_text(re.compile(r"^\d+(\.\d+)?\s*%$"))  # 满意率
        screenshot(supervisor, "story-7-statistics")

        supervisor.get_by_role("link", name="查看台账").click()
        ledger = supervisor.locator(".petition-ledger")
        expect(ledger.locator("tr", has_text=story["number"])).to_contain_text("已办结")
        with supervisor.expect_download() as download:
            supervisor.get_by_role("link", name="导出 CSV").click()
        text = download.value.path().read_bytes().decode("utf-8-sig")
        rows = [row for row in csv.reader(io.StringIO(text)) if story["number"] in row]
        assert len(rows) == 1, text[:500]
        assert TITLE in rows[0]
        assert "13800001111" not in text  # no contact details without the named permission
