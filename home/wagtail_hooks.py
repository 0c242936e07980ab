from django.utils.translation import gettext as _
from wagtail import hooks

from .models import ServiceGuidePage, ServiceIndexPage, SurveyPage
from .sections import HomeSection


@hooks.register("register_home_section")
def services_section(request, home_page):
    index = ServiceIndexPage.objects.child_of(home_page).live().first()
    if index is None:
        return None
    guides = list(
        ServiceGuidePage.objects.descendant_of(index).live().public().order_by("-first_published_at")[:6]
    )
    return HomeSection(
        key="services",
        title=_("便民服务"),
        items=guides,
        more_url=index.url,
        order=50,
    )


@hooks.register("register_home_section")
def surveys_section(request, home_page):
    surveys = [
        survey
        for survey in SurveyPage.objects.descendant_of(home_page)
        .live()
        .public()
        .order_by("-first_published_at")[:6]
        if survey.state() == "open"
    ][:3]
    return HomeSection(key="surveys", title=_("调查投票"), items=surveys, order=80)
