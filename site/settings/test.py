"""The test suite: the real database (SQLite or DATABASE_URL's PostgreSQL), quick hashing, local email."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-with-enough-length-and-variety-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Safe under pytest-xdist: each worker is a process with its own locmem caches and its own mkdtemp folders
# (and pytest-django gives each worker its own test database).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="rongmei-test-media-"))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests-pages",
    },
}
# Off unless a test turns it on: tests change content without publishing it.
RONGMEI_PAGE_CACHE_SECONDS = 0
RONGMEI_FRAGMENT_CACHE_SECONDS = 0
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
RONGMEI_DEMO_PASSWORDS = True
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="rongmei-test-static-"))  # noqa: F405
