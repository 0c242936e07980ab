from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from newsroom import views as newsroom_views
from newsroom.qa import views as qa_views
from petitions.exchange.city import receiver as city_receiver
from petitions.intake.sitemap import PetitionSection
from rongmei import (
    cache,
    private_media,
    routes,  # noqa: F401 - registers the <id:…> converter the patterns below use
    sitemaps,
    views,
)
from rongmei.search.views import search, suggest

# Each section of the sitemap index: its name is in the address of its pages (/sitemap-pages-1.xml).
SITEMAP_SECTIONS = {section.name: section for section in (sitemaps.PageSection(), PetitionSection())}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/", include("rongmei.api")),
    path("open311/v2/", include("petitions.exchange.open311")),
    # a district's site: the events its city's site sends (市级交办), signed
    path("exchange/city/events/", city_receiver.receive, name="city_events"),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", views.healthz, name="healthz"),
    # residents' photos, for those who may see them (rongmei.storage), on local media and S3 alike
    path("private-media/<path:name>", private_media.serve, name="private_media"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("csrf/", views.csrf_token, name="csrf_token"),
    # the pop-up notices showing on a page now (home.popups): live, while the page itself is cached
    path("popups/", home_views.popups, name="popups"),
    path("sitemap.xml", sitemaps.index_view(SITEMAP_SECTIONS), name="sitemap"),
    path(
        "sitemap-<slug:section>-<int:block>.xml",
        sitemaps.section_view(SITEMAP_SECTIONS),
        name="sitemap_section",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    # never a private file (rongmei.storage): those are only read through /private-media/
    urlpatterns += static(
        settings.MEDIA_URL, private_media.serve_public_in_development, document_root=settings.MEDIA_ROOT
    )

urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("search/suggest/", suggest, name="search_suggest"),
    path("accounts/", include("petitions.accounts")),
    path("accounts/points/", include("points.urls")),
    path("accounts/sms/", home_views.sms_notices, name="sms_notices"),
    path("mall/", include("points.mall_urls")),  # 积分商城 and 在线抢购: pages cached, stock and buying live
    path(
        "qa/<id:pk>/updates/", qa_views.updates_by_id, name="qa_updates"
    ),  # live Q&A polls, see newsroom.qa.feed
    # the whole site's feeds for aggregators (newsroom.views), through the page cache like every page
    path("feed/", newsroom_views.site_feed, name="site_feed"),
    path("feed/json/", newsroom_views.site_feed, {"kind": "json"}, name="site_feed_json"),
    # Pages go through the page cache; Wagtail's own pattern below stays for reversing and its utilities.
    re_path(wagtail_urls.serve_pattern, cache.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "rongmei.errors.bad_request"
handler403 = "rongmei.errors.permission_denied"
handler404 = "rongmei.errors.page_not_found"
handler500 = "rongmei.errors.server_error"
