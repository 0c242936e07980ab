from django.utils.translation import gettext as _
from wagtail import hooks

from home.sections import HomeSection

from .models import (
    Channel,
    DepartmentChannelPage,
    DepartmentIndexPage,
    NewsArticlePage,
    NewsIndexPage,
    card_queryset,
)


def _channel(home_page, channel):
    return NewsIndexPage.objects.child_of(home_page).live().filter(channel=channel).first()


@hooks.register("register_home_section")
def top_news_section(request, home_page):
    """要闻: the headlines channel, or the newest news of every channel when it has none."""
    headlines = _channel(home_page, Channel.HEADLINES)
    articles = NewsArticlePage.objects.descendant_of(headlines or home_page).live().public().newest_first()
    return HomeSection(
        key="top-news",
        title=_("要闻"),
        items=list(card_queryset(articles)[:6]),
        more_url=headlines.get_url(request) if headlines else None,
        order=10,
    )


@hooks.register("register_home_section")
def follow_up_section(request, home_page):
    """融媒回声: the latest follow-up stories on residents' petitions."""
    echo = _channel(home_page, Channel.ECHO)
    stories = NewsArticlePage.objects.descendant_of(home_page).live().public().follow_ups().newest_first()
    return HomeSection(
        key="follow-ups",
        title=_("融媒回声"),
        items=list(card_queryset(stories)[:4]),
        more_url=echo.get_url(request) if echo else None,
        order=20,
    )


@hooks.register("register_home_section")
def department_channels_section(request, home_page):
    """西区号: the department channels, in the departments' own order."""
    index = DepartmentIndexPage.objects.child_of(home_page).live().first()
    if index is None:
        return None
    channels = (
        DepartmentChannelPage.objects.child_of(index)
        .live()
        .public()
        .select_related("department", "logo")
        .order_by("department__sort_order", "department__name")[:8]
    )
    return HomeSection(
        key="department-channels",
        title=_("西区号"),
        items=list(channels),
        more_url=index.get_url(request),
        order=30,
    )
