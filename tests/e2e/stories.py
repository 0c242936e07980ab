"""What the role stories do the way a person does it: sign in, post a petition, take a photo."""

import contextlib
import re

from PIL import Image
from playwright.sync_api import expect

from tests.helpers import solve_captcha

PASSWORD = "rongmei-demo-2026"
BOARD = "/zh-hans/minsheng/"
NUMBER = re.compile(r"MS-\d{4}-\d{6,}")


def sign_in(page, site_url, username, password=PASSWORD):
    page.goto(site_url + "/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


@contextlib.contextmanager
def signed_in(browser, site_url, username, password=PASSWORD):
    """A desktop browser of its own, signed in to the admin as ``username``."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    try:
        page = context.new_page()
        sign_in(page, site_url, username, password)
        yield page
    finally:
        context.close()


def photo(path, colour=(200, 80, 40)):
    """A small JPEG, as a phone's camera would give one (smaller)."""
    image = Image.new("RGB", (640, 480), colour)
    for x in range(0, 640, 40):
        for y in range(0, 480, 40):
            if (x + y) // 40 % 2:
                image.paste((250, 230, 90), (x, y, x + 20, y + 20))
    image.save(path, "JPEG", quality=85)
    return str(path)


def field(page, label):
    """The form field labelled ``label``, as the site writes labels: maybe a colon or a required mark after."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*[:：]?\s*\*?\s*$"))


def expect_photo_loaded(image):
    """Wait until the picture ``image`` (a locator) has really loaded and has pixels."""
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    image.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def answer_captcha(page):
    question = page.locator("label", has_text="验证题").inner_text()
    page.get_by_label(re.compile("验证题")).fill(solve_captcha(question))


def post_petition(page, site_url, *, title, content, photo_path, phone, topic="市政设施"):
    """The board's form as a resident fills it in on a phone; returns (number, tracking code)."""
    page.goto(site_url + BOARD)
    page.get_by_role("link", name=re.compile("我要留言")).first.click()
    expect(page.locator("h1")).to_have_text("我要留言")
    field(page, "类型").select_option(label="投诉")
    field(page, "领域").select_option(label=topic)
    field(page, "标题").fill(title)
    field(page, "内容").fill(content)
    page.get_by_label(re.compile("图片")).set_input_files(photo_path)
    field(page, "地点").fill("西区清香坪街道巴关河路口")
    field(page, "联系人").fill("王女士")
    field(page, "联系电话").fill(phone)
    expect(field(page, "公开")).to_be_checked()
    answer_captcha(page)
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h1")).to_have_text("提交成功")
    number = page.locator(".petition-number").inner_text()
    code = page.locator(".tracking-code").inner_text()
    assert NUMBER.fullmatch(number), number
    assert code.strip()
    return number, code.strip()


def accept(admin, site_url, number):
    """An editor accepts a pending petition in the moderation queue (民声审核)."""
    admin.goto(site_url + "/admin/")
    admin.get_by_role("link", name="民声审核").first.click()
    row = admin.locator("tr", has_text=number)
    expect(row.locator(".petition-photos img")).to_have_count(1)
    row.get_by_role("button", name="受理", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("已受理")
    return row


def dispatch(admin, site_url, number, department="西区城市管理综合执法局"):
    """An editor dispatches an accepted petition (转办与督办 → 转办); lands on the referral letter."""
    admin.goto(site_url + "/admin/")
    admin.get_by_role("link", name="转办与督办").first.click()
    admin.locator("tr", has_text=number).get_by_role("link", name="转办").click()
    field(admin, "办理单位").select_option(label=department)
    admin.get_by_label(re.compile("转办说明")).fill("请现场核实，尽快修复。")
    admin.get_by_role("button", name="转办并打印处置函").click()
    expect(admin.locator("h1")).to_have_text("社情民意处置函")


def open_on_workbench(clerk, site_url, number, tab=None):
    clerk.goto(site_url + "/admin/")
    clerk.get_by_role("link", name="诉求办理工作台").first.click()
    if tab:
        clerk.get_by_role("link", name=re.compile(tab)).click()
    clerk.get_by_role("link", name=number).click()


def claim_and_reply(clerk, site_url, number, reply):
    open_on_workbench(clerk, site_url, number)
    clerk.get_by_role("button", name="签收").click()
    expect(clerk.locator(".messages")).to_contain_text("已签收")
    reply_once(clerk, reply)


def reply_once(clerk, reply):
    clerk.get_by_label("答复内容（公开）").fill(reply)
    clerk.get_by_role("button", name="提交答复").click()
    expect(clerk.locator(".messages")).to_contain_text("已答复")


def track(page, site_url, code):
    """The resident's tracking page, opened with the code as a person types it."""
    page.goto(site_url + BOARD + "track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#thread-title")).to_have_text("办理进度")


def rate(page, rating, comment=""):
    page.get_by_label(rating, exact=True).check()
    if comment:
        page.get_by_label(re.compile("意见")).fill(comment)
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".messages")).to_contain_text("感谢您的评价")
