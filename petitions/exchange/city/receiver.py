"""The district's receiver of its city's events: ``POST /exchange/city/events/`` (交办 and what follows).

The city's site sends its data-exchange events here (``petitions.exchange.webhooks``: the district is a
unit of the city's with a webhook whose address is this). A request is acted on only when

1. this site has an active ``CityLink`` with the exchange's signing secret (else 503, which the city
   retries);
2. its signature verifies (``webhooks.verify``: ``X-Rongmei-Timestamp`` within five minutes, the
   HMAC-SHA256 of ``"{timestamp}.{body}"``, each signature once — else 401, or 409 for a replay);
3. its body is a JSON object with the event's ``id`` (a uuid, the ``X-Rongmei-Event-Id``), ``type`` and
   ``petition`` (with its ``number``, ``title`` and ``content``) — else 400.

An event already received (its uuid in ``CityEventReceipt``) is acknowledged with 200 and
``"duplicate": true`` and nothing is done again: the city retries until it gets a 2xx. What each type does:

- ``petition.dispatched``: a new petition here, as the city's payload has it (channel 市级交办, the
  resident's contact details for the district's staff only, public as it is on the city), accepted at
  once with the city's referral note as an internal note; its claim is sent to the city
  (``outbox``). A dispatch of a city petition this site still has open is only acknowledged.
- ``petition.supervised``: the petition is supervised here too; ``petition.reopened``,
  ``petition.extension_approved`` and ``petition.extension_refused``: an internal note for its staff.
- any other type is acknowledged (202) and ignored.

Answers are JSON: ``{"ok": true, "number": ...}`` or ``{"errors": {field: [message]}}``. Nothing here
answers 500: a failure this site cannot handle now is a 503, which the city retries.
"""

import json
import logging
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ... import workflow
from ...models import CityCall, CityCase, CityEventReceipt, CityLink, Petition, Topic
from .. import webhooks
from . import outbox

logger = logging.getLogger(__name__)
S = Petition.Status
OPEN = (S.PENDING, S.ACCEPTED, S.ASSIGNED, S.PROCESSING, S.REPLIED)


class Refusal(Exception):
    def __init__(self, status, message, field="non_field_errors"):
        super().__init__(message)
        self.status, self.message, self.field = status, str(message), field


def _answer(status, **data):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _refused(refusal):
    return _answer(refusal.status, errors={refusal.field: [refusal.message]})


@csrf_exempt
@require_POST
def receive(request):
    try:
        link = CityLink.objects.active().order_by("pk").first()
        if link is None or not link.webhook_secret:
            # not 404: a 404 here is turned into a redirect by the language middleware; and the city
            # retries a 503, so nothing is lost while the district finishes its configuration
            raise Refusal(503, _("本站没有启用上级平台对接。"))
        body = request.body  # the exact bytes the city signed
        try:
            webhooks.verify(
                link.webhook_secret,
                request.headers.get("X-Rongmei-Timestamp", ""),
                request.headers.get("X-Rongmei-Signature", ""),
                body,
            )
        except webhooks.SignatureError as refusal:
            raise Refusal(refusal.status, refusal.message, "signature") from None
        event = _event(body)
        return _handle(link, event)
    except Refusal as refusal:
        return _refused(refusal)
    except Exception:  # never a 500 to the city: it retries a 503, and the event is not lost
        logger.exception("city event could not be handled")
        return _answer(503, errors={"non_field_errors": [_("暂时无法处理这个事件，请稍后重试。")]})


def _event(body):
    try:
        event = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, _("请求内容不是有效的 JSON。")) from None
    if not isinstance(event, dict):
        raise Refusal(400, _("请求内容应为 JSON 对象。"))
    try:
        event["id"] = uuid.UUID(str(event.get("id", "")))
    except ValueError:
        raise Refusal(400, _("事件缺少有效的 id。"), "id") from None
    if not isinstance(event.get("type"), str) or not event["type"]:
        raise Refusal(400, _("事件缺少 type。"), "type")
    petition = event.get("petition")
    if not isinstance(petition, dict) or not str(petition.get("number") or "").strip():
        raise Refusal(400, _("事件缺少诉求及其编号。"), "petition")
    return event


HANDLERS = {}


def handles(event_type):
    def register(function):
        HANDLERS[event_type] = function
        return function

    return register


def _handle(link, event):
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return _answer(202, ok=True, ignored=True)
    if CityEventReceipt.objects.filter(uuid=event["id"]).exists():
        return _answer(200, ok=True, duplicate=True)
    try:
        with transaction.atomic():
            receipt = CityEventReceipt.objects.create(uuid=event["id"], type=event["type"][:40])
            petition = handler(link, event)
            receipt.petition = petition
            receipt.save(update_fields=["petition"])
    except IntegrityError:  # the same event, delivered twice at once: the other delivery has it
        return _answer(200, ok=True, duplicate=True)
    except (workflow.TransitionError, PermissionDenied) as refusal:
        raise Refusal(409, "；".join(getattr(refusal, "messages", [str(refusal)]))) from None
    return _answer(200, ok=True, number=petition.number if petition else None)


def _text(data, key, limit):
    return str(data.get(key) or "").strip()[:limit]


def _coordinate(value):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return number if abs(number) <= 180 else None


def _topic(link, data):
    topic = data.get("topic") if isinstance(data.get("topic"), dict) else {}
    found = Topic.objects.active().filter(name=str(topic.get("name") or "")).first()
    found = found or link.dispatch_topic or Topic.objects.active().order_by("pk").first()
    if found is None:
        raise Refusal(503, _("本站还没有可用的领域，暂时无法接收交办。"))
    return found


def _case_of(link, number):
    return (
        CityCase.objects.select_related("petition")
        .filter(link=link, direction=CityCase.Direction.DOWN, city_number=number)
        .order_by("-pk")
        .first()
    )


@handles("petition.dispatched")
def dispatched(link, event):
    data = event["petition"]
    number = _text(data, "number", 20)
    existing = _case_of(link, number)
    if existing is not None and existing.petition.status in OPEN:
        return existing.petition  # dispatched again while still open here: nothing new to do
    title, content = _text(data, "title", 60), _text(data, "content", 2000)
    if not title or not content:
        raise Refusal(400, _("交办的诉求缺少标题或内容。"), "petition")
    kind = data.get("kind") if data.get("kind") in Petition.Kind.values else Petition.Kind.COMPLAINT
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    petition = Petition(
        kind=kind,
        topic=_topic(link, data),
        title=title,
        content=content,
        address=_text(data, "address", 120),
        latitude=_coordinate(data.get("latitude")) if data.get("latitude") is not None else None,
        longitude=_coordinate(data.get("longitude")) if data.get("longitude") is not None else None,
        contact_name=_text(contact, "name", 30),
        contact_phone=_text(contact, "phone", 20),
        is_anonymous=True,
        is_public=bool(data.get("is_public", True)),
        intake_channel=Petition.IntakeChannel.CITY_DISPATCH,
        submitted_at=timezone.now(),
    )
    # the city moderated it already: accepted here at once, for the district's editors to dispatch
    workflow.submit(petition, None, auto_accept=True)
    note = _("市级交办，市级编号 %(number)s。%(note)s") % {
        "number": number,
        "note": _text(data, "referral_note", 1000),
    }
    workflow.perform(petition, "note", None, body=note, is_public=False)
    case = CityCase.objects.create(
        petition=petition,
        link=link,
        direction=CityCase.Direction.DOWN,
        city_number=number,
        city_status=S.ASSIGNED,
    )
    outbox.queue(case, CityCall.Action.CLAIM, {})
    return petition


@handles("petition.supervised")
def supervised(link, event):
    case = _case_of(link, _text(event["petition"], "number", 20))
    if case is None:
        return None
    if case.petition.status in (S.ACCEPTED, S.ASSIGNED, S.PROCESSING, S.REPLIED):
        workflow.perform(case.petition, "supervise", None)
    return case.petition


NOTES = {
    "petition.reopened": gettext_lazy("市级平台：居民不满意，市级要求重新办理。"),
    "petition.extension_approved": gettext_lazy("市级平台批准了延期。"),
    "petition.extension_refused": gettext_lazy("市级平台不批准延期。"),
}


def _noted(link, event):
    case = _case_of(link, _text(event["petition"], "number", 20))
    if case is None:
        return None
    workflow.perform(case.petition, "note", None, body=str(NOTES[event["type"]]), is_public=False)
    return case.petition


for _type in NOTES:
    handles(_type)(_noted)
