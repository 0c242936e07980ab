"""重复诉求: a petition marked as a duplicate of another is followed on the original, and counted once.

Editors and supervisors (``mark_duplicate_petition`` in ``rongmei.roles``) mark an open petition as a
duplicate of another public, moderated petition that is not itself a duplicate (so a chain never forms):
the duplicate is closed (办结) with ``duplicate_of`` set and no deadline left, its public page links to the
original, and its resident is told where to follow it. The statistics leave it out
(``Petition.objects.counted()``, and the per-day aggregates' ``contributions``). On a duplicate only the
media centre's note may still be performed (``ALLOWED_ON_DUPLICATE``): rating, follow-ups and the rest
belong to the original.
"""

from django.utils.translation import gettext_lazy as _

from rongmei.roles import MARK_DUPLICATE

from ..models import Petition
from .actors import TransitionError, _is_user

S = Petition.Status

#: the states a petition may be marked as a duplicate from: moderated and not yet answered
SOURCES = (S.ACCEPTED, S.ASSIGNED, S.PROCESSING)
#: what may still be performed on a duplicate
ALLOWED_ON_DUPLICATE = ("note",)


def is_duplicate_marker(actor, petition):
    return _is_user(actor) and actor.has_perm(MARK_DUPLICATE)


def _original(petition, data):
    value = data.get("original")
    if value in (None, ""):
        raise TransitionError({"original": _("请填写原诉求的编号。")})
    if isinstance(value, Petition):
        value = value.pk
    original = Petition.objects.public().by_number(str(value)).first()
    if original is None and str(value).isdigit():
        original = Petition.objects.public().filter(pk=int(value)).first()
    if original is None:
        raise TransitionError({"original": _("找不到这条公开的原诉求，请检查编号。")})
    if original.pk == petition.pk:
        raise TransitionError({"original": _("诉求不能与自己重复。")})
    if original.duplicate_of_id is not None:
        raise TransitionError({"original": _("这条诉求本身是重复诉求，请选择它的原诉求。")})
    return original


def mark_duplicate(petition, actor, data, now):
    """The effect: ``petition`` is closed as a duplicate of ``data['original']`` (a number or an id)."""
    original = _original(petition, data)
    petition.duplicate_of = original
    petition.closed_at = now
    petition.due_at = None


def log_data(name, data):
    """What the audit log keeps of a ``mark_duplicate`` besides the states: the original's number."""
    if name != "mark_duplicate":
        return {}
    return {"original": str(getattr(data.get("original"), "number", data.get("original", "")))}
