import re

import pytest
from django.contrib.auth.models import Group, Permission

from petitions.factories import DepartmentFactory, PetitionFactory, TopicFactory
from tests import helpers

from .history import FakeSMS


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban")


@pytest.fixture
def department(db):
    group = Group.objects.create(name="城管局")
    return DepartmentFactory(name="西区城管局", slug="chengguan", group=group)


@pytest.fixture
def department_staff(django_user_model, department):
    user = django_user_model.objects.create_user("dept-chengguan", password="pw-dept-2026")
    user.groups.add(department.group)
    return user


@pytest.fixture
def moderator(editor):
    """An editor of the media centre: Editors may moderate and dispatch petitions."""
    group = Group.objects.get(name="Editors")
    group.permissions.add(*Permission.objects.filter(codename__in=["moderate_petition", "dispatch_petition"]))
    return type(editor).objects.get(pk=editor.pk)


@pytest.fixture
def petition(topic):
    return PetitionFactory(topic=topic)


def solve_captcha(client, url):
    """GET the form and return the hidden fields plus the answer to the question its label asks."""
    html = client.get(url).content.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', html)[1]
    form_token = re.search(r'name="form_token" value="([^"]+)"', html)[1]
    question = re.search(r"验证题：([^<]+)</label>", html)[1]
    return {
        "captcha_token": token,
        "captcha_answer": helpers.solve_captcha(question),
        "form_token": form_token,
    }


@pytest.fixture
def petition_data(topic):
    def make(**overrides):
        data = {
            "kind": "complaint",
            "topic": topic.pk,
            "title": "小区门口路灯不亮",
            "content": "幸福路12号小区门口的路灯坏了一个星期，晚上老人出门很不方便，请尽快修理。",
            "address": "幸福路12号",
            "contact_name": "李先生",
            "contact_phone": "13912345678",
            "is_anonymous": "on",
            "is_public": "on",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def receiver():
    """A district platform's webhook endpoint (``tests.helpers.WebhookReceiver``), stopped afterwards."""
    receiver = helpers.WebhookReceiver()
    try:
        yield receiver
    finally:
        receiver.close()


@pytest.fixture
def sms(settings):
    """Text messages go to ``history.FakeSMS``; the list of (phone, text) sent."""
    settings.PETITION_SMS_BACKEND = "tests.petitions.history.FakeSMS"
    FakeSMS.sent = []
    return FakeSMS.sent
