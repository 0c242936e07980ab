"""Fixtures of the newsroom tests: news channels, department channels and their staff."""

import pytest
from django.contrib.auth.models import Group

from newsroom.factories import (
    DepartmentChannelPageFactory,
    DepartmentFactory,
    DepartmentIndexPageFactory,
    NewsIndexPageFactory,
)
from tests.helpers import publish


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the writes inside ``with committed():`` leave for the commit (purges run on commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def headlines(home):
    return publish(NewsIndexPageFactory(parent=home, title="要闻", channel="headlines"))


@pytest.fixture
def echo(home):
    return publish(NewsIndexPageFactory(parent=home, title="融媒回声", channel="echo"))


@pytest.fixture
def department_index(home):
    return publish(DepartmentIndexPageFactory(parent=home))


@pytest.fixture
def transport(db):
    return DepartmentFactory(name="区交通运输局", slug="transport", kind="bureau")


@pytest.fixture
def housing(db):
    return DepartmentFactory(name="区住房和城乡建设局", slug="housing", kind="bureau")


@pytest.fixture
def transport_channel(department_index, transport):
    return publish(DepartmentChannelPageFactory(parent=department_index, department=transport))


@pytest.fixture
def housing_channel(department_index, housing):
    return publish(DepartmentChannelPageFactory(parent=department_index, department=housing))


@pytest.fixture
def clerk(django_user_model, transport, transport_channel):
    """A staff member of the transport bureau (its channel exists, so the group has its rights)."""
    user = django_user_model.objects.create_user("clerk", "clerk@example.com", "pw-clerk-2026")
    user.groups.add(transport.group)
    return user


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def editors_group(db):
    return Group.objects.get(name="Editors")
