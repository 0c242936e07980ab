"""The steps of a supervision letter (督办函), recommendation letter (建议函) or interview (约谈).

    issue    supervisor (``issue_accountability_letter``)   → issued     numbered per kind and year
    respond  staff of the department (``handles``)           issued / returned → responded
    accept   supervisor                                      responded → accepted
    return   supervisor, with a reason                       responded → returned (the department answers again)

Each step runs in one transaction with the letter's row locked and is written to Wagtail's audit log under
``petitions.letter_<step>`` (the same log the petition workflow writes), and on the log of each petition
the letter is about, so the petition's history shows it. The number is the highest of its kind and year
plus one; the unique constraint on (kind, year, sequence) makes two supervisors issuing at once collide
rather than share a number, and the loser takes the next one (``NUMBER_ATTEMPTS``).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from rongmei.roles import ISSUE_ACCOUNTABILITY_LETTER

from ..models import AccountabilityLetter, Department, handles
from .actors import TransitionError, _is_user

Letter = AccountabilityLetter
NUMBER_ATTEMPTS = 5

LOG_ACTIONS = {
    "letter_issue": _("签发问责函件"),
    "letter_respond": _("回复问责函件"),
    "letter_accept": _("认可函件回复"),
    "letter_return": _("退回函件回复"),
}


def is_supervisor(user):
    return _is_user(user) and user.has_perm(ISSUE_ACCOUNTABILITY_LETTER)


def may_view(user, letter):
    """Supervisors see every letter; a department's staff only their department's."""
    return is_supervisor(user) or (_is_user(user) and handles(user, letter.department))


def may_respond(user, letter):
    return _is_user(user) and handles(user, letter.department)


def _text(data, key, message, limit):
    value = str(data.get(key) or "").strip()
    if not value:
        raise TransitionError({key: message})
    return value[:limit]


def _log(letter, step, user, **data):
    entry = {"letter": letter.pk, "number": str(letter.number), "status": letter.status, **data}
    log(letter, f"petitions.{step}", user=user, data=entry)
    for petition in letter.petitions.all():
        log(petition, f"petitions.{step}", user=user, data=entry)


def next_sequence(kind, year):
    """The next number of ``kind`` in ``year``: the highest so far plus one (the constraint guards it)."""
    taken = Letter.objects.filter(kind=kind, year=year).aggregate(top=Max("sequence"))
    return (taken["top"] or 0) + 1


def issue(user, *, kind, department, subject, text, deadline, petitions=(), **interview):
    """Issue a letter (or record an interview) to ``department``; return it, numbered."""
    if not is_supervisor(user):
        raise PermissionDenied(_("只有督查考评人员可以签发问责函件。"))
    if kind not in Letter.Kind.values:
        raise TransitionError({"kind": _("请选择有效的类型。")})
    if not isinstance(department, Department):
        department = Department.objects.filter(pk=department).first()
    if department is None:
        raise TransitionError({"department": _("请选择办理单位。")})
    now = timezone.now()
    if deadline is None:
        raise TransitionError({"deadline": _("请填写回复期限。")})
    if deadline < timezone.localdate(now):
        raise TransitionError({"deadline": _("回复期限不能早于今天。")})
    fields = {
        "kind": kind,
        "department": department,
        "subject": _text({"subject": subject}, "subject", _("请填写事由。"), 120),
        "text": _text({"text": text}, "text", _("请填写正文。"), 5000),
        "deadline": deadline,
        "issued_by": user,
        "issued_at": now,
        "year": timezone.localdate(now).year,
    }
    if kind == Letter.Kind.INTERVIEW:
        if not interview.get("interviewed_on"):
            raise TransitionError({"interviewed_on": _("请填写约谈日期。")})
        fields["interviewed_on"] = interview["interviewed_on"]
        fields["attendees"] = _text(interview, "attendees", _("请填写参加人员。"), 500)
        fields["record"] = _text(interview, "record", _("请填写约谈记录。"), 5000)
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                letter = Letter.objects.create(sequence=next_sequence(kind, fields["year"]), **fields)
                letter.petitions.set(petitions)
                _log(letter, "letter_issue", user, kind=kind, department=department.pk)
                return letter
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _locked(letter):
    return Letter.objects.select_for_update().select_related("department").get(pk=letter.pk)


def _refresh(letter, locked):
    letter.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return letter


def respond(letter, user, *, response):
    """The department's written response (书面回复); again after a return."""
    with transaction.atomic():
        locked = _locked(letter)
        if not may_respond(user, locked):
            raise PermissionDenied(_("这份函件不是发给您所在单位的。"))
        if locked.status not in (Letter.Status.ISSUED, Letter.Status.RETURNED):
            raise TransitionError(_("这份函件已经回复，等待督查考评人员审核。"))
        now = timezone.now()
        locked.response = _text({"response": response}, "response", _("请填写书面回复。"), 5000)
        locked.responded_by = user
        locked.responded_at = now
        locked.first_responded_at = locked.first_responded_at or now
        locked.status = Letter.Status.RESPONDED
        locked.save()
        _log(locked, "letter_respond", user, late=locked.is_late(now))
    return _refresh(letter, locked)


def review(letter, user, *, accept, note=""):
    """The supervisor accepts the response, or returns it with a reason for a better one."""
    if not is_supervisor(user):
        raise PermissionDenied(_("只有督查考评人员可以审核回复。"))
    with transaction.atomic():
        locked = _locked(letter)
        if locked.status != Letter.Status.RESPONDED:
            raise TransitionError(_("这份函件还没有待审核的回复。"))
        note = str(note or "").strip()
        if not accept and not note:
            raise TransitionError({"note": _("请说明退回的理由。")})
        locked.status = Letter.Status.ACCEPTED if accept else Letter.Status.RETURNED
        locked.review_note = note[:500]
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.save()
        _log(locked, "letter_accept" if accept else "letter_return", user, **({"note": note} if note else {}))
    return _refresh(letter, locked)
