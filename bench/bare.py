"""The benchmark's ceiling: a bare Django WSGI app, with no apps, no middleware and DEBUG off.

    gunicorn --pythonpath bench bare:application

One view answers a small ``HttpResponse``. Served by the same gunicorn, worker class and worker count as
the site, it is the most any Django page can reach on this machine; the site's own ``/healthz/`` is not,
because it runs behind the whole middleware stack.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-app-has-no-secrets-0123456789-abcdefghijklmnopqrstuvwxyz",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
    USE_I18N=False,
)


def ok(request):
    """The smallest answer a Django view gives."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]

application = get_wsgi_application()
