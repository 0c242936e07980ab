"""The site's production settings, as the benchmark serves them.

All the load comes from one address (127.0.0.1), so the per-address limits that protect the site from
one abusive client would answer the benchmark with 429s: they are raised here, and nothing else changes.
The environment (``bench/run.py``) supplies what production reads from it.
"""

from rongmei.settings.production import *  # noqa: F403

_MANY = (10**9, 60)
PETITION_RATE_LIMITS = {
    "submit_ip": _MANY,
    "submit_phone": _MANY,
    "track_ip": _MANY,
    "follow_up": _MANY,
    "support_ip": _MANY,
}
OPEN311_RATE_LIMIT = 10**9
