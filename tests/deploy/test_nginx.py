"""nginx in front of two gunicorn instances of the site, as deploy/ configures them (README, "Scaling out").

One stack for the module: a PostgreSQL database of its own (a copy of the migrated test database, so no
second migration), Redis DB 12 as the shared cache, page cache, session cache and rate-limit store, one
MEDIA_ROOT and one STATIC_ROOT, instances A and B under production settings, and nginx run from
deploy/nginx.conf.template. The tests talk HTTP only, as a browser would: what one instance does, the other
and nginx must see.
"""

import email.utils
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from tests.deploy.forms import post_form

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
REDIS_URL = os.environ.get("DEPLOY_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "deploy-test-pw-2026"
#: The API's limit per client address in this stack: small, so the test reaches it.
API_LIMIT = 6


def _redis_answers():
    parts = urllib.parse.urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = [
    # the migrated test database is what this module's database is copied from (the tests themselves
    # talk HTTP only)
    pytest.mark.django_db,
    # one stack for the module: every test on the same xdist worker (XDIST_GROUPS in tests/conftest.py)
    pytest.mark.postgresql_only("the instances share one PostgreSQL database"),
    pytest.mark.skipif(
        not NGINX.exists(), reason="nginx is not installed (/usr/sbin/nginx; apt-get install nginx)"
    ),
    pytest.mark.skipif(not _redis_answers(), reason=f"no Redis at {REDIS_URL} (DEPLOY_TEST_REDIS_URL)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=60):
    """Wait until ``url`` answers (any status below 500), failing if ``process`` ends or time runs out."""
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} ended with {process.returncode} before {url} answered")
        try:
            if requests.get(url, timeout=2, allow_redirects=False).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {seconds} s")


def stop(*processes):
    """Ask every process to end, then wait for each (killing one that does not end in time)."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker):
    """``DATABASE_URL`` of a database of this module's own: a copy of the migrated test database."""
    import psycopg2
    from django.db import connection, connections
    from psycopg2 import sql

    with django_db_blocker.unblock():
        settings = connection.settings_dict
        template = settings["NAME"]
        connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the template without connections
    name = f"deploy_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    params = {
        key: settings[key.upper()] for key in ("user", "password", "host", "port") if settings[key.upper()]
    }
    maintenance = psycopg2.connect(dbname="postgres", **params)
    maintenance.autocommit = True
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(drop)
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        yield f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    finally:
        with maintenance.cursor() as cursor:
            cursor.execute(drop)
        maintenance.close()


#: What the stack's database needs before anyone signs in, through the site's own code: the set-up the
#: migrations run (again: a transactional test before this module may have emptied the test database) and
#: one administrator.
PREPARE = f"""
from django.contrib.auth import get_user_model
from rongmei.setup import set_up_site
set_up_site()
get_user_model().objects.create_superuser("deploy-admin", "deploy@example.com", "{PASSWORD}")
"""


@pytest.fixture(scope="module")
def stack(database):
    """nginx on a free port in front of instances A and B; yields their addresses and the shared folders."""
    import redis

    workdir = Path(tempfile.mkdtemp(prefix="rongmei-deploy-"))
    workdir.chmod(0o755)  # nginx's workers run as nobody and read static and media from here
    static_root, media_root, prefix = workdir / "static", workdir / "media", workdir / "nginx"
    for folder in (static_root, media_root, prefix):
        folder.mkdir(mode=0o755)
    store = redis.Redis.from_url(REDIS_URL)
    key_prefix = f"deploy-{uuid.uuid4().hex[:8]}"  # every key of this stack, in the cache and the page cache
    ports = {"a": free_port(), "b": free_port(), "nginx": free_port()}
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="rongmei.settings.production",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=key_prefix,
        PAGE_CACHE_SECONDS="120",
        RONGMEI_VAR_DIR=str(workdir),
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        TRUST_X_FORWARDED_FOR="true",
        TRUSTED_PROXIES="1",
        API_ANON_RATE=f"{API_LIMIT}/hour",
        # plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies without the Secure flag
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    env.pop("TASKS_BACKEND", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    processes = []
    try:
        # the database's set-up runs while collectstatic and then the instances start (whitenoise reads
        # the static files' manifest when an instance starts, so collectstatic comes first, as in a deploy)
        setup = [
            subprocess.Popen(
                [*manage, "shell", "-v0", "-c", PREPARE], env=env, cwd=ROOT, stdin=subprocess.DEVNULL
            ),
            subprocess.Popen(
                [*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, stdin=subprocess.DEVNULL
            ),
        ]
        processes.extend(setup)
        assert setup[1].wait(timeout=120) == 0, "collectstatic failed"
        for name in ("a", "b"):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "rongmei.wsgi", "--workers", "1", "--threads", "4"]
                    + ["--bind", f"127.0.0.1:{ports[name]}", "--graceful-timeout", "2"],
                    env=env,
                    cwd=ROOT,
                    stdin=subprocess.DEVNULL,
                )
            )
        for process in setup:
            assert process.wait(timeout=120) == 0, f"{process.args[2]} failed"
        sys.path.insert(0, str(ROOT / "deploy"))
        try:
            from render_nginx import render
        finally:
            sys.path.remove(str(ROOT / "deploy"))
        config = prefix / "nginx.conf"
        config.write_text(
            render(
                {
                    "NGINX_PID": prefix / "nginx.pid",
                    "NGINX_LOGS": prefix,
                    "NGINX_TEMP": prefix,
                    "LISTEN": f"127.0.0.1:{ports['nginx']}",
                    "SERVER_NAME": "127.0.0.1 localhost",
                    "UPSTREAMS": f"127.0.0.1:{ports['a']},127.0.0.1:{ports['b']}",
                    "STATIC_ROOT": static_root,
                    "MEDIA_ROOT": media_root,
                    "FORWARDED_PROTO": "$scheme",
                }
            )
        )
        command = [str(NGINX), "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
        check = subprocess.run(
            [*command, "-t"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
        assert check.returncode == 0, check.stderr
        processes.append(subprocess.Popen([*command, "-g", "daemon off;"], stdin=subprocess.DEVNULL))
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for process, name in zip(processes[2:], ("a", "b", "nginx"), strict=True):
            wait_for(f"{urls[name]}/healthz/", process)
        yield {
            **urls,
            "static_root": static_root,
            "media_root": media_root,
            "redis": store,
            "key_prefix": key_prefix,
        }
    finally:
        stop(*processes)
        keys = list(store.scan_iter(match=f"{key_prefix}*", count=1000))
        for start in range(0, len(keys), 500):
            store.delete(*keys[start : start + 500])
        store.close()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def staff(stack):
    """A requests session signed in to the admin through instance A."""
    import requests

    session = requests.Session()
    answer = post_form(
        session,
        f"{stack['a']}/admin/login/",
        "username",
        {"username": "deploy-admin", "password": PASSWORD},
    )
    assert answer.status_code == 302, answer.text[:500]
    yield session
    session.close()


def test_nginx_serves_collected_static_files_with_long_cache_headers(stack):
    import json

    import requests

    manifest = json.loads((stack["static_root"] / "staticfiles.json").read_text())["paths"]
    hashed = next(name for original, name in manifest.items() if original.endswith(".css"))
    answer = requests.get(f"{stack['nginx']}/static/{hashed}", timeout=10)
    assert answer.status_code == 200
    assert answer.content == (stack["static_root"] / hashed).read_bytes()
    assert "immutable" in answer.headers["Cache-Control"]
    assert "max-age=31536000" in answer.headers["Cache-Control"]
    # pages go to the instances
    assert requests.get(f"{stack['nginx']}/healthz/", timeout=10).status_code == 200


def test_a_session_made_on_one_instance_works_on_the_other(stack, staff):
    import requests

    for through in ("b", "nginx"):
        answer = staff.get(f"{stack[through]}/admin/", timeout=30, allow_redirects=False)
        assert answer.status_code == 200, (through, answer.status_code, answer.headers.get("Location"))
    # and without the session cookie the same address sends to the login page
    assert requests.get(f"{stack['b']}/admin/", timeout=30, allow_redirects=False).status_code == 302


def _cached_entries(stack):
    return list(stack["redis"].scan_iter(match=f"{stack['key_prefix']}-pages:*entry:*", count=1000))


def test_a_change_through_one_instance_is_visible_through_the_other_at_once(stack, staff):
    """The page cache is shared and purged by tag on commit (rongmei.cache): a page cached by B and by
    nginx's round trip is gone the moment A commits the change, long before PAGE_CACHE_SECONDS (120 s)."""
    import requests

    marker = f"部署测试版权 {uuid.uuid4().hex[:8]}"
    home = "/zh-hans/"
    for through in ("b", "nginx", "nginx"):
        answer = requests.get(stack[through] + home, timeout=30)
        assert answer.status_code == 200
        assert marker not in answer.text
    assert _cached_entries(stack), "the anonymous home page should be in the shared page cache"

    site_settings = f"{stack['a']}/admin/settings/home/sitesettings/"
    listing = staff.get(site_settings, timeout=30, allow_redirects=False)
    edit = listing.headers.get("Location") if listing.status_code == 302 else site_settings
    answer = post_form(staff, urllib.parse.urljoin(site_settings, edit), "copyright", {"copyright": marker})
    assert answer.status_code == 302, answer.text[:2000]
    saved = time.monotonic()

    for through in ("b", "nginx"):
        deadline = saved + 5  # the purge runs on commit: seconds at most on a loaded machine, never 120
        while marker not in requests.get(stack[through] + home, timeout=30).text:
            assert time.monotonic() < deadline, f"the change did not show through {through} within 5 s"
            time.sleep(0.2)


def _window_seconds_left(stack, period=3600):
    """Seconds left in the rate limit's current window, by the servers' clock (the HTTP Date header)."""
    import requests

    date = email.utils.parsedate_to_datetime(
        requests.get(f"{stack['nginx']}/healthz/", timeout=10).headers["Date"]
    )
    return period - date.timestamp() % period


def test_rate_limits_are_shared_and_x_forwarded_for_is_nginx_s_own(stack):
    """``API_ANON_RATE`` is 6 an hour per client address here. Alternating between A, B and nginx, and
    sending a different made-up X-Forwarded-For through nginx each time, the client is refused at the 7th."""
    import requests

    left = _window_seconds_left(stack)
    if left < 30:  # the count starts again at the end of the window: begin in a fresh one
        time.sleep(left + 1)
    url = "/api/topics/"
    order = ["a", "b", "nginx"] * API_LIMIT
    for attempt, through in enumerate(order[:API_LIMIT], start=1):
        headers = {"X-Forwarded-For": f"203.0.113.{attempt}"} if through == "nginx" else {}
        answer = requests.get(stack[through] + url, headers=headers, timeout=30)
        assert answer.status_code == 200, (attempt, through, answer.status_code)
    for through, spoofed in (
        ("nginx", "198.51.100.7"),
        ("a", None),
        ("b", None),
        ("nginx", "10.0.0.1, 192.0.2.9"),
    ):
        headers = {"X-Forwarded-For": spoofed} if spoofed else {}
        answer = requests.get(stack[through] + url, headers=headers, timeout=30)
        assert answer.status_code == 429, (through, spoofed, answer.status_code)


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_upload_is_stored_once_and_served_by_nginx(stack, staff):
    """An image uploaded through A's admin is one file in the shared MEDIA_ROOT; B reads it to make its
    thumbnail, and nginx serves both files."""
    import re

    import requests

    name = f"deploy-{uuid.uuid4().hex[:8]}"
    picture = _png()
    answer = post_form(
        staff,
        f"{stack['a']}/admin/images/add/",
        "title",
        {"title": name},
        files={"file": (f"{name}.png", picture, "image/png")},
    )
    assert answer.status_code == 302, answer.text[:2000]
    stored = list((stack["media_root"] / "original_images").glob(f"{name}*"))
    assert len(stored) == 1, stored
    assert stored[0].read_bytes() == picture
    relative = stored[0].relative_to(stack["media_root"]).as_posix()
    served = requests.get(f"{stack['nginx']}/media/{relative}", timeout=10)
    assert served.status_code == 200
    assert served.content == picture
    # a resident's photo in the same folder is not served by nginx: the site checks who asks for it
    private = stack["media_root"] / "original_images" / f"petition-{name}.png"
    private.write_bytes(picture)
    assert (
        requests.get(f"{stack['nginx']}/media/original_images/{private.name}", timeout=10).status_code == 404
    )
    private.unlink()

    listing = staff.get(f"{stack['b']}/admin/images/", timeout=30)
    assert listing.status_code == 200
    image_id = re.search(r"/admin/images/(\d+)/", listing.text).group(1)
    edit = staff.get(f"{stack['b']}/admin/images/{image_id}/", timeout=30)
    assert edit.status_code == 200
    thumbnails = re.findall(r'src="(/media/images/[^"]+)"', edit.text)
    assert thumbnails, "B's edit page should show a rendition made from A's upload"
    assert (
        requests.get(stack["nginx"] + thumbnails[0], timeout=10).headers["Content-Type"].startswith("image/")
    )
    originals = [path for path in stack["media_root"].rglob(f"{name}*") if "original_images" in path.parts]
    assert len(originals) == 1, originals
