"""Taking part in a survey, a vote or a contest (评比): the rules the survey and contest pages share.

- **When**: a time window ``[opens_at, closes_at)``; either end may be open. Before it the activity is
  ``upcoming``, inside it ``open``, from ``closes_at`` on ``closed``.
- **Who is one person**: the signed-in account, and the browser by a signed cookie — a resident who
  took part in one of the two has taken part; signing out does not give a second go, nor does another
  browser with the same account.
- **How often from one address**: ``too_frequent`` counts attempts per activity and address
  (``rongmei.ratelimit``), so a script behind one address cannot vote all day with fresh cookies.
"""

import secrets

from django.utils import timezone

from rongmei.ratelimit import client_ip, hit

COOKIE_AGE = 60 * 60 * 24 * 365


def window_state(opens_at, closes_at, now=None):
    """``upcoming``, ``open`` or ``closed`` for the window ``[opens_at, closes_at)`` at ``now``."""
    now = now or timezone.now()
    if opens_at and now < opens_at:
        return "upcoming"
    if closes_at and now >= closes_at:
        return "closed"
    return "open"


def signed_cookie(request, name, salt):
    """The value of the signed cookie ``name``, or None when it is missing or was tampered with."""
    return request.get_signed_cookie(name, default=None, salt=salt)


def remember(response, name, value, salt):
    """Set the signed cookie that tells this browser took part (a year, not readable by scripts)."""
    response.set_signed_cookie(name, value, salt=salt, max_age=COOKIE_AGE, httponly=True, samesite="Lax")


def browser_token(request, name, salt):
    """The browser's own random token from the signed cookie ``name``, or a new one (then the caller
    sets it with ``remember``); and whether it is new."""
    token = signed_cookie(request, name, salt)
    if token:
        return token, False
    return secrets.token_hex(16), True


def account(request):
    """The signed-in account of the request, or None."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def too_frequent(request, activity, limit):
    """Count one attempt at ``activity`` (e.g. ``survey:12``) from the request's address; whether it
    goes beyond ``limit``, a ``(count, seconds)`` pair."""
    return not hit(f"{activity}:ip:{client_ip(request)}", *limit)
