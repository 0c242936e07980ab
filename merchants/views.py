"""The public views behind the directory's and the boards' routable pages."""

import os

from django.core.files.images import ImageFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from rongmei import cache
from rongmei.ratelimit import client_ip, hit

from .forms import ClassifiedAdForm, MerchantApplicationForm, ReportForm
from .models import (
    Board,
    ClassifiedAd,
    ClassifiedAdPhoto,
    ClassifiedBoardPage,
    DirectoryIndexPage,
    MerchantApplication,
    MerchantApplicationPhoto,
)
from .moderation import screen_submission, screening_note

# Attempts per address: (limit, seconds).
APPLICATION_RATE = (5, 3600)
AD_RATE = (10, 3600)
CONTACT_RATE = (20, 3600)
REPORT_RATE = (20, 3600)
ADS_PER_PAGE = 20


def _upload_collection():
    """Uploaded photos wait in their own collection, away from the editors' pictures."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="公众上传").first()
    return existing or root.add_child(name="公众上传")


# --- 商家入驻 ------------------------------------------------------------------------------------


@DirectoryIndexPage.serves("merchant_application")
def merchant_application(request, directory):
    template = "merchants/merchant_application.html"
    context = directory.get_context(request)
    if request.method == "POST":
        form = MerchantApplicationForm(request.POST, request.FILES, directory=directory)
        if not hit(f"merchants:apply:ip:{client_ip(request)}", *APPLICATION_RATE):
            form.add_error(None, _("提交过于频繁，请一小时后再试。"))
        elif form.is_valid():
            data = form.cleaned_data
            result = screen_submission(data["business_name"], data["description"], data["address"])
            if result.refused:
                form.add_error(None, result.reason)
            else:
                with transaction.atomic():
                    application = form.save(commit=False)
                    application.status = (
                        MerchantApplication.Status.HELD if result.held else MerchantApplication.Status.PENDING
                    )
                    application.screening_reason = screening_note(result)
                    application.submitted_from = client_ip(request) or None
                    application.save()
                    _save_photos(application, form.photos())
                context["application"] = application
                return render(request, "merchants/merchant_application_done.html", context)
        context["form"] = form
        return render(request, template, context, status=400 if form.errors else 200)
    context["form"] = MerchantApplicationForm(directory=directory)
    return render(request, template, context)


def _save_photos(application, uploads):
    Image = get_image_model()
    collection = _upload_collection()
    for number, upload in enumerate(uploads, start=1):
        image = Image(title=f"{application.business_name} 申请照片 {number}", collection=collection)
        # "application-": a private file, read only through rongmei.private_media (rongmei.storage)
        image.file = ImageFile(upload, name=f"application-{os.urandom(6).hex()}.{upload.extension}")
        image.save()
        MerchantApplicationPhoto.objects.create(application=application, image=image)


# --- classified ads ---------------------------------------------------------------------------


def _visible_ads():
    return ClassifiedAd.objects.visible()


@ClassifiedBoardPage.serves("ad_list")
def ad_list(request, board_page, board):
    if board is not None and board not in Board.values:
        raise Http404
    cache.tag_list(ClassifiedAd)
    ads = _visible_ads().prefetch_related("photos__image").order_by("-published_at", "-pk")
    if board:
        ads = ads.filter(board=board)
    context = board_page.get_context(request)
    context["boards"] = Board.choices
    context["board"] = board
    context["board_label"] = Board(board).label if board else ""
    context["page_obj"] = Paginator(ads, ADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "merchants/classified_board_page.html", context)


def _get_visible_ad(pk):
    ad = _visible_ads().filter(pk=pk).first()
    if ad is None:
        raise Http404
    return ad


@ClassifiedBoardPage.serves("ad_detail")
def ad_detail(request, board_page, pk):
    ad = _get_visible_ad(pk)
    cache.tag_object(ad)
    context = board_page.get_context(request)
    context.update(ad=ad, report_form=ReportForm())
    return render(request, "merchants/classified_ad.html", context)


@ClassifiedBoardPage.serves("ad_contact")
def ad_contact(request, board_page, pk):
    """The ad's contact, for one ad at a time, only on POST and only so often per address."""
    if request.method != "POST":
        return redirect(board_page.url + board_page.reverse_subpage("ad", args=[pk]))
    ad = _get_visible_ad(pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not hit(f"merchants:ad-contact:ip:{client_ip(request)}", *CONTACT_RATE):
        message = _("查看联系方式过于频繁，请稍后再试。")
        if wants_json:
            return JsonResponse({"detail": message}, status=429)
        context = board_page.get_context(request)
        context.update(ad=ad, report_form=ReportForm(), contact_error=message)
        return render(request, "merchants/classified_ad.html", context, status=429)
    contact = {"name": ad.contact_name, "phone": ad.contact_phone}
    if wants_json:
        return JsonResponse(contact)
    context = board_page.get_context(request)
    context.update(ad=ad, report_form=ReportForm(), contact=contact)
    response = render(request, "merchants/classified_ad.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@ClassifiedBoardPage.serves("ad_report")
def ad_report(request, board_page, pk):
    if request.method != "POST":
        return redirect(board_page.url + board_page.reverse_subpage("ad", args=[pk]))
    ad = _get_visible_ad(pk)
    form = ReportForm(request.POST)
    ip = client_ip(request)
    context = board_page.get_context(request)
    context.update(ad=ad, report_form=form)
    if not hit(f"merchants:ad-report:ip:{ip}", *REPORT_RATE):
        context["report_message"] = _("举报过于频繁，请稍后再试。")
        return render(request, "merchants/classified_ad.html", context, status=429)
    if form.is_valid():
        key = f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{ip}"
        ad.report(key, form.cleaned_data["reason"])
        context["report_message"] = _("感谢举报，编辑会尽快核实。")
    return render(request, "merchants/classified_ad.html", context)


@ClassifiedBoardPage.serves("ad_new")
def ad_new(request, board_page):
    """Choose a board first (a list of links), then fill in that board's form."""
    template = "merchants/classified_ad_form.html"
    context = board_page.get_context(request)
    board = request.POST.get("board") if request.method == "POST" else request.GET.get("board")
    context["boards"] = Board.choices
    if board not in Board.values:
        return render(request, template, context)
    context["board"], context["board_label"] = board, Board(board).label
    if request.method == "POST":
        form = ClassifiedAdForm(request.POST, request.FILES, board=board)
        if not hit(f"merchants:ad-new:ip:{client_ip(request)}", *AD_RATE):
            form.add_error(None, _("发布过于频繁，请一小时后再试。"))
        elif form.is_valid():
            result = screen_submission(form.cleaned_data["title"], form.cleaned_data["description"])
            if result.refused:
                form.add_error(None, result.reason)
            else:
                with transaction.atomic():
                    ad = form.save(commit=False)
                    ad.status = ClassifiedAd.Status.PENDING
                    ad.screening_reason = screening_note(result)
                    ad.submitted_from = client_ip(request) or None
                    if request.user.is_authenticated:
                        ad.poster = request.user
                        # A merchant's own account posts on behalf of its listing.
                        ad.merchant = request.user.merchant_pages.filter(live=True).first()
                    ad.save()
                    _save_ad_photos(ad, form.cleaned_data["photos"])
                context["ad"] = ad
                return render(request, "merchants/classified_ad_done.html", context)
        context["form"] = form
        return render(request, template, context, status=400 if form.errors else 200)
    context["form"] = ClassifiedAdForm(board=board)
    return render(request, template, context)


def _save_ad_photos(ad, pictures):
    Image = get_image_model()
    collection = _upload_collection()
    for number, picture in enumerate(pictures, start=1):
        name = f"ad-{os.urandom(6).hex()}.{picture.extension}"
        image = Image(title=f"{ad.title[:40]} ({number})", collection=collection)
        image.file = ImageFile(picture, name=name)
        image.save()
        ClassifiedAdPhoto.objects.create(ad=ad, image=image, sort_order=number)
