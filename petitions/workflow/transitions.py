# Over 450 lines: the transition table and the effects it names are read together, so they stay in one file.
"""The petition workflow's transition table: every change of a petition's state, in one table.

Each ``Transition`` says who may perform it (``allowed(actor, petition)``, from ``actors``), from which
states, into which state, and what it records (``effect``). ``perform.perform()`` is the only way to run
one; ``can`` and ``available`` answer what an actor may do now, for buttons and menus.

The handling side: dispatch (with its referral letter), forwarding up to the city (上报市级, a dispatch to
the unit standing for the city), claim, reply (with an optional internal note),
return, extension request and its approval or refusal, close, rate (不满意 reopens once, supervised, and
is kept in ``dissatisfied_at``), supervise, return visit (回访: two ratings, 双评议; the state stays). Effects
set the deadlines from ``petitions.workflow.deadlines``; ``due_at`` is always the deadline of the current
step and is never edited by hand.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ..models import Department, ExtensionRequest, Petition, PetitionDispatch, PetitionMessage, ReturnVisit
from . import deadlines, duplicates
from .actors import (
    Resident,
    TransitionError,
    _is_user,
    is_dispatcher,
    is_dispatcher_or_system,
    is_handling_department,
    is_moderator,
    is_resident,
    is_return_visitor,
)

S = Petition.Status


def _require(data, key, message):
    value = data.get(key)
    if value in (None, ""):
        raise TransitionError({key: message})
    return value


def _accept(petition, actor, data, now):
    petition.accepted_at = now
    petition.due_at = None  # the media centre dispatches it; the department's clock starts then


def _reject(petition, actor, data, now):
    petition.rejection_reason = _require(data, "reason", _("请填写不予受理的理由，居民会看到它。"))[:200]
    petition.rejected_at = now
    petition.due_at = None


def _dispatch(petition, actor, data, now):
    department = _require(data, "department", _("请选择办理单位。"))
    if not isinstance(department, Department):
        department = Department.objects.filter(pk=department).first()
    if department is None or not department.accepts_petitions or not department.is_active:
        raise TransitionError({"department": _("该单位不受理诉求，请选择其他单位。")})
    dispatched(petition, department, actor, data, now).save()


# What the effects that write rows of their own change, as unsaved rows: the effects save them, and the
# demo's bulk seed (``petitions.seed.bulk``) collects them. ``add_days`` is the working-day calendar.


def dispatched(petition, department, actor, data, now, add_days=deadlines.add_working_days):
    """Put ``petition`` in ``department``'s hands from ``now``; return its unsaved ``PetitionDispatch``."""
    petition.department = department
    petition.assigned_at = now
    petition.claimed_at = None
    petition.due_at = add_days(now, deadlines.CLAIM_DAYS)
    petition.reply_due_at = add_days(now, deadlines.reply_days(petition))
    return PetitionDispatch(
        petition=petition,
        department=department,
        note=(data.get("note") or "")[:1000],
        dispatched_by=actor if _is_user(actor) else None,
        dispatched_at=now,
        claim_due_at=petition.due_at,
        reply_due_at=petition.reply_due_at,
    )


def returned(petition, actor, reason, now):
    """Take ``petition`` back from its department; return the internal note saying why (unsaved)."""
    department = petition.department
    petition.department = None
    petition.assigned_at = None
    petition.claimed_at = None
    petition.due_at = None
    petition.reply_due_at = None
    return PetitionMessage(
        petition=petition,
        kind=PetitionMessage.Kind.NOTE,
        body=_("退回融媒体中心：%(reason)s") % {"reason": str(reason)[:500]},
        author=actor if _is_user(actor) else None,
        department=department,
        is_public=False,
        created_at=now,
    )


def extension_requested(petition, actor, days, reason, now):
    """The department's request for ``days`` more working days (unsaved)."""
    return ExtensionRequest(
        petition=petition,
        department=petition.department,
        days=days,
        reason=str(reason)[:300],
        requested_by=actor if _is_user(actor) else None,
        requested_at=now,
    )


def extension_approved(petition, request, actor, data, now, add_days=deadlines.add_working_days):
    """Approve ``request``: the reply deadline moves by its working days (neither row is saved)."""
    request.status = ExtensionRequest.Status.APPROVED
    request.decided_by = actor if _is_user(actor) else None
    request.decided_at = now
    request.decision_note = (data.get("note") or "")[:200]
    petition.reply_due_at = add_days(petition.reply_due_at or now, request.days)
    petition.due_at = petition.reply_due_at


def _forward_to_city(petition, actor, data, now):
    """上报市级: a district's site puts the petition in the hands of the unit standing for its city (kind
    ``city``, ``petitions.models.city``); the exchange side posts it to the city once this commits."""
    department = data.get("department") or (
        Department.objects.active().filter(kind=Department.Kind.CITY).order_by("pk").first()
    )
    if department is None or department.kind != Department.Kind.CITY or not department.is_active:
        raise TransitionError(_("本站没有配置上级平台对接，不能上报市级。"))
    dispatched(petition, department, actor, data, now).save()


def _claim(petition, actor, data, now):
    petition.claimed_at = now
    petition.due_at = petition.reply_due_at


def _return(petition, actor, data, now):
    reason = _require(data, "reason", _("请说明退回理由。"))
    department = petition.department
    # the dispatch being returned counts against its department in the weekly scoring
    PetitionDispatch.objects.filter(
        pk=petition.dispatches.filter(department=department, returned_at__isnull=True)
        .order_by("-dispatched_at", "-pk")
        .values("pk")[:1]
    ).update(returned_at=now)
    return returned(petition, actor, reason, now)


def _request_extension(petition, actor, data, now):
    reason = _require(data, "reason", _("请说明延期理由。"))
    try:
        days = int(_require(data, "days", _("请填写延长的工作日数。")))
    except (TypeError, ValueError):
        raise TransitionError({"days": _("请填写延长的工作日数。")}) from None
    if not 1 <= days <= deadlines.EXTENSION_MAX_DAYS:
        raise TransitionError(
            {"days": _("延期最多 %(max)s 个工作日。") % {"max": deadlines.EXTENSION_MAX_DAYS}}
        )
    requests = ExtensionRequest.objects.filter(petition=petition)
    if requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise TransitionError(_("已有一个延期申请在等待审批。"))
    if requests.filter(status=ExtensionRequest.Status.APPROVED).count() >= deadlines.EXTENSION_MAX_COUNT:
        raise TransitionError(_("每条诉求只能延期一次。"))
    extension_requested(petition, actor, days, reason, now).save()


def _pending_extension(petition):
    request = (
        ExtensionRequest.objects.select_for_update()
        .filter(petition=petition, status=ExtensionRequest.Status.PENDING)
        .first()
    )
    if request is None:
        raise TransitionError(_("没有待审批的延期申请。"))
    return request


def _extend(petition, actor, data, now):
    """Approve the pending extension request: the reply deadline moves by its working days."""
    request = _pending_extension(petition)
    extension_approved(petition, request, actor, data, now)
    request.save()


def _refuse_extension(petition, actor, data, now):
    note = _require(data, "reason", _("请填写不批准的理由。"))
    request = _pending_extension(petition)
    request.status = ExtensionRequest.Status.REFUSED
    request.decided_by = actor if _is_user(actor) else None
    request.decided_at = now
    request.decision_note = str(note)[:200]
    request.save()


def _reply(petition, actor, data, now):
    body = _require(data, "body", _("请填写答复内容。"))
    petition.replied_at = now
    petition.due_at = None
    if data.get("internal_note"):
        PetitionMessage.objects.create(
            petition=petition,
            kind=PetitionMessage.Kind.NOTE,
            body=str(data["internal_note"])[:2000],
            author=actor if _is_user(actor) else None,
            department=petition.department,
            is_public=False,
            created_at=now,
        )
    return PetitionMessage(
        petition=petition,
        kind=PetitionMessage.Kind.REPLY,
        body=body,
        author=actor if _is_user(actor) else None,
        department=petition.department,
        created_at=now,
    )


def _close(petition, actor, data, now):
    petition.closed_at = now
    petition.due_at = None


def _reopen_effect(petition, now):
    petition.reopen_count += 1
    petition.is_supervised = True
    petition.supervised_at = petition.supervised_at or now
    petition.replied_at = None
    petition.closed_at = None
    petition.claimed_at = petition.claimed_at or now
    petition.reply_due_at = deadlines.add_working_days(now, deadlines.reply_days(petition))
    petition.due_at = petition.reply_due_at


def _rate(petition, actor, data, now):
    if petition.rating:
        raise TransitionError(_("这条诉求已经评价过了，不能重复评价。"))
    rating = _require(data, "rating", _("请选择评价。"))
    if rating not in Petition.Rating.values:
        raise TransitionError({"rating": _("请选择有效的评价。")})
    petition.rating = rating
    petition.rating_comment = (data.get("comment") or "")[:200]
    petition.rated_at = now
    if rating == Petition.Rating.DISSATISFIED:
        petition.dissatisfied_at = now
    if not _rating_reopens(petition, data):
        petition.closed_at = petition.closed_at or now
        return None
    # The first rating is kept in the thread (internal) and the log; the second handling is rated afresh.
    note = PetitionMessage(
        petition=petition,
        kind=PetitionMessage.Kind.NOTE,
        body=_("居民评价“%(rating)s”，重新办理并督办。%(comment)s")
        % {"rating": petition.get_rating_display(), "comment": petition.rating_comment},
        department=petition.department,
        is_public=False,
        created_at=now,
    )
    petition.rating, petition.rating_comment, petition.rated_at = "", "", None
    _reopen_effect(petition, now)
    return note


def _rating_reopens(petition, data):
    """不满意 sends a petition back to its department for a second handling, once."""
    return (
        petition.rating == Petition.Rating.DISSATISFIED
        and petition.status == S.REPLIED
        and petition.reopen_count < 1
        and petition.department_id is not None
    )


def _rate_target(petition, data):
    return S.CLOSED if petition.closed_at else S.PROCESSING


def _reopen(petition, actor, data, now):
    """重新办理: the media centre sends a closed petition back to its department, with a reason."""
    if petition.reopen_count >= 1:
        raise TransitionError(_("每条诉求只能重新办理一次。"))
    _require(data, "reason", _("请说明重新办理的理由，居民和办理单位会看到它。"))
    _reopen_effect(petition, now)


def _visited_at(data, petition, now):
    value = _require(data, "visited_at", _("请填写回访时间。"))
    if isinstance(value, str):
        value = parse_datetime(value.strip())
    if not isinstance(value, datetime.datetime):
        raise TransitionError({"visited_at": _("请填写有效的回访时间。")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now:
        raise TransitionError({"visited_at": _("回访时间不能晚于现在。")})
    answered = petition.replied_at or petition.submitted_at
    if value < answered.replace(second=0, microsecond=0):
        raise TransitionError({"visited_at": _("回访时间不能早于答复时间。")})
    # The form gives whole minutes: a visit in the minute of the reply, or of the 不满意 that asked for it,
    # came after that moment, and is kept as that moment (so the queue and the rates see it as after).
    for moment in (answered, petition.dissatisfied_at):
        if moment is not None and moment.replace(second=0, microsecond=0) <= value < moment:
            value = moment
    return value


def _return_visit(petition, actor, data, now):
    """回访: the resident's answer on the phone, at the door or by message, and their two ratings."""
    if petition.status == S.PROCESSING and petition.dissatisfied_at is None:
        raise TransitionError(_("这条诉求还在办理中，答复后才能回访。"))
    method = _require(data, "method", _("请选择回访方式。"))
    if method not in ReturnVisit.Method.values:
        raise TransitionError({"method": _("请选择有效的回访方式。")})
    ratings = {}
    for key, message in (
        ("answer_rating", _("请选择居民对答复的评价。")),
        ("handling_rating", _("请选择居民对办理的评价。")),
    ):
        ratings[key] = _require(data, key, message)
        if ratings[key] not in Petition.Rating.values:
            raise TransitionError({key: _("请选择有效的评价。")})
    said = str(_require(data, "resident_said", _("请记录居民的意见。"))).strip()
    if not said:
        raise TransitionError({"resident_said": _("请记录居民的意见。")})
    visited_at = _visited_at(data, petition, now)
    return ReturnVisit(
        petition=petition,
        visited_at=visited_at,
        method=method,
        resident_said=said[:2000],
        follows_dissatisfied=petition.dissatisfied_at is not None and petition.dissatisfied_at <= visited_at,
        recorded_by=actor if _is_user(actor) else None,
        recorded_at=now,
        **ratings,
    )


def _supervise(petition, actor, data, now):
    petition.is_supervised = True
    petition.supervised_at = petition.supervised_at or now


def _follow_up(petition, actor, data, now):
    """A follow-up question; ``data['status']`` says whether screening held it for a moderator."""
    body = _require(data, "body", _("请填写追问内容。"))
    return PetitionMessage(
        petition=petition,
        kind=PetitionMessage.Kind.FOLLOW_UP,
        body=body,
        author=actor.user if isinstance(actor, Resident) else None,
        status=data.get("status", PetitionMessage.Status.VISIBLE),
        screening_matches=data.get("screening_matches", []),
        created_at=now,
    )


def _note(petition, actor, data, now):
    return PetitionMessage(
        petition=petition,
        kind=PetitionMessage.Kind.NOTE,
        body=_require(data, "body", _("请填写说明内容。")),
        author=actor if _is_user(actor) else None,
        is_public=bool(data.get("is_public", True)),
        created_at=now,
    )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: (
        object  # a state; None keeps the current state; a callable(petition, data) decides after the effect
    )
    allowed: object
    effect: object = None
    fields: tuple = field(default=())
    denied: str = ""  # the refusal message when ``allowed`` says no


_OPEN = (S.ACCEPTED, S.ASSIGNED, S.PROCESSING, S.REPLIED)
_WRONG_UNIT = _("这条诉求不是转办给您所在单位的，不能办理。")

TRANSITIONS = {
    t.name: t
    for t in [
        Transition("accept", _("受理"), (S.PENDING,), S.ACCEPTED, is_moderator, _accept),
        Transition("reject", _("不予受理"), (S.PENDING,), S.REJECTED, is_moderator, _reject),
        Transition("dispatch", _("转办"), (S.ACCEPTED,), S.ASSIGNED, is_dispatcher, _dispatch),
        Transition(
            "forward_to_city",
            _("上报市级"),
            (S.ACCEPTED,),
            S.ASSIGNED,
            is_dispatcher_or_system,
            _forward_to_city,
        ),
        Transition(
            "claim",
            _("签收"),
            (S.ASSIGNED,),
            S.PROCESSING,
            is_handling_department,
            _claim,
            denied=_WRONG_UNIT,
        ),
        Transition(
            "return",
            _("退回"),
            (S.ASSIGNED, S.PROCESSING),
            S.ACCEPTED,
            is_handling_department,
            _return,
            denied=_WRONG_UNIT,
        ),
        Transition(
            "request_extension",
            _("申请延期"),
            (S.PROCESSING,),
            None,
            is_handling_department,
            _request_extension,
            denied=_WRONG_UNIT,
        ),
        Transition("extend", _("批准延期"), (S.PROCESSING,), None, is_dispatcher, _extend),
        Transition(
            "refuse_extension", _("不批准延期"), (S.PROCESSING,), None, is_dispatcher, _refuse_extension
        ),
        Transition(
            "reply", _("答复"), (S.PROCESSING,), S.REPLIED, is_handling_department, _reply, denied=_WRONG_UNIT
        ),
        Transition("close", _("办结"), (S.REPLIED,), S.CLOSED, is_dispatcher_or_system, _close),
        Transition("rate", _("评价"), (S.REPLIED, S.CLOSED), _rate_target, is_resident, _rate),
        Transition("reopen", _("重新办理"), (S.CLOSED,), S.PROCESSING, is_dispatcher, _reopen),
        Transition("supervise", _("督办"), _OPEN, None, is_dispatcher_or_system, _supervise),
        # a reopened petition (PROCESSING after 不满意) may be visited during its second handling too
        Transition(
            "return_visit",
            _("回访"),
            (S.PROCESSING, S.REPLIED, S.CLOSED),
            None,
            is_return_visitor,
            _return_visit,
        ),
        Transition("follow_up", _("追问"), _OPEN + (S.CLOSED,), None, is_resident, _follow_up),
        Transition(
            "mark_duplicate",
            _("标记为重复"),
            duplicates.SOURCES,
            S.CLOSED,
            duplicates.is_duplicate_marker,
            duplicates.mark_duplicate,
        ),
        Transition(
            "note", _("融媒体中心说明"), (S.PENDING,) + _OPEN + (S.CLOSED,), None, is_moderator, _note
        ),
    ]
}

#: The log action names registered with Wagtail (see wagtail_hooks.register_log_actions).
LOG_ACTIONS = {"submit": _("提交诉求"), **{name: t.label for name, t in TRANSITIONS.items()}}


def _open_to(petition, name):
    return petition.duplicate_of_id is None or name in duplicates.ALLOWED_ON_DUPLICATE


def can(actor, petition, name):
    transition = TRANSITIONS[name]
    return (
        petition.status in transition.sources
        and _open_to(petition, name)
        and transition.allowed(actor, petition)
    )


def available(actor, petition):
    """The transitions ``actor`` may perform on ``petition`` now, for buttons and menus."""
    return [t for t in TRANSITIONS.values() if can(actor, petition, t.name)]


MESSAGE_LOG_ACTIONS = {"message_approve": _("通过留言"), "message_reject": _("驳回留言")}
LOG_ACTIONS.update(MESSAGE_LOG_ACTIONS)
