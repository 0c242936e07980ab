"""Views that belong to the whole site rather than to one app."""

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """A fixed answer for load balancers, and the benchmark's ceiling: a bare Django view."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def csrf_token(request):
    """A CSRF token for a form on a cached page: the page is the same for everyone, so its forms fetch
    the visitor's own token here (and the CSRF cookie comes with it) before they post."""
    return JsonResponse({"token": get_token(request)})
