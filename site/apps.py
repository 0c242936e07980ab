from django.apps import AppConfig


class RongmeiConfig(AppConfig):
    name = "rongmei"
    label = "rongmei"
    verbose_name = "融媒"

    def ready(self):
        """Connect the page cache's purges to the page signals (``rongmei.cache``); each app declares
        its own models with ``rongmei.cache.depends_on``."""
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail import hooks
        from wagtail.models import Page, PageViewRestriction
        from wagtail.query import PageQuerySet
        from wagtail.signals import post_page_move, pre_page_move

        from rongmei import cache
        from rongmei.admin_views import name_untranslatable_labels

        name_untranslatable_labels()

        pre_save.connect(cache.page_about_to_save, dispatch_uid="rongmei-cache-page-saving")
        post_save.connect(cache.page_saved, dispatch_uid="rongmei-cache-page-saved")
        post_delete.connect(cache.page_deleted, sender=Page, dispatch_uid="rongmei-cache-page-deleted")
        pre_page_move.connect(cache.page_moving, dispatch_uid="rongmei-cache-page-moving")
        post_page_move.connect(cache.page_moved, dispatch_uid="rongmei-cache-page-moved")
        for signal in (post_save, post_delete):
            signal.connect(
                cache.restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"rongmei-cache-vr-{signal}",
            )
            for model in ("home.SiteSettings", "home.FooterLink"):
                signal.connect(
                    cache.site_changed, sender=model, dispatch_uid=f"rongmei-cache-{model}-{signal}"
                )
        hooks.register("before_serve_page", cache.tag_served_page)
        # Wagtail has no setting for it: ``.public()`` reads the view restrictions once per request.
        PageQuerySet.private_q = cache.private_q
