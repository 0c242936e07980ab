"""The public side of a Q&A session: the page, the question form and the poll endpoint.

Called by ``QASessionPage``'s routes. Questions are rate-limited per address, answered with a captcha by
visitors who are not signed in, screened like petitions (``rongmei.screening``: refused words are
refused with the reason, held words are shown to the moderator) and always held for a moderator.
"""

import hashlib
import secrets

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from rongmei.captcha import CaptchaMixin
from rongmei.ratelimit import client_ip, hit
from rongmei.screening import screen
from rongmei.validators import clean_phone, clean_resident_text

from ..models.qa import QUESTION_MAX_LENGTH, QAQuestion, restriction_cache_key
from . import feed

READER_COOKIE = "rm_qa_reader"
#: questions per address: (count, seconds)
ASK_LIMIT = (5, 600)


class QuestionForm(CaptchaMixin, forms.Form):
    """A resident's question. ``screening`` holds the keyword screen's answer once the form is valid."""

    body = forms.CharField(
        label=gettext_lazy("您的问题"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": QUESTION_MAX_LENGTH}),
    )
    asker_name = forms.CharField(
        label=gettext_lazy("称呼（可不填，公开显示）"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    contact_phone = forms.CharField(
        label=gettext_lazy("联系电话（可不填，不会公开）"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("问题需要转给有关单位办理时，方便联系您。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.screening = None
        self.captcha_question = ""
        if user is not None and user.is_authenticated:
            # A signed-in resident has already proven to be a person.
            del self.fields["captcha_token"]
            del self.fields["captcha_answer"]

    def issue_captcha(self):
        if "captcha_token" in self.fields:
            return super().issue_captcha()
        return ""

    def clean_body(self):
        return clean_resident_text(self.cleaned_data.get("body"), min_letters=4)

    def clean_asker_name(self):
        value = self.cleaned_data.get("asker_name")
        return clean_resident_text(value, min_letters=1) if value else ""

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data.get("contact_phone"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.screening = screen(cleaned.get("body"), cleaned.get("asker_name"))
            if self.screening.refused:
                raise ValidationError(self.screening.reason, code="screening")
        return cleaned


def ip_hash(ip):
    return salted_hmac("newsroom.qa.ip", ip or "").hexdigest()


def submit_question(session, form, *, ip, now=None):
    """Store a question held for moderation, or return ``None`` with the reason on the form."""
    refusal = session.question_refusal(now)  # before the rate limit: a closed session costs nothing
    if refusal:
        form.is_valid()
        form.add_error(None, ValidationError(refusal, code="closed"))
        return None
    count, period = ASK_LIMIT
    if not hit(f"newsroom:qa:ask:{hashlib.sha256(ip.encode()).hexdigest()}", count, period):
        form.is_valid()
        form.add_error(None, ValidationError(_("提问太频繁，请稍后再试。"), code="rate_limited"))
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    user = form.user if form.user is not None and form.user.is_authenticated else None
    return QAQuestion.objects.create(
        session=session,
        body=data["body"],
        asker_name=data["asker_name"],
        contact_phone=data["contact_phone"],
        user=user,
        screening_matches=list(form.screening.matches),
        ip_hash=ip_hash(ip),
    )


def _fresh_form(request):
    form = QuestionForm(user=request.user)
    form.captcha_question = form.issue_captcha()
    return form


def _page_context(request, session, form):
    cursor = feed.version(session)
    items = [item for item in feed.items_for(session, cursor) if item["public"]]
    items.sort(key=lambda item: item["order"], reverse=True)
    state = session.state
    context = session.get_context(request)
    context.update(
        {
            "state": state,
            "officials": list(session.officials.select_related("photo", "department")),
            "items": items,
            "cursor": cursor,
            "participants": feed.participants(session.pk),
            "refusal": session.question_refusal(),
            "form": form,
            "ask_url": session.get_url(request) + session.reverse_subpage("ask"),
            "updates_url": reverse("qa_updates", args=[session.pk]),
        }
    )
    return context


def session_page(request, session):
    form = None if session.question_refusal() else _fresh_form(request)
    return TemplateResponse(request, "newsroom/qa_session_page.html", _page_context(request, session, form))


@never_cache
def ask(request, session):
    if request.method != "POST":
        return redirect(session.url)
    form = QuestionForm(request.POST, user=request.user)
    question = submit_question(session, form, ip=client_ip(request))
    if question is not None:
        messages.success(request, _("问题已提交，经审核后公开显示，请留意嘉宾的回答。"))
        return redirect(session.url + "#qa-ask")
    # Keep what was typed; the answered captcha is used up, so ask a new sum.
    form.data = form.data.copy()
    if "captcha_token" in form.fields:
        form.data["captcha_answer"] = ""
        form.captcha_question = form.issue_captcha()
        form.data["captcha_token"] = form.initial["captcha_token"]
    context = _page_context(request, session, form)
    context["refusal"] = ""  # the refusal is shown on the form, beside what was typed
    return TemplateResponse(request, "newsroom/qa_session_page.html", context, status=400)


def _reader(request):
    value = request.COOKIES.get(READER_COOKIE, "")
    if value and len(value) <= 32 and value.isalnum():
        return value, False
    return secrets.token_hex(12), True


@never_cache
def updates(request, session, current_version=None):
    """The poll: ``?since=<cursor>`` answers the items changed after it, as JSON."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        since = max(0, int(request.GET.get("since", "0")))
    except ValueError:
        return JsonResponse({"error": _("参数 since 必须是整数。")}, status=400)
    reader, new = _reader(request)
    response = JsonResponse(feed.payload(session, since, reader=reader, current_version=current_version))
    if new:
        response.set_cookie(
            READER_COOKIE, reader, max_age=86400, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    return response


def updates_by_id(request, pk):
    """The same poll at ``/<language>/qa/<pk>/updates/``, which the page's script uses.

    Hundreds of readers poll at once, so this skips Wagtail's page routing: the session and its feed
    version come in one query, and the items from the cache.
    """
    session, current_version = feed.live_session_with_version(pk)
    if session is None or not _may_view(request, session):
        raise Http404
    return updates(request, session, current_version=current_version)


def _may_view(request, session):
    """Whether the request passes the page's privacy settings (its own or an ancestor's), as the page itself
    would check them. Whether there are any is cached (and forgotten when a restriction changes), so a public
    session's poll costs no query for it."""
    key = restriction_cache_key(session.pk)
    restricted = cache.get(key)
    if restricted is None:
        restricted = session.get_view_restrictions().exists()
        cache.set(key, restricted, 3600)
    if not restricted:
        return True
    return all(restriction.accept_request(request) for restriction in session.get_view_restrictions())
