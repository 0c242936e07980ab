"""Rate limits for public forms and API calls, counted in the cache.

The one limiter of the site and of its JSON API (``rongmei.rest.ClientRateThrottle``). A fixed window per key: ``hit("petition:ip:1.2.3.4", limit=5, period=3600)`` answers whether one more
attempt is allowed and counts it. With ``REDIS_URL`` set every process shares the counts; without it
each process counts on its own, which is what a one-machine trial needs. (django-ratelimit refuses
both Django's per-process cache and warns on Django's own Redis cache, so it does not fit here.)

A count is one cache round trip: on Redis one ``MULTI``/``SET NX``/``INCR``/``EXEC`` pipeline (Django's own
``incr`` asks ``EXISTS`` first, and ``add`` then ``incr`` would be two more); on other caches ``incr`` first,
and ``add`` only for the first attempt of a window.
"""

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def client_ip(request):
    """The address the request came from: the one function every form, view and API throttle asks.

    ``X-Forwarded-For`` is read only with ``RONGMEI_TRUST_X_FORWARDED_FOR``, and then only as far as the
    ``RONGMEI_TRUSTED_PROXIES`` proxies in front of the site wrote it: each proxy appends the address it
    saw, so the client is that many entries from the right; anything further left is what the client
    itself sent, and is never believed.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not getattr(settings, "RONGMEI_TRUST_X_FORWARDED_FOR", False):
        return remote
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    proxies = max(1, getattr(settings, "RONGMEI_TRUSTED_PROXIES", 1))
    if not hops:
        return remote
    return hops[-proxies] if len(hops) >= proxies else hops[0]


def _window_key(key, period):
    return f"ratelimit:{key}:{int(time.time() // period)}"


def increment(key, timeout=None, amount=1):
    """Add ``amount`` to the cache counter ``key`` atomically and return the new count (``amount`` for a
    new counter).

    ``timeout`` (seconds, ``None`` for never) starts with the counter and is not extended by later counts.
    """
    return increment_many({key: amount}, timeout)[key]


def increment_many(amounts, timeout=None):
    """``increment`` for several counters at once (``{key: amount}``), in one round trip on Redis;
    returns ``{key: new count}``."""
    backend = caches["default"]  # ``cache`` is a proxy to it, never an instance of its class
    if isinstance(backend, RedisCache):
        return _redis_increment(backend, amounts, timeout)
    counts = {}
    for key, amount in amounts.items():
        try:
            counts[key] = backend.incr(key, amount)
        except ValueError:  # the first count of this key (or it expired just now)
            if backend.add(key, amount, timeout=timeout):
                counts[key] = amount
            else:  # another process created it between our incr and add
                counts[key] = backend.incr(key, amount)
    return counts


def _redis_increment(backend, amounts, timeout):
    # Django's RedisCache keeps its client behind ``_cache``; the serializer stores integers as they are,
    # so INCRBY works on the value and ``cache.get`` reads the count back.
    keys = {key: backend.make_and_validate_key(key) for key in amounts}
    client = backend._cache.get_client(next(iter(keys.values())), write=True)
    with client.pipeline(transaction=True) as pipeline:
        for key, full_key in keys.items():
            pipeline.set(full_key, 0, ex=timeout, nx=True)
            pipeline.incrby(full_key, amounts[key])
        results = pipeline.execute()
    return dict(zip(keys, results[1::2], strict=True))


def hit(key, limit, period):
    """Count one attempt under ``key``; return False when it is over ``limit`` in this window."""
    return increment(_window_key(key, period), timeout=period + 1) <= limit


def seconds_left(period):
    """Seconds until the current window of ``period`` ends and every count under it starts again."""
    return period - time.time() % period


def is_limited(key, limit, period):
    """Whether ``key`` is already over ``limit`` in this window, without counting an attempt."""
    return (cache.get(_window_key(key, period)) or 0) >= limit
