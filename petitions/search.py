"""Petitions in the site search (``rongmei.search.sources``): the public ones, linked to the board.

Registered by ``PetitionsConfig.ready``, with the receiver that re-indexes a petition when a message of
its thread is saved or deleted: its replies are searched with it (``Petition.thread_text``).
"""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from modelsearch.tasks import insert_or_update_object_task

from rongmei.search.sources import BoardItemSource

from .models import Petition, PetitionBoardPage, PetitionMessage


class PetitionSource(BoardItemSource):
    kind, label = "petitions", _("民声诉求")
    order = 50
    board_model, route = PetitionBoardPage, "detail"

    def queryset(self):
        return Petition.objects.public()

    def route_args(self, petition):
        return [petition.number]

    def texts(self, petition):
        return petition.public_title, petition.public_content, petition.submitted_at

    def more_texts(self, petition):
        return [petition.thread_text()]


def reindex_thread(sender, instance, **kwargs):
    """Re-index the message's petition, the way modelsearch re-indexes a saved object (as a task)."""
    insert_or_update_object_task.enqueue("petitions", "petition", str(instance.petition_id))


post_save.connect(reindex_thread, sender=PetitionMessage, dispatch_uid="petitions-search-thread-saved")
post_delete.connect(reindex_thread, sender=PetitionMessage, dispatch_uid="petitions-search-thread-deleted")
