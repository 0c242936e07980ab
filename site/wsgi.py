"""WSGI entry point for gunicorn (``gunicorn rongmei.wsgi``) and ``manage.py runserver``.

A server process starts loading the Chinese word lists in a background thread (``warm_up``): with the
immediate task backend (``make run``) the keywords of a new post are extracted inside its request, and the
first post of a process would otherwise wait several seconds for jieba.
"""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings.production")

application = get_wsgi_application()


def warm_up():
    from petitions.supervision.hot_topics import warm_up as load_word_lists

    load_word_lists()


threading.Thread(target=warm_up, name="rongmei-warm-up", daemon=True).start()
