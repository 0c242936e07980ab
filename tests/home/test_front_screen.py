"""The home page as an app's front screen: top stories, one-tap entry points, service icons, live figures,
answered petitions and what is live, in the order editors arrange them."""

import datetime
import re

import pytest
import wagtail_factories
from django.utils import timezone

from home.models import HomePage
from home.sections import section_choices
from newsroom.factories import (
    LivePageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    QASessionPageFactory,
)
from petitions.factories import TopicFactory
from petitions.models import PetitionReportIndexPage
from tests.petitions.history import Clock, History, department, local, media_centre_editor

pytestmark = pytest.mark.django_db

#: A Wednesday in the middle of a month with no holiday near it.
WEDNESDAY = datetime.date(2026, 3, 18)


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def arrange(home, *blocks):
    home = HomePage.objects.get(pk=home.pk)
    home.sections = list(blocks)
    home.save_revision().publish()
    return home


def section(key, heading="", limit=None):
    return ("section", {"section": key, "heading": heading, "limit": limit})


def section_order(html):
    """The keys of the sections as they appear on the page."""
    return re.findall(r'aria-labelledby="section-([\w-]+)"', html)


class TestEntryPoints:
    def test_a_resident_reaches_the_petition_form_and_the_tracking_form_in_one_tap(self, client, home, board):
        html = html_of(client, home)
        actions = re.search(r'<nav class="quick-actions".*?</nav>', html, re.S)[0]
        links = {
            label: href
            for href, label in re.findall(r'href="([^"]+)">.*?<span>([^<]+)</span>', actions, re.S)
        }
        assert links["我要留言"] == f"{board.url}new/"
        assert links["查询进度"] == f"{board.url}track/"
        form = client.get(links["我要留言"])
        assert form.status_code == 200
        assert 'name="title"' in form.content.decode()
        track = client.get(links["查询进度"])
        assert track.status_code == 200
        assert 'name="code"' in track.content.decode() or "查询码" in track.content.decode()

    def test_the_weekly_report_and_the_qa_session_are_entry_points_too(self, client, home, board):
        reports = PetitionReportIndexPage(title="民情数据排名周报", slug="reports")
        board.add_child(instance=reports)
        reports.save_revision().publish()
        QASessionPageFactory(parent=home, title="在线访谈｜入学政策")
        html = html_of(client, home)
        actions = re.search(r'<nav class="quick-actions".*?</nav>', html, re.S)[0]
        assert "周报" in actions and reports.url in actions
        assert "在线访谈" in actions

    def test_without_a_board_there_is_no_petition_entry_point(self, client, home):
        assert "我要留言" not in html_of(client, home)


class TestLiveFigures:
    def test_the_figures_are_this_months_and_todays_from_the_statistics(self, client, home, board, editor):
        water = department("水务局", "water")
        topic = TopicFactory(name="供水", slug="water-supply")
        with Clock.travel(local(WEDNESDAY - datetime.timedelta(days=3), 9)) as clock:  # Sunday 15 March
            people = History(media_centre_editor())
            first, second, third = (people.submitted(topic) for _ in range(3))
            people.dispatched(first, water)
            people.dispatched(second, water)
            clock.to(WEDNESDAY - datetime.timedelta(days=1), 10)
            people.replied(first)
            people.rated(first, "satisfied")  # closed
            clock.to(WEDNESDAY, 9)
            people.replied(second)
            people.accepted(third)
            clock.to(WEDNESDAY, 15)
            html = html_of(client, home)
        figures = dict(re.findall(r"<dt>([^<]+?)(?: <small>[^<]*</small>)?</dt><dd>([^<]+)</dd>", html))
        # 3 accepted this month; in the last 30 days 2 dispatched, 1 of them closed, 1 rated satisfied;
        # 1 replied today
        assert figures == {"本月受理": "3", "办结率": "50.0%", "满意率": "100.0%", "今日答复": "1"}

    def test_a_rate_with_nothing_to_rate_reads_a_dash(self, client, home, board):
        html = html_of(client, home)
        figures = dict(re.findall(r"<dt>([^<]+?)(?: <small>[^<]*</small>)?</dt><dd>([^<]+)</dd>", html))
        assert figures["满意率"] == "—"
        assert figures["本月受理"] == "0"


class TestAnsweredPetitions:
    def test_the_latest_answers_show_the_department_that_gave_them(self, client, home, board):
        roads = department("西区交通运输局", "roads")
        topic = TopicFactory(name="交通", slug="traffic")
        with Clock.travel(local(WEDNESDAY, 9)) as clock:
            people = History(media_centre_editor())
            answered = people.submitted(topic, title="公交站台缺少遮雨棚")
            waiting = people.submitted(topic, title="红绿灯时间太短")
            people.dispatched(answered, roads)
            people.dispatched(waiting, roads)
            clock.shift(hours=3)
            people.replied(answered)
            html = html_of(client, home)
        listing = re.search(r'<ul class="answered-list">.*?</ul>', html, re.S)[0]
        assert "公交站台缺少遮雨棚" in listing
        assert "西区交通运输局 答复" in listing
        assert "status-replied" in listing
        assert "红绿灯时间太短" not in listing


class TestBannerAndLiveStrip:
    def test_the_banner_shows_the_headlines_with_a_photo_and_works_without_script(self, client, home):
        headlines = NewsIndexPageFactory(parent=home)
        photo = wagtail_factories.ImageFactory(title="滨江夜景")
        with_photo = [
            NewsArticlePageFactory(parent=headlines, title=f"头条{n}", cover_image=photo) for n in range(2)
        ]
        NewsArticlePageFactory(parent=headlines, title="没有图片的消息")
        html = html_of(client, home)
        banner = re.search(r'<section class="banner".*?</section>', html, re.S)[0]
        assert 'aria-roledescription="轮播"' in banner
        for article in with_photo:
            assert article.url in banner and article.title in banner
        assert "没有图片的消息" not in banner
        # without script the dots are links to each slide; the buttons appear only with script
        assert 'href="#banner-slide-2"' in banner
        assert re.search(r'<p class="banner-controls" hidden>', banner)

    def test_the_live_strip_shows_what_is_on_now_then_next_and_not_what_is_over(self, client, home):
        now = timezone.now()
        on_now = LivePageFactory(
            parent=home, title="慢直播：滨江", starts_at=now - datetime.timedelta(hours=1)
        )
        next_up = QASessionPageFactory(
            parent=home,
            title="在线访谈：秋季入学",
            starts_at=now + datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=1, hours=2),
        )
        QASessionPageFactory(
            parent=home,
            title="在线访谈：已结束",
            starts_at=now - datetime.timedelta(days=2),
            ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
        )
        html = html_of(client, home)
        strip = re.search(r'<ul class="live-list">.*?</ul>', html, re.S)[0]
        assert strip.index(on_now.title) < strip.index(next_up.title)
        assert "直播中" in strip and "预告" in strip
        assert "已结束" not in strip


class TestEditorsArrangeTheSections:
    def test_every_section_an_app_declares_can_be_placed(self):
        keys = [key for key, _label in section_choices()]
        for key in ("banner", "quick-actions", "figures", "petitions", "live", "top-news", "directory"):
            assert key in keys

    def test_the_page_follows_the_editors_order_and_headings_and_leaves_out_the_rest(
        self, client, home, board
    ):
        arrange(home, section("figures", heading="数据看板"), section("quick-actions"))
        html = html_of(client, home)
        assert section_order(html) == ["figures", "quick-actions"]
        assert "数据看板" in html

    def test_a_service_grid_shows_each_icon_with_its_label_and_link(self, client, home, board):
        arrange(
            home,
            (
                "service_grid",
                {
                    "heading": "办事入口",
                    "items": [
                        {"icon": "bus", "title": "公交查询", "page": None, "url": "https://bus.example.com/"},
                        {"icon": "write", "title": "我要留言", "page": board, "url": ""},
                    ],
                },
            ),
        )
        html = html_of(client, home)
        grid = re.search(r'<ul class="icon-grid">.*?</ul>', html, re.S)[0]
        assert grid.count("<svg") == 2
        assert 'href="https://bus.example.com/"' in grid and "公交查询" in grid
        assert f'href="{board.url}"' in grid

    def test_an_empty_arrangement_shows_every_section_in_the_declared_order(self, client, home, board):
        html = html_of(client, home)
        order = section_order(html)
        assert order.index("quick-actions") < order.index("figures")


def test_an_editor_arranges_the_sections_in_the_page_editor(admin_client, home, board):
    response = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "首页栏目" in html
    # the section block's choices are the sections the apps declare (in the editor's block definitions)
    assert "quick-actions" in html and "figures" in html
