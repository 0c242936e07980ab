from django.apps import AppConfig


class RongmeiConfig(AppConfig):
    name = "rongmei"
    label = "rongmei"
    verbose_name = "融媒"
