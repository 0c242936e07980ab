"""WSGI entry point for gunicorn: ``gunicorn rongmei.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings.production")

application = get_wsgi_application()
