"""The site's production settings, as the benchmark serves them.

All the load comes from one address (127.0.0.1), so the per-address limits that protect the site from
one abusive client would answer the benchmark with 429s: they are raised here. Background work runs as in
production, in a worker apart: Django Tasks' database backend, whose ``db_worker`` ``bench/run.py`` starts
beside gunicorn, so a posted petition answers once it is stored and its keywords, search entry and
notifications follow in the worker (or, with ``TASKS_BACKEND`` set, in that backend's worker, as
``bench/scale_out.py`` runs RQ's). The environment (``bench/run.py``) supplies what production reads
from it.
"""

import os

from rongmei.settings.production import *  # noqa: F403

_MANY = (10**9, 60)
PETITION_RATE_LIMITS = {
    "submit_ip": _MANY,
    "submit_phone": _MANY,
    "track_ip": _MANY,
    "follow_up": _MANY,
    "support_ip": _MANY,
}
OPEN311_RATE_LIMIT = 10**9
if not os.environ.get("TASKS_BACKEND"):
    # TASKS_BACKEND in the environment wins (bench/scale_out.py runs TASKS_BACKEND=rq, an RQ worker)
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
