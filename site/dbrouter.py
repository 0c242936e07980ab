"""A read replica for anonymous public reads (``DATABASE_REPLICA_URL``).

With a replica configured, ``settings`` adds the ``replica`` database alias, ``PrimaryReplicaRouter`` and
``ReplicaMiddleware``. The middleware decides once per request whether its reads may go to the replica;
the router follows that decision. Reads go to the replica only when all of these hold:

- the request is inside ``ReplicaMiddleware`` (management commands, task workers, the shell and anything
  else outside a request always use the primary);
- its method is safe (GET, HEAD, OPTIONS);
- its path is not the Wagtail admin's or another listed in ``RONGMEI_PRIMARY_PATHS``;
- it carries no API key (an ``Authorization`` or ``X-Api-Key`` header, Open311's ``api_key`` parameter) and
  its session has no signed-in user;
- the visitor has not written in the last ``DATABASE_REPLICA_PIN_SECONDS`` (the signed ``rm_primary``
  cookie set on the response of any request that wrote);
- nothing has been written yet in this request: the first statement that changes rows on the primary
  (other than a session's or the view counts') pins the rest of the request to the primary.

Everything else, every write and every read of a session, goes to the primary. Migrations run on the primary
only. A standby is read-only and a little behind: the cookie is what lets a resident who has just posted
see their own petition while the replica replays it.
"""

import contextvars
import functools
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.db import connections

from rongmei import cache as page_cache

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "rm_primary"
PIN_SALT = "rongmei.dbrouter.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Always on the primary, and writing them does not pin: each request reads its own session there, and
#: the view counts a page view moves into the database are never read back by that visitor.
BOOKKEEPING = frozenset({("sessions", "session"), ("newsroom", "pageviewcount")})

# A visitor who has just written gets fresh pages, read from the primary, not a shared cached one.
page_cache.personal_cookie(PIN_COOKIE)


class _RequestState:
    __slots__ = ("replica", "wrote")

    def __init__(self, replica):
        self.replica = replica  # the request's reads may go to the replica (until a write)
        self.wrote = False  # something other than bookkeeping was written: pin the visitor


_state = contextvars.ContextVar("rongmei_dbrouter_state", default=None)


def pin_seconds():
    return int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 10))


def primary_paths():
    return tuple(getattr(settings, "RONGMEI_PRIMARY_PATHS", ("/admin/",)))


def reads_from_replica():
    """Whether a read made now goes to the replica (for logs and tests)."""
    state = _state.get()
    return bool(state and state.replica)


def _is_pinned(request):
    try:
        request.get_signed_cookie(PIN_COOKIE, salt=PIN_SALT, max_age=pin_seconds())
    except (KeyError, signing.BadSignature):
        return False
    return True


def _has_api_key(request):
    """Machines with a key (petitions.exchange.authentication, Open311's ``api_key``) read what they wrote."""
    meta = request.META
    return "HTTP_AUTHORIZATION" in meta or "HTTP_X_API_KEY" in meta or "api_key" in request.GET


def _may_use_replica(request):
    if request.method not in SAFE_METHODS:
        return False
    if request.path_info.startswith(primary_paths()):
        return False
    if _has_api_key(request) or _is_pinned(request):
        return False
    session = getattr(request, "session", None)
    # Reads the session (on the primary) only for a visitor who has a session cookie.
    return not (session is not None and session.get(SESSION_KEY))


class ReplicaMiddleware:
    """Decides, per request, whether its reads may go to the replica; after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _RequestState(replica=False)
        token = _state.set(state)
        try:
            state.replica = _may_use_replica(request)
            with connections[PRIMARY].execute_wrapper(_WriteWatcher(state)):
                response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


@functools.cache
def _bookkeeping_tables():
    return {apps.get_model(label, name)._meta.db_table for label, name in BOOKKEEPING}


class _WriteWatcher:
    """Marks the request as having written when a statement that changes rows runs on the primary.

    The statements themselves, not ``db_for_write``: Django asks for the write database also to read, in
    ``get_or_create`` (every ``BaseSiteSetting.for_request``), which would pin every visitor."""

    def __init__(self, state):
        self.state = state

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql) if isinstance(sql, str) else None
        if match and match[1] not in _bookkeeping_tables():
            self.state.replica = False  # what follows in this request reads what it wrote
            self.state.wrote = True
        return execute(sql, params, many, context)


def _bookkeeping(model):
    meta = model._meta
    return (meta.app_label, meta.model_name) in BOOKKEEPING


class PrimaryReplicaRouter:
    """Reads to the replica when the current request allows it; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or not state.replica or _bookkeeping(model):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
