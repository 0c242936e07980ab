"""The benchmark harness reads wrk as wrk writes, answers the captcha as a resident does, and never asks
for a page beyond the end of a list."""

from django.utils import translation

from bench import run, targets, writes
from rongmei import captcha

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8766/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20ms    2.00ms  30.00ms   95.00%
    Req/Sec     1.60k   200.00     2.00k    70.00%
  Latency Distribution
     50%  850.00us
     75%    1.10ms
     90%    2.50ms
     99%    1.20s
  16000 requests in 5.00s, 2.40MB read
Requests/sec:   3200.00
WRK_JSON {"requests": 16000, "duration_us": 5000000, "bytes": 2500000, "errors": {"connect": 0, "read": 1, \
"write": 0, "status": 2, "timeout": 0}, "p50": 851, "p95": 4000, "p99": 1200000, "max": 1500000}
"""


def test_wrk_latency_is_read_in_milliseconds_whatever_unit_wrk_prints():
    result = run.parse_wrk(WRK_OUTPUT)
    assert result["p50"] == 0.85
    assert result["p75"] == 1.1
    assert result["p95"] == 4.0
    assert result["p99"] == 1200.0
    assert result["rps"] == 3200.0
    assert result["failed"] == 3


def test_the_harness_answers_the_sites_captcha():
    with translation.override("zh-hans"):
        question, token = captcha.challenge()
    assert captcha.verify(token, writes.answer(question))


def test_a_deep_page_is_the_last_page_when_the_list_is_shorter():
    assert targets.deep_page(4000, 100_000) == 4000
    assert targets.deep_page(4000, 30_001) == 1501
    assert targets.deep_page(500, 0) == 1
