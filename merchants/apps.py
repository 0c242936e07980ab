from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "merchants"
    verbose_name = "吃喝玩乐"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_unpublished

        from rongmei.search import sources as search_sources

        from . import views  # noqa: F401 - registers the views of the ad board's and the directory's routes
        from .models import MerchantPage
        from .models.directory import bump_directory_version
        from .search import AdSource

        # The site's search covers visible ads; the site package imports no app, so merchants tells it.
        search_sources.register(AdSource())

        # Cached category lists name the directory's version; any change to a merchant starts a new one.
        for signal in (post_save, page_unpublished, post_delete):
            signal.connect(
                bump_directory_version, sender=MerchantPage, dispatch_uid=f"merchants-version-{id(signal)}"
            )
