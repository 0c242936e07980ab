"""Factories for the newsroom's pages (wagtail-factories) and the departments they belong to."""

import factory
import wagtail_factories
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from petitions.models import Department

from .models import (
    ChannelPostPage,
    DepartmentChannelPage,
    DepartmentIndexPage,
    LivePage,
    NewsArticlePage,
    NewsIndexPage,
    QAAnswer,
    QAQuestion,
    QASessionOfficial,
    QASessionPage,
)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")
    kind = Department.Kind.BUREAU
    group = factory.LazyAttribute(lambda obj: Group.objects.get_or_create(name=f"{obj.name}工作人员")[0])


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "要闻"
    slug = factory.LazyAttribute(lambda obj: obj.channel)
    channel = "headlines"


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsArticlePage

    title = factory.Sequence(lambda n: f"新闻稿件{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "区政府召开常务会议，研究部署近期重点工作。"
    source = "西区融媒"
    author = "记者 张明"
    responsible_editor = "李华"
    date = factory.LazyFunction(timezone.now)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>会议强调，要把群众的急难愁盼作为工作重点。</p>")])


class DepartmentIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DepartmentIndexPage

    title = "西区号"
    slug = "departments"


class DepartmentChannelPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DepartmentChannelPage

    department = factory.SubFactory(DepartmentFactory)
    title = factory.LazyAttribute(lambda obj: obj.department.name)
    slug = factory.LazyAttribute(lambda obj: obj.department.slug)
    introduction = "<p>负责本辖区的社会管理和公共服务。</p>"
    office_hours = "工作日 9:00-12:00，13:30-17:30"


class ChannelPostPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ChannelPostPage

    title = factory.Sequence(lambda n: f"部门动态{n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    kind = ChannelPostPage.Kind.NEWS
    summary = "我单位开展便民服务进社区活动。"
    date = factory.LazyFunction(timezone.now)


class LivePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LivePage

    title = "滨江公园慢直播"
    slug = factory.Sequence(lambda n: f"live-{n}")
    stream_url = "https://live.example.com/player/1"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class QASessionPageFactory(wagtail_factories.PageFactory):
    """A session that started an hour ago and ends in an hour (live)."""

    class Meta:
        model = QASessionPage

    title = factory.Sequence(lambda n: f"在线访谈第{n}期：城区交通怎么改")
    slug = factory.Sequence(lambda n: f"qa-{n}")
    summary = "区交通运输局负责人在线回答网友关于公交线路和停车的问题。"
    starts_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(hours=1))


class QASessionOfficialFactory(DjangoModelFactory):
    class Meta:
        model = QASessionOfficial

    page = factory.SubFactory(QASessionPageFactory)
    name = "王建国"
    title = "局长"
    department = factory.SubFactory(DepartmentFactory)
    sort_order = 0


class QAQuestionFactory(DjangoModelFactory):
    """A question released in its session (released questions are the ones visitors see)."""

    class Meta:
        model = QAQuestion

    session = factory.SubFactory(QASessionPageFactory)
    body = "公交车晚上能不能多开一个小时？"
    asker_name = "网友"
    status = QAQuestion.Status.RELEASED
    submitted_at = factory.LazyFunction(timezone.now)
    released_at = factory.LazyAttribute(lambda obj: obj.submitted_at)


class QAAnswerFactory(DjangoModelFactory):
    class Meta:
        model = QAAnswer

    question = factory.SubFactory(QAQuestionFactory)
    official = factory.SubFactory(QASessionOfficialFactory, page=factory.SelfAttribute("..question.session"))
    department = factory.SelfAttribute("official.department")
    body = "我们已经调研了沿线客流，下月起末班车延长一小时。"
    answered_at = factory.LazyFunction(timezone.now)
