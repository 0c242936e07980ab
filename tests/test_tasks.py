"""``rongmei.tasks.index_updates_batched``: inside a burst of writes each object's search entry and
reference index are refreshed once, at the end, as the object is then; every other task runs at once."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_tasks.signals import task_finished
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from home.models import StandardPage
from petitions.factories import PetitionFactory
from petitions.models import Petition
from rongmei.tasks import index_updates_batched

pytestmark = pytest.mark.django_db

REFRESH = {"insert_or_update_object_task", "update_reference_index_task"}


@pytest.fixture
def finished():
    """The tasks that ran, as (name, status), in order."""
    ran = []

    def record(sender, task_result, **kwargs):
        ran.append((task_result.task.name, task_result.status.name))

    task_finished.connect(record)
    yield ran
    task_finished.disconnect(record)


def found(query):
    return {petition.pk for petition in get_search_backend().search(query, Petition.objects.all())}


def entries(model):
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


def test_a_petition_saved_three_times_is_indexed_once_with_its_last_title(finished):
    with index_updates_batched():
        petition = PetitionFactory(title="井盖缺失请修理")
        for title in ("井盖缺失已经一周", "井盖缺失危险"):
            petition.title = title
            petition.save()
        assert not entries(Petition).filter(object_id=str(petition.pk)).exists()
        assert [name for name, _status in finished if name in REFRESH] == []
    assert found("危险") == {petition.pk}
    assert found("一周") == set()
    indexed = [name for name, _status in finished if name == "insert_or_update_object_task"]
    assert indexed == ["insert_or_update_object_task"]


def test_a_page_published_inside_is_indexed_and_its_references_recorded_once(home, finished):
    with index_updates_batched():
        page = StandardPage(title="办事须知", slug="notice")
        home.add_child(instance=page)
        page.save_revision().publish()
        page.title = "办事须知（更新）"
        page.save_revision().publish()
    ran = [name for name, _status in finished if name in REFRESH]
    assert ran.count("update_reference_index_task") == 1
    assert entries(StandardPage).count() == 1
    assert list(get_search_backend().search("更新", StandardPage.objects.all())) == [page]
    assert ReferenceIndex.is_indexed(StandardPage)


def test_other_tasks_run_at_once_inside(finished, django_capture_on_commit_callbacks):
    with index_updates_batched():
        with django_capture_on_commit_callbacks(execute=True):  # the workflow's notices follow a commit
            PetitionFactory(state="assigned")
        during = [name for name, _status in finished if name not in REFRESH]
        # the workflow's notices ran as the petition was accepted and dispatched, before the block ended
        assert {"accepted", "dispatched"} <= set(during)
    assert all(status == "SUCCESSFUL" for _name, status in finished)


def test_an_object_deleted_before_the_end_is_skipped_without_a_failed_task(finished):
    with index_updates_batched():
        petition = PetitionFactory(title="临时诉求测试")
        petition.delete()
    assert not entries(Petition).exists()
    assert all(status == "SUCCESSFUL" for _name, status in finished)


def test_a_block_inside_another_leaves_the_tasks_to_the_outer_one(finished):
    with index_updates_batched():
        with index_updates_batched():
            petition = PetitionFactory(title="井盖缺失请修理")
        petition.title = "井盖缺失危险"
        petition.save()
        assert [name for name, _status in finished if name in REFRESH] == []
    assert found("危险") == {petition.pk}
    assert [name for name, _status in finished if name == "insert_or_update_object_task"] == [
        "insert_or_update_object_task"
    ]
