"""The newsroom's registrations: its home-page sections, the Q&A admin (urls, menu, buttons, log) and the
readership statistics."""

from django.db.models import Q
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton

from home.sections import HomeAction, HomeSection, home_section

from . import readership
from .models import (
    Channel,
    DepartmentChannelPage,
    DepartmentIndexPage,
    LivePage,
    NewsArticlePage,
    NewsIndexPage,
    QASessionPage,
    card_queryset,
)
from .qa import admin_views as qa_admin
from .qa.rules import LOG_ACTIONS


def _channel(home_page, channel):
    return NewsIndexPage.objects.child_of(home_page).live().filter(channel=channel).first()


def _headlines(home_page):
    headlines = _channel(home_page, Channel.HEADLINES)
    return headlines, NewsArticlePage.objects.descendant_of(
        headlines or home_page
    ).live().public().newest_first()


@home_section("banner", gettext_lazy("头条轮播"), order=1)
def banner_section(request, home_page, limit):
    """头条: the newest headlines that have a cover photo, as the banner at the top of the home page."""
    _headlines_page, articles = _headlines(home_page)
    # Not ``card_queryset``: the banner's rendition is not the card's, and two stories may share a photo.
    stories = list(articles.filter(cover_image__isnull=False).select_related("cover_image")[: limit or 5])
    return HomeSection(key="banner", title=_("头条"), items=stories, template="home/sections/banner.html")


@home_section("top-news", gettext_lazy("要闻"), order=10)
def top_news_section(request, home_page, limit):
    """要闻: the headlines channel, or the newest news of every channel when it has none."""
    headlines, articles = _headlines(home_page)
    return HomeSection(
        key="top-news",
        title=_("要闻"),
        items=list(card_queryset(articles)[: limit or 6]),
        more_url=headlines.get_url(request) if headlines else None,
        order=10,
    )


@home_section("live", gettext_lazy("直播与在线访谈"), order=6)
def live_section(request, home_page, limit):
    """Live pages and Q&A sessions on now or coming next, the soonest first (live ones first of all)."""
    now = timezone.now()
    not_over = Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    found = [
        *LivePage.objects.descendant_of(home_page).live().public().filter(not_over),
        *QASessionPage.objects.descendant_of(home_page).live().public().filter(ends_at__gt=now),
    ]
    found.sort(key=lambda page: (page.starts_at > now, page.starts_at))
    return HomeSection(
        key="live", title=_("直播与访谈"), items=found[: limit or 4], template="home/sections/live.html"
    )


@home_section("follow-ups", gettext_lazy("融媒回声"), order=20)
def follow_up_section(request, home_page, limit):
    """融媒回声: the latest follow-up stories on residents' petitions."""
    echo = _channel(home_page, Channel.ECHO)
    stories = NewsArticlePage.objects.descendant_of(home_page).live().public().follow_ups().newest_first()
    return HomeSection(
        key="follow-ups",
        title=_("融媒回声"),
        items=list(card_queryset(stories)[: limit or 4]),
        more_url=echo.get_url(request) if echo else None,
        order=20,
    )


@home_section("department-channels", gettext_lazy("西区号"), order=30)
def department_channels_section(request, home_page, limit):
    """西区号: the department channels, in the departments' own order."""
    index = DepartmentIndexPage.objects.child_of(home_page).live().first()
    if index is None:
        return None
    channels = (
        DepartmentChannelPage.objects.child_of(index)
        .live()
        .public()
        .select_related("department", "logo")
        .order_by("department__sort_order", "department__name")[: limit or 8]
    )
    return HomeSection(
        key="department-channels",
        title=_("西区号"),
        items=list(channels),
        more_url=index.get_url(request),
        order=30,
    )


@hooks.register("register_home_action")
def qa_session_action(request, home_page):
    """在线访谈: the session on now or next, else the latest one (its archive)."""
    now = timezone.now()
    sessions = QASessionPage.objects.descendant_of(home_page).live().public()
    session = (
        sessions.filter(ends_at__gt=now).order_by("starts_at").first()
        or sessions.order_by("-starts_at").first()
    )
    if session is None:
        return []
    return [HomeAction(_("在线访谈"), session.get_url(request), "interview", order=30)]


# --- live Q&A sessions (在线访谈) ------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_qa_urls():
    return [
        path("qa-sessions/", qa_admin.session_list, name="newsroom_qa_sessions"),
        path("qa-sessions/<id:pk>/", qa_admin.session_detail, name="newsroom_qa_session"),
        re_path(
            r"^qa-sessions/question/(?P<pk>\d+)/(?P<decision>release|reject)/$",
            qa_admin.decide,
            name="newsroom_qa_decide",
        ),
        path("qa-sessions/question/<id:pk>/answer/", qa_admin.answer, name="newsroom_qa_answer"),
        path("qa-sessions/question/<id:pk>/petition/", qa_admin.to_petition, name="newsroom_qa_petition"),
    ]


@hooks.register("register_admin_menu_item")
def register_qa_menu_item():
    return qa_admin.QAMenuItem(
        gettext_lazy("在线访谈"), reverse("newsroom_qa_sessions"), icon_name="help", order=253
    )


@hooks.register("register_page_listing_buttons")
def qa_questions_button(page, user, next_url=None):
    if (
        page.specific_class is not None
        and issubclass(page.specific_class, QASessionPage)
        and qa_admin.can_see_sessions(user)
    ):
        yield ListingButton(
            _("提问与回答"), reverse("newsroom_qa_session", args=[page.pk]), icon_name="help", priority=15
        )


@hooks.register("register_log_actions")
def register_qa_log_actions(actions):
    for name, label in LOG_ACTIONS.items():
        actions.register_action(f"newsroom.{name}", label, label)


# --- readership statistics (浏览统计) --------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_readership_urls():
    return [path("readership/", readership.ReadershipView.as_view(), name="newsroom_readership")]


@hooks.register("register_reports_menu_item")
def register_readership_menu_item():
    return readership.ReadershipMenuItem(
        gettext_lazy("浏览统计"), reverse("newsroom_readership"), icon_name="view", order=50
    )
