from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与便民服务"

    def ready(self):
        from rongmei import cache

        from . import views  # noqa: F401 - registers the contest page's route views (rongmei.routes)
        from .models import ContestEntry, PopupNotice

        # notices are never in a page: a change purges only the notices' own read (home.popups)
        cache.depends_on(PopupNotice, lambda notice: {cache.list_tag(PopupNotice)})
        # an entry shows on its contest's pages once approved, and leaves them when rejected
        cache.depends_on(ContestEntry, lambda entry: {cache.object_tag(entry.contest)})
