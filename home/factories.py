"""Factories for the home app's pages, for tests and for other apps' factories."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from .models import (
    ContestPage,
    LifeEventPage,
    LifeEventStep,
    ServiceCategoryPage,
    ServiceGuidePage,
    ServiceIndexPage,
    StandardPage,
    SurveyFormField,
    SurveyPage,
)


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"页面{n}")
    intro = "关于本中心的介绍。"

    class Meta:
        model = StandardPage


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "便民服务"
    slug = "services"

    class Meta:
        model = ServiceIndexPage


class ServiceCategoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"服务分类{n}")
    icon = "住"

    class Meta:
        model = ServiceCategoryPage


class ServiceGuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"办事指南{n}")
    summary = "符合条件的居民可以申请办理。"
    location = "区政务服务中心一楼"
    hours = "工作日 9:00-17:00"
    phone = "0812-12345"
    fees = "免费"
    time_limit = "5个工作日"

    class Meta:
        model = ServiceGuidePage


class SurveyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"问卷{n}")
    kind = SurveyPage.Kind.VOTE
    intro = "<p>请投出您宝贵的一票。</p>"
    one_per_person = True
    results_public = True

    class Meta:
        model = SurveyPage


class ContestPageFactory(wagtail_factories.PageFactory):
    """A contest taking entries now for a week, then votes for a week (``home.models.contests``)."""

    title = factory.Sequence(lambda n: f"评比{n}")
    intro = "<p>晒出您身边的美景，由网友投票评选。</p>"
    entries_open_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    voting_opens_at = factory.LazyAttribute(lambda page: page.entries_open_at + datetime.timedelta(days=7))
    closes_at = factory.LazyAttribute(lambda page: page.voting_opens_at + datetime.timedelta(days=7))
    votes_per_person = 3

    class Meta:
        model = ContestPage


class LifeEventPageFactory(wagtail_factories.PageFactory):
    """A life-event bundle; give it ``steps=[LifeEventStepFactory.build(guide=...), ...]``."""

    title = factory.Sequence(lambda n: f"人生大事{n}")
    intro = "一件事要办的手续，按先后排好。"
    icon = "办"

    class Meta:
        model = LifeEventPage


class LifeEventStepFactory(factory.django.DjangoModelFactory):
    intro = "先办这一项。"
    sort_order = factory.Sequence(int)

    class Meta:
        model = LifeEventStep


class SurveyFormFieldFactory(factory.django.DjangoModelFactory):
    label = "您的选择"
    field_type = "radio"
    required = True
    choices = "甲方案\n乙方案"
    sort_order = factory.Sequence(int)

    class Meta:
        model = SurveyFormField
