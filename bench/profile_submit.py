"""Where one petition submission spends its time: the web form with one phone photo, and the JSON API.

    DJANGO_SETTINGS_MODULE=rongmei.settings.dev python bench/profile_submit.py [--runs N] [--top N]

Runs against the database the settings name (the demo's SQLite after ``make seed``, or a benchmark copy),
posting as a resident does: it asks for the form (or the API's captcha), reads the sum, and posts. The
photo is a 4032×3024 JPEG with an EXIF orientation, as a phone takes it. Each post is profiled with
cProfile; the SQL queries and cache operations of the post are counted. The first post of a process is
reported apart from the later ones (it pays for loading dictionaries and templates once). Each post
stores a real petition: run it on a copy you may add to.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMERALS = "零一二三四五六七八九十"


def phone_photo(width=4032, height=3024):
    """A JPEG the size a phone takes, with detail that compresses like a photo, rotated by EXIF."""
    from PIL import Image

    noise = Image.effect_noise((width // 4, height // 4), 40).convert("RGB")
    picture = noise.resize((width, height), Image.BICUBIC)
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    picture = Image.blend(picture, gradient, 0.5)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def solve(question):
    first, second = re.findall(rf"\d+|[{NUMERALS}]", question)[:2]
    return str(sum(int(n) if n.isdigit() else NUMERALS.index(n) for n in (first, second)))


class CacheCounter:
    """Counts calls to the default cache's methods while active (each one a round trip on Redis)."""

    METHODS = ("get", "set", "add", "incr", "delete", "get_many", "set_many", "touch", "has_key")

    def __init__(self):
        from django.core.cache import caches

        self.caches = caches
        self.calls = []

    def __enter__(self):
        self.patched = []
        for alias in ("default", "pages"):
            cache = self.caches[alias]
            for method in self.METHODS:
                original = getattr(cache, method)

                def counted(*args, _original=original, _name=f"{alias}.{method}", **kwargs):
                    self.calls.append(_name)
                    return _original(*args, **kwargs)

                setattr(cache, method, counted)
                self.patched.append((cache, method))
        return self

    def __exit__(self, *exc):
        for cache, method in self.patched:
            delattr(cache, method)


def measured(label, post):
    """Run ``post()`` profiled, with its queries and cache calls counted; return a report dict."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries, CacheCounter() as cache:
        started = time.perf_counter()
        profile.enable()
        response = post()
        profile.disable()
        elapsed = time.perf_counter() - started
    return {
        "label": label,
        "status": response.status_code,
        "ms": elapsed * 1000,
        "queries": len(queries.captured_queries),
        "query_ms": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
        "cache": cache.calls,
        "profile": profile,
        "sql": [q["sql"][:110] for q in queries.captured_queries],
    }


def web_form(client, board_url, photo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from petitions.models import Topic

    html = client.get(f"{board_url}new/").content.decode()
    data = {
        "kind": "complaint",
        "topic": Topic.objects.active().order_by("pk").first().pk,
        "title": "小区门口路灯不亮，晚上出行不便",
        "content": "人民路 1 号小区门口的路灯已经坏了一周，晚上出行很不方便，请有关部门尽快修理。",
        "address": "人民路 1 号",
        "contact_name": "王先生",
        "contact_phone": f"139{secrets.randbelow(10**8):08d}",
        "is_anonymous": "on",
        "is_public": "on",
        "captcha_token": re.search(r'name="captcha_token" value="([^"]+)"', html)[1],
        "captcha_answer": solve(re.search(r"验证题：([^<]+)</label>", html)[1]),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html)[1],
        "photos": SimpleUploadedFile("IMG_0001.jpg", photo, content_type="image/jpeg"),
    }
    return lambda: client.post(f"{board_url}new/", data)


def api(client):
    import json

    from petitions.models import Topic

    challenge = client.get("/api/petitions/captcha/").json()
    body = {
        "kind": "complaint",
        "topic": Topic.objects.active().order_by("pk").first().pk,
        "title": "小区门口路灯不亮，晚上出行不便",
        "content": "人民路 1 号小区门口的路灯已经坏了一周，晚上出行很不方便，请有关部门尽快修理。",
        "address": "人民路 1 号",
        "contact_phone": f"139{secrets.randbelow(10**8):08d}",
        "is_anonymous": True,
        "is_public": True,
        "captcha_token": challenge["token"],
        "captcha_answer": solve(challenge["question"]),
    }
    key = secrets.token_urlsafe(12)
    return lambda: client.post(
        "/api/petitions/", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def print_report(report, top):
    from collections import Counter

    print(
        f"\n=== {report['label']}: HTTP {report['status']}, {report['ms']:.0f} ms, "
        f"{report['queries']} queries ({report['query_ms']:.0f} ms in the database), "
        f"{len(report['cache'])} cache calls {dict(Counter(report['cache']))}"
    )
    if top:
        stream = io.StringIO()
        stats = pstats.Stats(report["profile"], stream=stream)
        stats.sort_stats("cumulative").print_stats(top)
        lines = [line for line in stream.getvalue().splitlines() if line.strip()]
        print("\n".join(lines[4:]))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="posts of each kind")
    parser.add_argument("--top", type=int, default=35, help="profile lines of the first and last post")
    parser.add_argument("--sql", action="store_true", help="print the SQL of the last post of each kind")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings.dev")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from petitions.models import PetitionBoardPage

    setup_test_environment()  # the test client's hosts; nothing else of the test runner
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    board = PetitionBoardPage.objects.live().filter(locale__language_code="zh-hans").first()
    board_url = board.url
    photo = phone_photo()
    print(f"photo: {len(photo) / 1e6:.1f} MB JPEG, 4032×3024; tasks: {settings.TASKS['default']['BACKEND']}")
    for kind in ("web form + 1 photo", "JSON API"):
        reports = []
        for run in range(args.runs):
            client = Client(
                HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR=f"10.9.{run}.{secrets.randbelow(250)}"
            )
            post = web_form(client, board_url, photo) if kind.startswith("web") else api(client)
            reports.append(measured(f"{kind}, post {run + 1}", post))
        for index, report in enumerate(reports):
            print_report(report, args.top if index in (0, len(reports) - 1) else 0)
        if args.sql:
            print("\n".join(reports[-1]["sql"]))


if __name__ == "__main__":
    main()
