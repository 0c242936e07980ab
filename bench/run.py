"""The benchmark harness: seed a database, serve it with gunicorn, measure named pages beside the ceiling.

    python bench/run.py [--articles N --petitions N --merchants N] [--duration S] [--concurrency C]

Every page in ``bench/targets.py`` is measured with the same load as ``/healthz/``, a bare Django view
behind the same middleware, server and settings: the ceiling any page can reach. Results are printed and
written to ``bench/results.md``.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
PYTHON = sys.executable
CEILING = ("bare Django view (ceiling)", "/healthz/")


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=f"sqlite:///{VAR / 'bench.sqlite3'}")
    parser.add_argument("--fresh", action="store_true", help="drop the SQLite benchmark database first")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=30, help="requests per page before measuring")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pages", default="", help="comma-separated target names (default: all)")
    parser.add_argument("--articles", type=int, help="seed size, passed to seed_demo when it knows it")
    parser.add_argument("--petitions", type=int, help="seed size, passed to seed_demo when it knows it")
    parser.add_argument("--merchants", type=int, help="seed size, passed to seed_demo when it knows it")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        default=120,
        help="the page cache's lifetime; 0 measures every page cold",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    return parser.parse_args()


def environment(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rongmei.settings.production",
        DATABASE_URL=args.database_url,
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


def manage(env, *arguments, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )


def prepare(args, env):
    VAR.mkdir(parents=True, exist_ok=True)
    if args.fresh and args.database_url.startswith("sqlite:///"):
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    subprocess.run([PYTHON, "-m", "rongmei.i18n", "compile"], cwd=ROOT, env=env, check=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    if args.skip_seed:
        return
    known = manage(env, "seed_demo", "--help", capture=True).stdout
    seed = ["seed_demo", "-v0"]
    for option in ("articles", "petitions", "merchants"):
        value = getattr(args, option)
        if value is not None:
            if f"--{option}" in known:
                seed += [f"--{option}", str(value)]
            else:
                print(f"seed_demo has no --{option} yet; ignored")
    started = time.monotonic()
    manage(env, *seed)
    print(f"seeded in {time.monotonic() - started:.1f} s")


def resolve_targets(args, env):
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "targets.py")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    targets = json.loads(output.strip().splitlines()[-1])
    wanted = [name.strip() for name in args.pages.split(",") if name.strip()]
    if wanted:
        targets = {name: path for name, path in targets.items() if name in wanted}
    return targets


def start_server(args, env):
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "rongmei.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = request(args.port, "/healthz/")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz/ within 30 s")


def request(port, path, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response
    finally:
        connection.close()


def load(port, path, duration, concurrency, cookie=None):
    """Keep ``concurrency`` clients busy on ``path`` for ``duration`` seconds; return latencies and errors."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client():
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _ = request(port, path, cookie)
            except OSError:
                failed += 1
                continue
            if status != 200:
                failed += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return latencies, sum(errors), elapsed


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(args, name, target):
    """``target`` is a path, or ``{"path": ..., "cookie": ...}`` for pages behind a login."""
    path, cookie = (target["path"], target["cookie"]) if isinstance(target, dict) else (target, None)
    parts = urlsplit(path)
    encoded = quote(parts.path, safe="/%") + (f"?{quote(parts.query, safe='=&%')}" if parts.query else "")
    for _ in range(args.warmup):
        request(args.port, encoded, cookie)
    latencies, errors, elapsed = load(args.port, encoded, args.duration, args.concurrency, cookie)
    return {
        "name": name,
        "path": path + (" (signed in)" if cookie else ""),
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed if elapsed else 0,
        "p50": percentile(latencies, 0.50) * 1000 if latencies else 0,
        "p95": percentile(latencies, 0.95) * 1000 if latencies else 0,
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0,
    }


def report(args, rows):
    ceiling = rows[0]["rps"] or 1
    lines = [
        f"# Benchmark results — {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}; "
        f"database `{args.database_url.split('@')[-1]}`; gunicorn {args.workers} sync workers; "
        f"{args.concurrency} client threads on the same machine, {args.duration:.0f} s a page after "
        f"{args.warmup} warm-up requests; page cache {args.page_cache_seconds} s. Command: `python bench/run.py {' '.join(sys.argv[1:])}`",
        "",
        "| page | path | req/s | % of ceiling | p50 ms | p95 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | `{row['path']}` | {row['rps']:.0f} | {100 * row['rps'] / ceiling:.0f} % | "
            f"{row['p50']:.1f} | {row['p95']:.1f} | {row['errors']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.output).write_text(text, encoding="utf-8")


def main():
    args = parse_args()
    env = environment(args)
    prepare(args, env)
    targets = resolve_targets(args, env)
    server = start_server(args, env)
    try:
        rows = [measure(args, *CEILING)]
        for name, path in targets.items():
            rows.append(measure(args, name, path))
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(args, rows)


if __name__ == "__main__":
    main()
