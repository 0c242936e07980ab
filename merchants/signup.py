"""What happens when an editor approves or rejects a merchant application.

Approval, in one transaction: a draft ``MerchantPage`` under the chosen category, the application's
photos as its gallery, an account for the applicant, and a group of one that may edit that page and
nothing else. The group has Wagtail's "change" permission on the page but not "publish", so Wagtail
itself (on the server) keeps every change the merchant makes as a draft until an editor publishes it.
The applicant is e-mailed a link to set a password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from rongmei.links import site_address
from rongmei.roles import apply_roles

from .models import MerchantApplication, MerchantGalleryImage, MerchantPage


class ApplicationError(Exception):
    pass


def merchant_group_name(page):
    return f"商家：{page.title} #{page.pk}"


def _unique_slug(parent, title):
    base = slugify(title, allow_unicode=True) or "merchant"
    slug = base
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings:
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _unique_username(application):
    User = get_user_model()
    base = f"m{application.contact_phone[-11:]}"
    username = base
    while User.objects.filter(username=username).exists():
        username = f"{base}-{secrets.token_hex(2)}"
    return username


def approve(application, editor, note="", request=None):
    """Turn an application into a draft merchant page and an applicant account; returns the page.

    The welcome e-mail's link starts with the site's address (``rongmei.links``: the request's, when
    ``WAGTAILADMIN_BASE_URL`` is not set)."""
    with transaction.atomic():
        application = MerchantApplication.objects.select_for_update().get(pk=application.pk)
        if application.status not in (MerchantApplication.Status.PENDING, MerchantApplication.Status.HELD):
            raise ApplicationError(_("这份申请已经处理过了。"))
        category = application.category.specific
        photos = [photo.image for photo in application.photos.select_related("image")]
        page = MerchantPage(
            title=application.business_name,
            slug=_unique_slug(category, application.business_name),
            summary=application.description[:120],
            description="".join(f"<p>{line}</p>" for line in _escaped_lines(application.description)),
            address=application.address,
            street=application.street,
            latitude=application.latitude,
            longitude=application.longitude,
            phone=application.phone,
            price_per_person=application.price_per_person,
            image=photos[0] if photos else None,
            live=False,
            owner=editor,
        )
        for image in photos:
            page.gallery_images.add(MerchantGalleryImage(image=image))
        category.add_child(instance=page)
        page.save_revision(user=editor, log_action=True)

        user = _create_account(application)
        page.applicant = user
        page.group = Group.objects.create(name=merchant_group_name(page))
        page.save(update_fields=["applicant", "group"])
        apply_roles(merchants=[page])
        user.groups.add(page.group)

        application.status = MerchantApplication.Status.APPROVED
        application.reviewed_at = timezone.now()
        application.reviewed_by = editor
        application.review_note = note
        application.merchant_page = page
        application.save()
        log(instance=application, action="merchants.application_approved", user=editor)
        address = site_address(request)
        transaction.on_commit(lambda: _send_welcome(application, user, address))
    return page


def reject(application, editor, note=""):
    with transaction.atomic():
        application = MerchantApplication.objects.select_for_update().get(pk=application.pk)
        if application.status not in (MerchantApplication.Status.PENDING, MerchantApplication.Status.HELD):
            raise ApplicationError(_("这份申请已经处理过了。"))
        application.status = MerchantApplication.Status.REJECTED
        application.reviewed_at = timezone.now()
        application.reviewed_by = editor
        application.review_note = note
        application.save()
        log(instance=application, action="merchants.application_rejected", user=editor)
    return application


def _escaped_lines(text):
    return [escape(line) for line in text.splitlines() if line.strip()]


def _create_account(application):
    User = get_user_model()
    user = User(
        username=_unique_username(application),
        email=application.email,
        first_name=application.contact_name[:150],
        is_staff=False,
    )
    user.set_unusable_password()
    user.save()
    return user


def _send_welcome(application, user, address):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    link = f"{address}{path}"
    send_mail(
        subject=_("商家入驻审核通过：%(name)s") % {"name": application.business_name},
        message=_(
            "您好，%(contact)s：\n\n“%(name)s”的入驻申请已经通过审核。您的商家账号是 %(username)s，"
            "请打开下面的链接设置密码，登录后可以修改自己的商家页面，修改内容经编辑审核后发布。\n\n%(link)s\n"
        )
        % {
            "contact": application.contact_name,
            "name": application.business_name,
            "username": user.username,
            "link": link,
        },
        from_email=None,
        recipient_list=[application.email],
        fail_silently=True,
    )
