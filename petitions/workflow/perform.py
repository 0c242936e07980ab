"""Running a transition: ``perform()`` is the only way to change ``Petition.status``.

It locks the row (``select_for_update``) inside one transaction, checks the rule, applies the effect,
saves, writes the step to Wagtail's audit log under a registered action (``petitions.<name>``) and sends
``signals.transition_performed`` inside the transaction (so the exchange side records its webhook events
with the change, and none is lost); the watchers (``signals.watch``: the statistics' per-day aggregates)
see the petition before and after, in the same transaction. After the transaction commits, ``notifications`` is told.
``submit()`` stores a new petition; ``moderate_message()`` publishes or turns away a held message.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from rongmei.screening import publishes_unreviewed

from ..models import Petition, PetitionMessage, PetitionPhoto
from . import deadlines, duplicates, notifications
from .actors import DepartmentSystem, Resident, TransitionError, _is_user, is_moderator
from .signals import transition_performed, watching
from .transitions import TRANSITIONS

S = Petition.Status


def _log_user(actor):
    if isinstance(actor, Resident):
        return actor.user
    return actor if _is_user(actor) else None


def log_data(name, previous, status, actor, data):
    """What the audit log keeps of a transition besides its message's id (the demo's bulk seed too)."""
    return {
        "from": previous,
        "to": status,
        **({"reason": str(data["reason"])} if data.get("reason") else {}),
        **({"rating": str(data["rating"])} if name == "rate" and data.get("rating") else {}),
        **(
            {key: str(data.get(key, "")) for key in ("method", "answer_rating", "handling_rating")}
            if name == "return_visit"
            else {}
        ),
        **duplicates.log_data(name, data),
        **(actor.log_data() if isinstance(actor, DepartmentSystem) else {}),
    }


def perform(petition, name, actor=None, **data):
    """Run transition ``name`` on ``petition`` for ``actor``; return the petition (and the row it wrote, if
    any: a thread message, or the return visit of ``return_visit``).

    Raises ``PermissionDenied`` when the actor may not, and ``TransitionError`` when the petition is not
    in a starting state or the data is incomplete; in both cases nothing is written.
    """
    transition = TRANSITIONS[name]
    with transaction.atomic():
        locked = (
            Petition.objects.select_for_update(of=("self",)).select_related("department").get(pk=petition.pk)
        )
        if not transition.allowed(actor, locked):
            raise PermissionDenied(transition.denied or _("您没有权限执行此操作。"))
        if locked.status not in transition.sources:
            raise TransitionError(
                _("诉求当前状态为“%(status)s”，不能%(action)s。")
                % {"status": locked.get_status_display(), "action": transition.label}
            )
        if locked.duplicate_of_id is not None and name not in duplicates.ALLOWED_ON_DUPLICATE:
            raise TransitionError(_("这条诉求是重复诉求，请在原诉求上办理。"))
        now = timezone.now()
        previous = locked.status
        changed = watching(locked)
        message = transition.effect(locked, actor, data, now) if transition.effect else None
        target = transition.target(locked, data) if callable(transition.target) else transition.target
        if target is not None:
            locked.status = target
        locked.save()
        if message is not None:
            message.save()
        changed(locked)
        log(
            locked,
            f"petitions.{name}",
            user=_log_user(actor),
            data={
                **log_data(name, previous, locked.status, actor, data),
                # the row the step wrote: a thread message, or a return visit (``log_key``)
                **({getattr(message, "log_key", "message"): message.pk} if message is not None else {}),
            },
        )
        transition_performed.send(sender=Petition, name=name, petition=locked)
        transaction.on_commit(lambda: notifications.transition_done(name, locked.pk))
    # the caller's object follows the locked row, its related objects too (a new department after a return)
    petition.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    petition._state.fields_cache = dict(locked._state.fields_cache)
    return (petition, message) if message is not None else petition


def submit(
    petition, actor=None, *, photos=(), auto_accept=False, screening=None, tracking_code=None, entered_by=None
):
    """Store a new petition (pending), give it its number and tracking code, and accept it if allowed.

    Returns the tracking code, which is shown to the resident once and not kept. ``tracking_code`` is
    one chosen beforehand (the demo's known codes); by default a fresh one is drawn. ``entered_by`` is the
    staff member who entered it for a caller or a letter's writer (热线登记): the audit log names them.
    """
    with transaction.atomic():
        petition.status = S.PENDING
        if screening is not None:
            petition.screening_matches = list(screening.matches)
        code = petition.set_tracking_code(tracking_code)
        petition.due_at = deadlines.add_working_days(petition.submitted_at, deadlines.DECISION_DAYS)
        changed = watching(None)
        petition.save()
        changed(petition)
        petition.assign_number()
        PetitionPhoto.objects.bulk_create(
            PetitionPhoto(petition=petition, image=image, sort_order=order)
            for order, image in enumerate(photos)
        )
        user = actor.user if isinstance(actor, Resident) else None
        data = {"to": S.PENDING, **({"entered_by": entered_by.get_username()} if entered_by else {})}
        log(petition, "petitions.submit", user=entered_by or user, data=data)
        if publishes_unreviewed(screening, auto_accept):
            perform(petition, "accept", None)
    return code


def moderate_message(message, approve, actor, reason=""):
    """Publish or turn away a held thread message; logged on its petition's history."""
    if not is_moderator(actor, message.petition):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if not approve and not reason:
        raise TransitionError({"reason": _("请填写驳回理由。")})
    with transaction.atomic():
        locked = (
            PetitionMessage.objects.select_for_update(of=("self",))
            .select_related("petition")
            .get(pk=message.pk)
        )
        if locked.status != PetitionMessage.Status.PENDING:
            raise TransitionError(_("这条留言已经审核过了。"))
        locked.status = PetitionMessage.Status.VISIBLE if approve else PetitionMessage.Status.REJECTED
        locked.rejection_reason = "" if approve else reason[:200]
        locked.save(update_fields=["status", "rejection_reason"])
        log(
            locked.petition,
            "petitions.message_approve" if approve else "petitions.message_reject",
            user=_log_user(actor),
            data={"message": locked.pk, **({"reason": reason} if reason else {})},
        )
    message.status = locked.status
    message.rejection_reason = locked.rejection_reason
    return message
