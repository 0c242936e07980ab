from django.apps import AppConfig


class RongmeiConfig(AppConfig):
    name = "rongmei"
    label = "rongmei"
    verbose_name = "融媒"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from rongmei.admin_views import name_untranslatable_labels
        from rongmei.cache import purge_pages

        name_untranslatable_labels()

        page_published.connect(purge_pages, dispatch_uid="rongmei-purge-published")
        page_unpublished.connect(purge_pages, dispatch_uid="rongmei-purge-unpublished")
        post_delete.connect(purge_pages, sender=Page, dispatch_uid="rongmei-purge-deleted")
        post_save.connect(purge_pages, sender="home.SiteSettings", dispatch_uid="rongmei-purge-settings")
        post_save.connect(purge_pages, sender="home.FooterLink", dispatch_uid="rongmei-purge-footer")
        # Content that is not a page but shows on pages: the petition board, the ad boards.
        for model in ("petitions.Petition", "petitions.PetitionMessage", "merchants.ClassifiedAd"):
            post_save.connect(purge_pages, sender=model, dispatch_uid=f"rongmei-purge-{model}")
            post_delete.connect(purge_pages, sender=model, dispatch_uid=f"rongmei-purge-deleted-{model}")
