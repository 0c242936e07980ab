# Over 450 lines: one streaming pair (initdb, pg_basebackup, one copy of the test database) serves every routing scenario, so they stay in one file.
"""The read replica (``DATABASE_REPLICA_URL``, ``rongmei.dbrouter``) against a real streaming standby.

How this module gets its databases, and why not pytest-django's test database: a standby is a copy of a
whole PostgreSQL cluster, so the module builds a cluster pair of its own instead of touching the machine's
(which others share and whose configuration stays as it is). A module-scoped fixture, as the ``postgres``
OS user (PostgreSQL refuses to run as root) in a temporary folder:

1. ``initdb`` a primary on a free port (trust authentication, replication allowed from 127.0.0.1; the
   default ``wal_level=replica``), starts it and creates the site's database there;
2. points Django's ``default`` alias at it and the ``replica`` alias (``TEST: {"MIRROR": "default"}``, as
   the settings configure it) at the standby, with the router and the middleware on, and fills the
   primary with a copy of pytest-django's migrated test database (``pg_dump`` and ``pg_restore``: the
   migrations' schema and rows, without running them all again), or, when the run made none (this
   module alone), runs the migrations there (``manage.py migrate`` in a process of its own);
3. ``pg_basebackup -R`` copies the migrated primary into a standby on another free port, starts it and
   waits until ``pg_stat_replication`` shows it streaming.

The tests do not run in the test runner's database (only its copy does): it is flushed between
tests or used inside transactions, and neither suits a standby. Uncommitted rows never reach a standby,
so the tests run in autocommit as a live site does (like pytest-django's ``transactional_db``), and as
there is no flush each test makes rows of its own and looks only at them. Everything is thrown away with the
cluster pair, which is stopped and removed at the end however the tests went; the machine's connections,
settings and caches are given back to the other tests of the process. Skipped when the PostgreSQL 15
binaries are missing.

Routing is shown by counting each alias's queries (``CaptureQueriesContext``) while the site answers;
replication itself by rows committed on the primary appearing on the standby, and lag by pausing the
standby's replay (``pg_wal_replay_pause()``).
"""

import contextlib
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import pytest
import time_machine
from asgiref.local import Local
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from petitions.factories import TopicFactory
from petitions.models import Petition, PetitionBoardPage, PetitionSettings, Topic
from tests.helpers import petition_form_answers

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "pg_restore")
DB_NAME = "replica_site"
PIN_SECONDS = 10
WAIT = 20  # seconds, the bound on every wait for the clusters

# The pair is PostgreSQL whatever the suite runs on; run once, in the PostgreSQL run, not in both.
pytestmark = pytest.mark.postgresql_only(
    "a streaming replica is PostgreSQL's; the module builds its own pair"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ClusterPair:
    """A primary and its streaming standby in ``folder``, run by the ``postgres`` OS user."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.primary_port, self.standby_port = free_port(), free_port()
        while self.standby_port == self.primary_port:
            self.standby_port = free_port()
        self.started = []
        as_root = os.geteuid() == 0
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_root else []

    def run(self, *command, timeout=60):
        result = subprocess.run(
            [*self.prefix, *command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.folder,
        )
        if result.returncode:
            raise RuntimeError(f"{command[0]} failed ({result.returncode}): {result.stderr or result.stdout}")
        return result.stdout

    def data(self, name):
        return self.folder / name

    def configure(self, name, port):
        with open(self.data(name) / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.folder}'\n"
                # a throwaway cluster: no need to survive a crash of the machine
                "fsync = off\nfull_page_writes = off\nmax_wal_senders = 4\nwal_receiver_status_interval = 1s\n"
            )

    def start(self, name):
        self.run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data(name)),
            "-l",
            str(self.folder / f"{name}.log"),
            "-w",
            "-t",
            str(WAIT),
            "start",
            timeout=WAIT + 10,
        )
        self.started.append(name)

    def init_primary(self):
        self.run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data("primary")),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions",
        )
        self.configure("primary", self.primary_port)
        with open(self.data("primary") / "pg_hba.conf", "w") as hba:
            hba.write(
                "local all all trust\n"
                "host all all 127.0.0.1/32 trust\n"
                "local replication all trust\n"
                "host replication all 127.0.0.1/32 trust\n"
            )
        self.start("primary")

    def make_standby(self):
        self.run(
            str(PG_BIN / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary_port),
            "-U",
            "postgres",
            "-D",
            str(self.data("standby")),
            "-R",  # writes standby.signal and primary_conninfo: a streaming standby
            "-X",
            "stream",
            "--checkpoint=fast",
            "--no-sync",
        )
        self.configure("standby", self.standby_port)
        self.start("standby")

    def stop(self):
        for name in reversed(self.started):
            with contextlib.suppress(Exception):
                self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data(name)), "-m", "immediate", "-w", "stop")
        self.started = []

    def url(self, port, name=DB_NAME):
        return f"postgres://postgres@127.0.0.1:{port}/{name}"


def query(alias, sql, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def wait_until(condition, what, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return time.monotonic()
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.05)


def replica_caught_up():
    """The standby has replayed everything the primary has written so far."""
    (lsn,) = query("default", "SELECT pg_current_wal_lsn()::text")[0]
    wait_until(
        lambda: query("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])[0][0],
        "the standby replaying the primary's WAL",
    )


@contextlib.contextmanager
def django_databases(primary_url, standby_url):
    """Django's connections pointed at the pair for a while; the process's own connections put back after."""
    saved_settings, saved_connections = connections.settings, connections._connections
    replica = dj_database_url.parse(standby_url, conn_max_age=0, test_options={"MIRROR": "default"})
    connections.__dict__["settings"] = connections.configure_settings(
        {"default": dj_database_url.parse(primary_url, conn_max_age=0), "replica": replica}
    )
    connections._connections = Local(connections.thread_critical)
    ContentType.objects.clear_cache()  # its ids are those of this database now
    try:
        yield
    finally:
        connections.close_all()
        connections.__dict__["settings"], connections._connections = saved_settings, saved_connections
        ContentType.objects.clear_cache()


@contextlib.contextmanager
def postgresql_search_weights():
    """The PostgreSQL search backend's weights, which its app sets up only when the process starts on
    PostgreSQL."""
    from modelsearch.backends.database.postgres import weights

    filled = not weights.BOOSTS_WEIGHTS
    if filled:
        weights.set_weights()
    try:
        yield
    finally:
        if filled:
            weights.BOOSTS_WEIGHTS.clear()
            weights.WEIGHTS_VALUES.clear()


def router_settings():
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    if "rongmei.dbrouter.ReplicaMiddleware" not in middleware:
        middleware.insert(
            middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
            "rongmei.dbrouter.ReplicaMiddleware",
        )
    return override_settings(
        DATABASE_ROUTERS=["rongmei.dbrouter.PrimaryReplicaRouter"],
        MIDDLEWARE=middleware,
        DATABASE_REPLICA_PIN_SECONDS=PIN_SECONDS,
    )


def copy_database(source, url):
    """The database at ``source`` (schema and rows) into the empty database at ``url``, by ``pg_dump`` and
    ``pg_restore``."""
    dump = subprocess.run(
        [str(PG_BIN / "pg_dump"), "--format=custom", "--no-owner", "--dbname", source],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
        timeout=300,
    ).stdout
    subprocess.run(
        [str(PG_BIN / "pg_restore"), "--no-owner", "--exit-on-error", "--dbname", url],
        input=dump,
        capture_output=True,
        check=True,
        timeout=300,
    )


def migrate(url):
    """The migrations in a process of their own: some pick their SQL by the database vendor when they are
    imported, and this process may have imported them for its own (SQLite) database already."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "rongmei.settings.test"},
        stdin=subprocess.DEVNULL,
        check=True,
        timeout=300,
    )


def url_of(settings):
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return (
        f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker):
    missing = [name for name in PROGRAMS if not (PG_BIN / name).is_file()]
    if missing:
        pytest.skip(
            f"the PostgreSQL 15 programs {', '.join(missing)} are not in {PG_BIN} (Debian: postgresql-15)"
        )
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("no `postgres` OS user to run PostgreSQL as (it refuses to run as root)")
    folder = tempfile.mkdtemp(prefix="rongmei-replica-")
    if os.geteuid() == 0:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    clusters = ClusterPair(folder)
    # pytest-django's migrated test database, when this run made one for its other tests: its copy on the
    # primary is what ``migrate`` would make there, without running every migration again
    test_database = connections["default"].settings_dict
    migrated = url_of(test_database) if test_database["NAME"].startswith("test_") else None
    try:
        clusters.init_primary()
        clusters.run(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(clusters.primary_port),
            "-U",
            "postgres",
            DB_NAME,
        )
        with (
            postgresql_search_weights(),
            django_db_blocker.unblock(),
            django_databases(clusters.url(clusters.primary_port), clusters.url(clusters.standby_port)),
            router_settings(),
        ):
            if migrated:
                copy_database(migrated, clusters.url(clusters.primary_port))
            else:
                migrate(clusters.url(clusters.primary_port))
            clusters.make_standby()
            wait_until(
                lambda: query("default", "SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'"),
                "the standby streaming from the primary",
            )
            yield clusters
    finally:
        clusters.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def site(pair):
    """A petition board that publishes clean petitions at once, made on the primary and replicated."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    board = PetitionBoardPage(title="民声", slug="minsheng")
    home.add_child(instance=board)
    board.save_revision().publish()
    PetitionSettings.objects.create(site=Site.objects.get(is_default_site=True), auto_accept_clean=True)
    topic = TopicFactory(name="城建", slug="urban")
    # The first visit makes the site's settings rows (Wagtail's get_or_create): a write, so made here.
    replica_caught_up()
    assert Client().get(board.url).status_code == 200
    replica_caught_up()
    return {"board": board, "topic": topic}


@pytest.fixture
def queries():
    """The queries each alias runs inside ``with queries() as (primary, replica):``."""

    @contextlib.contextmanager
    def capture():
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            yield primary, replica

    return capture


def board_url(site, sub=""):
    return site["board"].url + sub


def petition_form(client, site, title):
    """The petition form as a resident fills it in (the form fetched first, for its captcha and token)."""
    form = client.get(board_url(site, "new/")).content.decode()
    return {
        "kind": "complaint",
        "topic": site["topic"].pk,
        "title": title,
        "content": f"{title}：幸福路12号小区门口的路灯坏了一个星期，晚上老人出门很不方便，请尽快修理。",
        "address": "幸福路12号",
        "contact_name": "李先生",
        "contact_phone": "13912345678",
        "is_anonymous": "on",
        "is_public": "on",
    } | petition_form_answers(form)


def tables(captured):
    return {table for q in captured.captured_queries for table in re.findall(r'FROM "(\w+)"', q["sql"])}


def only_settings_lookups(captured):
    """Whether the queries are only Wagtail's look-ups of a site's settings rows: ``get_or_create`` looks on
    the database it would write to, the primary (one small query a page), and writes nothing there."""
    return all(
        q["sql"].startswith("SELECT") and tables_of(q) and all(t.endswith("settings") for t in tables_of(q))
        for q in captured.captured_queries
    )


def tables_of(query):
    return set(re.findall(r'FROM "(\w+)"', query["sql"]))


def test_a_row_committed_on_the_primary_is_replayed_on_the_standby(site):
    assert query("replica", "SELECT pg_is_in_recovery()")[0][0] is True
    assert query("default", "SELECT pg_is_in_recovery()")[0][0] is False
    topic = TopicFactory(name="环保", slug="env-replicated")
    wait_until(
        lambda: Topic.objects.using("replica").filter(pk=topic.pk).exists(),
        "the new topic on the standby",
    )
    with pytest.raises(Exception, match="read-only transaction"):
        query("replica", "CREATE TABLE nothing_here (id int)")


def test_an_anonymous_visitor_reads_public_pages_from_the_replica(site, queries):
    client = Client()
    with queries() as (primary, replica):
        response = client.get(board_url(site))
    assert response.status_code == 200
    assert len(replica) > 0
    assert only_settings_lookups(primary), primary.captured_queries
    assert "petitions_petition" in tables(replica) and "wagtailcore_page" in tables(replica)
    assert "rm_primary" not in response.cookies


def test_after_posting_the_same_visitor_reads_from_the_primary_for_a_while(site, queries):
    resident = Client()
    data = petition_form(resident, site, "路灯不亮请修理")
    with queries() as (primary, replica):
        response = resident.post(board_url(site, "new/"), data)
    assert response.status_code == 302 and response.url.endswith("/new/done/")
    assert len(replica) == 0 and "petitions_petition" in tables(primary)
    assert "rm_primary" in response.cookies

    for url in (response.url, board_url(site)):
        with queries() as (primary, replica):
            page = resident.get(url)
        assert page.status_code == 200
        assert len(replica) == 0, f"{url} read from the replica"
        assert "petitions_petition" in tables(primary) or url == response.url
    assert "路灯不亮请修理" in page.content.decode()

    # Another visitor meanwhile reads the replica.
    with queries() as (primary, replica):
        assert Client().get(board_url(site)).status_code == 200
    assert len(replica) > 0 and only_settings_lookups(primary)

    # Once the pin has expired the resident reads the replica again; their session (the tracked petitions)
    # is still read on the primary.
    replica_caught_up()
    with time_machine.travel(time.time() + PIN_SECONDS + 1, tick=True), queries() as (primary, replica):
        page = resident.get(board_url(site))
    assert "petitions_petition" in tables(replica)
    assert all(q["sql"].startswith("SELECT") for q in primary.captured_queries)
    assert {t for t in tables(primary) if not t.endswith("settings")} == {"django_session"}
    assert "路灯不亮请修理" in page.content.decode()


def test_staff_and_the_admin_read_from_the_primary(site, queries):
    staff = get_user_model().objects.create_superuser("replica-root", "root@example.com", "pw-root-2026")
    replica_caught_up()
    # The admin's sign-in page, before anyone is signed in, reads nothing from the replica either.
    with queries() as (primary, replica):
        assert Client().get("/admin/login/").status_code == 200
    assert len(replica) == 0

    # A machine with an API key reads what it has just written, whatever its cookies.
    for credentials in (
        {"HTTP_X_API_KEY": "k"},
        {"HTTP_AUTHORIZATION": "Api-Key k"},
        {"QUERY_STRING": "api_key=k"},
    ):
        with queries() as (primary, replica):
            assert Client().get(board_url(site), **credentials).status_code == 200
        assert len(replica) == 0 and "petitions_petition" in tables(primary), credentials

    editor = Client()
    editor.force_login(staff)
    for url in ("/admin/", "/admin/pages/", board_url(site)):
        with queries() as (primary, replica):
            response = editor.get(url)
        assert response.status_code == 200, url
        assert len(replica) == 0 and len(primary) > 0, url


def test_with_replay_paused_the_poster_still_sees_their_petition_and_the_replica_catches_up(site, queries):
    title = "暂停回放时提交的诉求"
    query("replica", "SELECT pg_wal_replay_pause()")
    try:
        wait_until(
            lambda: query("replica", "SELECT pg_get_wal_replay_pause_state()")[0][0] == "paused",
            "the standby's replay paused",
        )
        resident = Client()
        response = resident.post(board_url(site, "new/"), petition_form(resident, site, title))
        assert response.status_code == 302
        petition = Petition.objects.get(title=title)
        assert petition.status == "accepted"
        # committed on the primary, not on the lagging replica
        assert not Petition.objects.using("replica").filter(pk=petition.pk).exists()

        # The resident sees it on the board and on its own page, read from the primary.
        assert petition.number in resident.get(response.url).content.decode()
        with queries() as (primary, replica):
            board = resident.get(board_url(site)).content.decode()
            detail = resident.get(board_url(site, f"{petition.number}/"))
            own = resident.get(board_url(site, f"track/petition/?p={petition.pk}"))
        assert len(replica) == 0 and "petitions_petition" in tables(primary)
        assert title in board
        assert detail.status_code == 200 and title in detail.content.decode()
        assert own.status_code == 200 and title in own.content.decode()
        # Someone else reads the replica, where it is not yet.
        with queries() as (primary, replica):
            other = Client().get(board_url(site)).content.decode()
            missing = Client().get(board_url(site, f"{petition.number}/"))
        assert len(replica) > 0 and only_settings_lookups(primary)
        assert title not in other and missing.status_code == 404
    finally:
        query("replica", "SELECT pg_wal_replay_resume()")

    started = time.monotonic()
    appeared = wait_until(
        lambda: Petition.objects.using("replica").filter(pk=petition.pk).exists(),
        "the petition on the replica",
    )
    assert appeared - started < 5
    with queries() as (primary, replica):
        assert title in Client().get(board_url(site)).content.decode()
    assert len(replica) > 0 and only_settings_lookups(primary)


def settings_in_a_process(**environ):
    """The database settings a process starting with ``environ`` gets."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'aliases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS, "
        "'middleware': s.MIDDLEWARE, 'replica': s.DATABASES.get('replica')}, default=str))"
    )
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_REPLICA_URL"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "rongmei.settings.test", **environ},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_the_replica_alias_router_and_middleware_come_only_with_database_replica_url():
    plain = settings_in_a_process()
    assert plain["aliases"] == ["default"] and plain["routers"] == []
    assert "rongmei.dbrouter.ReplicaMiddleware" not in plain["middleware"]

    url = "postgres://reader:secret@10.0.0.12:5433/rongmei"
    configured = settings_in_a_process(DATABASE_REPLICA_URL=url)
    assert configured["aliases"] == ["default", "replica"]
    assert configured["routers"] == ["rongmei.dbrouter.PrimaryReplicaRouter"]
    replica = configured["replica"]
    assert (replica["HOST"], replica["PORT"], replica["NAME"], replica["USER"]) == (
        "10.0.0.12",
        5433,
        "rongmei",
        "reader",
    )
    assert replica["TEST"]["MIRROR"] == "default"  # the test runner makes no database of its own on it
    middleware = configured["middleware"]
    session = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert middleware[session + 1] == "rongmei.dbrouter.ReplicaMiddleware"
