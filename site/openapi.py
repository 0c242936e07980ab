"""What the OpenAPI document says beyond what drf-spectacular reads off the views: the refusals.

The API refuses in two shapes, and the document names both (``tests/security/test_schemathesis.py``
checks every answer against it):

- ``Errors``, ``{"errors": {"field": ["message", ...]}}``: the request was read and something in it is
  wrong — a field, a filter, the captcha, the tracking code (``non_field_errors`` for what belongs to no
  field). The views' own 400s, 401/403/409 of the department systems' actions, and the rate limits a
  view counts itself (429).
- ``Refusal``, ``{"detail": "message"}``: refused around the view, by ``rongmei.errors`` — no such path,
  number or page (404), a method the path does not take (405), a body that is not a JSON object (400),
  too large (413) or of another type (415), a signed-in session's request without its CSRF token (403),
  too many requests from this client (429, with ``Retry-After``).

Each operation lists the refusals it can meet; where its view documents its own answer for the same
status, the document gives either shape (``anyOf``). Both are worded in the visitor's language
(``Accept-Language``, Chinese by default).
"""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

#: The API's error shape for a request that was read: field → messages.
ERRORS = inline_serializer(
    "Errors",
    {"errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()))},
)

REFUSAL = {"$ref": "#/components/schemas/Refusal"}


def project_endpoints(endpoints):
    """drf-spectacular hook: the OpenAPI document describes the project's own API only."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/") and not endpoint[0].startswith("/api/v2/")
    ]


def _has_query_parameter(operation, name):
    return any(p["in"] == "query" and p["name"] == name for p in operation.get("parameters", []))


def _uses_session(operation):
    return any("cookieAuth" in requirement for requirement in operation.get("security", []))


def refusals_of(route, method, operation):
    """The refusals ``rongmei.errors`` may answer for this operation: status → when."""
    body = method in ("post", "put", "patch")
    refusals = {}
    if body and "requestBody" in operation:
        refusals["400"] = "The body is not valid JSON, nests too deep, or is not one JSON object."
    if body and _uses_session(operation):
        refusals["403"] = "A signed-in session's request without its CSRF token (X-CSRFToken)."
    if "{" in route:
        refusals["404"] = "No such resource: the id or number in the path does not exist, or is not public."
    elif _has_query_parameter(operation, "page"):
        refusals["404"] = "No such page: `page` is past the last page, or not a page number."
    refusals["405"] = "The method is not allowed on this path."
    if body:
        refusals["413"] = "The body is larger than the site accepts (RONGMEI_MAX_REQUEST_BYTES)."
        refusals["415"] = "The body is neither JSON nor multipart/form data."
    refusals["429"] = "Too many requests from this client; Retry-After gives the seconds to wait."
    return refusals


def _document(responses, status, description):
    content = {"application/json": {"schema": REFUSAL}}
    own = responses.get(status)
    if own is None:
        responses[status] = {"description": description, "content": content}
        return
    schema = own.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        own["content"] = content
    elif schema != REFUSAL and REFUSAL not in schema.get("anyOf", []):
        own["content"]["application/json"]["schema"] = {"anyOf": [schema, REFUSAL]}
    own["description"] = f"{own['description']} Or: {description}" if own.get("description") else description


def refusal_responses(result, generator, request, public):
    """drf-spectacular hook: add the ``Refusal`` schema and each operation's refusals (``refusals_of``)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Refusal"] = {
        "type": "object",
        "properties": {"detail": {"type": "string", "description": "in the visitor's language"}},
        "required": ["detail"],
    }
    for route, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] != "page":
                    parameter["allowEmptyValue"] = True  # an empty filter is no filter, as on the site
            for status, description in refusals_of(route, method, operation).items():
                _document(operation["responses"], status, description)
    return result
