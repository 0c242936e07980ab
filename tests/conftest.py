"""Fixtures shared by every app's tests: the site's home page, staff accounts, a resident client."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from home.models import HomePage


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments live in the cache; each test starts without them."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """Rate limits count in fixed windows of the clock. A test that makes its attempts across the end of a
    window (a slow machine) would see the count start again, so each test's clock stays in one window."""
    import time
    from types import SimpleNamespace

    import rongmei.ratelimit

    now = time.time()
    monkeypatch.setattr(rongmei.ratelimit, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _default_language():
    """A request or a test that switches language must not leave the next test in it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db):
    """The zh-hans home page that the migrations create as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


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


__all__ = ["HomePage"]
