"""热线登记: an operator of the 12345 or 12319 hotline, or a clerk of letters and visits, enters a petition on a
caller's or a letter writer's behalf in the admin.

The petition is stored through the posting service (``intake.services.enter_for_caller``) with the
channel it came by, then waits for moderation like any other; the caller's name and phone stay private
as on the board. The tracking code is shown once to the operator, to read out, and sent by SMS to the
caller's phone (``notifications.hotline_receipt``). Only holders of ``petitions.enter_hotline_petition``
(the HotlineOperators group, and editors) may enter one; the server checks it on every request.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from rongmei.roles import ENTER_HOTLINE_PETITION

from ..intake import services
from ..intake.forms import PetitionForm
from ..models import Petition
from ..workflow import notifications

Channel = Petition.IntakeChannel
#: the channels an operator enters petitions from; the others are the site's own paths
CHANNELS = [Channel.HOTLINE_12345, Channel.HOTLINE_12319, Channel.LETTERS_AND_VISITS, Channel.LETTER]
#: the board's fields an operator has no use for: the captcha, the photo upload, the map picker
BOARD_ONLY_FIELDS = (
    "captcha_token",
    "captcha_answer",
    "website",
    "photos",
    "form_token",
    "latitude",
    "longitude",
)


def may_enter(user):
    return user.is_authenticated and user.has_perm(ENTER_HOTLINE_PETITION)


class HotlineMenuItem(MenuItem):
    def is_shown(self, request):
        return may_enter(request.user)


class HotlineForm(PetitionForm):
    """The board's petition form as an operator fills it in: the channel first, the caller's phone required."""

    intake_channel = forms.ChoiceField(
        label=gettext_lazy("来源"), choices=[(channel.value, channel.label) for channel in CHANNELS]
    )
    field_order = ["intake_channel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, user=None, **kwargs)
        for name in BOARD_ONLY_FIELDS + ("is_anonymous",):
            self.fields.pop(name, None)
        phone = self.fields["contact_phone"]
        phone.required = True
        phone.label = _("来电人电话")
        phone.help_text = _("不会公开；查询码将以短信发到这个号码。")
        phone.error_messages["required"] = _("请填写来电人的电话，查询码要以短信告诉来电人。")
        self.fields["contact_name"].label = _("来电人姓名")
        self.fields["is_public"].help_text = _(
            "来电人同意后勾选：公开后其他居民可以看到诉求和答复，联系方式始终不公开。"
        )


def enter(request):
    """The form; on success, the number and tracking code to read out, and the SMS sent to the caller."""
    if not may_enter(request.user):
        raise PermissionDenied
    form = HotlineForm(request.POST or None, initial={"intake_channel": Channel.HOTLINE_12345})
    if request.method == "POST":
        submission = services.enter_for_caller(form, request.user)
        if submission is not None:
            petition, code = submission.petition, submission.code
            transaction.on_commit(lambda: notifications.hotline_receipt(petition, code))
            return render(
                request,
                "petitions/admin/hotline_done.html",
                {
                    "petition": petition,
                    "code": code,
                    "phone_tail": petition.contact_phone[-4:],
                    "page_title": _("已登记"),
                    "header_icon": "mail",
                },
            )
    return render(
        request,
        "petitions/admin/hotline_form.html",
        {"form": form, "page_title": _("热线登记"), "header_icon": "mail"},
        status=400 if form.errors else 200,
    )
