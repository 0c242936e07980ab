"""How many SQL queries each benchmark page makes: one request each, counted in-process.

    python bench/queries.py < targets.json

Reads ``{name: target}`` (as ``bench/targets.py`` prints it) and prints ``{name: {...}}`` as JSON: the
status and query count of a request as the load sees it (the page cache on, after one request has
filled it) and of the same request with the page cache off (the work a cache miss does). Requests go
through Django's test client, so they run the site's whole middleware stack under the benchmark's
settings against the benchmark's database, outside gunicorn.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit


def counted(client, path, cookie):
    """``(status, queries)`` of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.cookies.clear()
    if cookie:
        client.cookies.load(cookie)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
    return response.status_code, len(queries)


def count(client, target):
    from django.test import override_settings

    path, cookie = (target["path"], target["cookie"]) if isinstance(target, dict) else (target, None)
    counted(client, path, cookie)  # fills the page cache, as the warm-up before the load does
    status, cached = counted(client, path, cookie)
    with override_settings(RONGMEI_PAGE_CACHE_SECONDS=0):
        _status, uncached = counted(client, path, cookie)
    return {"status": status, "cached": cached, "uncached": uncached}


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.test import Client

    targets = json.load(sys.stdin)
    client = Client(raise_request_exception=False, HTTP_HOST=urlsplit("http://127.0.0.1").hostname)
    results = {name: count(client, target) for name, target in targets.items() if target}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
