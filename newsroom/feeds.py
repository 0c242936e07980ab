"""RSS feeds of news channels and department channels (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 30


class ChannelFeed(Feed):
    """The latest items of a channel page; the page is passed in by its ``feed/`` route."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, page):
        self.request = request
        return page

    def title(self, page):
        return page.title

    def link(self, page):
        return page.get_url(self.request)

    def description(self, page):
        return page.search_description or getattr(page, "intro", "") or page.title

    def items(self, page):
        return page.feed_items()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.date

    def item_author_name(self, item):
        return getattr(item, "author", "") or None
