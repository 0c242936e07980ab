from django.apps import AppConfig

from rongmei import screening


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "民声诉求"

    def ready(self):
        """Connect the parts that listen to others, so that no lower part imports a higher one."""
        from django.db.models.signals import post_delete, post_save, pre_delete
        from wagtail.signals import page_published, page_unpublished

        from rongmei import cache
        from rongmei.search import sources as search_sources

        from .cache_tags import petition_tags
        from .exchange import webhooks
        from .exchange.city import outbox as city
        from .intake import views as board_views  # noqa: F401 - registers the views of the board's routes
        from .models import (
            Department,
            DutyShift,
            Petition,
            PetitionMessage,
            PetitionStory,
            PetitionSupport,
            ScreenedWord,
            WeeklyReport,
        )
        from .reporters import columns
        from .search import PetitionSource
        from .supervision import daily, hot_topics  # noqa: F401 - hot_topics connects the keyword signals
        from .supervision import reports as report_views  # noqa: F401 - registers the report page's view
        from .workflow import tick, transition_performed, watch

        # What a change purges from the page cache: a petition's page, every list of petitions (the
        # board, the home page, department channels) and the stories that embed it; its thread, 同问 and
        # stories are part of it.
        cache.depends_on(Petition, petition_tags)
        for part in (PetitionMessage, PetitionSupport, PetitionStory):
            cache.depends_on(part, lambda obj: petition_tags(Petition(pk=obj.petition_id)))
        cache.depends_on(WeeklyReport)
        cache.depends_on(Department)  # the board's filters list the units and areas
        cache.depends_on(DutyShift)  # the board shows today's units on duty (今日值班)

        # The site's search covers public petitions; the site package imports no app, so petitions tells it.
        search_sources.register(PetitionSource())

        # The site's screening engine reads the word list that petitions keeps, and rebuilds when it changes.
        screening.set_word_source(lambda: ScreenedWord.objects.active().entries())
        post_save.connect(
            _word_list_changed, sender=ScreenedWord, dispatch_uid="petitions-screened-word-saved"
        )
        post_delete.connect(
            _word_list_changed, sender=ScreenedWord, dispatch_uid="petitions-screened-word-deleted"
        )

        # The workflow tells; the exchange side records its webhook events and delivers what is due.
        transition_performed.connect(
            webhooks.on_transition, sender=Petition, dispatch_uid="petitions-webhook-events"
        )
        tick.register_delivery(webhooks.deliver_due)
        # 市区两级: a district's site sends its calls to the city, and follows the city's progress
        transition_performed.connect(city.on_transition, sender=Petition, dispatch_uid="petitions-city-calls")
        tick.register_delivery(city.deliver_due)

        # The statistics' per-day aggregates follow every change the workflow (or an edit) makes.
        watch(daily.keep)
        pre_delete.connect(daily.on_petition_deleted, sender=Petition, dispatch_uid="petitions-daily-figures")

        # A 帮打听 or 督办 story joins (or leaves) the timeline of the petitions it embeds.
        page_published.connect(columns.on_page_published, dispatch_uid="petitions-reporter-story-published")
        page_unpublished.connect(
            columns.on_page_unpublished, dispatch_uid="petitions-reporter-story-unpublished"
        )


def _word_list_changed(sender, **kwargs):
    screening.bump_version()
