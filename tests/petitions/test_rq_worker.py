"""Background work on RQ (``TASKS_BACKEND=rq``): real ``manage.py rqworker`` processes on this machine's
Redis (DB 10 for the queues, DB 11 for the tests' own marks), started by a module-scoped fixture.

- A dispatched petition's e-mail (file-based backend) and webhook (a receiver on 127.0.0.1) are sent by
  the worker, not by the dispatch: right after it nothing was sent and the jobs sit in the queue.
  PostgreSQL only: the worker process must read the rows the test wrote, and SQLite's test database
  lives in the memory of the pytest process.
- A job whose worker is SIGKILLed while it runs is found abandoned and retried by a second worker.
- Two runs of a periodic job at once do its work once (the job's Redis lock).
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import django_rq
import pytest
import redis
from django.db import connection
from django.test import override_settings
from django_tasks import task
from rq.job import Job

from petitions import workflow
from petitions.factories import PetitionFactory
from petitions.models import Webhook as WebhookModel
from petitions.models import WebhookDelivery, WeeklyReport
from rongmei import background

#: The Redis databases of this module's queues and marks, a pair for each xdist worker: its tests may run on
#: two workers at once, and each worker's fixture flushes its databases (CI saw one worker's flush take the
#: other's queued jobs, and one worker's RQ processes run the other's jobs against its own test database).
REDIS_PAIRS = [(10, 11), (14, 15), (8, 9), (6, 7)]
_XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
QUEUES_DB, MARKS_DB = REDIS_PAIRS[_XDIST_WORKER % len(REDIS_PAIRS)]
QUEUES_URL = f"redis://127.0.0.1:6379/{QUEUES_DB}"
MARKS_URL = f"redis://127.0.0.1:6379/{MARKS_DB}"
KILL_QUEUE = "rongmei_test_kill"
ROOT = Path(__file__).resolve().parents[2]
WAIT = 30  # seconds, for anything a worker does (starting up included, on a busy machine)


def _redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture(autouse=True)
def _one_rate_limit_window():
    """The suite's clock moves each test to the next minute (tests/conftest.py); here the worker processes
    keep the real clock, and a webhook delivery stamped a minute ahead would not be due for them."""
    yield


def wait_for(condition, what, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@task()  # put on KILL_QUEUE when enqueued: the immediate backend knows no such queue
def count_and_linger(mark):
    """Counts its runs in Redis; the first run lingers long enough to be killed."""
    runs = redis.Redis.from_url(MARKS_URL).incr(mark)
    if runs == 1:
        time.sleep(60)
    return runs


class Workers:
    """``manage.py rqworker`` processes, each in its own process group (the worker and its forked horse)."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.mail_dir = tmp / "mail"
        self.mail_dir.mkdir()
        self.processes = []

    def environment(self):
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            database_url = (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            )
        else:  # the tests that run on SQLite too need no table: an empty file database will do
            database_url = f"sqlite:///{self.tmp / 'worker.sqlite3'}"
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="rongmei.settings.dev",
            DATABASE_URL=database_url,
            TASKS_BACKEND="rq",
            RQ_REDIS_URL=QUEUES_URL,
            RQ_QUEUES=f"default,{KILL_QUEUE}",
            RQ_RETRIES="2",
            RQ_RETRY_INTERVALS="0",
            RQ_MONITORING_INTERVAL="1",
            RQ_HEARTBEAT_GRACE="2",
            RQ_MAINTENANCE_INTERVAL="1",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.mail_dir),
            RONGMEI_VAR_DIR=str(self.tmp / "var"),
            MEDIA_ROOT=str(self.tmp / "media"),
            LOG_LEVEL="WARNING",
        )
        return environment

    def start(self, *queues):
        name = f"rongmei-test-{uuid.uuid4().hex[:8]}"
        log = open(self.tmp / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115 - kept for the process
        process = subprocess.Popen(
            # a short --worker-ttl makes the idle worker look up from Redis (and do maintenance) every second
            [sys.executable, "manage.py", "rqworker", "--worker-ttl", "16", "--name", name, *queues],
            cwd=ROOT,
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        process.worker_name = name
        self.processes.append(process)
        return process

    @staticmethod
    def horses(pid):
        """The processes a worker forked for its jobs: each sits in a process group of its own."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.parent.name))
        return found

    def kill(self, process):
        """SIGKILL, as a machine that dies would stop them: the worker, its horse and their groups."""
        for pid in [*self.horses(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        running = [process for process in self.processes if process.poll() is None]
        for process in running:  # all asked at once, then each waited for
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill(process)
        for process in self.processes:  # a horse outliving its worker (none should)
            for pid in self.horses(process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)

    def logs(self):
        return "\n".join(
            path.read_text(errors="replace")[-3000:] for path in sorted(self.tmp.glob("worker-*.log"))
        )


def on_rq():
    """The test process enqueues as a web process with TASKS_BACKEND=rq does (inside this block only, so the
    rows the tests set up are indexed at once, not by the worker)."""
    queues = {name: {"URL": QUEUES_URL, "DEFAULT_TIMEOUT": 60} for name in ("default", KILL_QUEUE)}
    return override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", KILL_QUEUE]}},
        RQ_QUEUES=queues,
        RQ_RETRIES=2,
        RQ_RETRY_INTERVALS=[0],
    )


@pytest.fixture(scope="module")
def workers(tmp_path_factory, django_db_setup):
    for url in (QUEUES_URL, MARKS_URL):
        redis.Redis.from_url(url).flushdb()
    workers = Workers(tmp_path_factory.mktemp("rq"))
    try:
        yield workers
    finally:
        workers.stop_all()
        for url in (QUEUES_URL, MARKS_URL):
            redis.Redis.from_url(url).flushdb()


@pytest.fixture
def rq_settings():
    with on_rq():
        yield


def queued_functions(name="default"):
    queue = django_rq.get_queue(name)
    return [job.func_name for job in queue.get_jobs()]


def mails(workers):
    return sorted(workers.mail_dir.glob("*.log"))


@pytest.mark.postgresql_only(
    "the worker process must see the test's rows; SQLite's test database is in memory"
)
# committed rows, and afterwards the rows the migrations made put back, as every transactional test here does
# (a plain flush would leave the next serialized test's content types clashing with the ones flush recreates)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dispatch_s_mail_and_webhook_are_sent_by_the_worker_not_by_the_dispatch(
    workers, receiver, moderator, department, department_staff, topic
):
    department_staff.email = "chengguan@example.cn"
    department_staff.save()
    webhook = WebhookModel.objects.create(department=department, name="区社会治理平台", url=receiver.url)
    webhook.issue_credentials()
    webhook.save(update_fields=["secret"])
    receiver.secret = webhook.secret
    petition = PetitionFactory(topic=topic, state="accepted", title="井盖缺失请修理")

    with on_rq():
        workflow.perform(petition, "dispatch", moderator, department=department)  # commits: tasks enqueued
        waiting = queued_functions()

    assert mails(workers) == [] and receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 0
    assert "petitions.workflow.notifications.dispatched" in waiting
    assert "petitions.exchange.webhooks.deliver" in waiting

    workers.start("default")
    try:
        wait_for(lambda: mails(workers) and receiver.received, "the worker to send the mail and the event")
        with on_rq():
            wait_for(lambda: not queued_functions(), "the queue to empty")
    except AssertionError as error:
        attempt = WebhookDelivery.objects.values("status", "attempts", "last_error", "last_status_code").get()
        seen = f"mail: {mails(workers)}, events: {len(receiver.received)}, delivery: {attempt}"
        raise AssertionError(f"{error}; {seen}\n{workers.logs()}") from None
    message = mails(workers)[0].read_text()
    assert "To: chengguan@example.cn" in message and "=?utf-8?" in message  # the subject, encoded
    event = receiver.received[0]
    assert event["headers"]["X-Rongmei-Event"] == "petition.dispatched" and event["verified"]
    assert petition.number in json.dumps(event["event"], ensure_ascii=False)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 1


def test_a_job_whose_worker_is_killed_is_retried_by_another_worker(workers, rq_settings):
    mark = f"runs-{uuid.uuid4().hex}"
    marks = redis.Redis.from_url(MARKS_URL)
    started = [workers.start(KILL_QUEUE), workers.start(KILL_QUEUE)]  # they start up side by side
    result = count_and_linger.using(queue_name=KILL_QUEUE).enqueue(mark)
    job = Job.fetch(result.id, connection=django_rq.get_connection(KILL_QUEUE))
    wait_for(lambda: marks.get(mark) == b"1", "a worker to start the job")
    job.refresh()
    (running,) = [process for process in started if process.worker_name == job.worker_name]

    horses = workers.horses(running.pid)
    assert len(horses) == 1  # the job runs in a forked process
    workers.kill(running)  # the worker and its horse, mid-job
    wait_for(lambda: not Path(f"/proc/{horses[0]}").exists(), "the horse to be gone")
    # still marked as running, or already put back on the queue by the other worker's maintenance (CI's
    # PostgreSQL run saw the latter); never failed, never done
    status = job.get_status(refresh=True)
    assert status in ("started", "queued"), status
    if status == "started":
        assert job.retries_left == 2

    try:
        wait_for(lambda: job.get_status(refresh=True) == "finished", "the second worker to finish the job")
    except AssertionError:
        raise AssertionError(workers.logs()) from None
    assert marks.get(mark) == b"2"  # run once by each worker, done by the second
    job.refresh()
    assert job.return_value() == 2 and job.retries_left == 1
    assert job.latest_result().worker_name not in {"", running.worker_name}


@pytest.mark.django_db
def test_two_runs_of_a_periodic_job_at_once_do_its_work_once(workers, rq_settings):
    ran, entered, release = [], threading.Event(), threading.Event()

    def work():
        ran.append(threading.get_ident())
        entered.set()
        release.wait(WAIT)
        return {"done": True}

    first = threading.Thread(target=background._run, args=("petitions_tick", work))
    first.start()
    try:
        assert entered.wait(WAIT)
        ttl = background.connection().pttl(background.LOCK_KEY.format("petitions_tick"))
        assert 0 < ttl <= background.PERIODIC["petitions_tick"] * 1000  # a dead worker's lock expires
        assert background._run("petitions_tick", work) == {"skipped": True}
    finally:
        release.set()
        first.join(WAIT)
    assert len(ran) == 1
    assert background._run("petitions_tick", work) == {"done": True}  # freed once the run is over

    # the real job: while another run holds the lock, the weekly report is not made; afterwards it is, once
    with background.periodic_lock("weekly_petition_report") as held:
        assert held
        assert background.weekly_petition_report() == {"skipped": True}
        assert not WeeklyReport.objects.exists()
    assert background.weekly_petition_report()["created"] is True
    assert background.weekly_petition_report()["created"] is False
    assert WeeklyReport.objects.count() == 1
