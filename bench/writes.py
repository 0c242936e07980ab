"""The write benchmark's set-up: captchas solved as a resident would, and the number of stored petitions.

    python bench/writes.py captchas N FILE   # writes FILE for bench/submit.lua, prints {"petitions": n}
    python bench/writes.py count             # prints {"petitions": n, "tasks": {status: n}}
    python bench/writes.py drain SECONDS     # waits until the task worker has run every task, then counts

Tasks are counted on the database backend's table, or on the RQ queue with ``TASKS_BACKEND=rq``.

The JSON API takes a petition with a captcha answered once (``GET /api/petitions/captcha/``). Here the
captchas are asked for in advance through ``rongmei.captcha.challenge`` and answered by reading the
question (two Chinese numerals to add), so the load posts only petitions and each post still passes the
site's captcha check.
"""

import json
import os
import sys
import time
from pathlib import Path

NUMERALS = "零一二三四五六七八九十"


def answer(question):
    """The sum a question like "七 加 五 等于几？…" asks for."""
    first, _plus, second = question.split()[:3]
    return NUMERALS.index(first) + NUMERALS.index(second[0])


def write_captchas(count, path):
    from django.utils import translation

    from petitions.models import Petition, Topic
    from rongmei import captcha

    topic = Topic.objects.active().order_by("pk").first()
    lines = [Petition.Kind.COMPLAINT, str(topic.pk)]
    with translation.override("zh-hans"):
        for _ in range(count):
            question, token = captcha.challenge()
            lines.append(f"{token}\t{answer(question)}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def rq_queue():
    """The RQ queue tasks go to with ``TASKS_BACKEND=rq``, or None with any other backend."""
    from django.conf import settings

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
        return None
    import django_rq

    return django_rq.get_queue("default")


def task_counts():
    """Tasks by status: rows of the database backend, or jobs of the RQ queue and its registries
    (finished jobs are kept for RQ's result TTL, minutes, enough for a run); none with the immediate one."""
    queue = rq_queue()
    if queue is not None:
        return {
            "READY": queue.count,
            "RUNNING": queue.started_job_registry.count,
            "SUCCEEDED": queue.finished_job_registry.count,
            "FAILED": queue.failed_job_registry.count,
            "RETRY_LATER": queue.scheduled_job_registry.count,
        }
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    return dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())


def drain(seconds):
    """Wait up to ``seconds`` for the worker to run every ready or running task; how long it took."""
    queue = rq_queue()
    if queue is not None:

        def pending():
            return queue.count or queue.started_job_registry.count
    else:
        from django_tasks_db.models import DBTaskResult

        def pending():
            return DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()

    started = time.monotonic()
    while pending():
        if time.monotonic() - started > seconds:
            break
        time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from petitions.models import Petition

    result = {}
    if sys.argv[1] == "captchas":
        write_captchas(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "drain":
        result["drained_in"] = drain(float(sys.argv[2]))
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    print(
        json.dumps(
            {**result, "petitions": Petition.objects.count(), "tasks": task_counts(), "backend": backend}
        )
    )


if __name__ == "__main__":
    main()
