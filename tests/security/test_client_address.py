"""One rate limiter and one client address for the site and the API: a forged X-Forwarded-For resets nothing."""

import pytest
from django.test import RequestFactory, override_settings

from rongmei.ratelimit import client_ip
from rongmei.rest import ClientRateThrottle


@pytest.fixture
def five_a_minute(monkeypatch):
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"anon": "5/minute"})


def test_a_changing_x_forwarded_for_does_not_reset_the_api_limit_when_not_trusted(client, db, five_a_minute):
    statuses = [
        client.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(8)
    ]
    assert statuses == [200] * 5 + [429] * 3
    response = client.get("/api/topics/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 429
    assert response.json() == {"detail": "请求太频繁，请稍后再试。"}
    assert 0 < int(response["Retry-After"]) <= 60


@override_settings(RONGMEI_TRUST_X_FORWARDED_FOR=True, RONGMEI_TRUSTED_PROXIES=1)
def test_behind_one_trusted_proxy_the_address_it_saw_is_counted_not_what_the_client_wrote(
    client, db, five_a_minute
):
    # the client writes a new address each time; the proxy appends the one it saw (always the same)
    statuses = [
        client.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.7").status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    assert client.get("/api/topics/", HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 200


@pytest.mark.parametrize(
    ("trust", "proxies", "forwarded", "address"),
    [
        (False, 1, "203.0.113.9", "127.0.0.1"),
        (True, 1, "", "127.0.0.1"),
        (True, 1, "203.0.113.9", "203.0.113.9"),
        (True, 1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (True, 2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (True, 3, "203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_address_is_read_one_way(settings, trust, proxies, forwarded, address):
    settings.RONGMEI_TRUST_X_FORWARDED_FOR = trust
    settings.RONGMEI_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == address
