"""Background work on RQ (``TASKS_BACKEND=rq``): the job, queue and worker classes django-rq uses (the
``RQ`` setting), and the periodic jobs ``rongmei.cron`` schedules, each run under a lock of its own.

- ``Job`` runs Django Tasks enqueued by django-tasks-rq and, besides them, only the periodic jobs listed
  in ``PERIODIC`` (a job naming any other function is refused, as django-tasks-rq refuses it).
- ``Queue`` gives every job it creates ``RQ_RETRIES`` retries: a task that raises, or whose worker was
  killed under it (RQ's abandoned-job cleanup), runs again.
- ``Worker`` takes its heartbeat and maintenance timing from the settings, so an abandoned job is found
  ``RQ_HEARTBEAT_GRACE`` seconds after its worker stopped beating rather than RQ's fixed minute.

Each periodic job takes a Redis lock (``SET NX`` with a TTL) on the queues' Redis before it works: the
scheduler may enqueue it again while a slow run is still going, and several workers may pick the copies
up; the second run finds the lock taken and does nothing. The TTL frees the lock of a worker that died.
"""

import logging
from contextlib import contextmanager

import django_rq
import redis
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django_rq.queues import DjangoRQ
from django_tasks_rq.backend import Job as TaskJob
from django_tasks_rq.compat import TASK_CLASSES
from rq import Retry
from rq import Worker as RQWorker
from rq.job import Job as RQJob

from newsroom import counters
from newsroom.models import ChannelPostPage, NewsArticlePage
from petitions.supervision.reports import make_weekly_report
from petitions.workflow.tick import deliver_registered, tick
from rongmei.search.pinyin import pinyin_text

logger = logging.getLogger(__name__)

#: the periodic jobs and how long each one's lock lasts (seconds): longer than a run can take
PERIODIC = {
    "petitions_tick": 300,
    "webhook_retries": 1200,  # up to 200 deliveries with a 5 s timeout each
    "flush_view_counts": 240,
    "weekly_petition_report": 1800,
}
LOCK_KEY = "rongmei:periodic:{}"


class Job(TaskJob):
    def _plain_function(self):
        """The periodic job's function, or None for a Django Task; refuses any other function."""
        func = RQJob.func.fget(self)
        if isinstance(func, TASK_CLASSES):
            return None
        module, _dot, name = self.func_name.rpartition(".")
        if module != __name__ or name not in PERIODIC:
            raise SuspiciousOperation(
                f"Job {self.id} names neither a Task nor a periodic job ({self.func_name})"
            )
        return func

    @property
    def func(self):
        return self._plain_function() or RQJob.func.fget(self)

    def perform(self):
        if self._plain_function() is not None:
            return RQJob.perform(self)
        return super().perform()

    def _execute(self):
        if self._plain_function() is not None:
            return RQJob._execute(self)
        return super()._execute()


class Queue(DjangoRQ):
    def create_job(self, *args, retry=None, **kwargs):
        if retry is None and settings.RQ_RETRIES > 0:
            retry = Retry(max=settings.RQ_RETRIES, interval=settings.RQ_RETRY_INTERVALS or 0)
        return super().create_job(*args, retry=retry, **kwargs)


class Worker(RQWorker):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("job_monitoring_interval", settings.RQ_MONITORING_INTERVAL)
        kwargs.setdefault("maintenance_interval", settings.RQ_MAINTENANCE_INTERVAL)
        super().__init__(*args, **kwargs)
        # Each job runs in a process forked from this one: load the search's word list and pinyin once here,
        # or every job that indexes a petition or a page loads them again (seconds each).
        pinyin_text("预热搜索词典")

    def get_heartbeat_ttl(self, job):
        # RQ adds a fixed 60 s to the monitoring interval; the grace replaces that minute
        return max(super().get_heartbeat_ttl(job) - 60, 1) + settings.RQ_HEARTBEAT_GRACE


def connection():
    return django_rq.get_connection("default")


@contextmanager
def periodic_lock(name):
    """``True`` inside when this process holds ``name``'s lock (it is freed on leaving), ``False`` when
    another run holds it."""
    lock = connection().lock(LOCK_KEY.format(name), timeout=PERIODIC[name], blocking=False)
    acquired = lock.acquire()
    try:
        yield acquired
    finally:
        if acquired:
            try:
                lock.release()
            except redis.exceptions.LockError:  # it outlived its TTL and another run may hold it now
                logger.warning("periodic job %s ran longer than its lock's %s s", name, PERIODIC[name])


def _run(name, work):
    with periodic_lock(name) as acquired:
        if not acquired:
            logger.info("periodic job %s skipped: another run holds its lock", name)
            return {"skipped": True}
        return work()


def petitions_tick():
    """Close, remind, escalate and purge (``petitions.workflow.tick``); the webhook retries are a job of
    their own, so a slow receiver does not hold the tick up. Safe twice: every step selects what is
    still to do."""

    def work():
        result = tick(deliver=False)
        return {"closed": result.closed, "reminded": result.reminded, "escalated": result.escalated}

    return _run("petitions_tick", work)


def webhook_retries():
    """Send the webhook deliveries whose retry is due, and a district's calls to its city. Safe twice: each
    delivery and call is leased before it is sent (``petitions.exchange.webhooks.attempt``,
    ``petitions.exchange.city.outbox.attempt``)."""
    return _run("webhook_retries", lambda: {"delivered": deliver_registered()})


def flush_view_counts():
    """Move the view counts waiting in the cache into the database. Not safe twice at the same moment
    (two runs reading the same pending count would both add it): the lock is what keeps it once."""

    def work():
        moved = 0
        for model in (NewsArticlePage, ChannelPostPage):
            moved += counters.flush(model.objects.values_list("pk", flat=True).iterator())
        return {"moved": moved}

    return _run("flush_view_counts", work)


def weekly_petition_report():
    """Freeze last week's ranking report if it is not there yet. Safe twice: an existing report is kept."""

    def work():
        report, created = make_weekly_report()
        return {"week_start": report.week_start.isoformat(), "created": created}

    return _run("weekly_petition_report", work)
