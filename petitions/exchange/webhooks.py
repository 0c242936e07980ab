"""Data exchange with district platforms (四级联动): the rules for events, signatures and delivery.

Events. When a transition that concerns the handling department is performed (``EVENT_TYPES``: dispatch,
supervision, reopening, an extension decided; the workflow's ``transition_performed`` signal tells this
module), ``record_transition`` writes one ``WebhookEvent`` for the
petition's department — in the transition's own transaction, so an event is never lost — and one pending
``WebhookDelivery`` for each active webhook with an address that hears of that department (its own, or a
unit above it with ``include_sub_units``). Events are written only when some active webhook hears of the
department; the event log is also the feed that polling systems read (``/api/webhook-events/``).

Payload. The petition as the handling department sees it in its workbench: number, title and content as
written, kind, topic, place and coordinates, deadlines, the referral note, and the resident's contact name
and phone — the receiver is the department's own case system, whose staff call the resident back, exactly
as the workbench shows them. Nothing here is ever public; the feed is read only with the department's key.

Signing. Every POST carries ``X-Rongmei-Event`` (the type), ``X-Rongmei-Event-Id`` (the event's uuid, for
de-duplication), ``X-Rongmei-Delivery`` (the delivery's number), ``X-Rongmei-Timestamp`` (Unix seconds)
and ``X-Rongmei-Signature: sha256=<hex>``, the HMAC-SHA256 with the webhook's secret of
``"{timestamp}.{body}"``. Replies back through the API are signed the same way by the receiver; a
signature is accepted only within ``REPLAY_WINDOW`` seconds of its timestamp and only once.

Delivery. Acknowledged means an HTTP 2xx answer within ``TIMEOUT`` seconds; redirects are not followed
(a 3xx is not an acknowledgement) and proxies from the environment are not used. Otherwise the attempt
is recorded (status code or error) and retried after ``backoff(attempts)``: 1, 2, 4, ... minutes, at
most ``MAX_BACKOFF``; after ``MAX_ATTEMPTS`` attempts the delivery is given up (``gave_up``), visible in
the admin with a "retry now" button. The first attempt runs as a Django Task after the commit; retries
run from the petitions tick (``deliver_due``). A delivery is leased before it is sent (its next attempt
moved past the timeout), so two ticks never send it twice at once.

Addresses are registered by administrators, so private addresses (a district platform on the county's
network, 127.0.0.1 in tests) are allowed; only http and https are.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ..models import Petition, PetitionDispatch, Webhook, WebhookDelivery, WebhookEvent

TIMEOUT = 5  # seconds to wait for the receiver's answer
MAX_ATTEMPTS = 10
FIRST_BACKOFF = datetime.timedelta(minutes=1)
MAX_BACKOFF = datetime.timedelta(hours=6)
REPLAY_WINDOW = 300  # seconds either side of a signed request's timestamp
LEASE = datetime.timedelta(seconds=TIMEOUT * 3)
USER_AGENT = "Rongmei-Webhook/1"

E = WebhookEvent.Type
S = Petition.Status


def _event_type(name, petition):
    """The event a committed transition makes, or None."""
    if name == "rate":  # 不满意 sends the petition back to its department once
        return E.REOPENED if petition.status == S.PROCESSING else None
    return EVENT_TYPES.get(name)


#: workflow transition → event type told to the department's systems
EVENT_TYPES = {
    "dispatch": E.DISPATCHED,
    "supervise": E.SUPERVISED,
    "reopen": E.REOPENED,
    "extend": E.EXTENDED,
    "refuse_extension": E.EXTENSION_REFUSED,
}


# --- events ---------------------------------------------------------------------------------------------


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def petition_payload(petition):
    """The petition as its handling department sees it (contact details included: see the module doc)."""
    dispatch = (
        PetitionDispatch.objects.filter(petition=petition, department_id=petition.department_id)
        .order_by("-dispatched_at", "-pk")
        .first()
    )
    return {
        "number": petition.number,
        "title": petition.title,
        "content": petition.content,
        "kind": petition.kind,
        "kind_display": str(petition.get_kind_display()),
        "topic": {"id": petition.topic_id, "name": petition.topic.name},
        "status": petition.status,
        "address": petition.address,
        "latitude": float(petition.latitude) if petition.latitude is not None else None,
        "longitude": float(petition.longitude) if petition.longitude is not None else None,
        "is_public": petition.is_public,
        "is_supervised": petition.is_supervised,
        "submitted_at": _iso(petition.submitted_at),
        "assigned_at": _iso(petition.assigned_at),
        "due_at": _iso(petition.due_at),
        "reply_due_at": _iso(petition.reply_due_at),
        "referral_note": dispatch.note if dispatch else "",
        "contact": {"name": petition.contact_name, "phone": petition.contact_phone},
    }


def build_event(event_type, petition, now=None):
    """An unsaved event for ``petition`` at its current department."""
    now = now or timezone.now()
    event = WebhookEvent(
        type=event_type, petition=petition, department=petition.department, created_at=now, payload={}
    )
    event.payload = {
        "id": str(event.uuid),
        "type": str(event_type),
        "created_at": _iso(now),
        "department": {"id": petition.department.pk, "name": petition.department.name},
        "petition": petition_payload(petition),
    }
    return event


def on_transition(sender, name, petition, **kwargs):
    """``workflow.transition_performed`` receiver (connected in ``petitions.apps``)."""
    record_transition(name, petition)


def record_transition(name, petition):
    """Write the event of a transition (inside its transaction) and deliver it once committed."""
    event_type = _event_type(name, petition)
    if event_type is None or petition.department_id is None:
        return None
    webhooks = list(Webhook.objects.covering(petition.department))
    if not webhooks:
        return None
    event = build_event(event_type, petition)
    event.save()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, webhook=webhook, next_attempt_at=event.created_at)
        for webhook in webhooks
        if webhook.url
    )
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: deliver.enqueue(ids))
    return event


# --- signing --------------------------------------------------------------------------------------------


def sign(secret, timestamp, body):
    """``sha256=<hex>``: HMAC-SHA256 with ``secret`` of ``"{timestamp}.{body}"`` (body as bytes)."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class SignatureError(Exception):
    """A signed request that must be refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, message, status=401):
        super().__init__(message)
        self.message = message
        self.status = status


def verify(secret, timestamp, signature, body, now=None):
    """Check a signed request from a receiver; raise ``SignatureError`` unless it is good and new."""
    if not timestamp or not signature:
        raise SignatureError(_("缺少签名：请带上 X-Rongmei-Timestamp 和 X-Rongmei-Signature。"))
    try:
        sent = int(timestamp)
    except ValueError:
        raise SignatureError(_("X-Rongmei-Timestamp 应为 Unix 秒数。")) from None
    now = time.time() if now is None else now
    if abs(now - sent) > REPLAY_WINDOW:
        raise SignatureError(_("签名时间戳已过期或超前（有效期 5 分钟），请重新签名。"))
    if not hmac.compare_digest(sign(secret, sent, body), signature.strip()):
        raise SignatureError(_("签名不正确。"))
    # each signature is good once: remember it for as long as its timestamp is acceptable
    if not cache.add(f"webhooks:signature:{signature.strip()}", 1, timeout=REPLAY_WINDOW * 2 + 5):
        raise SignatureError(_("这个签名已经用过（重放请求），请重新签名。"), status=409)


# --- delivery -------------------------------------------------------------------------------------------


def backoff(attempts):
    """How long to wait after the ``attempts``-th failed attempt: 1, 2, 4, ... minutes, capped."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer, not an acknowledgement; never follow it elsewhere


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def body_of(event):
    return json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")).encode()


def send(delivery):
    """POST the delivery's event once; return ``(status_code or None, error text)``."""
    webhook, event = delivery.webhook, delivery.event
    body = body_of(event)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked in _unsendable()
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Rongmei-Event": event.type,
            "X-Rongmei-Event-Id": str(event.uuid),
            "X-Rongmei-Delivery": str(delivery.pk),
            "X-Rongmei-Timestamp": str(timestamp),
            "X-Rongmei-Signature": sign(webhook.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        try:
            text = error.read(200).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            text = ""
        return error.code, _("对方返回 HTTP %(code)s：%(text)s") % {"code": error.code, "text": text}
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, _("无法连接接收地址：%(reason)s") % {"reason": reason}


def _unsendable(webhook):
    """Why nothing can be sent to this webhook, or ``""``."""
    if not webhook.is_active or not webhook.url:
        return _("数据对接已停用或没有接收地址。")
    if urlsplit(webhook.url).scheme not in ("http", "https"):
        return _("接收地址必须以 http:// 或 https:// 开头。")
    return ""


def attempt(delivery, now=None):
    """Try one due delivery; record the outcome. False when it was not due (or another worker has it)."""
    now = now or timezone.now()
    leased = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not leased:
        return False
    delivery = WebhookDelivery.objects.select_related("event", "webhook").get(pk=delivery.pk)
    refusal = _unsendable(delivery.webhook)
    code, error = (None, refusal) if refusal else send(delivery)
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = code
    delivery.last_error = error[:300]
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS or refusal:  # retrying cannot help a refused address
        delivery.status = WebhookDelivery.Status.GAVE_UP
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    return True


def retry_now(delivery, now=None):
    """An administrator's "retry now": one more attempt at once, even after giving up."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).exclude(status=WebhookDelivery.Status.DELIVERED).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=now
    )
    attempt(delivery, now)
    delivery.refresh_from_db()
    return delivery


def deliver_due(now=None, limit=200):
    """Send every delivery whose next attempt is due (the tick calls this); return how many succeeded."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects.due(now).order_by("next_attempt_at", "pk")[:limit])
    for delivery in due:
        attempt(delivery, now)
    return WebhookDelivery.objects.filter(
        pk__in=[d.pk for d in due], status=WebhookDelivery.Status.DELIVERED
    ).count()


@task()
def deliver(delivery_ids):
    """The first attempt of new deliveries, right after their event commits."""
    for delivery in WebhookDelivery.objects.filter(pk__in=delivery_ids):
        attempt(delivery)
    return len(delivery_ids)


#: The HTTP opener of every outgoing call of the exchange: no proxies from the environment, no redirects.
opener = _opener
