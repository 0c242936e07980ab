"""The API of departments' outside systems (四级联动): answer back, and read the event feed.

Both are authenticated by the department-system key of a department's data exchange, sent as
``Authorization: Api-Key <key>`` or ``X-Api-Key: <key>`` (``petitions.exchange.authentication``: the key becomes
``request.auth``, its ``DepartmentSystem`` ``request.user``). Actions on a petition (claim, reply, return,
request an extension) must also be signed with the webhook's secret, exactly as the site signs its events
(``petitions.exchange.webhooks.verify``: timestamp within five minutes, each signature used once). They go through
``workflow.perform`` with that ``DepartmentSystem`` actor, so the workflow's rules hold and the audit log
names the key. Errors are ``{"errors": {...}}`` as everywhere in the API.
"""

import json

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rongmei.openapi import ERRORS

from .. import workflow
from ..models import Petition, WebhookEvent
from . import webhooks
from .authentication import ApiKeyAuthentication, IsDepartmentSystem

FEED_LIMIT = 100


class ApiRefusal(Exception):
    def __init__(self, status_code, message, field="non_field_errors"):
        super().__init__(message)
        self.response = Response({"errors": {field: [str(message)]}}, status=status_code)


def _verified_body(request, webhook):
    body = request.body  # the exact bytes that were signed; request.data is never read here
    try:
        webhooks.verify(
            webhook.secret,
            request.headers.get("X-Rongmei-Timestamp", ""),
            request.headers.get("X-Rongmei-Signature", ""),
            body,
        )
    except webhooks.SignatureError as refusal:
        raise ApiRefusal(refusal.status, refusal.message, field="signature") from None
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (UnicodeDecodeError, ValueError):
        raise ApiRefusal(status.HTTP_400_BAD_REQUEST, _("请求内容不是有效的 JSON。")) from None
    if not isinstance(data, dict):
        raise ApiRefusal(status.HTTP_400_BAD_REQUEST, _("请求内容应为 JSON 对象。"))
    return data


class NumberInput(serializers.Serializer):
    number = serializers.CharField(help_text="the petition's number, as in the URL (it is signed)")


class ReplyInput(NumberInput):
    body = serializers.CharField(max_length=2000)
    internal_note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReasonInput(NumberInput):
    reason = serializers.CharField(max_length=300)


class ExtensionInput(ReasonInput):
    days = serializers.IntegerField(min_value=1)


ACTIONS = {
    "claim": NumberInput,
    "reply": ReplyInput,
    "return": ReasonInput,
    "request_extension": ExtensionInput,
}

AUTH_HEADERS = [
    OpenApiParameter(
        "X-Api-Key", str, OpenApiParameter.HEADER, description="or Authorization: Api-Key <key>"
    ),
]
SIGNATURE_HEADERS = [
    *AUTH_HEADERS,
    OpenApiParameter("X-Rongmei-Timestamp", str, OpenApiParameter.HEADER, required=True),
    OpenApiParameter(
        "X-Rongmei-Signature",
        str,
        OpenApiParameter.HEADER,
        required=True,
        description='sha256=<hex HMAC-SHA256 with the webhook secret of "{timestamp}.{body}">',
    ),
]
RESULT = inline_serializer(
    "SystemActionResult",
    {
        "number": serializers.CharField(),
        "status": serializers.CharField(),
        "status_display": serializers.CharField(),
        "message": serializers.IntegerField(allow_null=True),
    },
)


def _schema(action, request):
    return extend_schema(
        request=request,
        parameters=SIGNATURE_HEADERS,
        responses={200: RESULT, 400: ERRORS, 401: ERRORS, 403: ERRORS, 404: ERRORS, 409: ERRORS},
        description=f"The department's system performs '{action}' on a petition dispatched to it.",
    )


class DepartmentSystemViewSet(viewsets.ViewSet):
    """A department's outside system acting on the petitions dispatched to it (signed requests)."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsDepartmentSystem]
    lookup_field = "number"
    lookup_value_regex = r"MS-\d{4}-\d{6,}"

    def _perform(self, request, number, name):
        key, actor = request.auth, request.user
        try:
            data = _verified_body(request, key.webhook)
            key.touch()
            if data.get("number") != number:
                # the signed body names the petition, so a signature made for one cannot act on another
                raise ApiRefusal(
                    status.HTTP_400_BAD_REQUEST,
                    _("签名的请求内容中应带上与地址一致的诉求编号 number。"),
                    "number",
                )
            form = ACTIONS[name](data=data)
            if not form.is_valid():
                return Response(
                    {
                        "errors": {
                            field: [str(m) for m in messages] for field, messages in form.errors.items()
                        }
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            petition = Petition.objects.select_related("department").filter(number=number).first()
            if petition is None:
                raise ApiRefusal(status.HTTP_404_NOT_FOUND, _("没有这个编号的诉求。"))
            data = {field: value for field, value in form.validated_data.items() if field != "number"}
            result = workflow.perform(petition, name, actor, **data)
        except ApiRefusal as refusal:
            return refusal.response
        except PermissionDenied as denied:
            return Response({"errors": {"non_field_errors": [str(denied)]}}, status=status.HTTP_403_FORBIDDEN)
        except workflow.TransitionError as refusal:
            if hasattr(refusal, "error_dict"):
                return Response(
                    {"errors": {field: list(messages) for field, messages in refusal.message_dict.items()}},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            return Response(
                {"errors": {"non_field_errors": refusal.messages}}, status=status.HTTP_409_CONFLICT
            )
        petition, message = result if isinstance(result, tuple) else (result, None)
        return Response(
            {
                "number": petition.number,
                "status": petition.status,
                "status_display": str(petition.get_status_display()),
                "message": message.pk if message is not None else None,
            }
        )

    @_schema("claim", NumberInput)
    @action(detail=True, methods=["post"])
    def claim(self, request, number=None):
        return self._perform(request, number, "claim")

    @_schema("reply", ReplyInput)
    @action(detail=True, methods=["post"])
    def reply(self, request, number=None):
        return self._perform(request, number, "reply")

    @_schema("return", ReasonInput)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, number=None):
        return self._perform(request, number, "return")

    @_schema("request_extension", ExtensionInput)
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request, number=None):
        return self._perform(request, number, "request_extension")


class WebhookEventViewSet(viewsets.ViewSet):
    """The event feed for polling systems: the key's department's events (and its sub-units', when the
    data exchange includes them), oldest first, ``after`` the cursor of the last one read."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsDepartmentSystem]

    @extend_schema(
        parameters=[
            *AUTH_HEADERS,
            OpenApiParameter("after", str, description="the `next` cursor of the previous page"),
            OpenApiParameter("limit", int, description=f"at most {FEED_LIMIT}"),
        ],
        responses={
            200: inline_serializer(
                "WebhookEventFeed",
                {
                    "results": serializers.ListField(child=serializers.DictField()),
                    "next": serializers.CharField(allow_null=True),
                    "has_more": serializers.BooleanField(),
                },
            ),
            400: ERRORS,
            401: ERRORS,
            403: ERRORS,
        },
    )
    def list(self, request):
        key = request.auth
        try:
            after = int(request.query_params.get("after") or 0)
            limit = int(request.query_params.get("limit") or FEED_LIMIT)
        except ValueError:
            return Response(
                {"errors": {"after": [_("游标应为上一页返回的 next 值。")]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        limit = max(1, min(limit, FEED_LIMIT))
        key.touch()
        events = list(
            WebhookEvent.objects.for_webhook(key.webhook)
            .filter(pk__gt=max(after, 0))
            .order_by("pk")
            .only("pk", "payload")[: limit + 1]
        )
        page = events[:limit]
        return Response(
            {
                "results": [{**event.payload, "cursor": str(event.pk)} for event in page],
                "next": str(page[-1].pk) if page else (str(after) if after else None),
                "has_more": len(events) > limit,
            }
        )


def register(router):
    """``/api/petitions/<number>/{claim,reply,return,request-extension}/`` and ``/api/webhook-events/``."""
    router.register("petitions", DepartmentSystemViewSet, basename="petition-system")
    router.register("webhook-events", WebhookEventViewSet, basename="webhook-event")
