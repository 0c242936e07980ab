"""API keys on requests: where a key is read from, and who it makes the caller.

A key is sent as ``X-Api-Key: <key>`` or ``Authorization: Api-Key <key>`` (Open311 clients send theirs as
the spec's ``api_key`` parameter) and looked up by ``ApiKey.objects.authenticate``, the one lookup. In the
DRF API, ``ApiKeyAuthentication`` makes ``request.auth`` the key and ``request.user`` the actor the key
stands for: a ``workflow.DepartmentSystem`` for a department system's key, nobody for any other key.
``IsDepartmentSystem`` admits department systems only. Refusals keep the API's error shape,
``{"errors": {"non_field_errors": [...]}}``: 401 for a missing or unknown key, 403 for a key that may not
act for a department.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .. import workflow
from ..models import ApiKey

HEADER_SCHEME = "Api-Key"


def errors(message, field="non_field_errors"):
    """The API's error shape for one message."""
    return {"errors": {field: [str(message)]}}


def raw_key(request):
    """The key a request carries in its headers, or ``""``."""
    authorization = request.headers.get("Authorization", "")
    scheme, _space, credentials = authorization.partition(" ")
    if scheme.lower() == HEADER_SCHEME.lower():
        return credentials.strip()
    return request.headers.get("X-Api-Key", "").strip()


def actor_for(key):
    """Who a key acts as in the workflow: its data exchange's department system, or nobody."""
    webhook = key.webhook
    if key.scope != ApiKey.Scope.DEPARTMENT_SYSTEM or webhook is None or not webhook.is_active:
        return AnonymousUser()
    return workflow.DepartmentSystem(webhook.department, key, webhook.include_sub_units)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """A request with a key: ``(actor, key)``; with no key, not this class's business (``None``); with a key
    that is unknown or revoked, 401."""

    def authenticate(self, request):
        raw = raw_key(request)
        if not raw:
            return None
        key = ApiKey.objects.authenticate(raw)
        if key is None:
            raise exceptions.AuthenticationFailed(errors(_("API 密钥缺失或无效。")))
        return actor_for(key), key

    def authenticate_header(self, request):
        return HEADER_SCHEME  # so DRF answers 401 (with WWW-Authenticate), not 403


class IsDepartmentSystem(permissions.BasePermission):
    """Only a department system's key, of a data exchange that is switched on."""

    def has_permission(self, request, view):
        if request.auth is None:
            raise exceptions.NotAuthenticated(errors(_("API 密钥缺失或无效。")))
        if not isinstance(request.user, workflow.DepartmentSystem):
            raise exceptions.PermissionDenied(
                errors(_("这个密钥没有绑定启用中的数据对接，不能代表办理单位。"))
            )
        return True


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document names ``ApiKeyAuthentication`` (registered by being defined)."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
