"""Fixtures shared by every app's tests: the site's home page, staff accounts, a resident client."""

import time

import pytest
import time_machine
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

import rongmei.screening
from home.models import HomePage
from merchants.factories import DirectoryCategoryPageFactory, DirectoryIndexPageFactory
from petitions.models import PetitionBoardPage
from tests.helpers import solve_captcha


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments live in the cache; each test starts without them."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


#: Every rate limit's period is a whole number of minutes: 60 s (Open311), 600 s, 3600 s and 86400 s.
RATE_LIMIT_STEP = 60


@pytest.fixture(autouse=True)
def _one_rate_limit_window():
    """Rate limits count in fixed windows of the clock, aligned on the epoch. A test that makes its attempts
    across the end of a window (a slow machine) would see the count start again, so each test's clock
    starts at the beginning of the next minute, and so of a window of every period, and runs from there:
    a test has a whole minute before any window ends. (Forward, so rows seeded before the test are never
    in its future; ticking, so the timestamps a test makes still follow one another.)"""
    start = (int(time.time()) // RATE_LIMIT_STEP + 1) * RATE_LIMIT_STEP
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """A request or a test that switches language must not leave the next test in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_screen():
    """rongmei.screening keeps its word automaton per process under a cache version; the test cache is
    cleared between tests, so a version can repeat. Each test starts with no automaton."""
    rongmei.screening._current = None
    yield
    rongmei.screening._current = None


@pytest.fixture
def home(db):
    """The zh-hans home page that the migrations create as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def board(home):
    """The petition board (民声) under the home page, published."""
    page = PetitionBoardPage(title="民声", slug="minsheng")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def directory(home):
    return DirectoryIndexPageFactory(parent=home)


@pytest.fixture
def food(directory):
    return DirectoryCategoryPageFactory(parent=directory, title="美食", slug="food")


@pytest.fixture
def api_data(client, topic):
    """A valid JSON body for ``POST /api/petitions/`` with a solved captcha; overrides replace fields."""

    def make(**overrides):
        challenge = client.get("/api/petitions/captcha/").json()
        data = {
            "kind": "help",
            "topic": topic.pk,
            "title": "小区供暖不热",
            "content": "幸福家园 3 号楼供暖一直不热，室内只有 15 度，老人孩子都冻感冒了，请供热公司来看看。",
            "contact_phone": "13812345678",
            "is_anonymous": True,
            "is_public": True,
            "captcha_token": challenge["token"],
            "captcha_answer": solve_captcha(challenge["question"]),
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-2026")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor1", "editor1@example.com", "pw-editor-2026")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


#: Tests that share a session-scoped site run on one xdist worker, so the site is built once per run;
#: so do the modules that start processes of their own (servers, a database pair) once. xdist sends a group
#: to a worker as one block, early: a group holds no transactional test, whose serialized_rollback leaves
#: the database flushed for the worker's next tests.
XDIST_GROUPS = {
    "tests/demo/": "demo",
    "tests/e2e/": "e2e",
    "tests/test_replica.py": "replica",
    "tests/deploy/": "deploy",
    "tests/petitions/test_media_on_s3.py": "s3",
    "tests/petitions/test_city_district.py": "city",
}


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Before every other plugin (xdist reads the groups): group the tests that share a seeded site.

    After them (pytest-django orders database tests, transactional ones last): start the longest parts
    first, so that no worker is left with one of them at the end — the full-size seed, the demo site,
    the browser tests — keeping pytest-django's order within each part; and on SQLite skip the tests
    marked postgresql_only, with their reason, before any of their fixtures is set up."""
    for item in items:
        for prefix, group in XDIST_GROUPS.items():
            if item.nodeid.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))
        database = item.get_closest_marker("django_db")
        if database and database.kwargs.get("transaction"):
            if not database.kwargs.get("serialized_rollback"):
                # a plain flush recreates the content types with new ids, and the next serialized test's
                # restore then clashes with them (and every later test lacks the migrations' rows)
                raise pytest.UsageError(
                    f"{item.nodeid}: a transactional test also needs serialized_rollback=True"
                )
            if item.get_closest_marker("xdist_group"):
                raise pytest.UsageError(f"{item.nodeid}: a transactional test cannot be in an xdist group")
    result = yield
    if getattr(config.option, "loadgroup", False):  # an xdist worker under --dist loadgroup
        ungrouped = [
            item.nodeid for item in items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
        ]
        if ungrouped:
            raise pytest.UsageError(
                f"pytest-xdist did not group {ungrouped[0]}: its tests would build their shared site on every "
                "worker. This pytest and pytest-xdist do not work together; see the pin in pyproject.toml."
            )

    def part(item):
        # transactional tests stay last, where pytest-django put them: each leaves the database flushed
        database = item.get_closest_marker("django_db")
        transactional = bool(database and database.kwargs.get("transaction"))
        if item.get_closest_marker("slow"):
            return transactional, 0
        for rank, prefix in enumerate(XDIST_GROUPS, start=1):
            if item.nodeid.startswith(prefix):
                return transactional, rank
        return transactional, len(XDIST_GROUPS) + 1

    items.sort(key=part)

    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        for item in items:
            marker = item.get_closest_marker("postgresql_only")
            if marker:
                item.add_marker(pytest.mark.skip(reason=marker.args[0] if marker.args else "PostgreSQL only"))
    return result


__all__ = ["HomePage"]
