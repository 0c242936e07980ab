"""Views that belong to the whole site rather than to one app."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """A fixed answer for load balancers, and the benchmark's ceiling: a bare Django view."""
    return HttpResponse("ok", content_type="text/plain")
