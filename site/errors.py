"""The site's refusals, in the visitor's language: one sentence per status, one page, one JSON shape.

People get a small page of its own (``error.html``, which needs no database, session or page tree, so it
renders even for a broken request); machines — the JSON API and Open311, by their paths — get
``{"detail": sentence}``. The language is the one ``rongmei.middleware.LocaleMiddleware`` activated: the
URL's language prefix on the site, ``Accept-Language`` on the API, Chinese when nothing says otherwise.

Django's own refusals carry no body (405 from ``require_POST``, ``HttpResponseNotAllowed``); the
middleware here gives them this one, and answers 413 for a body larger than ``RONGMEI_MAX_REQUEST_BYTES``
before anything reads it. DRF's refusals (``exception_handler``) carry the same sentences instead of its
English defaults, and field errors (``ValidationError``) the API's shape, ``{"errors": {field: [...]}}``.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

MACHINE_PATHS = ("/api/", "/open311/")
#: Nine photos of 10 MB and the text around them.
DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024


def titles():
    return {
        400: _("请求有误"),
        403: _("没有权限"),
        404: _("页面不存在"),
        405: _("不支持这种请求方式"),
        413: _("上传的内容太大"),
        429: _("操作太频繁"),
        500: _("服务器出了点问题"),
    }


def refusal_message(status):
    """The sentence a refusal carries when nothing more precise is known."""
    return {
        400: _("请求有误，请检查后再试。"),
        401: _("请先登录。"),
        403: _("没有权限进行这项操作。"),
        404: _("未找到。"),
        405: _("不支持这种请求方式。"),
        406: _("无法提供所要求的格式。"),
        413: _("上传的内容太大。"),
        415: _("不支持这种内容类型。"),
        429: _("请求太频繁，请稍后再试。"),
        500: _("服务器出错了，请稍后再试。"),
    }.get(status, _("请求有误，请检查后再试。"))


def is_machine(request):
    return request.path_info.startswith(MACHINE_PATHS)


def refusal(request, status, message=None):
    message = str(message or refusal_message(status))
    if is_machine(request):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"status": status, "title": titles().get(status, titles()[400]), "message": message}
    return SimpleTemplateResponse("error.html", context, status=status).render()


# --- Django's handlers (``handler400`` ... in ``rongmei.urls``, ``CSRF_FAILURE_VIEW``) -------------------


def bad_request(request, exception):
    return refusal(request, 400)


def permission_denied(request, exception):
    detail = exception.args[0] if exception is not None and exception.args else None
    return refusal(request, 403, detail if isinstance(detail, str) else None)


def page_not_found(request, exception):
    return refusal(
        request, 404, _("您访问的页面可能已被删除、更名，或暂时不可用。") if not is_machine(request) else None
    )


def server_error(request):
    return refusal(request, 500)


def csrf_failure(request, reason=""):
    return refusal(request, 403, _("页面已过期或来源无法确认，请刷新页面后重新提交。"))


# --- the JSON API (DRF's ``EXCEPTION_HANDLER``) --------------------------------------------------------

#: Refusals whose text DRF writes itself, in English, from a template: ours replace them.
_TEMPLATED = (
    exceptions.MethodNotAllowed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
    exceptions.Throttled,
)


def _has_own_message(exc):
    """Whether the refusal carries the project's own sentence rather than DRF's or Django's default."""
    if isinstance(exc, (Http404, *_TEMPLATED)):
        return False
    if isinstance(exc, exceptions.APIException):
        return str(exc.detail) != str(exc.default_detail)
    return bool(exc.args)  # Django's PermissionDenied("…")


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None or isinstance(exc, exceptions.ParseError):
        return response
    if isinstance(exc, exceptions.ValidationError):
        # the API's shape for a request that was read: ``{"errors": {field: [messages]}}``
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"errors": errors}
        return response
    if not _has_own_message(exc):
        response.data = {"detail": refusal_message(response.status_code)}
    return response


class RefusalMiddleware:
    """Refuse an oversized body with 413 before it is read; give empty 4xx refusals a body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "RONGMEI_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal(request, 400)
        if length > limit:
            return refusal(request, 413)
        response = self.get_response(request)
        if (
            400 <= response.status_code < 500
            and not response.streaming
            and not response.content
            and response.status_code in titles()
        ):
            refused = refusal(request, response.status_code)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    refused[header] = response[header]
            return refused
        return response
