"""What every endpoint of the project's JSON API does the same way: read the body, refuse, count.

- ``JSONParser``: a body that is not JSON, nests too deep for Python, or is not one object (``[1, 2, 3]``)
  is refused with a message in the visitor's language, never with the parser's English or a server error.
- ``SessionAuthentication``: DRF's, whose CSRF refusal speaks the visitor's language.
- ``ClientRateThrottle``: the API's rate limit, counted by ``rongmei.ratelimit`` per ``client_ip`` — the
  same limiter and the same client address as the site's forms.

DRF reads these classes from its settings while ``rest_framework.views`` is being imported, so this module
must not import that one; the exception handler lives in ``rongmei.errors``.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, parsers, throttling

from . import ratelimit


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


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, whose CSRF refusal speaks the visitor's language."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(_("页面已过期或来源无法确认，请刷新页面后重新提交。")) from None


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """DRF's throttle interface over ``rongmei.ratelimit``: one count per account, else per client address.

    The rate is ``DEFAULT_THROTTLE_RATES["anon"]`` (``API_ANON_RATE``)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"api:user:{request.user.pk}"
        return f"api:ip:{ratelimit.client_ip(request)}"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        return ratelimit.hit(self.get_cache_key(request, view), self.num_requests, self.duration)

    def wait(self):
        return ratelimit.seconds_left(self.duration)
