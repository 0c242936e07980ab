"""A petition's public thread as a timeline: question, acceptance, dispatch, claim, replies, follow-ups,
reporters' stories (帮打听, 督办), supervision, reopening, rating — used by the petition's page, the
tracking page, the API and ``PetitionBlock`` alike.

Most steps are read from the petition's own dates. What a petition's fields no longer show — that it was
supervised, that a 不满意 or an editor reopened it, the rating that did so — is read from the workflow's
audit log, and only for petitions marked supervised (every reopened one is).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from rongmei.masking import mask_personal_data

from ..models import Department, Petition, PetitionMessage
from ..reporters.columns import public_stories


@dataclass
class Step:
    when: datetime
    # css hook: submitted, accepted, rejected, assigned, forwarded, claimed, reply, follow_up, note, supervised,
    # reopened, rated, closed
    kind: str
    label: str
    body: str = ""
    department: str = ""
    pending: bool = False
    url: str = ""  # a reporter's story: the address of the story, whose title is ``body``


def timeline(petition, messages=None, *, include_pending_for_owner=False, stories=None):
    """The steps of ``petition`` in time order; ``messages`` and ``stories`` (from
    ``reporting.public_stories``) may be passed in already fetched."""
    if messages is None:
        messages = petition.messages.select_related("department")
        messages = messages.filter(is_public=True).exclude(status=PetitionMessage.Status.REJECTED)
    steps = [Step(petition.submitted_at, "submitted", _("居民提交诉求"))]
    if petition.accepted_at:
        steps.append(Step(petition.accepted_at, "accepted", _("融媒体中心已受理")))
    if petition.rejected_at:
        steps.append(Step(petition.rejected_at, "rejected", _("不予受理"), body=petition.rejection_reason))
    if petition.assigned_at and petition.department_id:
        # 上报市级 is a dispatch to the unit standing for the city (the workflow's ``forward_to_city``)
        forwarded = petition.department.kind == Department.Kind.CITY
        steps.append(
            Step(
                petition.assigned_at,
                "forwarded" if forwarded else "assigned",
                _("已上报市级") if forwarded else _("已转办"),
                department=petition.department.display_name,
            )
        )
    if petition.claimed_at and petition.department_id:
        steps.append(
            Step(
                petition.claimed_at,
                "claimed",
                _("办理单位已签收"),
                department=petition.department.display_name,
            )
        )
    for message in messages:
        if message.status == PetitionMessage.Status.PENDING and not include_pending_for_owner:
            continue
        label = {
            PetitionMessage.Kind.REPLY: _("办理单位答复"),
            PetitionMessage.Kind.FOLLOW_UP: _("居民追问"),
            PetitionMessage.Kind.NOTE: _("融媒体中心说明"),
        }[message.kind]
        steps.append(
            Step(
                message.created_at,
                message.kind,
                label,
                body=message.public_body,
                department=message.department.display_name if message.department_id else "",
                pending=message.status == PetitionMessage.Status.PENDING,
            )
        )
    if stories is None:
        stories = public_stories(petition)
    for story in stories:
        steps.append(
            Step(
                story.published_at,
                "story",
                _("记者跟进报道 · %(column)s") % {"column": story.get_column_display()},
                body=story.page.title,
                url=story.page.url or "",
            )
        )
    if petition.closed_at:
        steps.append(Step(petition.closed_at, "closed", _("已办结")))
    if petition.rated_at:
        steps.append(
            Step(
                petition.rated_at,
                "rated",
                _("居民评价：%(rating)s") % {"rating": petition.get_rating_display()},
                body=mask_personal_data(petition.rating_comment),
            )
        )
    if petition.is_supervised:
        steps.extend(history_steps(petition))
    steps.sort(key=lambda step: step.when)
    return steps


HISTORY_ACTIONS = ["petitions.supervise", "petitions.reopen", "petitions.rate"]


def history_steps(petition):
    """Supervision, reopening and the rating that reopened, from the audit log (one query)."""
    entries = ModelLogEntry.objects.for_instance(petition).filter(action__in=HISTORY_ACTIONS)
    for action, when, data in entries.values_list("action", "timestamp", "data"):
        if action == "petitions.supervise":
            yield Step(when, "supervised", _("融媒体中心督办"))
        elif action == "petitions.reopen":
            yield Step(
                when, "reopened", _("融媒体中心决定重新办理"), body=mask_personal_data(data.get("reason", ""))
            )
        elif data.get("to") == Petition.Status.PROCESSING:  # a rating that reopened the petition
            rating = (
                Petition.Rating(data["rating"]).label if data.get("rating") in Petition.Rating.values else ""
            )
            yield Step(when, "rated", _("居民评价：%(rating)s") % {"rating": rating})
            yield Step(when, "reopened", _("居民不满意，重新办理并督办"))
