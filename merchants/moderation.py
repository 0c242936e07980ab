"""How the merchants app uses screening (审帖): one place that calls ``rongmei.screening``.

Applications and ads pass the same keyword screen as petitions. ``refuse`` turns the submission away
with the screen's reason; ``hold`` stores it flagged for an editor; ``pass`` stores it for the ordinary
moderation queue. Nothing here decides what is screened: the word list and its rules are the petitions
app's.
"""

from django.utils.translation import gettext as _

from rongmei.masking import mask_personal_data
from rongmei.screening import screen

__all__ = ["mask_personal_data", "screen_submission", "screening_note"]


def screen_submission(*texts):
    """The screening result for the public texts of one submission."""
    return screen(*texts)


def screening_note(result):
    """What an editor sees in the queue about the screen's decision."""
    if result.held:
        return _("命中待复核词语：%(words)s") % {"words": "、".join(result.matches)}
    return ""
