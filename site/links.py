"""The site's own address in links that leave it (e-mails): ``WAGTAILADMIN_BASE_URL`` when it is set,
else the address the request came in on, else the default Site's (Wagtail's fallback). So a link in an
e-mail never points to a development port the site is not served on."""

from django.conf import settings
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Site


def site_address(request=None):
    """``scheme://host[:port]`` without a trailing slash."""
    configured = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (get_admin_base_url() or "").rstrip("/")


def site_root(request):
    """The public address of the Wagtail Site answering ``request`` (``https://news.example.cn``): what pages
    and feeds print, the same whichever allowed host name a visitor (or the cache's first one) came in on."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def absolute_url(url, root_url):
    """``url`` under ``root_url``, unless it is absolute already (media on S3 has its own host)."""
    return url if url.startswith(("http://", "https://")) else root_url + url
