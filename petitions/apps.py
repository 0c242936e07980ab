from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "民声诉求"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from . import (
            hot_topics,  # noqa: F401 - connects the keyword signals
            reporting,
        )

        # A 帮打听 or 督办 story joins (or leaves) the timeline of the petitions it embeds.
        page_published.connect(reporting.on_page_published, dispatch_uid="petitions-reporter-story-published")
        page_unpublished.connect(
            reporting.on_page_unpublished, dispatch_uid="petitions-reporter-story-unpublished"
        )
