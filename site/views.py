"""Views that belong to the whole site rather than to one app."""

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from home.models import SiteSettings


@never_cache
def healthz(request):
    """A fixed answer for load balancers, and the benchmark's ceiling: a bare Django view."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """``/favicon.ico``, which browsers ask for whatever the page says: the static icon, for a day."""
    response = HttpResponsePermanentRedirect(static("icons/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def web_manifest(request):
    """The web app manifest: the site's name and icons, so a resident can add it to the home screen."""
    site = Site.find_for_request(request)
    settings = SiteSettings.for_site(site) if site else None
    name = (settings and settings.site_name) or _("融媒")
    manifest = {
        "name": name,
        "short_name": name,
        "description": (settings and settings.slogan) or "",
        "lang": get_language(),
        "start_url": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#b0141b",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@never_cache
def csrf_token(request):
    """A CSRF token for a form on a cached page: the page is the same for everyone, so its forms fetch
    the visitor's own token here (and the CSRF cookie comes with it) before they post."""
    return JsonResponse({"token": get_token(request)})
