"""Petitions in the site search (``rongmei.search.sources``): the public ones, linked to the board.

Registered by ``PetitionsConfig.ready``; a petition has no language of its own, so it is found in every
language and shown in the script of the active one.
"""

from django.utils.translation import gettext_lazy as _

from rongmei.chinese import display_script
from rongmei.search.sources import Result, Source, routable_page

from .models import Petition, PetitionBoardPage


class PetitionSource(Source):
    kind, label = "petitions", _("民声诉求")
    order = 50

    def queryset(self):
        return Petition.objects.public()

    def result(self, petition, context):
        if "petition_board" not in context:
            context["petition_board"] = routable_page(PetitionBoardPage)
        board = context["petition_board"]
        url = board.url + board.reverse_subpage("detail", args=[petition.number]) if board else ""
        return Result(
            self.kind,
            self.label,
            display_script(petition.public_title),
            url,
            display_script(petition.public_content),
            petition.submitted_at,
        )
