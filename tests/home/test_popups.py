"""Pop-up notices (定时弹窗): editors schedule them in the admin; a page's script asks ``/popups/`` which
show on it now, in its language and section, never on the petition form, and pages stay cacheable."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.factories import StandardPageFactory
from home.models import PopupNotice, PopupSection
from rongmei.translation import translate_instance
from tests.helpers import publish

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def notice(**fields):
    now = timezone.now()
    fields = {
        "title": "暴雨红色预警",
        "body": "今晚有特大暴雨，请尽量减少外出。",
        "starts_at": now - HOUR,
        "ends_at": now + HOUR,
        **fields,
    }
    locales = fields.pop("locales", [])
    sections = fields.pop("sections", [])
    created = PopupNotice.objects.create(**fields)
    created.locales.set(locales)
    created.save()  # a cluster's relations are written when it is saved
    for page in sections:
        PopupSection.objects.create(notice=created, page=page)
    return created


def showing(client, path, lang="zh-hans"):
    response = client.get("/popups/", {"path": path, "lang": lang})
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return [item["title"] for item in response.json()["notices"]]


# --- when ---------------------------------------------------------------------------------------------


def test_a_notice_shows_only_inside_its_window(client, home):
    start = timezone.now().replace(microsecond=0) + HOUR
    notice(title="停水通知", starts_at=start, ends_at=start + HOUR)
    assert showing(client, "/zh-hans/") == []  # before the start
    with time_machine.travel(start, tick=False):
        assert showing(client, "/zh-hans/") == ["停水通知"]  # the start is inside
    with time_machine.travel(start + HOUR - datetime.timedelta(seconds=1), tick=False):
        assert showing(client, "/zh-hans/") == ["停水通知"]
    with time_machine.travel(start + HOUR, tick=False):
        assert showing(client, "/zh-hans/") == []  # the end is not


@override_settings(RONGMEI_FRAGMENT_CACHE_SECONDS=3600)
def test_the_short_lived_read_still_opens_and_closes_windows_on_time_and_an_edit_shows_at_once(
    client, home, django_capture_on_commit_callbacks
):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=2)
    notice(title="停电通知", starts_at=start, ends_at=start + datetime.timedelta(seconds=60))
    with time_machine.travel(start - datetime.timedelta(seconds=1), tick=False):
        assert showing(client, "/zh-hans/") == []  # read now, and kept for a few seconds
    with time_machine.travel(start + datetime.timedelta(seconds=1), tick=False):
        assert showing(client, "/zh-hans/") == ["停电通知"]  # from the same read: the window opened
        PopupNotice.objects.update(live=False)  # no signal: the read is still the cached one
        assert showing(client, "/zh-hans/") == ["停电通知"]
        edited = PopupNotice.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            edited.save()  # a save purges the read, once it commits
        assert showing(client, "/zh-hans/") == []
    with time_machine.travel(start + datetime.timedelta(seconds=120), tick=False):
        assert showing(client, "/zh-hans/") == []


def test_a_notice_that_is_not_live_never_shows(client, home):
    notice(title="已撤下的通知", live=False)
    assert showing(client, "/zh-hans/") == []


# --- where and in which language -----------------------------------------------------------------------


def test_a_notice_for_a_section_shows_on_it_and_below_it_only(client, home):
    news = publish(StandardPageFactory(parent=home, title="新闻", slug="news"))
    story = publish(StandardPageFactory(parent=news, title="一篇报道", slug="story"))
    publish(StandardPageFactory(parent=home, title="关于我们", slug="about"))
    notice(title="防汛通知", sections=[news])
    notice(title="全站通知")
    assert set(showing(client, news.url)) == {"防汛通知", "全站通知"}
    assert set(showing(client, story.url)) == {"防汛通知", "全站通知"}
    assert set(showing(client, story.url.rstrip("/"))) == {"防汛通知", "全站通知"}
    assert showing(client, "/zh-hans/about/") == ["全站通知"]
    assert showing(client, "/zh-hans/") == ["全站通知"]
    assert showing(client, "/zh-hans/newsletter/") == ["全站通知"]  # a prefix of the name is not the section
    # the same section under the English prefix, reached through the routing fallback to the Chinese page
    assert set(showing(client, "/en/news/story/", lang="en")) == {"防汛通知", "全站通知"}


def test_a_notice_whose_section_is_deleted_shows_nowhere_rather_than_everywhere(client, home):
    news = publish(StandardPageFactory(parent=home, title="新闻", slug="news"))
    notice(title="防汛通知", sections=[news])
    news.delete()
    assert PopupSection.objects.get().page is None
    assert showing(client, "/zh-hans/") == []


def test_a_section_is_matched_in_its_translation_too(client, home):
    news = publish(StandardPageFactory(parent=home, title="新闻", slug="news"))
    translated = translate_instance(news, "zh-hant")
    translated.slug = "xinwen"
    publish(translated)
    notice(title="防汛通知", sections=[news])
    assert showing(client, translated.url, lang="zh-hant") == ["防汛通知"]


def test_a_notice_shows_only_in_its_languages(client, home, locales):
    notice(title="English only", locales=[locales["en"]])
    notice(title="两种中文", locales=[locales["zh-hans"], locales["zh-hant"]])
    notice(title="所有语言")
    assert set(showing(client, "/en/", lang="en")) == {"English only", "所有语言"}
    assert set(showing(client, "/zh-hans/")) == {"两种中文", "所有语言"}
    assert set(showing(client, "/zh-hant/", lang="zh-hant")) == {"两种中文", "所有语言"}


def test_no_notice_on_the_petition_form_nor_in_the_admin(client, board):
    notice(title="全站通知")
    assert showing(client, "/zh-hans/minsheng/") == ["全站通知"]
    assert showing(client, "/zh-hans/minsheng/new/") == []
    assert showing(client, "/en/minsheng/new/", lang="en") == []
    assert showing(client, "/zh-hans/minsheng/new/done/") == []
    assert showing(client, "/admin/pages/") == []
    # the form page carries the mark the page script stays quiet on
    html = client.get("/zh-hans/minsheng/new/").content.decode()
    assert '<form class="petition-form"' in html
    assert "js/popups.js" in html


def test_pages_stay_cacheable_and_never_carry_a_notice(client, home):
    notice(title="暴雨红色预警", body="今晚有特大暴雨。")
    response = client.get("/zh-hans/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="/static/js/popups.js" data-endpoint="/popups/"' in html
    assert "暴雨红色预警" not in html
    assert not response.cookies
    answer = client.get("/popups/", {"path": "/zh-hans/", "lang": "zh-hans"})
    assert "no-cache" in answer["Cache-Control"]
    item = answer.json()["notices"][0]
    assert item["cap"] == "once" and item["kind"] == "urgent" and item["link"] is None
    assert answer.json()["labels"]["close"] == "关闭"


def test_the_answer_costs_one_query_when_nothing_is_showing_and_a_few_when_something_is(
    client, board, django_assert_num_queries, django_assert_max_num_queries
):
    notice(title="已结束的通知", starts_at=timezone.now() - 2 * HOUR, ends_at=timezone.now() - HOUR)
    with django_assert_num_queries(1):
        assert showing(client, "/zh-hans/") == []
    notice(title="全站通知")
    assert showing(client, "/zh-hans/") == ["全站通知"]  # the site's root paths are cached from here on
    # the notices, their sections, the pages with the petition form and their addresses
    with django_assert_max_num_queries(4):
        assert showing(client, "/zh-hans/") == ["全站通知"]


# --- bad questions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"path": "/zh-hans/"}, "参数 lang 应为以下之一：zh-hans, zh-hant, en。"),
        ({"path": "/zh-hans/", "lang": "fr"}, "参数 lang 应为以下之一：zh-hans, zh-hant, en。"),
        ({"lang": "zh-hans"}, "参数 path 应为本站页面的地址，以 / 开头。"),
        ({"path": "https://evil.example/", "lang": "zh-hans"}, "参数 path 应为本站页面的地址，以 / 开头。"),
        ({"path": "//evil.example/", "lang": "zh-hans"}, "参数 path 应为本站页面的地址，以 / 开头。"),
        ({"path": "/zh-hans/" + "a" * 600, "lang": "zh-hans"}, "参数 path 不是有效的页面地址。"),
        ({"path": "/zh-hans/\x00", "lang": "zh-hans"}, "参数 path 不是有效的页面地址。"),
        ({"path": "/en/x", "lang": "en", "extra": "1"}, None),
    ],
)
def test_a_bad_question_is_answered_400_in_json_never_500(client, home, query, message):
    response = client.get("/popups/", query)
    if message is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": message}


def test_the_refusal_is_in_the_visitors_language(client, home):
    response = client.get("/popups/", {"path": "news", "lang": "en"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The path parameter must be the address of a page of this site, starting with /."
    }
    response = client.get("/popups/", {"path": "/", "lang": "de"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "The lang parameter must be one of: zh-hans, zh-hant, en."}
    response = client.get("/popups/", {"path": "news", "lang": "zh-hant"})
    assert response.json() == {"detail": "參數 path 應為本站頁面的地址，以 / 開頭。"}


def test_only_get_is_answered(client, home):
    assert client.post("/popups/", {"path": "/", "lang": "zh-hans"}).status_code == 405


# --- the admin ----------------------------------------------------------------------------------------


def form_data(locales=(), sections=(), **fields):
    start = timezone.localtime() + HOUR
    data = {
        "title": "暴雨红色预警",
        "body": "今晚有特大暴雨，请尽量减少外出。",
        "link_url": "/zh-hans/",
        "link_label": "查看详情",
        "kind": "urgent",
        "starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (start + HOUR).strftime("%Y-%m-%d %H:%M"),
        "live": "on",
        "cap": "daily",
        "sections": inline_formset([{"page": page.pk} for page in sections]),
        **fields,
    }
    return {**nested_form_data(data), "locales": [locale.pk for locale in locales]}


def test_an_editor_schedules_a_notice_in_the_admin(client, editor, home, locales):
    client.force_login(editor)
    news = publish(StandardPageFactory(parent=home, title="新闻", slug="news"))
    url = reverse("wagtailsnippets_home_popupnotice:add")
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(locales=[locales["zh-hans"]], sections=[news]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    created = PopupNotice.objects.get()
    assert created.cap == "daily" and created.live
    assert [section.page_id for section in created.sections.all()] == [news.pk]
    assert [locale.language_code for locale in created.locales.all()] == ["zh-hans"]
    assert created.ends_at - created.starts_at == HOUR
    with time_machine.travel(created.starts_at, tick=False):
        assert showing(client, "/zh-hans/news/") == ["暴雨红色预警"]
        assert showing(client, "/zh-hans/") == []
    listing = client.get(reverse("wagtailsnippets_home_popupnotice:list"))
    assert "暴雨红色预警" in listing.content.decode()


def test_the_end_must_come_after_the_start(editor_client, home):
    start = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    response = editor_client.post(
        reverse("wagtailsnippets_home_popupnotice:add"), form_data(starts_at=start, ends_at=start)
    )
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间。" in response.content.decode()
    assert not PopupNotice.objects.exists()


def test_a_link_label_needs_a_link_and_a_link_is_of_this_site_or_the_web(editor_client, home):
    url = reverse("wagtailsnippets_home_popupnotice:add")
    response = editor_client.post(url, form_data(link_url="", link_label="查看详情"))
    assert "填写了链接文字，请同时填写链接地址。" in response.content.decode()
    response = editor_client.post(url, form_data(link_url="javascript:alert(1)"))
    assert "请填写以 / 开头的本站地址，或以 https:// 开头的网址。" in response.content.decode()
    assert not PopupNotice.objects.exists()


def test_staff_who_are_not_editors_cannot_schedule_a_notice(client, django_user_model, home):
    supervisor = django_user_model.objects.create_user("supervisor1", password="pw-supervisor-2026")
    supervisor.groups.add(Group.objects.get(name="Supervisors"))  # may sign in to the admin
    client.force_login(supervisor)
    url = reverse("wagtailsnippets_home_popupnotice:add")
    response = client.post(url, form_data())
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" not in response["Location"]  # sent away to the dashboard, not asked to sign in
    assert client.get(url).status_code in (302, 403)
    assert not PopupNotice.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, home):
    response = client.post(reverse("wagtailsnippets_home_popupnotice:add"), form_data())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not PopupNotice.objects.exists()
