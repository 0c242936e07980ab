"""Real instances of the site for the tests that need them: a free port, a database of its own copied from
the migrated test database, and the development server on 127.0.0.1. Used by the browser tests
(``tests/e2e/conftest.py``) and by the city-and-district test (``tests/petitions/test_city_district.py``).
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def demo_database(workdir, django_db_blocker, name="e2e"):
    """The ``DATABASE_URL`` a served site uses: SQLite in ``workdir``, or a PostgreSQL database of its own
    (``<name of DATABASE_URL's>_<name>_<worker>``), each a copy of the migrated test database (so the site's
    ``migrate`` finds nothing left to do)."""
    from django.db import connection, connections

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        import sqlite3

        path = workdir / f"{name}.sqlite3"
        target = sqlite3.connect(path)
        try:
            with django_db_blocker.unblock():
                connection.ensure_connection()
                # session set-up, between tests: no transaction is open, which SQLite's backup needs
                connection.connection.backup(target)
        finally:
            target.close()
        yield f"sqlite:///{path}"
        return
    import psycopg2
    from psycopg2 import sql

    with django_db_blocker.unblock():
        template = connection.settings_dict["NAME"]
        connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the template without connections
    server = urllib.parse.urlsplit(url)
    database = (
        f"{server.path.lstrip('/') or 'rongmei'}_{name}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    )
    maintenance = psycopg2.connect(server._replace(path="/postgres").geturl())
    maintenance.autocommit = True
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(drop)
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(database), sql.Identifier(template)
                )
            )
        yield server._replace(path=f"/{database}").geturl()
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(drop)
        maintenance.close()


def site_environment(workdir, database_url, port, **extra):
    """The environment of an instance serving ``database_url`` on ``port`` (development settings)."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="rongmei.settings.dev",
        DATABASE_URL=database_url,
        RONGMEI_VAR_DIR=str(workdir),
        PAGE_CACHE_SECONDS="0",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        **extra,
    )


@contextlib.contextmanager
def running_server(env, port, timeout=60):
    """``manage.py runserver`` on 127.0.0.1:``port`` with ``env``, once ``/healthz/`` answers; stopped after."""
    server = subprocess.Popen(
        [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the site did not start on port {port}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
