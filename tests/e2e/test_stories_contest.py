"""A contest (评比) from start to results, and an urgent notice by SMS, in real browsers.

An editor creates a contest below the home page; a resident on a phone sends an entry with two photos
(a file that is not a picture is refused first); the editor approves it in the moderation queue; the
editor opens voting (the contest's times are the editor's to set, as the phases follow them), two
residents vote, one a second time in vain; the editor closes it and the ranked results show.

A resident opts in to urgent notices by SMS on their account page; the editor sends one from the admin;
it reaches the SMS outbox, and the broadcast's log shows it sent, the number masked.
"""

import datetime
import re
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .stories import PASSWORD, photo, signed_in

pytestmark = pytest.mark.e2e

CONTEST = "西区最美街巷评比"
SLUG = "contest-streets-e2e"
ENTRY = "雨后的苏铁老街"


def local(**delta):
    return (datetime.datetime.now(ZoneInfo("Asia/Shanghai")) + datetime.timedelta(**delta)).strftime(
        "%Y-%m-%d %H:%M"
    )


def set_times(editor, **fields):
    # typed into the fields without focusing them: the date picker a focus opens covers the buttons
    for name, value in fields.items():
        editor.locator(f"#id_{name}").evaluate("(field, value) => { field.value = value; }", value)
    expect(editor.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)


def publish(editor):
    editor.get_by_role("button", name="更多动作").click()
    editor.get_by_role("button", name="发布", exact=True).click()
    expect(editor.locator(".messages")).to_contain_text("发布")  # 已创建并发布 / 已发布
    expect(editor.locator(".messages")).to_contain_text(CONTEST)


def edit_contest(browser, site_url, **times):
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(f"{site_url}/zh-hans/{SLUG}/")
        editor.goto(urljoin(editor.url, editor.locator("a[href$='/edit/']").first.get_attribute("href")))
        set_times(editor, **times)
        publish(editor)


def create_contest(browser, site_url, screenshot):
    with signed_in(browser, site_url, "editor") as editor:
        # from the home page, the editor's userbar adds a page below it: a contest (评比)
        editor.goto(site_url + "/zh-hans/")
        add_subpage = editor.locator("a[href$='/add_subpage/']").get_attribute("href")
        home_id = re.search(r"/admin/pages/(\d+)/add_subpage/", add_subpage)[1]
        editor.goto(urljoin(editor.url, add_subpage))
        expect(editor.locator("main")).to_contain_text("评比")  # offered where surveys are
        editor.goto(f"{site_url}/admin/pages/add/home/contestpage/{home_id}/")
        editor.locator("#id_title").fill(CONTEST)
        set_times(
            editor,
            entries_open_at=local(hours=-3),
            voting_opens_at=local(days=1),
            closes_at=local(days=2),
        )
        editor.locator("#id_votes_per_person").fill("2")
        editor.get_by_role("tab", name="推荐").click()  # Wagtail's Promote
        editor.locator("#id_slug").fill(SLUG)
        publish(editor)
        screenshot(editor, "contest-1-created")


def send_entry(phone, site_url, tmp_path, screenshot):
    phone.goto(f"{site_url}/zh-hans/{SLUG}/")
    phone.get_by_role("link", name="我要参赛").click()
    not_a_picture = tmp_path / "street.jpg"
    not_a_picture.write_text("这不是图片")
    phone.get_by_label("作品标题").fill(ENTRY)
    phone.get_by_label("作品说明").fill("傍晚一场雨后，老街的青石板映着路灯，卖凉粉的摊子刚支起来。")
    phone.get_by_label("联系人").fill("周女士")
    phone.get_by_label("联系电话").fill("13987650001")
    phone.get_by_label("照片（1 至 6 张）").set_input_files(str(not_a_picture))
    phone.get_by_role("button", name="提交作品").click()
    expect(phone.get_by_text("无法识别图片“street.jpg”")).to_be_visible()
    screenshot(phone, "contest-2-bad-upload")
    phone.get_by_label("照片（1 至 6 张）").set_input_files(
        [photo(tmp_path / "street-1.jpg"), photo(tmp_path / "street-2.jpg", (60, 120, 200))]
    )
    phone.get_by_role("button", name="提交作品").click()
    expect(phone.get_by_role("heading", name="作品已提交")).to_be_visible()
    screenshot(phone, "contest-3-entry-sent")
    phone.goto(f"{site_url}/zh-hans/{SLUG}/")
    expect(phone.locator(".contest-entries")).not_to_contain_text(ENTRY)  # not before an editor approves


def approve(browser, site_url, screenshot):
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/")
        editor.get_by_role("link", name="评比作品审核").click()
        row = editor.locator("tr.contest-entry-row", has_text=ENTRY)
        expect(row).to_contain_text("13987650001")  # editors see the contact, residents never
        expect(row.locator("img")).to_have_count(2)
        screenshot(editor, "contest-4-moderation")
        row.get_by_role("button", name="通过").click()
        expect(editor.locator(".messages")).to_contain_text(f"已通过作品“{ENTRY}”")


def vote(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/zh-hans/{SLUG}/")
        entry = page.locator(".contest-entry", has_text=ENTRY)
        form = entry.locator("form")
        action = urljoin(page.url, form.get_attribute("action"))
        token = form.locator("input[name=csrfmiddlewaretoken]").input_value()
        entry.get_by_role("button", name="投一票").click()
        expect(page.get_by_text("投票成功，感谢您的参与！")).to_be_visible()
        expect(page.locator(".contest-entry", has_text=ENTRY)).to_contain_text("您已投票")
        # the button is gone; the same form sent again from this browser is refused, with the reason
        response = page.request.post(
            action, form={"csrfmiddlewaretoken": token}, headers={"Referer": page.url}
        )
        assert response.status == 403 and "每件作品只能投一票" in response.text()
        return page.locator(".contest-entry", has_text=ENTRY).inner_text()
    finally:
        context.close()


def test_a_contest_from_an_entry_to_its_results(browser, phone, site_url, screenshot, tmp_path):
    create_contest(browser, site_url, screenshot)
    send_entry(phone, site_url, tmp_path, screenshot)
    approve(browser, site_url, screenshot)
    phone.goto(f"{site_url}/zh-hans/{SLUG}/")
    expect(phone.locator(".contest-entry", has_text=ENTRY)).to_be_visible()
    expect(phone.locator(".contest-photos img")).to_have_count(2)
    expect(phone.locator("main")).not_to_contain_text("13987650001")

    edit_contest(browser, site_url, voting_opens_at=local(hours=-2))  # the editor opens voting
    assert "1 票" in vote(browser, site_url)
    assert "2 票" in vote(browser, site_url)
    phone.goto(f"{site_url}/zh-hans/{SLUG}/")
    screenshot(phone, "contest-5-voting")
    phone.goto(f"{site_url}/zh-hans/{SLUG}/results/")
    expect(phone.get_by_text("投票截止后公布")).to_be_visible()

    edit_contest(browser, site_url, closes_at=local(hours=-1))  # and closes it
    phone.goto(f"{site_url}/zh-hans/{SLUG}/")
    expect(phone.get_by_text("本次评比已经结束")).to_be_visible()
    phone.get_by_role("link", name="查看评比结果").click()
    ranking = phone.locator(".contest-ranking li").first
    expect(ranking).to_contain_text("第 1 名")
    expect(ranking).to_contain_text(ENTRY)
    expect(ranking).to_contain_text("2 票")
    expect(phone.locator("main")).not_to_contain_text("周女士")
    screenshot(phone, "contest-6-results")


def test_an_editors_urgent_notice_reaches_the_residents_who_opted_in(
    browser, phone, site_url, sms_outbox, screenshot
):
    phone.goto(f"{site_url}/zh-hans/accounts/login/?next=/zh-hans/accounts/sms/")
    phone.locator("input[name=username]").fill("resident")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="紧急通知短信")).to_be_visible()
    phone.get_by_label("手机号").fill("0812-1234567")
    phone.get_by_label("接收紧急通知短信").check()
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text("座机收不到短信")).to_be_visible()
    phone.get_by_label("手机号").fill("139 8765 0002")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text("已开通紧急通知短信，将发送到 139****0002。")).to_be_visible()
    screenshot(phone, "sms-1-opted-in")

    text = "【西区应急】今晚20时起滨江路临时交通管制，请绕行。"
    broadcast(browser, site_url, text, screenshot)
    sent = [message for message in sms_outbox() if message["text"] == text]
    assert [message["phone"] for message in sent] == ["13987650002"]

    phone.goto(f"{site_url}/zh-hans/accounts/sms/")
    phone.get_by_label("接收紧急通知短信").uncheck()
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text("已退订紧急通知短信")).to_be_visible()
    later = "【西区应急】交通管制已解除。"
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/sms/")
        editor.get_by_label("短信内容").fill(later)
        editor.get_by_role("button", name="发送给所有订阅居民").click()
        expect(editor.locator(".sms-counts")).to_contain_text("成功 0 条，失败 0 条")
    assert [message for message in sms_outbox() if message["text"] == later] == []


def broadcast(browser, site_url, text, screenshot):
    with signed_in(browser, site_url, "editor") as editor:
        editor.goto(site_url + "/admin/")
        editor.get_by_role("link", name="紧急通知短信").click()
        editor.get_by_label("短信内容").fill(text)
        editor.get_by_role("button", name="发送给所有订阅居民").click()
        expect(editor.locator(".messages")).to_contain_text("紧急通知短信已提交发送")
        expect(editor.locator(".sms-counts")).to_contain_text("成功 1 条，失败 0 条")
        expect(editor.locator("tr.sms-delivery")).to_contain_text("139****0002")
        expect(editor.locator("main")).not_to_contain_text("13987650002")
        screenshot(editor, "sms-2-log")
