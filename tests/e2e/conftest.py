"""Browser tests: headless Chromium (Debian's package) driven by Playwright against the running demo site.

A session fixture builds the demo site (at a small size: the pages these tests open do not grow with it)
in a database of its own and serves it with the development server on a free port; each test opens pages
in a fresh browser context. The database is a temporary SQLite file, or, when ``DATABASE_URL`` names a
PostgreSQL server, a database ``<name>_e2e_<worker>`` created on that server and dropped afterwards, apart
from the test database pytest makes there; either starts as a copy of that migrated test database (the helpers
that copy it and serve it are ``tests.servers``, shared with the city-and-district test). Screenshots are written to
``tests/e2e/screenshots/`` (git-ignored). Without Chromium every test here is skipped with that reason.
"""

import email
import email.policy
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.servers import MANAGE, ROOT, demo_database, free_port, running_server, site_environment

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Every page these tests open is in the demo at any size; the petitions and news only make it slower.
DEMO_SIZE = ["--articles", "0", "--petitions", "20"]
# Chromium's own network traffic has nowhere to go on a closed machine; these keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed (apt-get install chromium): browser tests skipped"
    )
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def e2e_workdir():
    workdir = Path(tempfile.mkdtemp(prefix="rongmei-e2e-"))
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url(e2e_workdir, django_db_setup, django_db_blocker):
    """The demo site, built in a database of its own and served on a free local port.

    ``E2E_SITE_URL`` names a demo site already running instead (with ``E2E_MAILBOX``, the folder its
    file-based mail backend writes to), for trying one test again and again without seeding each time."""
    if os.environ.get("E2E_SITE_URL"):
        yield os.environ["E2E_SITE_URL"].rstrip("/")
        return
    with demo_database(e2e_workdir, django_db_blocker) as database_url:
        yield from serve_demo_site(e2e_workdir, database_url)


@pytest.fixture
def mailbox(site_url, e2e_workdir):
    """The mail the site has sent, as a person would read it: ``mailbox()`` lists the messages
    (``email.message.EmailMessage``), oldest first."""
    folder = Path(os.environ.get("E2E_MAILBOX") or e2e_workdir / "mail")

    def messages():
        found = []
        for path in sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime):
            # the file-based backend writes each message followed by a line of 79 dashes
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.lstrip(), policy=email.policy.default))
        return found

    return messages


@pytest.fixture
def sms_outbox(site_url, e2e_workdir):
    """The text messages the site has sent: ``sms_outbox()`` lists them as dicts (phone, text, sent_at),
    oldest first."""
    path = e2e_workdir / "sms.jsonl"

    def messages():
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    return messages


def serve_demo_site(workdir, database_url):
    port = free_port()
    env = site_environment(
        workdir,
        database_url,
        port,
        # mail is written to files the tests read, as a person reads their mail
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(workdir / "mail"),
        # and text messages to a file, one JSON object a line
        PETITION_SMS_BACKEND="petitions.workflow.notifications.FileSMSBackend",
        PETITION_SMS_FILE_PATH=str(workdir / "sms.jsonl"),
    )
    subprocess.run([*MANAGE, "migrate", "--no-input", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*MANAGE, "seed_demo", "-v0", *DEMO_SIZE], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    try:
        with running_server(env, port) as url:
            yield url
    except RuntimeError:
        pytest.fail("the demo site did not start within 60 seconds")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session. Playwright's sync API keeps an asyncio loop running in this thread
    until the session ends, and Django's async-safety check would then refuse every later database call
    of this worker's other tests, though no coroutine ever touches the database: the check is switched
    off for the browser's lifetime (Django's documented setting for this case) and back on after it."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, locale="zh-CN"
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
