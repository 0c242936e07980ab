"""Background tasks, batched where a burst of saves would repeat them.

Every save of a page or a petition queues two tasks that bring the object's derived rows up to date from
what it is now: its search entry (modelsearch) and its reference-index rows (Wagtail). A page saved, its
revision saved and published runs each three times; translating it runs them again. ``index_updates_batched()``
holds those two tasks while a burst of writes runs (the demo seed) and queues each once per object at the
end, on the configured backend; every other task goes through at once, in order.
"""

from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

#: Tasks of the form ``task(app_label, model_name, pk)`` that rewrite what they derive from the object as
#: it is when they run: once at the end of a batch does what every run inside it would have done.
OBJECT_REFRESH_TASKS = {
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
}


class BatchingBackend(BaseTaskBackend):
    """Holds the object-refresh tasks (one per task and object); hands every other task to the backend it
    wraps (``OPTIONS["WRAPPED"]``, a ``TASKS`` entry)."""

    def __init__(self, alias, params):
        super().__init__(alias, params)
        wrapped = self.options["WRAPPED"]
        self.wrapped = import_string(wrapped["BACKEND"])(alias, wrapped)
        for feature in ("supports_defer", "supports_async_task", "supports_priority"):
            setattr(self, feature, getattr(self.wrapped, feature))
        self.held = {}

    def enqueue(self, task, args, kwargs):
        if task.module_path not in OBJECT_REFRESH_TASKS:
            return self.wrapped.enqueue(task, args, kwargs)
        self.validate_task(task)
        self.held[(task.module_path, *args)] = (task, args)
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


@contextmanager
def index_updates_batched(alias="default"):
    """Inside, each object's search entry and reference index are refreshed once, when the block ends
    (objects deleted meanwhile are skipped); other tasks run as configured. Inside another such block it
    changes nothing: the outer one holds them until it ends."""
    if isinstance(task_backends[alias], BatchingBackend):
        yield
        return
    wrapped = settings.TASKS[alias]
    batching = {"BACKEND": f"{__name__}.BatchingBackend", "OPTIONS": {"WRAPPED": wrapped}}
    with override_settings(TASKS={**settings.TASKS, alias: batching}):
        backend = task_backends[alias]
        yield
    for task, (app_label, model_name, pk) in backend.held.values():
        if apps.get_model(app_label, model_name)._default_manager.filter(pk=pk).exists():
            task.enqueue(app_label, model_name, pk)
