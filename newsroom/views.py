"""The site's own feeds (全站订阅): the newest news articles and department posts of the whole site.

They go through the page cache under ``HOME``, which every change of a public page purges
(``rongmei.cache.page_tags``), so a story published a moment ago is in them at once.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from home.models import SiteSettings
from rongmei import cache
from rongmei.templatetags.rongmei_tags import in_language

from .feeds import FEED_LENGTH, JsonFeed, PageFeed
from .models import ChannelPostPage, NewsArticlePage


def in_active_language(queryset):
    """``queryset``'s pages in the active language and, outside simplified Chinese, the simplified
    Chinese ones with no translation in it (as the sections list them, ``rongmei.languages``)."""
    locale = Locale.get_active()
    own = queryset.filter(locale=locale)
    if locale.language_code == settings.LANGUAGE_CODE:
        return own
    translated = Page.objects.filter(locale=locale).values("translation_key")
    return own | queryset.filter(locale=Locale.get_default()).exclude(translation_key__in=translated)


class SiteFeed(PageFeed):
    """The latest news articles and department posts of the whole site, in the visitor's language."""

    def get_object(self, request):
        self.request = request
        return None

    def title(self):
        name = in_language(SiteSettings.for_request(self.request), "site_name")
        return name or Site.find_for_request(self.request).site_name

    def link(self):
        return f"{self.root_url()}/{get_language()}/"

    def feed_url(self):
        name = "site_feed_json" if self.feed_type is JsonFeed else "site_feed"
        return self.root_url() + reverse(name)

    def description(self):
        return _("全站最新报道")

    def items(self):
        latest = []
        for model in (NewsArticlePage, ChannelPostPage):
            pages = in_active_language(model.objects.live().public()).select_related("cover_image")
            latest.extend(pages.newest_first()[:FEED_LENGTH])
        latest.sort(key=lambda page: (page.date or timezone.now(), page.pk), reverse=True)
        return latest[:FEED_LENGTH]


def site_feed(request, kind="rss"):
    """``/<language>/feed/`` (RSS 2.0) and ``/<language>/feed/json/`` (JSON Feed 1.1)."""
    seconds = getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0)
    return cache.cached(request, lambda: SiteFeed(kind)(request), seconds, tags={cache.HOME})
