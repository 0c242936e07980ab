"""Middleware of the whole site."""

import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

from rongmei.chinese import to_traditional

# Paths that live outside the language-prefixed site: a 404 there is final, never "add /zh-hans/".
UNPREFIXED = (
    "/api/",
    "/admin/",
    "/open311/",
    "/documents/",
    "/static/",
    "/media/",
    "/private-media/",
    "/healthz/",
    "/i18n/",
    "/csrf/",
)


ADMIN = "/admin/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that machines' URLs (API, Open311, admin, files) are left alone,
    and that the admin speaks the media centre's language, not the browser's.

    Django redirects any unprefixed 404 to the same path under the active language when that path
    resolves, and Wagtail's catch-all page pattern resolves everything: without this, an API client
    asking for a missing resource would be sent to an HTML page.

    The admin is Chinese (``LANGUAGE_CODE``) for everyone who has not chosen otherwise: a browser asking for
    English would otherwise get Wagtail's English around the project's Chinese content, workflow and task
    names. An account's own choice (Wagtail's 账户设置 → 首选语言) is applied by Wagtail on top of this,
    so a staff member who wants English or traditional script gets it, and the sign-in page, which knows no
    account yet, is Chinese.
    """

    def process_request(self, request):
        if request.path_info.startswith(ADMIN):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


# Attributes people read; every other attribute (links, form values, data for scripts) stays as written, so a
# choice's value or a page's Chinese slug still matches what the server knows.
READ_ATTRIBUTES = re.compile(r'(\s(?:title|alt|placeholder|aria-label|content)=")([^"]*)(")')
TAG = re.compile(r"(<[^>]*>)")


def html_in_traditional_script(html):
    """``html`` with its text and readable attributes converted to traditional script."""
    parts = TAG.split(html)
    for index, part in enumerate(parts):
        if not part:
            continue
        if index % 2:  # a tag
            parts[index] = READ_ATTRIBUTES.sub(lambda m: m[1] + to_traditional(m[2]) + m[3], part)
        elif index == 0 or 'lang="zh-hans"' not in parts[index - 1]:
            # text right inside an element marked simplified (the switcher's 简体中文) stays as it is
            parts[index] = to_traditional(part)
    return "".join(parts)


class TraditionalScriptMiddleware:
    """Every zh-hant page in traditional script, whatever its text came from.

    Pages translated by hand or by the translation editor are traditional already; the rest — residents'
    text, topic and department names, addresses, site settings, the footer, form labels and choices — is
    stored once in simplified script and converted here (OpenCC, ``rongmei.chinese``) as the page leaves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", "").lower() == "zh-hant"
            and not response.streaming
            and not getattr(response, "_rongmei_finished", False)  # from the page cache, converted
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path_info.startswith(UNPREFIXED)
        ):
            charset = response.charset or "utf-8"
            response.content = html_in_traditional_script(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
