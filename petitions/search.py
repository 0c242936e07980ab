"""Petitions in the site search (``rongmei.search.sources``): the public ones, linked to the board.

Registered by ``PetitionsConfig.ready``.
"""

from django.utils.translation import gettext_lazy as _

from rongmei.search.sources import BoardItemSource

from .models import Petition, PetitionBoardPage


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
