"""The rules of a live Q&A session, once: who may moderate (``can_moderate``) and answer
(``can_answer``), and the changes themselves (``release``, ``reject``, ``answer``,
``convert_to_petition``). When questions are accepted at all is the page's own rule
(``QASessionPage.question_refusal``).

Each change runs in one transaction with the question locked, is written to Wagtail's audit log, and
stamps ``public_changed_at`` on the question when what the public sees changes. The newest stamp of a
session is its feed's version (see ``newsroom.qa.feed``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from petitions import workflow
from petitions.models import Petition, handled_department_ids
from rongmei import cache
from rongmei.roles import DISPATCH_PETITION, MODERATE_PETITION

from ..models.qa import ANSWER_MAX_LENGTH, QAAnswer, QAQuestion


class QAError(ValidationError):
    """A change the question's state or the input does not allow; nothing was written."""


def can_moderate(user):
    """Media-centre moderators and editors release and reject questions."""
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PETITION))


def answerable_department_ids(user, session):
    """The taking-part departments ``user`` may answer for (all of them for a moderator)."""
    taking_part = session.department_ids()
    if can_moderate(user) or (user.is_authenticated and user.is_superuser):
        return taking_part
    return taking_part & set(handled_department_ids(user))


def can_answer(user, session):
    return bool(user and user.is_authenticated and answerable_department_ids(user, session))


def _locked(question):
    return QAQuestion.objects.select_for_update(of=("self",)).select_related("session").get(pk=question.pk)


def _public_changed(question, now):
    question.public_changed_at = now
    cache.purge(cache.object_tag(question.session))


def _sync(question, locked):
    question.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return question


def release(question, actor):
    """Make a held question public."""
    if not can_moderate(actor):
        raise PermissionDenied(_("您没有审核访谈提问的权限。"))
    with transaction.atomic():
        locked = _locked(question)
        if locked.status == QAQuestion.Status.RELEASED:
            raise QAError(_("这个问题已经公开了。"))
        now = timezone.now()
        locked.status = QAQuestion.Status.RELEASED
        locked.rejection_reason = ""
        locked.released_at = now
        locked.moderated_by = actor
        _public_changed(locked, now)
        locked.save()
        log(locked.session, "newsroom.qa_release", user=actor, data={"question": locked.pk})
    return _sync(question, locked)


def reject(question, actor, reason):
    """Turn away a held question, or withdraw a released one; the reason is kept for the record."""
    if not can_moderate(actor):
        raise PermissionDenied(_("您没有审核访谈提问的权限。"))
    reason = (reason or "").strip()
    if not reason:
        raise QAError({"reason": _("请填写不通过的理由。")})
    with transaction.atomic():
        locked = _locked(question)
        if locked.status == QAQuestion.Status.REJECTED:
            raise QAError(_("这个问题已经处理过了。"))
        now = timezone.now()
        if locked.status == QAQuestion.Status.RELEASED:
            _public_changed(locked, now)
        locked.status = QAQuestion.Status.REJECTED
        locked.rejection_reason = reason[:200]
        locked.moderated_by = actor
        locked.save()
        log(locked.session, "newsroom.qa_reject", user=actor, data={"question": locked.pk, "reason": reason})
    return _sync(question, locked)


def answer(question, actor, body, official=None):
    """Record an official's answer. ``official``, when given, must be one of the session's officials and
    (for department staff) from a department the actor works for; refused otherwise, nothing written."""
    session = question.session
    allowed = answerable_department_ids(actor, session) if actor and actor.is_authenticated else set()
    if not allowed:
        raise PermissionDenied(_("只有参与本期访谈的单位的工作人员才能回答问题。"))
    body = (body or "").strip()
    if len(body) < 2:
        raise QAError({"body": _("请填写回答内容。")})
    if len(body) > ANSWER_MAX_LENGTH:
        raise QAError({"body": _("回答不能超过 %(count)s 字。") % {"count": ANSWER_MAX_LENGTH}})
    if official is not None:
        if official.page_id != session.pk:
            raise QAError({"official": _("这位嘉宾没有参加本期访谈，请选择本期的嘉宾。")})
        if official.department_id not in allowed:
            raise QAError({"official": _("您不能以其他单位嘉宾的名义回答。")})
        department_id = official.department_id
    elif len(allowed) == 1:
        department_id = next(iter(allowed))
    else:
        raise QAError({"official": _("请选择以哪位嘉宾的名义回答。")})
    with transaction.atomic():
        locked = _locked(question)
        if locked.status == QAQuestion.Status.REJECTED:
            raise QAError(_("这个问题未通过审核，不能回答。"))
        reply = QAAnswer.objects.create(
            question=locked, official=official, department_id=department_id, author=actor, body=body
        )
        if locked.status == QAQuestion.Status.RELEASED:
            _public_changed(locked, reply.answered_at)
            locked.save(update_fields=["public_changed_at"])
        log(
            locked.session, "newsroom.qa_answer", user=actor, data={"question": locked.pk, "answer": reply.pk}
        )
    return reply


def convert_to_petition(question, actor, topic, title=""):
    """Turn a question into a petition (accepted, ready to dispatch), linked both ways."""
    if not (actor and actor.is_authenticated and actor.has_perm(DISPATCH_PETITION)):
        raise PermissionDenied(_("您没有把提问转为民声诉求的权限。"))
    if topic is None:
        raise QAError({"topic": _("请选择领域。")})
    with transaction.atomic():
        locked = _locked(question)
        if locked.petition_id:
            raise QAError(_("这个问题已经转为民声诉求 %(number)s。") % {"number": locked.petition.number})
        session = locked.session
        title = (title or "").strip() or locked.body.strip().splitlines()[0]
        petition = Petition(
            kind=Petition.Kind.QUESTION,
            topic=topic,
            title=title[:60],
            content=(
                locked.body + "\n\n" + _("（来自在线访谈《%(title)s》的网友提问）") % {"title": session.title}
            )[:2000],
            contact_name=locked.asker_name,
            contact_phone=locked.contact_phone,
            user=locked.user,
            is_anonymous=locked.user_id is None,
            is_public=locked.status == QAQuestion.Status.RELEASED,
            submitted_at=locked.submitted_at,
            intake_channel=Petition.IntakeChannel.INTERVIEW,
        )
        workflow.submit(petition, workflow.Resident(locked.user))
        workflow.perform(petition, "accept", actor)
        locked.petition = petition
        if locked.status == QAQuestion.Status.RELEASED:
            _public_changed(locked, timezone.now())
        locked.save(update_fields=["petition", "public_changed_at"])
        log(
            locked.session,
            "newsroom.qa_petition",
            user=actor,
            data={"question": locked.pk, "petition": petition.pk},
        )
    return _sync(question, locked).petition


LOG_ACTIONS = {
    "qa_release": _("公开访谈提问"),
    "qa_reject": _("不公开访谈提问"),
    "qa_answer": _("回答访谈提问"),
    "qa_petition": _("访谈提问转为民声诉求"),
}
