"""A developer's machine: debug on, console email, a throwaway secret key."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
RONGMEI_DEMO_PASSWORDS = True
RONGMEI_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))  # noqa: F405
# The development server answers each request in a thread of its own, so a connection kept for the next
# request is never reused and stays open until the thread is collected: a page polling its status (the
# flash sale's) holds PostgreSQL's connections until none are left. Django's advice: none kept here.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
