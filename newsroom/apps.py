from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "新闻与部门号"

    def ready(self):
        from petitions.reporters.columns import register_story_page
        from rongmei.cache import page_viewed

        from .counters import count_reported_view
        from .models import NewsArticlePage, QASessionPage
        from .qa import views as qa_views

        page_viewed.connect(count_reported_view, dispatch_uid="newsroom-count-views")
        # An article in the 帮打听 or 督办 channel is a reporter's story on the petitions it embeds: newsroom
        # tells petitions so, and petitions never imports newsroom.
        register_story_page(NewsArticlePage)

        # A Q&A session's routes are served by its views, which import the models (``rongmei.routes``).
        QASessionPage.serves("session_page")(qa_views.session_page)
        QASessionPage.serves("ask")(qa_views.ask)
        QASessionPage.serves("updates")(qa_views.updates)
