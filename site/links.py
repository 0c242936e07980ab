"""The site's own address in links that leave it (e-mails): ``WAGTAILADMIN_BASE_URL`` when it is set,
else the address the request came in on, else the default Site's (Wagtail's fallback). So a link in an
e-mail never points to a development port the site is not served on."""

from django.conf import settings
from wagtail.admin.utils import get_admin_base_url


def site_address(request=None):
    """``scheme://host[:port]`` without a trailing slash."""
    configured = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (get_admin_base_url() or "").rstrip("/")
