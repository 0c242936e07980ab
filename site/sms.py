"""The one way the site sends a text message: the backend named by ``settings.PETITION_SMS_BACKEND`` (a
dotted path to a class with ``send(phone, text)``; see ``petitions.workflow.notifications`` for the log
and file backends). Every app that sends SMS — petition notices, urgent-notice broadcasts — loads it here.
"""

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "petitions.workflow.notifications.LogSMSBackend"


def backend():
    return import_string(getattr(settings, "PETITION_SMS_BACKEND", DEFAULT_BACKEND))()
