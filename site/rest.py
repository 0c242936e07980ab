"""What every endpoint of the project's JSON API does the same way: read the body, refuse, count.

- ``JSONParser``: a body that is not JSON, nests too deep for Python, or is not one object (``[1, 2, 3]``)
  is refused with a message in the visitor's language, never with the parser's English or a server error.
- ``exception_handler``: every refusal DRF raises (400, 403, 404, 405, 413, 415, 429) answers
  ``{"detail": message}`` in the visitor's language (Chinese unless ``Accept-Language`` asks otherwise).
"""

import json

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status
from rest_framework.views import exception_handler as drf_exception_handler


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(stream.read().decode(encoding))
        except RecursionError:
            raise exceptions.ParseError(_("请求内容嵌套太深。")) from None
        except (UnicodeDecodeError, ValueError):
            raise exceptions.ParseError(_("请求内容不是有效的 JSON。")) from None
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("请求内容应为 JSON 对象（{…}）。"))
        return data


def refusal_message(status_code):
    """The sentence a refusal carries when nothing more precise is known."""
    return {
        status.HTTP_400_BAD_REQUEST: _("请求有误，请检查后再试。"),
        status.HTTP_401_UNAUTHORIZED: _("请先登录。"),
        status.HTTP_403_FORBIDDEN: _("没有权限进行这项操作。"),
        status.HTTP_404_NOT_FOUND: _("未找到。"),
        status.HTTP_405_METHOD_NOT_ALLOWED: _("不支持这种请求方式。"),
        status.HTTP_406_NOT_ACCEPTABLE: _("无法提供所要求的格式。"),
        status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: _("上传的内容太大。"),
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("不支持这种内容类型。"),
        status.HTTP_429_TOO_MANY_REQUESTS: _("请求太频繁，请稍后再试。"),
        status.HTTP_500_INTERNAL_SERVER_ERROR: _("服务器出错了，请稍后再试。"),
    }.get(status_code, _("请求有误，请检查后再试。"))


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
    if response is None or isinstance(exc, exceptions.ParseError | exceptions.ValidationError):
        return response
    if not _has_own_message(exc):
        response.data = {"detail": refusal_message(response.status_code)}
    return response
