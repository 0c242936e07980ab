"""商家入驻: a business's free application for a listing, waiting in the editors' moderation queue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.validators import validate_licence_number, validate_phone

from ..validators import latitude_validators, longitude_validators


class MerchantApplicationQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status__in=[MerchantApplication.Status.PENDING, MerchantApplication.Status.HELD])


class MerchantApplication(models.Model):
    """One application: the business, its licence, a contact (never public) and photos."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        HELD = "held", _("待人工复核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    business_name = models.CharField(_("商家名称"), max_length=80)
    category = models.ForeignKey(
        "merchants.DirectoryCategoryPage",
        verbose_name=_("分类"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    licence_number = models.CharField(
        _("统一社会信用代码"), max_length=18, validators=[validate_licence_number]
    )
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=30, validators=[validate_phone])
    email = models.EmailField(_("电子邮箱"), help_text=_("审核通过后，商家账号的登录方式会发送到这个邮箱。"))
    address = models.CharField(_("经营地址"), max_length=200)
    street = models.CharField(_("所在街道或乡镇"), max_length=40)
    # picked on a map or from the phone's position (``rongmei.maps``); carried to the page on approval
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    phone = models.CharField(
        _("对外电话"), max_length=30, validators=[validate_phone], help_text=_("显示在商家页面上，顾客拨打。")
    )
    price_per_person = models.PositiveIntegerField(_("人均（元）"), null=True, blank=True)
    description = models.TextField(_("商家介绍"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    screening_reason = models.CharField(_("审帖结果"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    merchant_page = models.OneToOneField(
        "merchants.MerchantPage",
        verbose_name=_("商家页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    submitted_from = models.GenericIPAddressField(null=True, blank=True, editable=False)

    objects = MerchantApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("商家入驻申请")
        verbose_name_plural = _("商家入驻申请")
        ordering = ["-created_at"]

    def __str__(self):
        return self.business_name

    def save(self, *args, **kwargs):
        self.licence_number = (self.licence_number or "").strip().upper()
        super().save(*args, **kwargs)


class MerchantApplicationPhoto(models.Model):
    application = models.ForeignKey(MerchantApplication, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("申请照片")
        verbose_name_plural = _("申请照片")

    def __str__(self):
        return str(self.image)
