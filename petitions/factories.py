"""Factories for the petition app's models, for tests and quick experiments."""

import factory
from factory.django import DjangoModelFactory

from .models import Department, Petition, PetitionMessage, ScreenedWord, Topic, tracking_code_hash


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    slug = factory.Sequence(lambda n: f"dept-{n}")
    kind = Department.Kind.BUREAU


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"领域{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ScreenedWordFactory(DjangoModelFactory):
    class Meta:
        model = ScreenedWord

    word = factory.Sequence(lambda n: f"敏感词{n}")
    action = ScreenedWord.Action.HOLD


class PetitionFactory(DjangoModelFactory):
    """A petition in any state; ``tracking_code`` (default ``TEST-CODE-0001`` + n) is stored hashed."""

    class Meta:
        model = Petition
        exclude = ["tracking_code"]
        skip_postgeneration_save = True

    tracking_code = factory.Sequence(lambda n: f"TEST-CODE-{n:04d}")
    tracking_code_hash = factory.LazyAttribute(lambda o: tracking_code_hash(o.tracking_code))
    kind = Petition.Kind.COMPLAINT
    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"小区路灯不亮第{n}天")
    content = "幸福路 12 号小区门口的路灯坏了，晚上出门很不方便，请有关部门尽快修理。"
    address = "幸福路 12 号"
    contact_name = "张女士"
    contact_phone = "13812345678"
    is_anonymous = True
    is_public = True
    status = Petition.Status.ACCEPTED

    @factory.post_generation
    def numbered(obj, create, extracted, **kwargs):
        if create and not obj.number:
            obj.assign_number()


class PetitionMessageFactory(DjangoModelFactory):
    class Meta:
        model = PetitionMessage

    petition = factory.SubFactory(PetitionFactory)
    kind = PetitionMessage.Kind.FOLLOW_UP
    body = "请问什么时候能修好？"
