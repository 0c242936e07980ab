"""The public board's views, serving ``PetitionBoardPage``'s routes (registered with ``@PetitionBoardPage.serves``).

Posting and follow-ups go through ``petitions.intake.services`` (shared with the API); state changes through
``petitions.workflow``. Templates receive ready lists and never query.
"""

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from rongmei import cache as page_cache
from rongmei.ratelimit import client_ip, hit, is_limited
from rongmei.templatetags.rongmei_tags import in_language

from .. import workflow
from ..models import (
    Department,
    DutyShift,
    Petition,
    PetitionBoardPage,
    PetitionMessage,
    PetitionPhoto,
    PetitionSettings,
    PetitionSupport,
)
from ..reporters import columns as reporting
from ..supervision.hot_topics import public_hot_words
from . import services
from .coverage import coverage_of
from .forms import BoardFilterForm, FollowUpForm, PetitionForm, RatingForm, TrackForm
from .paging import BoardPaginator
from .thread import timeline

BROWSER_COOKIE = "rm_browser"
TRACKED_SESSION_KEY = "petitions_tracked"
DONE_SESSION_KEY = "petitions_done"


def render(request, board, template, context):
    context = {"page": board, "self": board, "request": request, **context}
    return TemplateResponse(request, f"petitions/{template}", context)


# --- the board ------------------------------------------------------------------------------------


@PetitionBoardPage.serves("board")
def board(request, page):
    page_cache.tag_list(Petition)
    page_cache.tag_list(Department)  # the filters list the units
    page_cache.tag_list(DutyShift)  # 今日值班: a change of the roster purges the board
    page_cache.lifetime(_seconds_to_midnight())  # and tomorrow's roster shows from midnight
    filters = BoardFilterForm(request.GET or None)
    petitions = filters.apply(Petition.objects.visible_on_board().with_photos())
    paginator = BoardPaginator(petitions, page.per_page or 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        page,
        "petition_board_page.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "petitions": page_obj.object_list,
            "hot_words": public_hot_words(),
            "on_duty": list(DutyShift.objects.today()),
        },
    )


def _seconds_to_midnight():
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


def _public_petition(number):
    petition = (
        Petition.objects.visible_on_board()
        .prefetch_related(Prefetch("photos", queryset=PetitionPhoto.objects.select_related("image")))
        .filter(number=number)
        .first()
    )
    if petition is None:
        raise Http404(_("没有找到这条诉求，它可能尚未公开。"))
    return petition


def _thread_messages(petition):
    return list(petition.messages.public().select_related("department"))


@PetitionBoardPage.serves("detail")
def detail(request, page, number):
    petition = _public_petition(number)
    page_cache.tag_object(petition)
    stories = reporting.public_stories(petition)
    return render(
        request,
        page,
        "petition_detail.html",
        {
            "petition": petition,
            "steps": timeline(petition, _thread_messages(petition), stories=stories),
            "reporter_following": reporting.following_badge(petition, stories),
            "reporter_name": reporting.PUBLIC_REPORTER_NAME,
            "photos": list(petition.photos.all()),
            "coverage": coverage_of(petition, request),
            "supported": _has_supported(request, petition),
        },
    )


# --- 同问 ----------------------------------------------------------------------------------------------


# A browser that has given a 同问 sees "已同问" on the petitions it supported: a page of its own.
page_cache.personal_cookie(BROWSER_COOKIE)


def _browser_token(request):
    return request.get_signed_cookie(BROWSER_COOKIE, default=None, salt="petitions.browser")


def _supporter(request, token):
    """Who a 同问 is counted for: the account when signed in, else the browser's signed token."""
    if request.user.is_authenticated:
        return salted_hmac("petitions.support", f"user:{request.user.pk}").hexdigest()
    return salted_hmac("petitions.support", token).hexdigest()


def _has_supported(request, petition):
    token = _browser_token(request)
    if token is None and not request.user.is_authenticated:
        return False
    return PetitionSupport.objects.filter(petition=petition, browser_hash=_supporter(request, token)).exists()


@PetitionBoardPage.serves("support")
def support(request, page, number):
    """同问, once per account or per browser; a browser without an account also counts against a daily
    cap per petition and address, so fresh cookie-less sessions from one address cannot inflate it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    petition = _public_petition(number)
    token = _browser_token(request) or secrets.token_urlsafe(18)
    supporter = _supporter(request, token)
    ip = client_ip(request)
    if not services.allow("support_ip", ip):
        messages.error(request, _("操作太频繁，请稍后再试。"))
    elif PetitionSupport.objects.filter(petition=petition, browser_hash=supporter).exists():
        messages.info(request, _("您已经同问过这条诉求。"))
    elif not request.user.is_authenticated and not services.allow(
        "support_petition_ip", f"{petition.pk}:{ip}"
    ):
        messages.error(request, _("这条诉求今天从您的网络同问的次数已满，登录后可以再同问。"))
    else:
        try:
            with transaction.atomic():
                PetitionSupport.objects.create(petition=petition, browser_hash=supporter)
                Petition.objects.filter(pk=petition.pk).update(support_count=F("support_count") + 1)
                page_cache.purge_object(petition)  # update() sends no signal
            messages.success(request, _("已同问，感谢您的关注。"))
        except IntegrityError:
            messages.info(request, _("您已经同问过这条诉求。"))
    response = redirect(page.url + page.reverse_subpage("detail", args=[petition.number]))
    response.set_signed_cookie(
        BROWSER_COOKIE,
        token,
        salt="petitions.browser",
        max_age=3 * 365 * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@PetitionBoardPage.serves("support_confirm")
@never_cache
def support_confirm(request, page, number):
    """Where the 同问 button of the (cached) petition page leads in a browser without JavaScript: the
    same form with the visitor's own CSRF token. With JavaScript the button fetches the token and posts
    at once (``site.js``)."""
    petition = _public_petition(number)
    return render(
        request,
        page,
        "support_confirm.html",
        {"petition": petition, "supported": _has_supported(request, petition)},
    )


# --- posting -----------------------------------------------------------------------------------------


def _subpage_url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


@PetitionBoardPage.serves("new")
@never_cache
def new(request, page):
    site = Site.find_for_request(request)
    if request.method == "POST":
        form = PetitionForm(request.POST, request.FILES, user=request.user)
        submission = services.submit_petition(
            form, ip=client_ip(request), site=site, intake_channel=Petition.IntakeChannel.WEBSITE
        )
        if submission is not None:
            request.session[DONE_SESSION_KEY] = {
                "number": submission.petition.number,
                "code": submission.code,
                "status": submission.petition.status,
            }
            _remember_tracked(request, submission.petition)
            return redirect(_subpage_url(page, "done"))
        # a fresh sum for the next try: each challenge is good for one answer
        form.data = form.data.copy()
        form.data["captcha_answer"] = ""
        form.data["captcha_token"] = ""
        question = form.issue_captcha()
        form.data["captcha_token"] = form.initial["captcha_token"]
    else:
        form = PetitionForm(user=request.user, initial={"form_token": secrets.token_urlsafe(24)})
        question = form.issue_captcha()

    settings_ = PetitionSettings.for_site(site) if site else None
    return render(
        request,
        page,
        "petition_form.html",
        {
            "form": form,
            "captcha_question": question,
            "notice": in_language(settings_, "notice") if settings_ else "",
        },
    )


@PetitionBoardPage.serves("done")
@never_cache
def done(request, page):
    result = request.session.pop(DONE_SESSION_KEY, None)
    if result is None:
        return redirect(_subpage_url(page, "track"))
    return render(request, page, "petition_done.html", {"result": result})


# --- tracking ----------------------------------------------------------------------------------------


def _remember_tracked(request, petition):
    tracked = [pk for pk in request.session.get(TRACKED_SESSION_KEY, []) if pk != petition.pk]
    request.session[TRACKED_SESSION_KEY] = [petition.pk, *tracked][:20]


@PetitionBoardPage.serves("track")
@never_cache
def track(request, page):
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        ip_key = f"petitions:track_ip:{client_ip(request)}"
        count, period = services.limits()["track_ip"]
        if is_limited(ip_key, count, period):
            form.is_valid()
            form.add_error(None, _("查询失败次数太多，请稍后再试。"))
        elif form.is_valid():
            petition = Petition.objects.with_tracking_code(form.cleaned_data["code"]).first()
            if petition is not None:
                _remember_tracked(request, petition)
                return redirect(_subpage_url(page, "tracked") + f"?p={petition.pk}")
            hit(ip_key, count, period)
            # the same answer whether the code is malformed, unknown or belongs to a removed petition
            form.add_error("code", _("查询码不正确，请核对后再试。"))
    return render(request, page, "petition_track.html", {"form": form})


def _tracked_petition(request):
    try:
        pk = int(request.GET.get("p", ""))
    except ValueError:
        pk = None
    allowed = request.session.get(TRACKED_SESSION_KEY, [])
    if pk not in allowed:
        user = request.user
        if pk is None or not (user.is_authenticated and Petition.objects.filter(pk=pk, user=user).exists()):
            return None
    return (
        Petition.objects.select_related("topic", "department", "requested_department")
        .prefetch_related(Prefetch("photos", queryset=PetitionPhoto.objects.select_related("image")))
        .filter(pk=pk)
        .first()
    )


@PetitionBoardPage.serves("tracked")
@never_cache
def tracked(request, page):
    """One petition as its author sees it — even a private or pending one — with follow-up and rating."""
    petition = _tracked_petition(request)
    if petition is None:
        return redirect(_subpage_url(page, "track"))
    site = Site.find_for_request(request)
    follow_up_form = FollowUpForm()
    rating_form = RatingForm()
    if request.method == "POST":
        if "rating" in request.POST:
            rating_form = RatingForm(request.POST)
            if rating_form.is_valid():
                try:
                    workflow.perform(
                        petition,
                        "rate",
                        workflow.Resident(request.user if request.user.is_authenticated else None),
                        rating=rating_form.cleaned_data["rating"],
                        comment=rating_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("感谢您的评价。"))
                    return redirect(request.get_full_path())
                except workflow.TransitionError as error:
                    rating_form.add_error(None, error.messages[0])
        else:
            follow_up_form = FollowUpForm(request.POST)
            message = services.post_follow_up(
                petition, follow_up_form, ip=client_ip(request), user=request.user, site=site
            )
            if message is not None:
                if message.status == PetitionMessage.Status.PENDING:
                    messages.success(request, _("追问已提交，审核通过后公开显示。"))
                else:
                    messages.success(request, _("追问已发布。"))
                return redirect(request.get_full_path())
    thread = list(
        petition.messages.filter(is_public=True).exclude(status="rejected").select_related("department")
    )
    return render(
        request,
        page,
        "petition_tracked.html",
        {
            "petition": petition,
            "steps": timeline(petition, thread, include_pending_for_owner=True),
            "photos": list(petition.photos.all()),
            "follow_up_form": follow_up_form,
            "rating_form": rating_form,
            "can_follow_up": workflow.can(workflow.Resident(), petition, "follow_up"),
            "can_rate": workflow.can(workflow.Resident(), petition, "rate") and not petition.rating,
        },
    )


# --- my petitions --------------------------------------------------------------------------------------


@PetitionBoardPage.serves("mine")
@never_cache
def mine(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    petitions = Petition.objects.of_user(request.user).select_related("topic", "department")
    page_obj = Paginator(petitions, 20).get_page(request.GET.get("page"))
    return render(
        request, page, "my_petitions.html", {"page_obj": page_obj, "petitions": page_obj.object_list}
    )
