"""Feeds for aggregators (头条-style): full-text RSS 2.0 and JSON Feed 1.1, per channel and for the site.

One publication, every screen: a story published once is in its channel's feeds and in the site's feeds
at once, because the feeds go through the one page cache (``rongmei.cache``) and are purged like the
pages that list the story — a channel's feed is a route of the channel page (``tree:<path>`` of the
channel), the site's feeds carry ``HOME``, which every public page change purges.

The rules every feed keeps:

- only live, public pages (``.live().public()``): drafts and pages under a view restriction never appear;
- every address is absolute and built from the Wagtail Site's hostname (``get_full_url``), never from
  the request's Host header, so a feed fetched through a proxy still links to the public site; the
  addresses inside the full text are made absolute the same way;
- each entry has its publication date (``date``), its last change (``last_published_at``), its summary
  and its full text (the rendered body, cover image first).
"""

import json
import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed, SyndicationFeed, rfc3339_date
from django.utils.translation import get_language

from rongmei.chinese import to_traditional
from rongmei.links import absolute_url, site_root
from rongmei.middleware import html_in_traditional_script

FEED_LENGTH = 30
COVER_RENDITION = "width-960"

#: ``src``, ``href`` and ``poster`` attributes holding a site-relative address (not ``//host/...``).
RELATIVE_ADDRESS = re.compile(r"""(\s(?:src|href|poster)=)(["'])(/(?!/)[^"']*)\2""")


def absolute_html(html, root_url):
    """``html`` with its site-relative addresses made absolute under ``root_url``."""
    return RELATIVE_ADDRESS.sub(lambda m: f"{m[1]}{m[2]}{root_url}{m[3]}{m[2]}", str(html))


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with each item's full text in ``content:encoded`` (the RSS content module)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written from the same items as the RSS."""

    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def item(self, item):
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item.get("content_html") or item["description"] or "",
            "summary": item["description"] or "",
            "date_published": rfc3339_date(item["pubdate"]),
        }
        if item["updateddate"]:
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        if item.get("image"):
            entry["image"] = item["image"]
        if item["author_name"]:
            entry["authors"] = [{"name": item["author_name"]}]
        if item["categories"]:
            entry["tags"] = list(item["categories"])
        if item.get("language"):
            entry["language"] = item["language"]
        return entry

    def write(self, outfile, encoding):
        document = {
            "version": self.version,
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "items": [self.item(item) for item in self.items],
        }
        outfile.write(json.dumps(document, ensure_ascii=False))


FEED_TYPES = {"rss": FullTextRss, "json": JsonFeed}


class PageFeed(Feed):
    """The items of a feed, as entries: what every feed of the site shares."""

    def __init__(self, kind="rss"):
        self.feed_type = FEED_TYPES[kind]

    def root_url(self):
        return site_root(self.request)

    def get_feed(self, obj, request):
        """The feed; under /zh-hant/ in traditional script, as ``TraditionalScriptMiddleware`` gives the pages
        (it converts HTML only): text and the stories' HTML, never the addresses."""
        feed = super().get_feed(obj, request)
        if (get_language() or "").lower() == "zh-hant":
            for key in ("title", "description", "author_name"):
                feed.feed[key] = to_traditional(feed.feed.get(key))
            feed.feed["categories"] = [to_traditional(name) for name in feed.feed.get("categories") or ()]
            for item in feed.items:
                for key in ("title", "description", "author_name"):
                    item[key] = to_traditional(item.get(key))
                item["categories"] = [to_traditional(name) for name in item.get("categories") or ()]
                if item.get("content_html"):
                    item["content_html"] = html_in_traditional_script(item["content_html"])
        return feed

    def feed_extra_kwargs(self, obj):
        return {}

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at or item.date

    def item_author_name(self, item):
        return getattr(item, "author", "") or None

    def item_categories(self, item):
        tags = getattr(item, "tags", None)
        return [tag.name for tag in tags.all()] if tags is not None else []

    def item_extra_kwargs(self, item):
        root = self.root_url()
        cover = getattr(item, "cover_image", None)
        extra = {"content_html": absolute_html(self.full_text(item, cover), root)}
        if cover is not None:
            extra["image"] = absolute_url(cover.get_rendition(COVER_RENDITION).url, root)
        return extra

    def full_text(self, item, cover):
        """The cover image, then the rendered body, as the story's page shows it."""
        context = {"page": item, "self": item, "request": self.request}
        rendered = getattr(item, "rendered_body", None)
        body = rendered(self.request) if callable(rendered) else item.body.render_as_block(context)
        if cover is None:
            return str(body)
        rendition = cover.get_rendition(COVER_RENDITION)
        figure = f"<figure>{rendition.img_tag({'alt': getattr(item, 'cover_caption', '') or cover.title})}</figure>"
        return figure + str(body)


class ChannelFeed(PageFeed):
    """The latest items of a channel page; the page is passed in by its ``feed/`` and ``feed/json/`` routes."""

    def get_object(self, request, page):
        self.request = request
        self.page = page
        return page

    def title(self, page):
        return page.title

    def link(self, page):
        return page.get_full_url(self.request)

    def feed_url(self, page):
        route = "feed_json" if self.feed_type is JsonFeed else "feed"
        return page.get_full_url(self.request) + page.reverse_subpage(route)

    def description(self, page):
        return page.search_description or getattr(page, "intro", "") or page.title

    def items(self, page):
        return page.feed_items().select_related("cover_image")[:FEED_LENGTH]
