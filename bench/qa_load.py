"""Load test of a live Q&A session (在线访谈): many readers polling, residents asking, moderators answering.

    python bench/qa_load.py [--readers 200] [--interval 5] [--questions-per-minute 20] [--duration 60]

Uses the harness in ``bench/run.py`` (same database, settings and gunicorn), then:

- creates a live session with one official (``manage.py shell``);
- starts ``--readers`` reader threads, each with its own cookie, polling ``updates/?since=<cursor>`` every
  ``--interval`` seconds (staggered), as the page's script does;
- posts ``--questions-per-minute`` questions, each as a resident would: load the page (CSRF cookie and
  captcha), answer the captcha, post; each from its own address (X-Forwarded-For, trusted here);
- runs a moderator process that releases and answers what is waiting every few seconds, so the feed
  changes under the readers as it would in a real session.

Prints p50/p95/max latency of the polls, the question posts and the page loads, and the error counts.
"""

import argparse
import http.client
import json
import re
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as harness

SETUP = """
from django.utils import timezone
from home.models import HomePage
from newsroom.models import QASessionOfficial, QASessionPage
from petitions.models import Department
home = HomePage.objects.filter(locale__language_code="zh-hans").first()
now = timezone.now()
page = QASessionPage(title="压力测试访谈", slug="bench-qa-%(stamp)s", summary="压力测试", starts_at=now - timezone.timedelta(minutes=5), ends_at=now + timezone.timedelta(hours=3))
home.add_child(instance=page)
page.save_revision().publish()
QASessionOfficial.objects.create(page=page, name="测试嘉宾", title="局长", department=Department.objects.filter(kind="bureau").first())
print("SESSION", page.pk, page.url)
"""

MODERATOR = """
import time
from django.contrib.auth import get_user_model
from newsroom.models import QAQuestion, QASessionPage
from newsroom.qa import rules as qa
User = get_user_model()
moderator = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-moderator", "", "x")
stop_at = time.monotonic() + %(duration)s
official = QASessionPage.objects.get(pk=%(session)s).officials.first()
while time.monotonic() < stop_at:
    for number, question in enumerate(QAQuestion.objects.filter(session_id=%(session)s).pending()):
        qa.release(question, moderator)
        if number %% 2 == 0:
            qa.answer(question, moderator, "感谢提问，我们会尽快落实。", official=official)
    time.sleep(3)
"""

NUMERALS = "零一二三四五六七八九十"


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=f"sqlite:///{harness.VAR / 'bench.sqlite3'}")
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between a reader's polls")
    parser.add_argument("--questions-per-minute", type=float, default=20.0)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--skip-seed", action="store_true", help="the database is seeded already")
    args = parser.parse_args()
    # what the harness's set-up expects
    args.fresh = False
    args.page_cache_seconds = 120
    args.articles = args.petitions = args.merchants = None
    return args


def shell(env, code):
    return subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=harness.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class Client:
    """One browser: its own cookies, one request per connection (like the harness)."""

    def __init__(self, port, address=None):
        self.port = port
        self.cookies = {}
        self.address = address

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, data, elapsed


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {"poll": [], "page": [], "ask": []}
        self.errors = {"poll": 0, "page": 0, "ask": 0}

    def add(self, kind, elapsed, ok):
        with self.lock:
            self.latencies[kind].append(elapsed)
            if not ok:
                self.errors[kind] += 1


def reader(port, updates_url, interval, stop_at, offset, results):
    client = Client(port)
    cursor = 0
    time.sleep(offset)
    while time.monotonic() < stop_at:
        next_at = time.monotonic() + interval
        try:
            status, data, elapsed = client.request("GET", f"{updates_url}?since={cursor}")
            ok = status == 200
            if ok:
                cursor = json.loads(data)["cursor"]
            results.add("poll", elapsed, ok)
        except OSError:
            results.add("poll", 0.0, False)
        time.sleep(max(0.0, next_at - time.monotonic()))


def ask_once(port, page_url, number, results):
    client = Client(port, address=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}")
    status, data, elapsed = client.request("GET", page_url)
    results.add("page", elapsed, status == 200)
    html = data.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', html)
    sum_ = re.search(rf"([{NUMERALS}]) 加 ([{NUMERALS}])", html)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not (token and sum_ and csrf):
        results.add("ask", 0.0, False)
        return
    body = urlencode(
        {
            "csrfmiddlewaretoken": csrf[1],
            "body": f"压力测试第{number}个问题：公交线路什么时候调整？",
            "asker_name": "测试",
            "captcha_token": token[1],
            "captcha_answer": str(NUMERALS.index(sum_[1]) + NUMERALS.index(sum_[2])),
            "website": "",
        }
    )
    status, _data, elapsed = client.request(
        "POST",
        page_url + "ask/",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"},
    )
    results.add("ask", elapsed, status == 302)


def asker(port, page_url, per_minute, stop_at, results):
    gap = 60.0 / per_minute
    number = 0
    while time.monotonic() < stop_at:
        next_at = time.monotonic() + gap
        number += 1
        threading.Thread(target=ask_once, args=(port, page_url, number, results)).start()
        time.sleep(max(0.0, next_at - time.monotonic()))


def summary(name, values, errors):
    if not values:
        return f"| {name} | 0 | – | – | – | {errors} |"
    p50 = harness.percentile(values, 0.5) * 1000
    p95 = harness.percentile(values, 0.95) * 1000
    return f"| {name} | {len(values)} | {p50:.1f} | {p95:.1f} | {max(values) * 1000:.1f} | {errors} |"


def main():
    args = parse_args()
    env = harness.environment(args)
    env["TRUST_X_FORWARDED_FOR"] = "true"  # each simulated resident asks from its own address
    if args.skip_seed:
        harness.manage(env, "migrate", "--no-input", "-v0")
        harness.manage(env, "collectstatic", "--no-input", "-v0")  # the page loads need the manifest
    else:
        harness.prepare(args, env)
    line = [
        row
        for row in shell(env, SETUP % {"stamp": int(time.time())}).splitlines()
        if row.startswith("SESSION")
    ]
    _label, session_id, page_url = line[-1].split(" ", 2)
    updates_url = f"/zh-hans/qa/{session_id}/updates/"  # what the page's script polls
    print(f"session {session_id} at {page_url}")
    server = harness.start_server(args, env)
    moderator = subprocess.Popen(
        [
            harness.PYTHON,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            MODERATOR % {"duration": args.duration + 5, "session": session_id},
        ],
        cwd=harness.ROOT,
        env=env,
    )
    results = Results()
    try:
        stop_at = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=reader,
                args=(
                    args.port,
                    updates_url,
                    args.interval,
                    stop_at,
                    args.interval * i / args.readers,
                    results,
                ),
            )
            for i in range(args.readers)
        ]
        threads.append(
            threading.Thread(
                target=asker, args=(args.port, page_url, args.questions_per_minute, stop_at, results)
            )
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(2)  # the last questions' posts
        released = shell(
            env,
            f"from newsroom.models import QAQuestion; q = QAQuestion.objects.filter(session_id={session_id}); "
            "print(q.count(), q.released().count())",
        ).split()
    finally:
        moderator.terminate()
        server.terminate()
        server.wait()
    print(
        f"\n{args.readers} readers polling every {args.interval:g} s, {args.questions_per_minute:g} questions/min, "
        f"{args.duration:g} s, gunicorn {args.workers} workers"
    )
    print("| request | count | p50 ms | p95 ms | max ms | errors |\n|---|---|---|---|---|---|")
    for kind, label in (("poll", "poll updates/"), ("ask", "post a question"), ("page", "load the page")):
        print(summary(label, results.latencies[kind], results.errors[kind]))
    print(f"questions stored: {released[0]}, released by the moderator: {released[1]}")


if __name__ == "__main__":
    main()
