import pytest
from django.contrib.auth.models import Group, Permission

from petitions.factories import DepartmentFactory, PetitionFactory, TopicFactory


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
    return PetitionFactory(topic=topic, status="pending")
