"""Calls from a district's site to its city's: what is sent, when it counts as done, how it is retried.

Written by ``on_transition`` (the workflow's ``transition_performed``, inside the transition's transaction):

- ``forward_to_city`` → a ``forward`` call: the petition as an Open311 request (form-encoded POST to
  ``<city>/open311/v2/requests.json``: ``api_key``, ``service_code`` = the topic's slug, ``description``,
  ``address_string``, ``lat``/``long``, ``last_name`` and ``phone`` — the city is the handling unit's
  system — and ``attribute[kind]``, ``attribute[title]``, ``attribute[is_public]``), with the
  ``Idempotency-Key`` header kept in the call; the 201 answer's number and tracking code go on the case.
- ``accept`` of a petition whose topic is a city matter → ``forward_to_city`` by the system, once the
  acceptance commits.
- a petition dispatched down by the city: its ``claim`` when it is stored (``receiver``), its ``reply``
  when this site's unit replies — each a signed POST to ``<city>/api/petitions/<number>/<action>/``
  (``X-Api-Key``, ``X-Rongmei-Timestamp``, ``X-Rongmei-Signature``, as ``webhooks`` signs).

Done is a 2xx answer (and, for a claim, a 409: the city's petition is already past being claimed).
A refusal (another 4xx but 408 and 429) is given up at once with the city's message: retrying cannot
help until staff fix the configuration and press "retry now". Anything else (the city down, 5xx, a
timeout) is retried after ``webhooks.backoff`` until ``webhooks.MAX_ATTEMPTS``. The calls of one case go
in order: none is sent while an earlier one of its case is still pending.
"""

import contextlib
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ... import workflow
from ...models import CityCall, CityCase, CityLink, Petition, PetitionMessage
from .. import webhooks

S = Petition.Status
USER_AGENT = "Rongmei-District/1"
TRACKING_CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")
POLL_LIMIT = 100


def active_link():
    return CityLink.objects.active().order_by("pk").first()


# --- what a transition writes ----------------------------------------------------------------------------


def on_transition(sender, name, petition, **kwargs):
    """``workflow.transition_performed`` receiver (connected in ``petitions.apps``)."""
    if name == "forward_to_city":
        forwarded(petition)
    elif name == "accept":
        _forward_city_matter(petition)
    elif name == "reply":
        _reply_up(petition)


def forwarded(petition):
    link = CityLink.objects.active().filter(department_id=petition.department_id).first()
    if link is None:
        return None
    case, _created = CityCase.objects.update_or_create(
        petition=petition,
        defaults={
            "link": link,
            "direction": CityCase.Direction.UP,
            "city_number": "",
            "city_tracking_code": "",
            "city_status": "",
        },
    )
    return queue(case, CityCall.Action.FORWARD, {"idempotency_key": uuid.uuid4().hex})


def _forward_city_matter(petition):
    """Once the acceptance commits (so a site without a link pays nothing inside it): forward the petition
    if its topic is one of the city's matters."""
    pk, topic_id = petition.pk, petition.topic_id

    def forward():
        link = active_link()
        if link is None or not link.city_topics.filter(pk=topic_id).exists():
            return
        if CityCase.objects.filter(petition_id=pk).exists():
            return
        # already dispatched by hand in the meantime: nothing to do
        with contextlib.suppress(workflow.TransitionError):
            workflow.perform(Petition.objects.get(pk=pk), "forward_to_city", None, department=link.department)

    transaction.on_commit(forward)


def _reply_up(petition):
    if petition.intake_channel != Petition.IntakeChannel.CITY_DISPATCH:
        return  # only a petition the city dispatched has a reply to send up
    case = CityCase.objects.filter(petition=petition, direction=CityCase.Direction.DOWN).first()
    if case is None:
        return
    reply = petition.messages.filter(kind=PetitionMessage.Kind.REPLY).order_by("-created_at", "-pk").first()
    queue(case, CityCall.Action.REPLY, {"body": reply.body if reply else ""})


def queue(case, action, payload):
    """Write a call and send it once the transaction commits."""
    call = CityCall.objects.create(case=case, action=action, payload=payload)
    transaction.on_commit(lambda: send_calls.enqueue([call.pk]))
    return call


# --- sending ---------------------------------------------------------------------------------------------


def _post(url, body, headers):
    """POST once; ``(status or None, parsed JSON or None, error text)``."""
    request = urllib.request.Request(  # noqa: S310 - the admin's URLField accepts http and https only
        url, data=body, method="POST", headers={"User-Agent": USER_AGENT, **headers}
    )
    try:
        with webhooks.opener.open(request, timeout=webhooks.TIMEOUT) as response:
            return response.status, _json(response.read(100_000)), ""
    except urllib.error.HTTPError as error:
        try:
            data = _json(error.read(10_000))
        except (OSError, http.client.HTTPException):
            data = None
        return (
            error.code,
            data,
            _("市级平台返回 HTTP %(code)s：%(text)s")
            % {
                "code": error.code,
                "text": _message_of(data),
            },
        )
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, None, _("无法连接市级平台：%(reason)s") % {"reason": reason}


def _json(raw):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _message_of(data):
    """The city's own words in an error answer: Open311's ``[{"description"}]`` or the API's ``{"errors"}``."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return str(data[0].get("description", ""))
    if isinstance(data, dict) and isinstance(data.get("errors"), dict):
        return "；".join(str(m) for messages in data["errors"].values() for m in messages)
    return ""


def forward_form(petition, link):
    """The Open311 request a forwarded petition is posted as."""
    fields = {
        "api_key": link.open311_key,
        "service_code": petition.topic.slug,
        "attribute[kind]": petition.kind,
        "attribute[title]": petition.title,
        "attribute[is_public]": "true" if petition.is_public else "false",
        "description": petition.content,
        # the city needs a place; a petition without one is placed in the district itself
        "address_string": petition.address or link.department.name,
        "last_name": petition.contact_name,
        "phone": petition.contact_phone,
    }
    if petition.latitude is not None and petition.longitude is not None:
        fields["lat"], fields["long"] = str(petition.latitude), str(petition.longitude)
    return fields


def _send_forward(call, case, link):
    body = urllib.parse.urlencode(forward_form(case.petition, link)).encode()
    code, data, error = _post(
        f"{link.base_url}/open311/v2/requests.json",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Idempotency-Key": call.payload.get("idempotency_key", ""),
        },
    )
    if code is not None and 200 <= code < 300:
        answer = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
        number = str(answer.get("service_request_id") or "")
        if not number:
            return None, _("市级平台的回答中没有诉求编号。")
        found = TRACKING_CODE.search(str(answer.get("service_notice") or ""))
        case.city_number = number[:20]
        case.city_tracking_code = found[0] if found else ""
        case.city_status = S.PENDING
        case.synced_at = timezone.now()
        case.save(update_fields=["city_number", "city_tracking_code", "city_status", "synced_at"])
    return code, error


def signed_headers(link, body):
    timestamp = int(time.time())
    return {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "X-Api-Key": link.system_key,
        "X-Rongmei-Timestamp": str(timestamp),
        "X-Rongmei-Signature": webhooks.sign(link.webhook_secret, timestamp, body),
    }


def _send_action(call, case, link):
    data = {"number": case.city_number}
    if call.action == CityCall.Action.REPLY:
        data["body"] = call.payload.get("body") or _("（办理单位已答复）")
        data["internal_note"] = _("区级诉求 %(number)s") % {"number": case.petition.number}
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    path = urllib.parse.quote(case.city_number)
    code, _answer, error = _post(
        f"{link.base_url}/api/petitions/{path}/{call.action}/", body, signed_headers(link, body)
    )
    if code == 409 and call.action == CityCall.Action.CLAIM:
        return 200, error  # the city's petition is already claimed (or further): nothing left to do
    return code, error


def _unsendable(case, link):
    if link is None or not link.is_active:
        return _("上级平台对接已停用。")
    if urllib.parse.urlsplit(link.city_url).scheme not in ("http", "https"):
        return _("市级平台地址必须以 http:// 或 https:// 开头。")
    if case.direction == CityCase.Direction.UP and not link.open311_key:
        return _("还没有填写市级签发的 Open311 密钥。")
    if case.direction == CityCase.Direction.DOWN and not (link.system_key and link.webhook_secret):
        return _("还没有填写市级数据对接的签名密钥和回传 API 密钥。")
    if call_needs_number(case):
        return _("这条诉求还没有市级编号。")
    return ""


def call_needs_number(case):
    return case.direction == CityCase.Direction.DOWN and not case.city_number


def _retryable(code):
    return code is None or code in (408, 429) or code >= 500


def attempt(call, now=None):
    """Try one due call; record the outcome. False when it was not due, another worker has it, or an
    earlier call of its case is still pending."""
    now = now or timezone.now()
    # a call waits for the pending ones before it (a reply for its claim); one given up does not hold the
    # next back forever (a petition forwarded again after its first forwarding was refused)
    earlier = CityCall.objects.filter(case_id=call.case_id, pk__lt=call.pk, status=CityCall.Status.PENDING)
    if earlier.exists():
        return False
    leased = CityCall.objects.filter(
        pk=call.pk, status=CityCall.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + webhooks.LEASE)
    if not leased:
        return False
    call = CityCall.objects.select_related("case__petition__topic", "case__link__department").get(pk=call.pk)
    case, link = call.case, call.case.link
    refusal = _unsendable(case, link)
    if refusal:
        code, error = None, refusal
    elif call.action == CityCall.Action.FORWARD:
        code, error = _send_forward(call, case, link)
    else:
        code, error = _send_action(call, case, link)
    call.attempts += 1
    call.last_attempt_at = now
    call.last_status_code = code
    call.last_error = (error or "")[:300]
    if code is not None and 200 <= code < 300:
        call.status = CityCall.Status.DONE
        call.done_at = now
        call.next_attempt_at = None
    elif refusal or not _retryable(code) or call.attempts >= webhooks.MAX_ATTEMPTS:
        call.status = CityCall.Status.GAVE_UP
        call.next_attempt_at = None
    else:
        call.next_attempt_at = now + webhooks.backoff(call.attempts)
    call.save()
    if call.status == CityCall.Status.DONE:
        _send_next(call)
    return True


def _send_next(call):
    """A call waiting for this one goes at once (a reply queued while its claim was being retried)."""
    waiting = CityCall.objects.filter(case_id=call.case_id, pk__gt=call.pk, status=CityCall.Status.PENDING)
    following = waiting.order_by("pk").first()
    if following is not None:
        attempt(following)


def retry_now(call, now=None):
    """Staff's "retry now": one more attempt at once, even after giving up."""
    now = now or timezone.now()
    CityCall.objects.filter(pk=call.pk).exclude(status=CityCall.Status.DONE).update(
        status=CityCall.Status.PENDING, next_attempt_at=now
    )
    attempt(call, now)
    call.refresh_from_db()
    return call


def deliver_due(now=None, limit=200):
    """Send every call whose attempt is due, then poll the city's progress (the tick calls this); return
    how many calls succeeded and petitions changed."""
    now = now or timezone.now()
    due = list(CityCall.objects.due(now).order_by("pk")[:limit])
    for call in due:
        attempt(call, now)
    done = CityCall.objects.filter(pk__in=[c.pk for c in due], status=CityCall.Status.DONE).count()
    return done + poll(now)


@task()
def send_calls(call_ids):
    """The first attempt of new calls, right after they commit."""
    for call in CityCall.objects.filter(pk__in=call_ids).order_by("pk"):
        attempt(call)
    return len(call_ids)


# --- the city's progress on petitions forwarded up ---------------------------------------------------


def waiting_cases():
    """Forwarded petitions whose district is waiting for the city: dispatched to the city's unit, with the
    city's tracking code."""
    return (
        CityCase.objects.filter(
            direction=CityCase.Direction.UP,
            link__is_active=True,
            petition__status__in=[S.ASSIGNED, S.PROCESSING],
            petition__department_id=F("link__department_id"),
        )
        .exclude(city_tracking_code="")
        .select_related("petition", "link__department")
    )


def poll(now=None, limit=POLL_LIMIT):
    """Read each waiting petition's state on the city (its tracking API) and follow it; return how many
    petitions changed. A city that cannot be reached is tried again at the next tick."""
    changed = 0
    for case in waiting_cases().order_by("synced_at", "pk")[:limit]:
        body = json.dumps({"code": case.city_tracking_code}).encode()
        code, data, _error = _post(
            f"{case.link.base_url}/api/petitions/track/",
            body,
            {"Content-Type": "application/json", "Accept": "application/json"},
        )
        if code is None:
            break  # the city cannot be reached: the next tick tries again, without waiting on every case
        if code != 200 or not isinstance(data, dict):
            continue
        changed += follow(case, data, now)
    return changed


def _city_replies(data):
    return [
        step for step in data.get("thread") or [] if isinstance(step, dict) and step.get("kind") == "reply"
    ]


def follow(case, data, now=None):
    """Bring the district's petition to where the city's stands (``data``: the city's tracking answer),
    through the workflow, acting as the city's unit. Returns 1 if the petition changed."""
    status = str(data.get("status") or "")
    actor = workflow.DepartmentSystem(case.link.department)
    petition = case.petition
    before = petition.status
    try:
        if status == S.REJECTED:
            reason = _("市级平台不予受理：%(reason)s") % {"reason": data.get("rejection_reason") or ""}
            workflow.perform(petition, "return", actor, reason=reason)
        else:
            if status in (S.PROCESSING, S.REPLIED, S.CLOSED) and petition.status == S.ASSIGNED:
                workflow.perform(petition, "claim", actor)
            replies = _city_replies(data)
            mirrored = petition.messages.filter(
                kind=PetitionMessage.Kind.REPLY, department=case.link.department
            ).count()
            if (
                status in (S.REPLIED, S.CLOSED)
                and petition.status == S.PROCESSING
                and len(replies) > mirrored
            ):
                latest = replies[-1]
                workflow.perform(
                    petition,
                    "reply",
                    actor,
                    body=str(latest.get("body") or "")[:2000],
                    internal_note=_("市级诉求 %(number)s，答复单位：%(department)s")
                    % {"number": case.city_number, "department": latest.get("department") or ""},
                )
    except (workflow.TransitionError, PermissionDenied):
        pass  # the district's staff moved it meanwhile; the next poll sees the new state
    case.city_status = status[:12]
    case.synced_at = now or timezone.now()
    case.save(update_fields=["city_status", "synced_at"])
    return int(petition.status != before)
