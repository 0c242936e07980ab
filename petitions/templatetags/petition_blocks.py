"""What a ``PetitionBlock`` shows beyond its value: the petition's page on the board and its public thread.

Template tags rather than methods on the block's value, because ``petitions.blocks`` sits below the models
(the board page's ``featured`` field uses it) and cannot import the board page or the thread.
"""

from django import template

from ..intake.thread import timeline
from ..models import PetitionBoardPage

register = template.Library()


@register.simple_tag
def petition_url(petition):
    """The petition's page on the live board ("" without a board)."""
    board = PetitionBoardPage.objects.live().first()
    if petition is None or board is None:
        return ""
    return f"{board.url}{petition.number}/"


@register.simple_tag
def petition_steps(petition):
    """The petition's public thread: question, replies and status changes ([] unless on the board)."""
    if petition is None or not petition.is_on_board:
        return []
    return timeline(petition)
