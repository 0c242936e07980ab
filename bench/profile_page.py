"""Where one benchmark page spends its time: its SQL with each query's duration, and a cProfile summary.

    python bench/profile_page.py "petitions API list" ["Open311 requests" ...] [--runs N] [--top N]

Run under the benchmark's environment (``bench/run.py`` sets it; by hand: ``DJANGO_SETTINGS_MODULE=
bench.settings DATABASE_URL=postgres://postgres@127.0.0.1:5432/rongmei_bench`` and the rest of
``run.environment``). Names are those of ``bench/targets.py``. Each page is requested once to warm the
process, then ``--runs`` times timed and ``--runs`` times profiled with the page cache off, through the site's whole middleware stack (Django's
test client); the slowest queries of the last run are printed with their time, then the functions that
took the most time over all the runs.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit


class QueryTimer:
    """Records ``(seconds, sql)`` of every query run on the default connection while active."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))


def profile(client, name, target, runs, top):
    from django.db import connection
    from django.test import override_settings

    path, cookie = (target["path"], target["cookie"]) if isinstance(target, dict) else (target, None)
    if cookie:
        client.cookies.load(cookie)
    with override_settings(RONGMEI_PAGE_CACHE_SECONDS=0):
        client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        elapsed = []
        for _run in range(runs):  # timed without the profiler, which slows Python code several times over
            started = time.perf_counter()
            client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
            elapsed.append(time.perf_counter() - started)
        profiler, timer = cProfile.Profile(), QueryTimer()
        for _run in range(runs):
            timer.queries.clear()
            with connection.execute_wrapper(timer):
                profiler.enable()
                response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
                profiler.disable()
    client.cookies.clear()
    sql_seconds = sum(seconds for seconds, _sql in timer.queries)
    print(f"\n## {name}: {path} → {response.status_code}")
    print(
        f"median {sorted(elapsed)[len(elapsed) // 2] * 1000:.1f} ms over {runs} runs (no profiler); last "
        f"profiled run {len(timer.queries)} queries, {sql_seconds * 1000:.1f} ms in SQL"
    )
    for seconds, sql in sorted(timer.queries, reverse=True)[:8]:
        print(f"  {seconds * 1000:7.2f} ms  {sql[:300]}")
    output = io.StringIO()
    stats = pstats.Stats(profiler, stream=output).sort_stats(os.environ.get("PROFILE_SORT", "tottime"))
    stats.print_stats(top)
    print("\n".join(line for line in output.getvalue().splitlines() if line.strip())[:6000])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="+")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.test import Client

    from bench.targets import TARGETS

    client = Client(raise_request_exception=False, HTTP_HOST=urlsplit("http://127.0.0.1").hostname)
    for name in args.names:
        target = TARGETS[name]()
        if target is None:
            print(f"\n## {name}: not on this site")
            continue
        profile(client, name, target, args.runs, args.top)


if __name__ == "__main__":
    main()
