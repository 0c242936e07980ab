"""Live Q&A sessions (在线访谈): asking, moderation, answering, the live feed and the archive."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from newsroom.factories import NewsIndexPageFactory, QASessionPageFactory
from newsroom.models import NewsIndexPage, QAAnswer, QAQuestion, QASessionOfficial, QASessionPage
from newsroom.qa import feed as qa_feed
from newsroom.qa import rules as qa
from newsroom.qa import views as qa_views
from petitions.factories import ScreenedWordFactory, TopicFactory
from petitions.models import Petition, ScreenedWord
from rongmei import captcha
from rongmei.roles import apply_roles
from tests.helpers import solve_captcha

from .conftest import publish

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
HOUR = timezone.timedelta(hours=1)


@pytest.fixture
def session(home, transport):
    page = publish(QASessionPageFactory(parent=home))
    QASessionOfficial.objects.create(page=page, name="王建国", title="局长", department=transport)
    return page


@pytest.fixture
def official(session):
    return session.officials.get()


def staff_of(django_user_model, department, name):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw-staff-2026")
    user.groups.add(department.group)
    user.groups.add(Group.objects.get_or_create(name="Admin access")[0])
    apply_roles(departments=[department])
    return user


@pytest.fixture
def clerk(django_user_model, transport):
    return staff_of(django_user_model, transport, "transport-clerk")


@pytest.fixture
def outsider(django_user_model, housing):
    return staff_of(django_user_model, housing, "housing-clerk")


def ask_data(body="幸福路公交站什么时候恢复？", **extra):
    question, token = captcha.challenge()
    return {
        "body": body,
        "asker_name": "老李",
        "contact_phone": PHONE,
        "captcha_token": token,
        "captcha_answer": solve_captcha(question),
        "website": "",
        **extra,
    }


def ask(client, session, **data):
    return client.post(session.url + "ask/", ask_data(**data))


def make_question(session, body="城区停车位太少了怎么办？", status=QAQuestion.Status.PENDING):
    return QAQuestion.objects.create(session=session, body=body, contact_phone=PHONE, status=status)


def poll(client, session, since=0, **cookies):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(session.url + "updates/", {"since": since})
    assert response.status_code == 200
    return response.json()


# --- the page ---------------------------------------------------------------------------------------


def test_a_session_goes_under_the_home_page_or_a_news_channel(home):
    channel = publish(NewsIndexPageFactory(parent=home, title="政务发布", channel="government"))
    assert QASessionPage.can_create_at(home)
    assert QASessionPage.can_create_at(channel)
    assert "newsroom.QASessionPage" in [
        f"{m._meta.app_label}.{m.__name__}" for m in NewsIndexPage.allowed_subpage_models()
    ]
    page = QASessionPageFactory.build(starts_at=timezone.now(), ends_at=timezone.now() - HOUR)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "ends_at" in error.value.message_dict


def test_a_session_is_upcoming_then_live_then_an_archive():
    now = timezone.now()
    page = QASessionPage(title="访谈", starts_at=now + HOUR, ends_at=now + 2 * HOUR)
    assert page.state_at(now) == QASessionPage.State.UPCOMING
    assert page.state_at(now + 1.5 * HOUR) == QASessionPage.State.LIVE
    assert page.state_at(now + 2 * HOUR) == QASessionPage.State.ARCHIVE


def test_the_taking_part_departments_are_the_chosen_ones_and_the_officials(session, transport, housing):
    assert session.department_ids() == {transport.pk}
    session.departments.add(housing)
    session.save()
    assert session.department_ids() == {transport.pk, housing.pk}


# --- asking ------------------------------------------------------------------------------------------


def test_a_resident_asks_during_the_window_and_the_question_waits_for_a_moderator(client, session):
    response = ask(client, session)
    assert response.status_code == 302
    question = QAQuestion.objects.get()
    assert question.status == QAQuestion.Status.PENDING
    assert question.contact_phone == PHONE and question.asker_name == "老李"
    assert question.ip_hash and "127.0.0.1" not in question.ip_hash
    # held: neither the page nor the feed shows it
    assert "幸福路公交站" not in client.get(session.url).content.decode()
    assert poll(client, session)["items"] == []


def test_a_question_before_the_collection_opens_or_after_the_end_is_refused_and_kept_on_the_form(
    client, session
):
    session.questions_from = timezone.now() + HOUR / 2
    publish(session)
    response = ask(client, session, body="提前提的问题，请回答一下")
    html = response.content.decode()
    assert response.status_code == 400 and "开始征集问题" in html and "提前提的问题，请回答一下" in html

    session.questions_from = None
    session.starts_at = timezone.now() - 3 * HOUR
    session.ends_at = timezone.now() - HOUR
    publish(session)
    response = ask(client, session, body="结束后还想再问一个问题")
    html = response.content.decode()
    assert response.status_code == 400 and "本期访谈已经结束" in html and "结束后还想再问一个问题" in html
    assert not QAQuestion.objects.exists()


def test_a_wrong_phone_number_is_refused_as_on_a_petition_and_the_question_kept_on_the_form(client, session):
    response = ask(client, session, body="公交站台什么时候修好？", contact_phone="12345")
    html = response.content.decode()
    assert response.status_code == 400 and "请填写正确的手机号" in html and "公交站台什么时候修好" in html
    assert not QAQuestion.objects.exists()
    assert ask(client, session, contact_phone="0812-3334444").status_code == 302
    assert QAQuestion.objects.get().contact_phone == "08123334444"


def test_questions_are_screened_like_petitions(client, session):
    ScreenedWordFactory(word="拆迁补偿", action=ScreenedWord.Action.HOLD)
    ScreenedWordFactory(word="违禁词", action=ScreenedWord.Action.REFUSE, reason="含有违禁内容")
    assert ask(client, session, body="我家拆迁补偿什么时候发放？").status_code == 302
    held = QAQuestion.objects.get()
    assert held.screening_matches == ["拆迁补偿"] and held.status == QAQuestion.Status.PENDING

    response = ask(client, session, body="这里有违禁词的问题内容")
    assert response.status_code == 400 and "含有违禁内容" in response.content.decode()
    assert QAQuestion.objects.count() == 1


def test_asking_is_rate_limited_per_address(client, session):
    count, _period = qa_views.ASK_LIMIT
    for number in range(count):
        assert ask(client, session, body=f"第{number}个关于公交的问题").status_code == 302
    response = ask(client, session, body="再多问一个关于公交的问题")
    assert response.status_code == 400 and "提问太频繁" in response.content.decode()
    assert QAQuestion.objects.count() == count


# --- moderation and answers --------------------------------------------------------------------------


def test_a_released_question_and_its_answer_are_public_but_the_phone_never_is(
    client, session, editor, clerk, official
):
    question = make_question(session, body=f"我的电话 {PHONE}，停车难怎么解决？")
    qa.release(question, editor)
    qa.answer(question, clerk, "下月新增 300 个停车位。", official=official)
    html = client.get(session.url).content.decode()
    feed = poll(client, session)
    text = html + json.dumps(feed, ensure_ascii=False)
    assert "停车难怎么解决" in text and "下月新增 300 个停车位" in text and "王建国 局长" in text
    assert PHONE not in text and "139****5678" in text
    assert [item["id"] for item in feed["items"]] == [question.pk]


def test_only_moderators_release_and_a_withdrawn_question_leaves_the_feed(client, session, editor, clerk):
    question = make_question(session)
    with pytest.raises(PermissionDenied):
        qa.release(question, clerk)
    qa.release(question, editor)
    cursor = poll(client, session)["cursor"]
    with pytest.raises(qa.QAError):
        qa.reject(question, editor, "")
    qa.reject(question, editor, "与本期主题无关")
    feed = poll(client, session, since=cursor)
    assert feed["items"] == [
        {"id": question.pk, "public": False, "order": feed["items"][0]["order"], "html": ""}
    ]
    assert "城区停车位太少" not in client.get(session.url).content.decode()


def test_staff_of_a_department_not_in_the_session_cannot_answer(
    session, editor, clerk, outsider, official, home, housing
):
    question = make_question(session)
    qa.release(question, editor)
    with pytest.raises(PermissionDenied):
        qa.answer(question, outsider, "不是我们单位的事。")
    other = publish(QASessionPageFactory(parent=home))
    stranger = QASessionOfficial.objects.create(page=other, name="赵六", title="局长", department=housing)
    with pytest.raises(qa.QAError) as error:
        qa.answer(question, clerk, "以别人的名义回答。", official=stranger)
    assert "没有参加本期访谈" in error.value.messages[0]
    assert not QAAnswer.objects.exists()
    answer = qa.answer(question, clerk, "我们正在研究。")
    assert answer.department_id == official.department_id and answer.author == clerk


def test_officials_answer_in_the_admin_and_others_get_a_clear_refusal(
    client, session, clerk, outsider, official
):
    question = make_question(session)
    client.force_login(outsider)
    response = client.get(f"/admin/qa-sessions/{session.pk}/")
    assert response.status_code == 403 and "没有参加这期访谈" in response.content.decode()
    response = client.post(f"/admin/qa-sessions/question/{question.pk}/answer/", {"body": "越权回答"})
    assert response.status_code == 403 and not QAAnswer.objects.exists()

    client.force_login(clerk)
    page = client.get(f"/admin/qa-sessions/{session.pk}/")
    assert page.status_code == 200 and question.body in page.content.decode()
    assert PHONE not in page.content.decode()  # only moderators see the contact phone
    response = client.post(
        f"/admin/qa-sessions/question/{question.pk}/answer/",
        {"body": "已安排调研。", "official": official.pk},
    )
    assert response.status_code == 302
    assert QAAnswer.objects.get().official == official
    # a clerk cannot release
    response = client.post(f"/admin/qa-sessions/question/{question.pk}/release/")
    assert response.status_code == 403
    assert QAQuestion.objects.get().status == QAQuestion.Status.PENDING


def test_a_moderator_releases_from_the_admin(editor_client, session):
    question = make_question(session)
    listing = editor_client.get("/admin/qa-sessions/")
    assert session.title in listing.content.decode()
    page = editor_client.get(f"/admin/qa-sessions/{session.pk}/").content.decode()
    assert PHONE in page  # moderators may call the resident back
    editor_client.post(f"/admin/qa-sessions/question/{question.pk}/release/")
    question.refresh_from_db()
    assert question.status == QAQuestion.Status.RELEASED and question.released_at


# --- the live feed -----------------------------------------------------------------------------------


def test_a_poll_answers_only_what_changed_since_the_cursor(client, session, editor, clerk):
    first = make_question(session, body="第一个问题：公交几点收车？")
    qa.release(first, editor)
    feed = poll(client, session)
    assert [item["id"] for item in feed["items"]] == [first.pk]
    cursor = feed["cursor"]
    assert poll(client, session, since=cursor + qa_feed.OVERLAP_MICROSECONDS)["items"] == []

    second = make_question(session, body="第二个问题：能加开夜班车吗？")
    qa.release(second, editor)
    later = poll(client, session, since=cursor)
    assert second.pk in [item["id"] for item in later["items"]]
    assert later["cursor"] > cursor and later["released"] == 2


def test_a_poll_costs_one_query_when_nothing_changed_and_a_fixed_number_when_rendering(
    session, editor, clerk, official, django_assert_num_queries
):
    request = RequestFactory().get("/updates/")

    def questions(count):
        for number in range(count):
            question = make_question(session, body=f"第{number}个问题：停车位在哪里？")
            qa.release(question, editor)
            qa.answer(question, clerk, "正在规划。", official=official)

    questions(2)
    with django_assert_num_queries(3):  # version, questions, answers with their officials and departments
        qa_views.updates(request, session)
    with django_assert_num_queries(1):  # the version only: the render is shared
        qa_views.updates(request, session)
    questions(8)
    with django_assert_num_queries(3):
        response = qa_views.updates(request, session)
    assert len(json.loads(response.content)["items"]) == 10


def test_participants_are_distinct_readers_counted_without_the_database(
    client, session, django_assert_num_queries
):
    for reader in ("a1", "b2", "c3", "a1"):
        client.cookies[qa_views.READER_COOKIE] = reader
        client.get(session.url + "updates/")
    assert qa_feed.participants(session.pk) == 3
    with django_assert_num_queries(0):
        qa_feed.count_participant(session.pk, "d4")
    assert poll(client, session, **{qa_views.READER_COOKIE: "e5"})["participants"] == 5
    fresh = client.__class__().get(session.url + "updates/")
    assert fresh.cookies[qa_views.READER_COOKIE].value


def test_a_bad_cursor_gets_a_json_error(client, session):
    response = client.get(session.url + "updates/", {"since": "yesterday"})
    assert response.status_code == 400 and "since" in response.json()["error"]


def test_after_the_window_the_page_is_an_archive(client, session, editor, clerk, official):
    question = make_question(session)
    qa.release(question, editor)
    qa.answer(question, clerk, "已经落实。", official=official)
    session.starts_at = timezone.now() - 3 * HOUR
    session.ends_at = timezone.now() - HOUR
    publish(session)
    html = client.get(session.url).content.decode()
    assert "访谈实录" in html and "已经落实" in html and "提交问题" not in html
    assert poll(client, session)["state"] == "archive"
    # officials may still answer late; the archive shows it
    qa.answer(question, clerk, "补充说明：已全部完工。", official=official)
    assert "补充说明" in client.get(session.url).content.decode()


# --- to a petition -----------------------------------------------------------------------------------


def test_a_question_becomes_a_petition_and_keeps_the_link(client, session, editor, home):
    from petitions.models import PetitionBoardPage

    board = home.add_child(instance=PetitionBoardPage(title="民声", slug="petitions"))
    question = make_question(session, body="幸福小区门口的路灯一直不亮")
    qa.release(question, editor)
    topic = TopicFactory(name="城建")
    client.force_login(editor)
    response = client.post(f"/admin/qa-sessions/question/{question.pk}/petition/", {"topic": topic.pk})
    petition = Petition.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/petitions/{petition.pk}/dispatch/"
    assert petition.status == Petition.Status.ACCEPTED and petition.kind == Petition.Kind.QUESTION
    assert petition.intake_channel == Petition.IntakeChannel.INTERVIEW
    assert petition.contact_phone == PHONE and petition.topic == topic
    assert list(petition.qa_questions.all()) == [question]
    with pytest.raises(qa.QAError):
        qa.convert_to_petition(question, editor, topic)
    client.logout()
    html = client.get(session.url).content.decode()
    assert f"已转为民声诉求 {petition.number}" in html
    assert f'href="{board.url}{petition.number}/"' in html


def test_the_page_api_lists_released_questions_and_answers_without_contact_details(
    client, session, editor, clerk, official
):
    released = make_question(session, body="公交专用道什么时候启用？")
    held = make_question(session, body="这个问题还在审核中")
    qa.release(released, editor)
    qa.answer(released, clerk, "下个月启用。", official=official)
    response = client.get(f"/api/v2/pages/{session.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "live"
    assert [question["body"] for question in data["questions"]] == [released.body]
    assert data["questions"][0]["answers"][0]["official"] == "王建国"
    text = json.dumps(data, ensure_ascii=False)
    assert PHONE not in text and held.body not in text


def test_the_page_script_polls_an_address_that_costs_one_query(
    client, session, editor, django_assert_num_queries
):
    question = make_question(session)
    qa.release(question, editor)
    url = f"/zh-hans/qa/{session.pk}/updates/"
    assert f'data-updates-url="{url}"' in client.get(session.url).content.decode()
    client.get(url)  # renders the items once
    with django_assert_num_queries(1):
        response = client.get(url, {"since": 0})
    assert [item["id"] for item in response.json()["items"]] == [question.pk]
    session.unpublish()
    assert client.get(url).status_code == 404


def test_a_private_sessions_poll_is_not_served_to_those_the_page_refuses(client, session, editor):
    from wagtail.models import PageViewRestriction

    question = make_question(session)
    qa.release(question, editor)
    url = f"/zh-hans/qa/{session.pk}/updates/"
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(
        page=session, restriction_type=PageViewRestriction.PASSWORD, password="only-the-press"
    )
    assert client.get(url).status_code == 404
