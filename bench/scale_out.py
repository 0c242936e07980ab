"""Scale-out bench (issue 20): one gunicorn instance beside nginx in front of two, in the same run.

    python bench/scale_out.py [--database-url URL] [--rounds N] [--duration S] [--connections C]

It does not seed: it reuses a database `make bench` (bench/run.py) has seeded, by default rongmei_bench on
127.0.0.1. The site runs under bench/settings.py (production settings, per-address rate limits raised) with
Redis as cache, page cache, sessions and rate limits (--redis-url, DB 10) and TASKS_BACKEND=rq, one
`manage.py rqworker --with-scheduler default` on the queues' Redis (--rq-redis-url, DB 11). Two gunicorn
instances (A and B, the same flags) and nginx (deploy/nginx.conf.template, rendered by
deploy/render_nginx.py into a temporary folder, on a free port) run throughout. Each round measures
"single" (A hit directly) then "pair" (nginx, in front of A and B), each time the cached home page with wrk
and bench/report.lua, then petition submissions through the JSON API (bench/run.py's measure_writes:
bench/submit.lua, captchas solved by bench/writes.py, stored petitions counted, the RQ queue drained).
Everything started is stopped when the run ends, however it ends. Results: bench/results_scale_out.md.
"""

import argparse
import datetime
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # bench/run.py: the environment, gunicorn, wrk and write measurements of `make bench`

sys.path.insert(0, str(run.ROOT / "deploy"))
from render_nginx import render

NGINX = "/usr/sbin/nginx"
TOPOLOGIES = ("single", "pair")


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=run.DATABASE_URL,
        help="a seeded PostgreSQL database (`make bench` seeds rongmei_bench); never seeded here",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/10",
        help="cache, page cache, sessions and rate limits",
    )
    parser.add_argument("--rq-redis-url", default="redis://127.0.0.1:6379/11", help="the RQ queues")
    parser.add_argument("--rounds", type=int, default=3, help="(single, pair) rounds")
    parser.add_argument("--duration", type=int, default=5, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections on the page")
    parser.add_argument("--write-connections", type=int, default=4, help="clients posting petitions")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=1, help="sync workers of each gunicorn instance")
    parser.add_argument("--page", default="/zh-hans/", help="the cached page")
    parser.add_argument("--warmup", type=int, default=5, help="requests to the page before measuring")
    parser.add_argument("--output", default=str(run.BENCH / "results_scale_out.md"))
    args = parser.parse_args()
    # what bench/run.py's helpers read
    args.page_cache_seconds = 120
    args.fresh, args.skip_seed = False, True
    args.write_duration = args.duration
    return args


# --- processes --------------------------------------------------------------------------------------


def start_rq_worker(env):
    """One RQ worker, in a process group of its own: the job's forked work horse stops with it. ``-v0``
    keeps its log to warnings (a line per job would bury the bench's own output)."""
    command = [run.PYTHON, "manage.py", "rqworker", "--with-scheduler", "default", "-v0"]
    return subprocess.Popen(command, cwd=run.ROOT, env=env, start_new_session=True, stdin=subprocess.DEVNULL)


def stop_group(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def start_nginx(folder, port, upstreams):
    """nginx from deploy/nginx.conf.template, as tests/deploy/test_nginx.py runs it: its own prefix,
    pid, logs and temporary files in ``folder``, in the foreground."""
    config = folder / "nginx.conf"
    config.write_text(
        render(
            {
                "NGINX_PID": folder / "nginx.pid",
                "NGINX_LOGS": folder,
                "NGINX_TEMP": folder,
                "LISTEN": f"127.0.0.1:{port}",
                "SERVER_NAME": "127.0.0.1 localhost",
                "UPSTREAMS": ",".join(f"127.0.0.1:{upstream}" for upstream in upstreams),
                "STATIC_ROOT": run.VAR / "static",
                "MEDIA_ROOT": run.VAR / "media",
                "FORWARDED_PROTO": "$scheme",
            }
        )
    )
    command = [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode:
        raise SystemExit(f"nginx refuses its configuration:\n{check.stderr}")
    server = subprocess.Popen([*command, "-g", "daemon off;"], stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if run.status_of(port, "/healthz/") == 200:
                return server
        except OSError:
            time.sleep(0.2)
    run.stop(server)
    raise SystemExit(f"nginx did not answer on port {port}")


# --- measurements -----------------------------------------------------------------------------------


def load1():
    return float(Path("/proc/loadavg").read_text().split()[0])


def warm(args, port):
    status = run.status_of(port, args.page)
    if status != 200:
        raise SystemExit(f"{args.page} answers {status} on port {port}")
    for _ in range(args.warmup):
        run.status_of(port, args.page)


def measure_round(args, env, port):
    """The page, then the submissions, through ``port``; the 1-minute load average around them."""
    before = load1()
    page = run.wrk(
        args,
        f"http://127.0.0.1:{port}{run.encoded(args.page)}",
        duration=args.duration,
        connections=args.connections,
        script=run.BENCH / "report.lua",
    )
    args.port = port  # measure_writes posts to args.port
    writes = run.measure_writes(args, env)
    return {"page": page, "writes": writes, "load": (before, load1())}


# --- report -----------------------------------------------------------------------------------------


def spread(values, digits=0):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def sockets(result):
    return sum(count for name, count in result["errors"].items() if name != "status")


def summary(rounds):
    pages = [one["page"] for one in rounds]
    writes = [one["writes"] for one in rounds]
    return {
        "page_rps": spread([page["rps"] for page in pages]),
        "page_p50": statistics.median(page["p50"] for page in pages),
        "page_p95": statistics.median(page["p95"] for page in pages),
        "page_requests": sum(page["requests"] for page in pages),
        "page_non2xx": sum(page["errors"]["status"] for page in pages),
        "page_sockets": sum(sockets(page) for page in pages),
        "write_rps": spread([write["rps"] for write in writes], 1),
        "write_p50": statistics.median(write["p50"] for write in writes),
        "write_p95": statistics.median(write["p95"] for write in writes),
        "requests": sum(write["requests"] for write in writes),
        "created": sum(write["created"] for write in writes),
        "refused": sum(write["refused"] + write["limited"] for write in writes),
        "other": sum(write["other"] for write in writes),
        "server": sum(write["server"] for write in writes),
        "write_sockets": sum(sockets(write) for write in writes),
        "stored": sum(write["stored"] for write in writes),
        "lost": sum(max(0, write["created"] - write["stored"]) for write in writes),
        "tasks": {
            status: sum(write["tasks"].get(status, 0) for write in writes)
            for status in sorted({status for write in writes for status in write["tasks"]})
        },
        "drained_in": max(write["drained_in"] for write in writes),
        "load": ", ".join(f"{before:.2f} → {after:.2f}" for before, after in (one["load"] for one in rounds)),
    }


def report(args, context, results):
    rows = {topology: summary(results[topology]) for topology in TOPOLOGIES}
    names = {"single": "single (gunicorn A)", "pair": "pair (nginx → A, B)"}
    lines = [
        f"# Scale-out bench — {context['date']}",
        "",
        f"- Command: `{context['command']}`",
        f"- Machine: {os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
        f"gunicorn {context['gunicorn']}; load average (1, 5, 15 min) {context['load_before']} before the "
        f"run, {context['load_after']} after",
        f"- Database `{args.database_url.split('@')[-1]}` ({context['petitions']:,} petitions before the "
        f"writes, not seeded by this run); Redis `{args.redis_url}` (cache, page cache, sessions, rate "
        f"limits); TASKS_BACKEND=rq on `{args.rq_redis_url}`, one `manage.py rqworker --with-scheduler "
        "default`",
        f"- Servers: each gunicorn instance `rongmei.wsgi --worker-class sync --workers {args.workers}`; "
        "single is instance A hit directly, pair is nginx (deploy/nginx.conf.template) in front of A and B; "
        "A, B, nginx and the worker run throughout",
        f"- Rounds: {args.rounds} × (single, pair), interleaved; in each, `wrk --latency "
        f"-t{min(args.threads, args.connections)} -c{args.connections} -d{args.duration}s -s "
        f"bench/report.lua` on `{args.page}` (page cache warm), then `wrk -c{args.write_connections} "
        f"-d{args.duration}s -s bench/submit.lua` POSTing petitions to `/api/petitions/` (captchas solved "
        "beforehand, one Idempotency-Key each) and the RQ queue drained before the next step. req/s is the "
        "median of the rounds (min–max), p50/p95 the median of the rounds' percentiles",
        "",
        f"On {os.cpu_count()} cores the load generator (wrk) and both instances share the same cores, so the "
        "pair cannot show a real gain here: the second instance only competes with the first and with wrk "
        "for the same CPUs. This run shows that the pair serves the same traffic correctly (no errors, no "
        "lost submission), not how far it scales.",
        "",
        "## Cached page",
        "",
        "| topology | req/s (min–max) | p50 ms | p95 ms | requests | non-2xx/3xx | socket errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for topology in TOPOLOGIES:
        row = rows[topology]
        lines.append(
            f"| {names[topology]} | {row['page_rps']} | {row['page_p50']:.1f} | {row['page_p95']:.1f} | "
            f"{row['page_requests']} | {row['page_non2xx']} | {row['page_sockets']} |"
        )
    lines += [
        "",
        "wrk counts every answer of 400 or above as non-2xx/3xx, so 0 there means no 5xx either.",
        "",
        f"## Petition submissions ({args.write_connections} clients)",
        "",
        "| topology | req/s (min–max) | p50 ms | p95 ms | requests | 201 | 400/429 | other | 5xx | socket "
        "errors | stored | lost |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for topology in TOPOLOGIES:
        row = rows[topology]
        lines.append(
            f"| {names[topology]} | {row['write_rps']} | {row['write_p50']:.1f} | {row['write_p95']:.1f} | "
            f"{row['requests']} | {row['created']} | {row['refused']} | {row['other']} | {row['server']} | "
            f"{row['write_sockets']} | {row['stored']} | {row['lost']} |"
        )
    lines += [
        "",
        "Stored is the change in the number of petitions in the database over each round; lost is the 201s "
        "that were not stored (summed over the rounds; it must be 0). Requests in flight when wrk stops are "
        "finished by the server, so stored may exceed the 201s by up to the number of clients.",
        "",
        "## Background tasks and load",
        "",
        "| topology | tasks run by the RQ worker | queue drained within | load average (1 min) before → "
        "after each round |",
        "|---|---|---:|---|",
    ]
    for topology in TOPOLOGIES:
        row = rows[topology]
        tasks = ", ".join(f"{count} {status.lower()}" for status, count in row["tasks"].items()) or "none"
        lines.append(f"| {names[topology]} | {tasks} | {row['drained_in']} s | {row['load']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.output).write_text(text, encoding="utf-8")


def main():
    args = parse_args()
    args.wrk = run.ensure_wrk()
    if not Path(NGINX).exists():
        raise SystemExit(f"The scale-out bench needs nginx ({NGINX}): `apt-get install nginx`.")
    env = run.environment(args)
    env.update(TASKS_BACKEND="rq", RQ_REDIS_URL=args.rq_redis_url, CACHE_KEY_PREFIX="rongmei-scale-out")
    run.prepare(args, env)  # translations, migrate, collectstatic; never the seed
    petitions = run.script_json(env, "writes.py", "count")["petitions"]
    if not petitions:
        raise SystemExit(f"{args.database_url} holds no petitions: seed it first (`make bench`).")
    context = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python bench/scale_out.py", *sys.argv[1:]]),
        "gunicorn": run.gunicorn_version(),
        "load_before": run.load_average(),
        "petitions": petitions,
    }
    folder = Path(tempfile.mkdtemp(prefix="rongmei-scale-out-"))
    folder.chmod(0o755)  # nginx's workers run as nobody
    ports = {name: run.free_port() for name in ("a", "b", "nginx")}
    worker, servers = None, []
    try:
        worker = start_rq_worker(env)
        for name in ("a", "b"):
            servers.append(run.start_gunicorn(args, env, "rongmei.wsgi", ports[name], "/healthz/"))
        servers.append(start_nginx(folder, ports["nginx"], [ports["a"], ports["b"]]))
        if worker.poll() is not None:
            raise SystemExit(f"the RQ worker ended with {worker.returncode}")
        topology_ports = {"single": ports["a"], "pair": ports["nginx"]}
        for name in ("a", "b"):
            warm(args, ports[name])
        for port in topology_ports.values():
            warm(args, port)
        results = {topology: [] for topology in TOPOLOGIES}
        for number in range(1, args.rounds + 1):
            for topology in TOPOLOGIES:
                results[topology].append(measure_round(args, env, topology_ports[topology]))
                last = results[topology][-1]
                print(
                    f"round {number} {topology}: page {last['page']['rps']:.0f} req/s, submissions "
                    f"{last['writes']['rps']:.1f} req/s, {last['writes']['created']} created, "
                    f"{last['writes']['stored']} stored",
                    flush=True,
                )
    finally:
        for server in reversed(servers):
            run.stop(server)
        if worker is not None:
            stop_group(worker)
        shutil.rmtree(folder, ignore_errors=True)
    context["load_after"] = run.load_average()
    report(args, context, results)


if __name__ == "__main__":
    main()
