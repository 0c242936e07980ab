"""The home app's public views: the pop-up notices a page's script asks for, the contest page's routes
(评比) and a resident's SMS opt-in (紧急通知短信)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rongmei import cache
from rongmei.ratelimit import client_ip

from . import contests, participation
from .forms import ContestEntryForm, SmsSubscriptionForm
from .models import ContestPage, SmsSubscription
from .models.broadcasts import masked
from .popups import notices_for

MAX_PATH = 500


def _refuse(message):
    return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def popups(request):
    """``/popups/?path=/zh-hans/news/&lang=zh-hans``: the notices showing now on that page, as JSON.

    Pages are cached for everyone, so they carry no notice; this answer is the live part (``home.popups``
    says which notices apply). A bad question is answered 400 with ``{"detail": ...}`` in the visitor's
    language: ``lang`` when it is one of the site's, else the one the request came with."""
    code = request.GET.get("lang", "")
    path = request.GET.get("path", "")
    codes = [language for language, _name in settings.LANGUAGES]
    if code not in codes:
        return _refuse(_("参数 lang 应为以下之一：%(codes)s。") % {"codes": ", ".join(codes)})
    with translation.override(code):
        if not path.startswith("/") or path.startswith("//"):
            return _refuse(_("参数 path 应为本站页面的地址，以 / 开头。"))
        if len(path) > MAX_PATH or any(ord(character) < 32 for character in path):
            return _refuse(_("参数 path 不是有效的页面地址。"))
        notices = [
            {
                "id": notice["id"],
                "kind": notice["kind"],
                "title": notice["title"],
                "body": notice["body"],
                "link": {"url": notice["link_url"], "label": notice["link_label"] or _("查看详情")}
                if notice["link_url"]
                else None,
                "cap": notice["cap"],
                "ends_at": notice["ends_at"].isoformat(),
            }
            for notice in notices_for(path, code)
        ]
        labels = {"close": _("关闭"), "urgent": _("紧急通知"), "campaign": _("活动")}
    return JsonResponse({"notices": notices, "labels": labels}, json_dumps_params={"ensure_ascii": False})


# --- 评比: the contest page's routes (``home.models.contests``; the rules are ``home.contests``) --------

VOTER_COOKIE = "contest-voter"
VOTER_SALT = "contest"
#: Votes and entries per contest and address: (count, seconds).
VOTE_RATE = (60, 600)
ENTRY_RATE = (5, 3600)

# A voter's page shows their own votes: with this cookie a visitor always gets a fresh page.
cache.personal_cookie(VOTER_COOKIE)


def _contest_context(request, page, **extra):
    context = page.get_context(request)
    phase = page.phase()
    voter = participation.signed_cookie(request, VOTER_COOKIE, VOTER_SALT)
    user = participation.account(request)
    voted = set()
    if phase == "voting" and (voter or user):
        voted = set(contests.votes_of(page, voter or "", user).values_list("entry_id", flat=True))
    context.update(
        phase=phase,
        entries=page.ranked_entries()
        if page.counts_visible()
        else page.entries.approved().order_by("submitted_at", "pk").prefetch_related("photos__image"),
        counts_visible=page.counts_visible(),
        voted=voted,
        votes_left=max(0, page.votes_per_person - len(voted)),
        **extra,
    )
    return context


def _cache_until_next_phase(page):
    cache.tag_object(page)
    upcoming = page.next_change()
    if upcoming is not None:
        cache.lifetime((upcoming - timezone.now()).total_seconds())


@ContestPage.serves("contest")
def contest(request, page):
    _cache_until_next_phase(page)
    return TemplateResponse(request, "home/contest_page.html", _contest_context(request, page))


@ContestPage.serves("contest_vote")
def contest_vote(request, page, pk):
    if request.method != "POST":
        return redirect(page.url)
    voter, new = participation.browser_token(request, VOTER_COOKIE, VOTER_SALT)
    try:
        if participation.too_frequent(request, f"contest:{page.pk}:vote", VOTE_RATE):
            raise contests.VoteRefused(_("投票过于频繁，请稍后再试。"))
        contests.cast_vote(page, pk, voter=voter, user=participation.account(request))
    except contests.VoteRefused as refusal:
        response = TemplateResponse(
            request,
            "home/contest_page.html",
            _contest_context(request, page, refusal=str(refusal)),
            status=403,
        )
    else:
        messages.success(request, _("投票成功，感谢您的参与！"))
        response = redirect(page.url)
    if new:
        participation.remember(response, VOTER_COOKIE, voter, VOTER_SALT)
    return response


@ContestPage.serves("contest_enter")
def contest_enter(request, page):
    context = page.get_context(request)
    context["phase"] = page.phase()
    template = "home/contest_enter.html"
    if context["phase"] != "entries":
        context["refusal"] = _("本次评比现在不接受作品。")
        return TemplateResponse(request, template, context, status=403 if request.method == "POST" else 200)
    if request.method != "POST":
        context["form"] = ContestEntryForm()
        return TemplateResponse(request, template, context)
    form = ContestEntryForm(request.POST, request.FILES)
    context["form"] = form
    if participation.too_frequent(request, f"contest:{page.pk}:entry", ENTRY_RATE):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请一小时后再试。"))
    elif form.is_valid():
        data = form.cleaned_data
        try:
            entry = contests.submit_entry(
                page,
                title=data["title"],
                text=data["text"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                photos=data["photos"],
                user=participation.account(request),
                address=client_ip(request),
            )
        except contests.EntryRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            context["entry"] = entry
            return TemplateResponse(request, "home/contest_entry_done.html", context)
    return TemplateResponse(request, template, context, status=400)


@ContestPage.serves("contest_results")
def contest_results(request, page):
    _cache_until_next_phase(page)
    context = page.get_context(request)
    context["phase"] = page.phase()
    if context["phase"] != "closed":
        context["refusal"] = _("评比结果将在 %(time)s 投票截止后公布。") % {
            "time": timezone.localtime(page.closes_at).strftime("%Y-%m-%d %H:%M")
        }
        return TemplateResponse(request, "home/contest_results.html", context, status=403)
    entries = list(page.ranked_entries())
    context["entries"] = entries
    context["total"] = sum(entry.votes for entry in entries)
    return TemplateResponse(request, "home/contest_results.html", context)


# --- 紧急通知短信: a resident's SMS opt-in, on their account pages ----------------------------------


@never_cache
@login_required(login_url=reverse_lazy("accounts:login"))
def sms_notices(request):
    """``/accounts/sms/``: opt in to urgent notices by SMS with a mobile number, or out."""
    subscription = SmsSubscription.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = SmsSubscriptionForm(request.POST)
        if form.is_valid():
            subscribed = form.cleaned_data["subscribed"]
            phone = form.cleaned_data["phone"] or (subscription.phone if subscription else "")
            SmsSubscription.objects.update_or_create(
                user=request.user, defaults={"phone": phone, "active": subscribed}
            )
            messages.success(
                request,
                _("已开通紧急通知短信，将发送到 %(phone)s。") % {"phone": masked(phone)}
                if subscribed
                else _("已退订紧急通知短信，今后不会再给您发送。"),
            )
            return redirect("sms_notices")
        return TemplateResponse(
            request, "home/sms_notices.html", {"form": form, "subscription": subscription}, status=400
        )
    form = SmsSubscriptionForm(
        initial={
            "phone": subscription.phone if subscription else "",
            "subscribed": bool(subscription and subscription.active),
        }
    )
    return TemplateResponse(request, "home/sms_notices.html", {"form": form, "subscription": subscription})
