"""The public board: what residents see, how they post, follow and support petitions."""

import io

import pytest
from django.test import Client
from PIL import Image

from petitions.factories import PetitionFactory
from petitions.models import Petition, PetitionMessage, PetitionSettings, ScreenedWord
from petitions.workflow import Resident, perform

from .conftest import solve_captcha


def jpeg_with_gps(name="photo.jpg", size=(64, 48)):
    picture = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = name
    return buffer


def new_url(board):
    return board.url + "new/"


# --- the list and the petition page ---------------------------------------------------------------


def test_the_board_is_a_child_of_the_home_page_only(board):
    from home.models import HomePage
    from petitions.models import PetitionBoardPage

    assert PetitionBoardPage.parent_page_types == ["home.HomePage"]
    assert "petitions.PetitionBoardPage" in HomePage.subpage_types


def test_the_board_lists_public_accepted_petitions_only(client, board, topic):
    shown = PetitionFactory(topic=topic, state="accepted", title="公开的路灯诉求")
    PetitionFactory(topic=topic, state="pending", title="待审核的诉求")
    PetitionFactory(topic=topic, state="rejected", title="不予受理的诉求")
    PetitionFactory(topic=topic, state="accepted", is_public=False, title="不公开的诉求")
    html = client.get(board.url).content.decode()
    assert shown.title in html
    for hidden in ("待审核的诉求", "不予受理的诉求", "不公开的诉求"):
        assert hidden not in html


def test_the_board_filters_by_status_kind_topic_and_reply(client, board, topic):
    PetitionFactory(topic=topic, state="replied", kind="question", title="已经答复的咨询")
    PetitionFactory(topic=topic, state="accepted", kind="complaint", title="还没答复的投诉")
    html = client.get(board.url, {"replied": "yes"}).content.decode()
    assert "已经答复的咨询" in html and "还没答复的投诉" not in html
    html = client.get(board.url, {"kind": "complaint"}).content.decode()
    assert "已经答复的咨询" not in html and "还没答复的投诉" in html
    html = client.get(board.url, {"status": "replied", "topic": topic.pk}).content.decode()
    assert "已经答复的咨询" in html


def test_the_board_sorts_by_support(client, board, topic):
    # the more supported one is the older, so that the newest-first order would put it last
    more = PetitionFactory(topic=topic, title="乙诉求很多人同问", state="accepted")
    fewer = PetitionFactory(topic=topic, title="甲诉求少人同问", state="accepted")
    for petition, browsers in ((fewer, 1), (more, 3)):
        for _browser in range(browsers):
            Client().post(f"{board.url}{petition.number}/support/")
    html = client.get(board.url).content.decode()
    assert html.index("甲诉求少人同问") < html.index("乙诉求很多人同问")  # newest first
    html = client.get(board.url, {"sort": "support"}).content.decode()
    assert html.index("乙诉求很多人同问") < html.index("甲诉求少人同问")


def test_the_board_query_count_does_not_grow_with_the_list(
    client, board, topic, django_assert_max_num_queries
):
    PetitionFactory.create_batch(3, topic=topic, state="accepted")
    client.get(board.url)  # warm caches (site, locale)
    # 22 today: the page, the list and its photos, site settings, menus, the language switcher's links and
    # today's duty units (fragments are not cached in tests, RONGMEI_FRAGMENT_CACHE_SECONDS = 0)
    with django_assert_max_num_queries(22) as small:
        client.get(board.url)
    PetitionFactory.create_batch(17, topic=topic, state="accepted")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(board.url)
    assert len(response.context["petitions"]) == 20


def test_the_petition_page_shows_the_thread_and_hides_contact_details(client, board, topic, moderator):
    petition = PetitionFactory(
        topic=topic,
        state="replied",
        editor=moderator,
        reply="已安排维修。",
        content="我家电话 13812345678，身份证 110101199003071234，路灯坏了很久了。",
        contact_name="王秘密",
        contact_phone="13700001111",
    )
    perform(petition, "note", moderator, body="内部备注不公开", is_public=False)
    perform(petition, "follow_up", Resident(), body="待审核的追问", status="pending")
    response = client.get(f"{board.url}{petition.number}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "已安排维修。" in html
    assert "138****5678" in html and "13812345678" not in html
    assert "110101199003071234" not in html
    for secret in ("王秘密", "13700001111", "内部备注不公开", "待审核的追问"):
        assert secret not in html


def test_resident_html_is_escaped(client, board, topic):
    petition = PetitionFactory(
        topic=topic, title="<script>alert(1)</script>标题", content="<b>粗体</b>内容", state="accepted"
    )
    html = client.get(f"{board.url}{petition.number}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>粗体</b>" not in html


@pytest.mark.parametrize(("status", "public"), [("pending", True), ("rejected", True), ("accepted", False)])
def test_a_hidden_petition_has_no_public_page(client, board, topic, status, public):
    petition = PetitionFactory(topic=topic, state=status, is_public=public)
    assert client.get(f"{board.url}{petition.number}/").status_code == 404


# --- posting --------------------------------------------------------------------------------------


def test_a_resident_posts_an_anonymous_petition_with_a_photo_and_gets_a_number_and_code(
    client, board, petition_data
):
    data = petition_data() | solve_captcha(client, new_url(board))
    data["photos"] = [jpeg_with_gps()]
    response = client.post(new_url(board), data)
    assert response.status_code == 302 and response.url.endswith("/new/done/")
    done = client.get(response.url).content.decode()
    petition = Petition.objects.get()
    assert petition.number in done
    code = done.split('class="tracking-code">')[1].split("<")[0]
    assert Petition.objects.with_tracking_code(code).get() == petition
    assert petition.status == "pending"  # auto-accept is off by default
    assert petition.is_anonymous and petition.user is None
    assert petition.intake_channel == Petition.IntakeChannel.WEBSITE  # 来源: the board's form
    # the code is shown once
    assert client.get(response.url).status_code == 302
    # the photo is stored without EXIF
    photo = petition.photos.get().image
    with photo.file.open("rb") as stored, Image.open(stored) as picture:
        assert not picture.getexif()


def test_a_clean_petition_is_public_at_once_when_auto_accept_is_on(client, board, petition_data, home):
    from wagtail.models import Site

    settings = PetitionSettings.for_site(Site.objects.get(is_default_site=True))
    settings.auto_accept_clean = True
    settings.save()
    client.post(new_url(board), petition_data() | solve_captcha(client, new_url(board)))
    petition = Petition.objects.get()
    assert petition.status == "accepted"
    assert client.get(f"{board.url}{petition.number}/").status_code == 200


def test_a_double_submit_creates_one_petition(client, board, petition_data):
    data = petition_data() | solve_captcha(client, new_url(board))
    first = client.post(new_url(board), data)
    second = client.post(new_url(board), data)
    assert Petition.objects.count() == 1
    assert first.status_code == second.status_code == 302


def test_a_refused_word_is_refused_with_its_reason(client, board, petition_data):
    ScreenedWord.objects.create(word="王八蛋", action="refuse", reason="含有辱骂性语言")
    data = petition_data(content="物业经理是个王 八 蛋，天天不处理垃圾清运的问题。")
    response = client.post(new_url(board), data | solve_captcha(client, new_url(board)))
    assert response.status_code == 200
    assert "含有辱骂性语言" in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_held_word_sends_the_petition_to_moderation_even_with_auto_accept(client, board, petition_data):
    from wagtail.models import Site

    PetitionSettings.objects.create(site=Site.objects.get(is_default_site=True), auto_accept_clean=True)
    ScreenedWord.objects.create(word="上访", action="hold")
    client.post(
        new_url(board),
        petition_data(content="再不解决路灯的问题我们就要去上访了，大家都很着急。")
        | solve_captcha(client, new_url(board)),
    )
    petition = Petition.objects.get()
    assert petition.status == "pending"
    assert petition.screening_matches == ["上访"]


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"title": ""}, "必需字段"),
        ({"content": "太短"}, "请用文字把情况说清楚"),
        ({"content": "😀" * 40 + "路灯坏了请修理一下谢谢"}, "表情或符号太多"),
        ({"content": "很" * 2001}, "2000"),
        ({"contact_phone": ""}, "匿名提交时请留下联系电话"),
        ({"contact_phone": "12345"}, "请填写正确的手机号"),
        ({"topic": 999999}, "选择一个有效的选项"),
        ({"requested_department": 999999}, "选择一个有效的选项"),
    ],
)
def test_bad_input_gets_a_clear_chinese_message_and_stores_nothing(
    client, board, petition_data, overrides, field_message
):
    response = client.post(new_url(board), petition_data(**overrides) | solve_captcha(client, new_url(board)))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_department_that_does_not_accept_petitions_cannot_be_chosen(
    client, board, petition_data, department
):
    department.accepts_petitions = False
    department.save()
    data = petition_data(requested_department=department.pk) | solve_captcha(client, new_url(board))
    response = client.post(new_url(board), data)
    assert "该单位暂不受理网上诉求" in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (io.BytesIO(b"%PDF-1.4 not an image"), "无法识别图片"),
        (io.BytesIO(b"GIF89a" + b"\0" * 100), "无法识别图片"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, board, petition_data, upload, message):
    upload.name = "x.jpg"
    data = petition_data() | solve_captcha(client, new_url(board))
    data["photos"] = [upload]
    response = client.post(new_url(board), data)
    assert message in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_decompression_bomb_is_refused(client, board, petition_data):
    picture = Image.new("1", (10_000, 10_000))  # 100 megapixels, a few kilobytes as PNG
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "bomb.png"
    data = petition_data() | solve_captcha(client, new_url(board))
    data["photos"] = [buffer]
    response = client.post(new_url(board), data)
    assert "尺寸过大" in response.content.decode() or "无法识别图片" in response.content.decode()
    assert Petition.objects.count() == 0


def test_more_than_nine_photos_are_refused(client, board, petition_data):
    data = petition_data() | solve_captcha(client, new_url(board))
    data["photos"] = [jpeg_with_gps(f"p{i}.jpg") for i in range(10)]
    assert "最多上传 9 张图片" in client.post(new_url(board), data).content.decode()
    assert Petition.objects.count() == 0


def test_the_honeypot_catches_a_bot(client, board, petition_data):
    data = petition_data(website="http://spam.example") | solve_captcha(client, new_url(board))
    assert client.post(new_url(board), data).status_code == 200
    assert Petition.objects.count() == 0


def test_a_wrong_or_replayed_captcha_is_refused(client, board, petition_data):
    data = petition_data() | solve_captcha(client, new_url(board))
    wrong = data | {"captcha_answer": "99"}
    assert "验证题答案不正确" in client.post(new_url(board), wrong).content.decode()
    # the same challenge cannot be answered again after a try
    assert "验证题答案不正确" in client.post(new_url(board), data).content.decode()
    assert Petition.objects.count() == 0


def test_posting_is_rate_limited_per_phone(client, board, petition_data, settings):
    settings.PETITION_RATE_LIMITS = {"submit_phone": (2, 86400)}
    for number in range(3):
        data = petition_data(title=f"第{number}条路灯不亮的诉求") | solve_captcha(client, new_url(board))
        response = client.post(new_url(board), data)
    assert Petition.objects.count() == 2
    assert "这个电话号码今天提交的诉求太多了" in response.content.decode()


def test_posting_is_rate_limited_per_address(client, board, petition_data, settings):
    settings.PETITION_RATE_LIMITS = {"submit_ip": (1, 3600)}
    client.post(new_url(board), petition_data() | solve_captcha(client, new_url(board)))
    response = client.post(
        new_url(board), petition_data(contact_phone="13900000000") | solve_captcha(client, new_url(board))
    )
    assert "提交太频繁" in response.content.decode()
    assert Petition.objects.count() == 1


# --- tracking, follow-ups, rating, 同问 -------------------------------------------------------------


def track(client, board, code):
    return client.post(board.url + "track/", {"code": code})


def test_the_tracking_code_shows_even_a_private_pending_petition_to_its_author(client, board, topic):
    petition = PetitionFactory(topic=topic, state="pending", is_public=False)
    response = track(client, board, petition.tracking_code.lower().replace("-", " "))
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert petition.title in html and "正在审核" in html


def test_a_wrong_code_gets_no_hint_and_is_rate_limited(client, board, topic, settings):
    settings.PETITION_RATE_LIMITS = {"track_ip": (3, 600)}
    petition = PetitionFactory(topic=topic, state="accepted")
    for _attempt in range(3):
        assert "查询码不正确" in track(client, board, "WXYZ-WXYZ-WXYZ").content.decode()
    html = track(client, board, petition.tracking_code).content.decode()
    assert "查询失败次数太多" in html


def test_the_tracked_page_refuses_a_petition_the_browser_has_not_unlocked(client, board, topic):
    petition = PetitionFactory(topic=topic, is_public=False, state="accepted")
    response = client.get(board.url + f"track/petition/?p={petition.pk}")
    assert response.status_code == 302 and response.url.endswith("/track/")


def test_a_resident_adds_a_follow_up_that_waits_for_moderation(client, board, topic):
    petition = PetitionFactory(topic=topic, state="processing")
    url = track(client, board, petition.tracking_code).url
    response = client.post(url, {"body": "请问什么时候可以修好路灯？"})
    assert response.status_code == 302
    message = PetitionMessage.objects.get(petition=petition)
    assert message.kind == "follow_up" and message.status == "pending"
    assert "审核中，仅您可见" in client.get(url).content.decode()
    assert "请问什么时候可以修好路灯" not in client.get(f"{board.url}{petition.number}/").content.decode()


def test_a_resident_rates_a_reply(client, board, topic):
    petition = PetitionFactory(topic=topic, state="replied")
    url = track(client, board, petition.tracking_code).url
    client.post(url, {"rating": "satisfied", "comment": "修得很快"})
    petition.refresh_from_db()
    assert petition.rating == "satisfied" and petition.status == "closed"


def test_me_too_counts_once_per_browser(client, board, topic):
    petition = PetitionFactory(topic=topic, state="accepted")
    url = f"{board.url}{petition.number}/support/"
    client.post(url)
    client.post(url)
    petition.refresh_from_db()
    assert petition.support_count == 1
    assert "已同问" in client.get(f"{board.url}{petition.number}/").content.decode()
    from django.test import Client

    Client().post(url)
    petition.refresh_from_db()
    assert petition.support_count == 2


def test_moderator_acceptance_puts_a_posted_petition_on_the_board(client, board, petition_data, moderator):
    client.post(new_url(board), petition_data() | solve_captcha(client, new_url(board)))
    petition = Petition.objects.get()
    assert petition.title not in client.get(board.url).content.decode()
    perform(petition, "accept", moderator)
    assert petition.title in client.get(board.url).content.decode()
