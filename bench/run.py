# Over 450 lines: the benchmark is one command whose steps (seed, serve, load, count, report) read in order.
"""The benchmark harness: seed a database, serve it with gunicorn, measure named pages beside a bare app.

    python bench/run.py [--fresh | --skip-seed] [--duration S] [--rounds N] [--pages NAME,NAME]

The ceiling is ``bench/bare.py``, a Django WSGI app with no middleware, served by the same gunicorn with
the same worker class and count as the site, on its own port; both run during the whole benchmark. The
load comes from ``wrk`` (installed with apt-get when missing and run as root), with the same connections,
threads and duration for ceiling and page. Each page is measured in interleaved rounds, ceiling then
page, and reported as its ratio to the ceiling measured next to it: the median of the rounds and their
spread. Each page's SQL queries are counted by ``bench/queries.py``. Petition submissions through the
JSON API are measured apart, and the stored petitions counted against the answers. Results are printed
and written to ``bench/results.md``.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VAR = BENCH / "var"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rongmei_bench"


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/0",
        help="the site's cache, as in production; empty for per-process memory",
    )
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the benchmark database first")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database as it is")
    parser.add_argument("--articles", type=int, default=10_000, help="seed size")
    parser.add_argument("--petitions", type=int, default=100_000, help="seed size")
    parser.add_argument("--merchants", type=int, default=5_000, help="seed size")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per round")
    parser.add_argument("--rounds", type=int, default=3, help="(ceiling, page) rounds per page")
    parser.add_argument("--warmup", type=int, default=5, help="requests per page before measuring")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn sync workers, for site and ceiling")
    parser.add_argument("--port", type=int, default=0, help="the site's port (default: a free one)")
    parser.add_argument(
        "--ceiling-port", type=int, default=0, help="the bare app's port (default: a free one)"
    )
    parser.add_argument("--pages", default="", help="comma-separated target names (default: all)")
    parser.add_argument("--page-cache-seconds", type=int, default=120, help="0 measures every page cold")
    parser.add_argument("--write-duration", type=int, default=10, help="seconds of petition posting; 0 skips")
    parser.add_argument("--write-connections", type=int, default=4, help="clients posting petitions")
    parser.add_argument("--output", default=str(BENCH / "results.md"))
    return parser.parse_args()


# --- set-up -----------------------------------------------------------------------------------------


def environment(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        CACHE_KEY_PREFIX="rongmei-bench",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        RONGMEI_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        PAGE_CACHE_SECONDS=str(args.page_cache_seconds),
        # The load comes from one address; the API's per-client limit would answer it with 429s.
        API_ANON_RATE="1000000/minute",
    )
    return env


def ensure_wrk():
    """The path of ``wrk``; installed with apt-get when missing and we may, as ``.ci/run`` does Chromium."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk not found: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "The benchmark needs wrk: `sudo apt-get install wrk` (or build it from its sources)."
        )
    return found


def manage(env, *arguments, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )


def connect(url, dbname=None):
    """An autocommit connection to the PostgreSQL server of ``url``: to its database, or to ``dbname``."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
    )
    connection.autocommit = True
    return connection


def recreate_database(url):
    """Drop and create the database ``url`` names (PostgreSQL), or delete its file (SQLite)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    name = urlsplit(url).path.lstrip("/")
    connection = connect(url, dbname="postgres")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare(args, env):
    VAR.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        recreate_database(args.database_url)
    subprocess.run([PYTHON, "-m", "rongmei.i18n", "compile"], cwd=ROOT, env=env, check=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    if args.skip_seed:
        return
    started = time.monotonic()
    manage(
        env,
        "seed_demo",
        "-v0",
        f"--articles={args.articles}",
        f"--petitions={args.petitions}",
        f"--merchants={args.merchants}",
    )
    print(f"seeded in {time.monotonic() - started:.1f} s")
    analyze(args.database_url)


def analyze(url):
    """VACUUM ANALYZE a PostgreSQL database just seeded in bulk, as autovacuum would have by the time a
    site of that size serves visitors: without it the planner has no statistics of the new rows and no
    index-only scan can skip the heap (page 4,000 of the petitions API read 80,000 rows from it)."""
    if url.startswith("sqlite:///"):
        return
    connection = connect(url)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def resolve_targets(args, env):
    """``{name: target or None}``; a name ``--pages`` asks for that targets.py lacks is ``None`` too."""
    targets = script_json(env, "targets.py")
    wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
    if wanted:
        targets = {name: targets.get(name) for name in wanted}
    return targets


def script_json(env, script, *arguments, stdin=None):
    """Run one of bench/'s Django scripts under the benchmark's settings; the JSON of its last line."""
    output = subprocess.run(
        [PYTHON, str(BENCH / script), *arguments],
        cwd=ROOT,
        env=env,
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- servers ----------------------------------------------------------------------------------------


def free_port():
    """A port nobody listens on now: other servers on this machine must never answer for ours."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(args, env, app, port, ready_path, *extra):
    """The same gunicorn binary, worker class and worker count for the site and the ceiling."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"Something already listens on port {port}; choose another one.")
    server = subprocess.Popen(
        [
            GUNICORN,
            app,
            *extra,
            "--worker-class",
            "sync",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if status_of(port, ready_path) == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn {app} did not start on port {port}")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:  # workers stuck in a request do not stop on TERM: the run must end
        server.kill()
        server.wait(timeout=10)


def start_task_worker(env):
    """The task worker of the database backend (``bench/settings.py``), as production runs one beside
    gunicorn; ``None`` when the settings run tasks some other way."""
    backend = script_json(env, "writes.py", "count").get("backend", "")
    if not backend.startswith("django_tasks_db."):
        return None
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay", "-v0"],
        cwd=ROOT,
        env=env,
    )


def status_of(port, path, cookie=None):
    """The status of one GET, to check a page answers before it is loaded (wrk counts a 302 as a success)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


# --- load -------------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(args, url, *, duration, connections, script, headers=(), env=None):
    """Run wrk once; its counts and percentiles (milliseconds) from ``--latency`` and the script's JSON."""
    command = [args.wrk, "--latency", f"-t{min(args.threads, connections)}", f"-c{connections}"]
    command += [f"-d{duration}s", "--timeout", "30s", "-s", str(script)]
    for header in ("Accept-Language: zh-hans", *headers):
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env or os.environ
    ).stdout
    return parse_wrk(output)


def parse_wrk(output):
    """wrk's output as numbers: the script's ``WRK_JSON`` line, with the ``--latency`` distribution
    (milliseconds) over the script's percentiles (microseconds), requests/s and the sum of its errors."""
    result = json.loads(output.split("WRK_JSON", 1)[1].strip().splitlines()[0])
    for name in ("p50", "p95", "p99", "max"):
        result[name] /= 1000
    distribution = output.split("Latency Distribution", 1)[-1]
    for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)$", distribution, re.MULTILINE):
        result[f"p{percent}"] = float(value) * UNITS[unit]
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["failed"] = sum(result["errors"].values())
    return result


def encoded(path):
    parts = urlsplit(path)
    return quote(parts.path, safe="/%") + (f"?{quote(parts.query, safe='=&%')}" if parts.query else "")


def measure(args, name, target, queries):
    """Interleaved (ceiling, page) rounds for one page; its ratio to the ceiling beside it each round."""
    path, cookie = (target["path"], target["cookie"]) if isinstance(target, dict) else (target, None)
    row = {"name": name, "path": path + (" (signed in)" if cookie else ""), "queries": queries}
    url_path = encoded(path)
    status = status_of(args.port, url_path, cookie)
    if status != 200:
        return {**row, "problem": f"answers {status}"}
    for _ in range(args.warmup):
        status_of(args.port, url_path, cookie)
    headers = [f"Cookie: {cookie}"] if cookie else []
    load = {"duration": args.duration, "connections": args.connections, "script": BENCH / "report.lua"}
    ceilings, pages = [], []
    for _ in range(args.rounds):
        ceilings.append(wrk(args, f"http://127.0.0.1:{args.ceiling_port}/", **load))
        pages.append(wrk(args, f"http://127.0.0.1:{args.port}{url_path}", headers=headers, **load))
    if not any(page["requests"] for page in pages):
        # wrk reports a round without one answer as 0 ms; say what happened instead
        return {**row, "problem": f"no answer within a {args.duration} s round"}
    ratios = [page["rps"] / ceiling["rps"] for page, ceiling in zip(pages, ceilings, strict=True)]
    return {
        **row,
        "rps": statistics.median(page["rps"] for page in pages),
        "ceiling": statistics.median(ceiling["rps"] for ceiling in ceilings),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "p50": statistics.median(page["p50"] for page in pages),
        "p95": statistics.median(page["p95"] for page in pages),
        "errors": sum(page["failed"] for page in pages),
        "ceiling_errors": sum(ceiling["failed"] for ceiling in ceilings),
    }


def measure_writes(args, env):
    """Petitions posted as JSON by ``--write-connections`` clients; stored rows counted against the 201s."""
    captchas = VAR / "captchas.txt"
    wanted = max(2_000, 300 * args.write_duration)
    counts = script_json(env, "writes.py", "captchas", str(wanted), str(captchas))
    before, tasks_before = counts["petitions"], counts["tasks"]
    threads = min(args.threads, args.write_connections)
    result = wrk(
        args,
        f"http://127.0.0.1:{args.port}/api/petitions/",
        duration=args.write_duration,
        connections=args.write_connections,
        script=BENCH / "submit.lua",
        env={**os.environ, "BENCH_CAPTCHAS": str(captchas), "BENCH_THREADS": str(threads)},
    )
    time.sleep(2)  # the requests in flight when wrk stopped are finished by the worker
    after = script_json(env, "writes.py", "count")
    # the task worker catches up: every task the posts enqueued has run (or failed) when this returns
    drained = script_json(env, "writes.py", "drain", "300")
    tasks = {
        status: count - tasks_before.get(status, 0)
        for status, count in drained["tasks"].items()
        if count != tasks_before.get(status, 0)
    }
    return {
        **result,
        "stored": after["petitions"] - before,
        "captchas": wanted,
        "tasks": tasks,
        "drained_in": drained["drained_in"],
        # absolute, not the change: the tasks still queued (from this run or before it) when the wait ended
        "waiting": sum(drained["tasks"].get(status, 0) for status in ("READY", "RUNNING")),
    }


# --- report -----------------------------------------------------------------------------------------


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def queries_cell(queries):
    if not queries:
        return "–"
    return f"{queries['cached']} / {queries['uncached']}"


def rate(value):
    """Requests/s with a decimal where whole numbers would round a slow page to 0."""
    return f"{value:.0f}" if value >= 10 else f"{value:.2f}"


def page_line(row):
    name, path = row["name"], f"`{row['path']}`" if row.get("path") else "–"
    if "problem" in row:
        return f"| {name} | {path} | {row['problem']} | | | | | | {queries_cell(row.get('queries'))} |"
    return (
        f"| {name} | {path} | {rate(row['rps'])} | {row['ceiling']:.0f} | {100 * row['ratio']:.2f} % "
        f"({100 * row['ratio_min']:.2f}–{100 * row['ratio_max']:.2f}) | {row['p50']:.1f} | {row['p95']:.1f} | "
        f"{row['errors']} | {queries_cell(row['queries'])} |"
    )


def report(args, context, rows, writes):
    wrk_line = (
        f"`wrk --latency -t{args.threads} -c{args.connections} -d{args.duration}s` "
        f"with `bench/report.lua`, {args.rounds} × (ceiling, page) rounds a page after {args.warmup} warm-up "
        "requests"
    )
    lines = [
        f"# Benchmark results — {context['date']}",
        "",
        f"- Command: `{context['command']}`",
        f"- Machine: {os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
        f"wrk and gunicorn on the same machine; load average (1, 5, 15 min) {context['load_before']} before, "
        f"{context['load_after']} after",
        f"- Database `{args.database_url.split('@')[-1]}`, {context['petitions']:,} petitions in it before the "
        f"writes; cache `{args.redis_url or 'per-process memory'}`; page cache {args.page_cache_seconds} s",
        f"- Servers: gunicorn {context['gunicorn']}, {args.workers} sync worker(s) for the site "
        f"(`rongmei.wsgi`, port {args.port}) and the same for the ceiling (`bench/bare.py`, port "
        f"{args.ceiling_port}), both running throughout",
        f"- Load: {wrk_line}; the ratio is the page's requests/s over the ceiling's in the round beside it "
        "(median of the rounds, min–max in brackets); p50/p95 are the median of the rounds; SQL is the "
        "queries of one request with the page cache on (after one request filled it) / off",
        "",
        f"## One worker, {args.connections} connections",
        "",
        "| page | path | req/s | ceiling req/s | of ceiling (min–max) | p50 ms | p95 ms | errors | SQL |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        *[page_line(row) for row in rows],
    ]
    if writes:
        lost = max(0, writes["created"] - writes["stored"])
        lines += [
            "",
            f"## Petition submissions (JSON API, {args.write_connections} clients)",
            "",
            f"`wrk -t{min(args.threads, args.write_connections)} -c{args.write_connections} "
            f"-d{args.write_duration}s -s bench/submit.lua` POSTs JSON petitions to `/api/petitions/`, each with "
            f"its own captcha solved in advance ({writes['captchas']:,} prepared by `bench/writes.py`) and its "
            "own Idempotency-Key. Stored is the change in the number of petitions in the database; requests "
            "still in flight when wrk stops are finished by the server, so stored may exceed the 201s by up "
            "to the number of clients.",
            "",
            "| requests | req/s | p50 ms | p95 ms | 201 created | 400 refused | 429 limited | other | socket "
            "errors | stored | lost |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {writes['requests']} | {writes['rps']:.1f} | {writes['p50']:.1f} | {writes['p95']:.1f} | "
            f"{writes['created']} | {writes['refused']} | {writes['limited']} | {writes['other']} | "
            f"{sum(v for k, v in writes['errors'].items() if k != 'status')} | {writes['stored']} | {lost} |",
        ]
        if writes["tasks"]:
            done = ", ".join(f"{count} {status.lower()}" for status, count in sorted(writes["tasks"].items()))
            lines += [
                "",
                f"Background tasks (keywords, search entries, notifications) enqueued by the posts and run by "
                f"`manage.py db_worker` beside the site (the change in each status): {done}; "
                + (
                    f"{writes['waiting']:,} tasks were still waiting {writes['drained_in']} s after the load "
                    "stopped, when the harness stopped waiting."
                    if writes["waiting"]
                    else f"the worker had run them all {writes['drained_in']} s after the load stopped."
                ),
            ]
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.output).write_text(text, encoding="utf-8")


def gunicorn_version():
    output = subprocess.run([GUNICORN, "--version"], capture_output=True, text=True).stdout
    return output.split()[-1].strip("()") if output else "?"


def main():
    args = parse_args()
    args.wrk = ensure_wrk()
    args.port = args.port or free_port()
    args.ceiling_port = args.ceiling_port or free_port()
    env = environment(args)
    prepare(args, env)
    targets = resolve_targets(args, env)
    queries = script_json(env, "queries.py", stdin=json.dumps(targets))
    context = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
        "gunicorn": gunicorn_version(),
        "load_before": load_average(),
    }
    site = start_gunicorn(args, env, "rongmei.wsgi", args.port, "/healthz/")
    ceiling = start_gunicorn(
        args, env, "bare:application", args.ceiling_port, "/", "--pythonpath", str(BENCH)
    )
    worker = start_task_worker(env)
    try:
        rows = []
        for name, target in targets.items():
            if target is None:
                rows.append({"name": name, "problem": "not found"})
                continue
            rows.append(measure(args, name, target, queries.get(name)))
            print(page_line(rows[-1]), flush=True)
        context["petitions"] = script_json(env, "writes.py", "count")["petitions"]
        writes = measure_writes(args, env) if args.write_duration else None
    finally:
        stop(site)
        stop(ceiling)
        if worker is not None:
            stop(worker)
    context["load_after"] = load_average()
    report(args, context, rows, writes)


if __name__ == "__main__":
    main()
