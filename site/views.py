"""Views that belong to the whole site rather than to one app."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """A fixed answer for load balancers, and the benchmark's ceiling: a bare Django view."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    """404: JSON for machines (the API and Open311), the site's Chinese page for people."""
    if request.path_info.startswith(("/api/", "/open311/")):
        return JsonResponse({"detail": gettext("未找到。")}, status=404)
    return defaults.page_not_found(request, exception)
