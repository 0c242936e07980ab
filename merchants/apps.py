from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "merchants"
    verbose_name = "吃喝玩乐"

    def ready(self):
        from rongmei import cache
        from rongmei.search import sources as search_sources

        from . import views  # noqa: F401 - registers the views of the ad board's and the directory's routes
        from .models import ClassifiedAd
        from .search import AdSource

        # The site's search covers visible ads; the site package imports no app, so merchants tells it.
        search_sources.register(AdSource())

        # A change to an ad purges its page, the ad boards and the home pages (``rongmei.cache``); merchants
        # are pages, purged as every page is.
        cache.depends_on(ClassifiedAd)
