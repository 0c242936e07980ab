from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "民声诉求"

    def ready(self):
        from . import hot_topics  # noqa: F401 - connects the keyword signals
