from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与便民服务"

    def ready(self):
        from rongmei import cache

        from .models import PopupNotice

        # notices are never in a page: a change purges only the notices' own read (home.popups)
        cache.depends_on(PopupNotice, lambda notice: {cache.list_tag(PopupNotice)})
