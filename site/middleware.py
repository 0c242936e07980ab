"""Middleware of the whole site."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Paths that live outside the language-prefixed site: a 404 there is final, never "add /zh-hans/".
UNPREFIXED = (
    "/api/",
    "/admin/",
    "/open311/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz/",
    "/i18n/",
    "/csrf/",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that machines' URLs (API, Open311, admin, files) are left alone.

    Django redirects any unprefixed 404 to the same path under the active language when that path
    resolves, and Wagtail's catch-all page pattern resolves everything: without this, an API client
    asking for a missing resource would be sent to an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
