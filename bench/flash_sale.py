"""Load test of a flash sale (在线抢购): 500 residents rush 100 items the second the sale opens.

    python bench/flash_sale.py [--buyers 500] [--stock 100] [--clients 50] [--workers 4]

Uses the harness in ``bench/run.py`` (its production settings, Redis cache and gunicorn), then:

- recreates the PostgreSQL database (``--database-url``, this checkout's own), migrates it, and in one
  ``manage.py shell`` creates ``--buyers`` resident accounts, one signed-in session each (as the login
  form would leave them: the load measures the sale, not password hashing), and one free sale of
  ``--stock`` items starting ``--lead`` seconds later;
- serves the site with gunicorn (``--workers`` sync workers);
- runs ``--clients`` client threads that share the buyers out; each buyer loads the sale page, polls the
  status endpoint until the start as the page's script does, fetches its CSRF token from ``/csrf/`` and
  posts a buy; every fifth buyer clicks twice at once (the second post must be refused);
- counts the orders in the database afterwards.

It fails (exit status 1) unless there are exactly ``--stock`` orders, none oversold, no server error
(5xx or a broken connection), and no buyer holds more than one order. Writes
``bench/flash_sale_results.md`` with the figures.
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import platform
import queue
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as harness

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rongmei_mall"
OUTPUT = harness.BENCH / "flash_sale_results.md"

SETUP = """
import datetime, json
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone
from points.models import FlashSale
User = get_user_model()
password = make_password(None)  # unusable: nobody signs in with these accounts, they get sessions below
users = User.objects.bulk_create(
    [User(username=f"buyer{n:04d}", first_name=f"抢购居民{n}", password=password) for n in range(%(buyers)d)]
)
sessions = []
for user in User.objects.filter(username__startswith="buyer").order_by("pk"):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
starts = timezone.now() + datetime.timedelta(seconds=%(lead)d)
sale = FlashSale.objects.create(
    title="压力测试抢购", item_name="融媒保温杯", pickup_place="融媒体中心一楼大厅",
    stock=%(stock)d, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1),
)
print(json.dumps({"sale": sale.pk, "starts_at": starts.timestamp(), "sessions": sessions}))
"""

COUNT = """
import json
from django.db.models import Count
from points.models import FlashSale, Order
sale = FlashSale.objects.get(pk=%(sale)d)
orders = Order.objects.filter(sale=sale)
per_buyer = orders.values("user").annotate(n=Count("pk"))
print(json.dumps({
    "orders": orders.count(),
    "sold": sale.sold,
    "stock": sale.stock,
    "buyers_with_orders": per_buyer.count(),
    "most_per_buyer": max([row["n"] for row in per_buyer] or [0]),
    "codes": orders.values("pickup_code").distinct().count(),
}))
"""


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--buyers", type=int, default=500)
    parser.add_argument("--stock", type=int, default=100)
    parser.add_argument("--clients", type=int, default=50, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--lead", type=int, default=25, help="seconds from the set-up to the sale's start")
    parser.add_argument("--port", type=int, default=0, help="the site's port (default: a free one)")
    parser.add_argument("--page-cache-seconds", type=int, default=120)
    parser.add_argument("--output", default=str(OUTPUT))
    return parser.parse_args()


def shell_json(env, code):
    output = subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=harness.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Results:
    """Every request's kind, status (or ``error``) and seconds; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []
        self.buy_times = []  # when each buy's answer came

    def add(self, kind, status, seconds):
        with self.lock:
            self.rows.append((kind, status, seconds))
            if kind == "buy":
                self.buy_times.append(time.monotonic())

    def statuses(self, kind=None):
        return collections.Counter(status for row_kind, status, _s in self.rows if kind in (None, row_kind))

    def seconds(self, kind):
        return [seconds for row_kind, _status, seconds in self.rows if row_kind == kind]


class Buyer:
    """One resident's browser: its own cookies and one keep-alive connection."""

    def __init__(self, port, session_key, results):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.results = results
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, kind, method, path, headers=None):
        headers = {
            "Host": "127.0.0.1",
            "Accept": "application/json",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            **(headers or {}),
        }
        started = time.monotonic()
        try:
            self.connection.request(method, path, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.results.add(kind, "error", time.monotonic() - started)
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return None, None
        self.results.add(kind, response.status, time.monotonic() - started)
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, body

    def close(self):
        self.connection.close()


def shop(port, sale, starts_at, session_key, results, double_click):
    buyer = Buyer(port, session_key, results)
    base = f"/zh-hans/mall/sales/{sale}/"
    try:
        buyer.request("page", "GET", base, {"Accept": "text/html"})
        while time.time() < starts_at:  # the page's script polls until the sale opens
            buyer.request("status", "GET", base + "status/")
            time.sleep(min(1.0, max(0.0, starts_at - time.time())))
        _status, body = buyer.request("csrf", "GET", "/csrf/")
        token = json.loads(body)["token"] if body else ""
        clicks = 2 if double_click else 1
        answers = []
        for _ in range(clicks):
            status, body = buyer.request("buy", "POST", base + "buy/", {"X-CSRFToken": token})
            answers.append((status, json.loads(body) if body else None))
        return answers
    finally:
        buyer.close()


def run_load(args, port, setup, results):
    work = queue.Queue()
    for number, session_key in enumerate(setup["sessions"]):
        work.put((number, session_key))
    outcomes = collections.Counter()
    lock = threading.Lock()

    def client():
        while True:
            try:
                number, session_key = work.get_nowait()
            except queue.Empty:
                return
            answers = shop(port, setup["sale"], setup["starts_at"], session_key, results, number % 5 == 0)
            with lock:
                for status, answer in answers:
                    outcomes["won" if answer and answer.get("ok") else f"refused {status}"] += 1

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def latency_row(results, kind):
    values = results.seconds(kind)
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(results.statuses(kind).items(), key=str))
    return (
        f"| {kind} | {len(values)} | {statuses} | {percentile(values, 0.5) * 1000:.1f} | "
        f"{percentile(values, 0.95) * 1000:.1f} | {max(values or [0]) * 1000:.1f} |"
    )


def report(args, context, results, counts, outcomes, checks):
    lines = [
        "# Flash sale (在线抢购) load test",
        "",
        f"Run {context['date']} with `python bench/flash_sale.py` on {context['machine']}: "
        f"{args.buyers} signed-in residents, one free sale of {args.stock} items, {args.clients} concurrent "
        f"clients, gunicorn {context['gunicorn']} with {args.workers} sync workers, PostgreSQL, Redis cache; "
        "clients and server on the same machine.",
        "",
        "Each buyer loads the sale page (cached, the same for everyone), polls its status endpoint until the "
        "start, fetches a CSRF token from `/csrf/` and posts one buy; every fifth buyer posts twice at once.",
        "",
        "## Invariants",
        "",
        "| check | expected | found | |",
        "|---|---|---|---|",
    ]
    for name, expected, found in checks:
        lines.append(f"| {name} | {expected} | {found} | {'ok' if expected == found else 'FAILED'} |")
    lines += [
        "",
        "## Requests",
        "",
        f"{len(results.rows)} requests in {context['seconds']:.1f} s of load; the buys in "
        f"{context['buy_window']:.2f} s from the first answer to the last.",
        "",
        "| request | count | statuses | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|",
        *(latency_row(results, kind) for kind in ("page", "status", "csrf", "buy")),
        "",
        "Buy answers: " + ", ".join(f"{name} {n}" for name, n in sorted(outcomes.items())) + ".",
        f"Orders in the database: {counts['orders']} (sale counter {counts['sold']}/{counts['stock']}, "
        f"{counts['codes']} distinct pick-up codes, {counts['buyers_with_orders']} buyers).",
        "",
        f"Load average (1, 5, 15 min) from /proc/loadavg: {context['load_before']} before, "
        f"{context['load_after']} after. The machine has {os.cpu_count()} cores, shared with other work.",
        "",
    ]
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")


def main():
    args = parse_args()
    env = harness.environment(args)
    env["CACHE_KEY_PREFIX"] = f"rongmei-flash-sale-{os.getpid()}"
    harness.VAR.mkdir(parents=True, exist_ok=True)
    harness.recreate_database(args.database_url)
    subprocess.run([harness.PYTHON, "-m", "rongmei.i18n", "compile"], cwd=harness.ROOT, env=env, check=True)
    harness.manage(env, "migrate", "--no-input", "-v0")
    harness.manage(env, "collectstatic", "--no-input", "-v0")
    port = args.port or harness.free_port()
    server = harness.start_gunicorn(args, env, "rongmei.wsgi", port, "/healthz/")
    try:
        setup = shell_json(env, SETUP % {"buyers": args.buyers, "stock": args.stock, "lead": args.lead})
        print(f"sale {setup['sale']} opens in {setup['starts_at'] - time.time():.1f} s; {args.buyers} buyers")
        results = Results()
        load_before = harness.load_average()
        started = time.monotonic()
        outcomes = run_load(args, port, setup, results)
        seconds = time.monotonic() - started
        load_after = harness.load_average()
    finally:
        harness.stop(server)
    counts = shell_json(env, COUNT % {"sale": setup["sale"]})
    server_errors = sum(n for status, n in results.statuses().items() if status == "error" or status >= 500)
    checks = [
        ("orders", args.stock, counts["orders"]),
        ("oversold (orders beyond the stock)", 0, max(0, counts["orders"] - args.stock)),
        ("sale counter equals the orders", counts["orders"], counts["sold"]),
        ("server errors (5xx or broken connections)", 0, server_errors),
        ("most orders of one buyer", 1, counts["most_per_buyer"]),
        ("distinct pick-up codes", counts["orders"], counts["codes"]),
    ]
    context = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} Linux, Python {platform.python_version()}",
        "gunicorn": harness.gunicorn_version(),
        "seconds": seconds,
        "buy_window": max(results.buy_times) - min(results.buy_times) if results.buy_times else 0.0,
        "load_before": load_before,
        "load_after": load_after,
    }
    report(args, context, results, counts, outcomes, checks)
    print(Path(args.output).read_text(encoding="utf-8"))
    failed = [name for name, expected, found in checks if expected != found]
    if failed:
        raise SystemExit(f"FAILED: {', '.join(failed)}")


if __name__ == "__main__":
    main()
