from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "新闻与部门号"

    def ready(self):
        from . import caching  # noqa: F401 - connects the signals that expire cached fragments
