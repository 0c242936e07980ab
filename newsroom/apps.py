from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "新闻与部门号"

    def ready(self):
        from rongmei.cache import page_viewed

        from . import caching  # noqa: F401 - connects the signals that expire cached fragments
        from .counters import count_reported_view

        page_viewed.connect(count_reported_view, dispatch_uid="newsroom-count-views")
