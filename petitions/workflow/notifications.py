"""Notifications of the handling side, sent as Django Tasks (``django_tasks``; immediate by default).

- department staff, by email: a petition was dispatched to them; one is due soon, or overdue (from the
  tick, once a day); the units on duty that day (值班) get the overdue reminder too — the named staff
  member on duty, else the unit's staff — unless they already got it as the handling unit's staff;
- the resident: their petition was accepted, answered, or still waits for their rating — by email when
  they posted from an account with an address, else by SMS to the contact phone; in the language of the
  page they posted from (``Petition.language``), and on zh-hant in traditional script throughout (the
  zh-hant catalogue, OpenCC for whatever it lacks).

SMS goes through a pluggable backend, ``settings.PETITION_SMS_BACKEND`` (a dotted path to a class with
``send(phone, text)``); the default, ``LogSMSBackend``, only writes the message to the log;
``FileSMSBackend`` appends it to a file (development, the browser tests). Messages never carry the
tracking code (only its hash is kept) nor other personal data — but one: ``hotline_receipt``, which tells
a caller the code of the petition an operator has just entered for them, sent once to the caller's own
phone at the moment the code is drawn, and never queued.
"""

import datetime
import json
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from rongmei import sms
from rongmei.chinese import to_traditional

from ..models import DutyShift, Petition, handling_group_ids
from . import deadlines

# The logger keeps the name it had before the workflow became a package: log configuration names it.
logger = logging.getLogger("petitions.notifications")


class LogSMSBackend:
    """Writes each SMS to the log instead of sending it: the default until a gateway is configured."""

    def send(self, phone, text):
        logger.info("SMS to %s: %s", phone[:3] + "****" + phone[-4:], text)


class FileSMSBackend:
    """Appends each SMS to ``settings.PETITION_SMS_FILE_PATH``, one JSON object a line, as Django's
    file-based email backend does for mail."""

    def send(self, phone, text):
        path = Path(settings.PETITION_SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"phone": phone, "text": text, "sent_at": timezone.now().isoformat()}, ensure_ascii=False
        )
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


def sms_backend():
    return sms.backend()


def _petition(pk):
    return (
        Petition.objects.select_related("department", "user", "topic", "duplicate_of").filter(pk=pk).first()
    )


def _staff_emails(department):
    """Everyone who handles the department's petitions (``handles``): its staff and those of units above."""
    group_ids = handling_group_ids(department)
    if not group_ids:
        return []
    users = get_user_model().objects.filter(groups__in=group_ids, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _duty_emails(day):
    """Who keeps the duty on ``day``: each shift's named staff member, else the unit's staff."""
    emails = set()
    for shift in DutyShift.objects.on(day):
        if shift.staff is not None:
            if shift.staff.is_active and shift.staff.email:
                emails.add(shift.staff.email)
        else:
            emails.update(_staff_emails(shift.department))
    return sorted(emails)


def _to_staff(petition, subject, body):
    recipients = _staff_emails(petition.department)
    if recipients:
        send_mail(subject, body, None, recipients)
    return len(recipients)


def _to_resident(petition, message):
    """Email to the posting account if it has an address, else SMS to the contact phone; else nothing.

    ``message`` is a function returning the text, called in the resident's language."""
    email = petition.user.email if petition.user_id and petition.user.email else ""
    if not email and not petition.contact_phone:
        return ""
    with override(petition.language or settings.LANGUAGE_CODE):
        subject, text = _("您的诉求 %(number)s") % {"number": petition.number}, message()
    if petition.language == "zh-hant":
        subject, text = to_traditional(subject), to_traditional(text)
    if email:
        send_mail(subject, text, None, [email])
        return "email"
    sms_backend().send(petition.contact_phone, text)
    return "sms"


@task()
def dispatched(pk):
    petition = _petition(pk)
    if petition is None or petition.department is None:
        return 0
    due = timezone.localtime(petition.due_at).strftime("%Y-%m-%d %H:%M") if petition.due_at else "—"
    return _to_staff(
        petition,
        _("【新转办】%(number)s %(title)s") % {"number": petition.number, "title": petition.title},
        _("融媒体中心向贵单位转办了一条诉求，请在 %(due)s 前签收，并在工作台办理。\n\n%(title)s\n%(content)s")
        % {"due": due, "title": petition.title, "content": petition.content},
    )


@task()
def due_soon(pk):
    petition = _petition(pk)
    if petition is None or petition.department is None or petition.due_at is None:
        return 0
    due = timezone.localtime(petition.due_at).strftime("%Y-%m-%d %H:%M")
    return _to_staff(
        petition,
        _("【即将到期】%(number)s %(title)s") % {"number": petition.number, "title": petition.title},
        _("诉求 %(number)s 的%(step)s期限是 %(due)s，请及时办理。")
        % {"number": petition.number, "step": petition.get_status_display(), "due": due},
    )


@task()
def overdue(pk, day):
    """The daily reminder of an overdue petition (``day``: the local date, ISO): to its unit's staff, and
    to whoever is on duty that day with a line saying why they get it."""
    petition = _petition(pk)
    if petition is None or petition.department is None or petition.due_at is None:
        return 0
    values = {
        "number": petition.number,
        "title": petition.title,
        "department": petition.department.name,
        "step": petition.get_status_display(),
        "due": timezone.localtime(petition.due_at).strftime("%Y-%m-%d %H:%M"),
    }
    subject = _("【超期提醒】%(number)s %(title)s") % values
    body = _("诉求 %(number)s（%(department)s）的%(step)s期限 %(due)s 已过，请尽快办理。") % values
    handling = _staff_emails(petition.department)
    if handling:
        send_mail(subject, body, None, handling)
    on_duty = [email for email in _duty_emails(datetime.date.fromisoformat(day)) if email not in handling]
    if on_duty:
        duty_body = _("您是今日值班人员，请督促办理单位尽快办理。") + "\n\n" + body
        send_mail(subject, duty_body, None, on_duty)
    return len(handling) + len(on_duty)


def hotline_receipt(petition, code):
    """Tell the caller (or a letter's writer) the number and tracking code of the petition an operator
    entered for them, by SMS to the contact phone, in the petition's language. Called by the request that
    drew the code, after it committed: the code is never stored nor queued."""
    with override(petition.language or settings.LANGUAGE_CODE):
        text = _(
            "【融媒体中心】您反映的问题已登记，编号 %(number)s，查询码 %(code)s。"
            "请保存好查询码，可在网站“民声”栏目的“查询进度”查看办理情况。"
        ) % {"number": petition.number, "code": code}
    if petition.language == "zh-hant":
        text = to_traditional(text)
    sms_backend().send(petition.contact_phone, text)


@task()
def accepted(pk):
    petition = _petition(pk)
    if petition is None:
        return ""
    return _to_resident(
        petition,
        lambda: (
            _("【融媒体中心】您的诉求 %(number)s 已受理，我们会尽快转交有关单位办理。")
            % {"number": petition.number}
        ),
    )


@task()
def answered(pk):
    petition = _petition(pk)
    if petition is None:
        return ""
    return _to_resident(
        petition,
        lambda: (
            _(
                "【融媒体中心】您的诉求 %(number)s 已有答复。请用查询码查看答复并评价（满意 / 基本满意 / 不满意）。"
            )
            % {"number": petition.number}
        ),
    )


@task()
def please_rate(pk):
    petition = _petition(pk)
    if petition is None or petition.rating:
        return ""
    return _to_resident(
        petition,
        lambda: (
            _(
                "【融媒体中心】您的诉求 %(number)s 已答复，还未评价。请用查询码评价；%(days)s 天内未评价将自动办结。"
            )
            % {"number": petition.number, "days": deadlines.RATING_DAYS}
        ),
    )


@task()
def marked_duplicate(pk):
    petition = _petition(pk)
    if petition is None or petition.duplicate_of_id is None:
        return ""
    original = petition.duplicate_of.number
    return _to_resident(
        petition,
        lambda: (
            _(
                "【融媒体中心】您的诉求 %(number)s 与诉求 %(original)s 反映的是同一问题，已合并到 %(original)s 办理，"
                "请在留言板上关注 %(original)s 的办理进展。"
            )
            % {"number": petition.number, "original": original}
        ),
    )


#: workflow transition → the notification it sends once committed
ON_TRANSITION = {
    "accept": accepted,
    "dispatch": dispatched,
    "reply": answered,
    "mark_duplicate": marked_duplicate,
}


def transition_done(name, pk):
    """Called by ``workflow.perform`` after a transition has committed."""
    notification = ON_TRANSITION.get(name)
    if notification is not None:
        notification.enqueue(pk)
