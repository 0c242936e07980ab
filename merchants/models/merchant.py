"""Merchant pages of the 吃喝玩乐 directory: their tags, opening hours, offers and gallery, and the
queries that list and filter them (``MerchantPage.objects.filtered``, ``.open_now``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from rongmei import maps
from rongmei.validators import normalize_phone, validate_phone

from .. import hours
from ..validators import latitude_validators, longitude_validators, validate_coordinates

#: the orders the directory's filter offers
SORTS = {
    "name": ("title", "pk"),
    "newest": ("-first_published_at", "-pk"),
    "price": (F("price_per_person").asc(nulls_last=True), "pk"),
    "price_desc": (F("price_per_person").desc(nulls_last=True), "pk"),
}


class MerchantTag(TaggedItemBase):
    content_object = ParentalKey("MerchantPage", on_delete=models.CASCADE, related_name="tagged_items")


class MerchantQuerySet(PageQuerySet):
    def with_open_now(self, now=None):
        """Annotate ``is_open``: whether an opening-hours row covers this minute in Asia/Shanghai, and
        ``has_hours``: whether any hours are entered at all (if not, the card says 未填写, not 休息中)."""
        own = OpeningHours.objects.filter(merchant=OuterRef("pk"))
        return self.annotate(is_open=Exists(own.filter(hours.open_at_q(now))), has_hours=Exists(own))

    def open_now(self, now=None):
        return self.with_open_now(now).filter(is_open=True)

    def filtered(self, data):
        """The merchants matching cleaned filter ``data`` (``filters.MerchantFilterForm``), annotated
        with ``is_open`` and sorted."""
        queryset = self
        if data.get("tag"):
            queryset = queryset.filter(
                pk__in=MerchantTag.objects.filter(tag__name=data["tag"]).values("content_object_id")
            )
        if data.get("street"):
            queryset = queryset.filter(street=data["street"])
        if data.get("price_min") is not None:
            queryset = queryset.filter(price_per_person__gte=data["price_min"])
        if data.get("price_max") is not None:
            queryset = queryset.filter(price_per_person__lte=data["price_max"])
        queryset = queryset.with_open_now()
        if data.get("open_now"):
            queryset = queryset.filter(is_open=True)
        sort = data.get("sort") or "name"
        return queryset.order_by(*SORTS[sort])

    def for_listing(self):
        """What a card needs, in a fixed number of queries whatever the length of the list."""
        return self.select_related("image").prefetch_related("image__renditions", "tagged_items__tag")


MerchantManager = PageManager.from_queryset(MerchantQuerySet)


class MerchantPageForm(WagtailAdminPageForm):
    """Checks the opening hours together: a row that ends before it starts, or two rows that overlap."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("opening_hours")
        if formset is None:
            return cleaned_data
        forms = [
            form
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        rows = [
            (
                form.cleaned_data.get("weekday"),
                form.cleaned_data.get("opens"),
                form.cleaned_data.get("closes"),
                form.cleaned_data.get("closes_next_day", False),
            )
            for form in forms
        ]
        for row, message in hours.overlap_errors(rows).items():
            forms[row].add_error("opens", message)
        return cleaned_data


class MerchantPage(Page):
    """One business in the directory: where, when, how much, and how to reach it."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("一句话介绍"), max_length=120, blank=True)
    description = RichTextField(_("详细介绍"), blank=True, features=["bold", "italic", "ul", "ol", "link"])
    tags = ClusterTaggableManager(
        through=MerchantTag, blank=True, verbose_name=_("标签"), help_text=_("如 停车、包间、WiFi、无障碍。")
    )
    address = models.CharField(_("地址"), max_length=200)
    street = models.CharField(_("所在街道或乡镇"), max_length=40, db_index=True)
    latitude = models.DecimalField(
        _("纬度"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    phone = models.CharField(_("电话"), max_length=30, validators=[validate_phone])
    price_per_person = models.PositiveIntegerField(
        _("人均（元）"), null=True, blank=True, db_index=True, help_text=_("不填表示免费或不适用。")
    )
    holiday_notes = models.CharField(
        _("节假日营业说明"), max_length=200, blank=True, help_text=_("如 春节除夕至初二休息。")
    )
    verified = models.BooleanField(_("已认证"), default=False, help_text=_("融媒体中心核实过营业执照。"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("商家账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merchant_pages",
        editable=False,
    )
    group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("商家用户组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_("商家账号所在的用户组，只能编辑本页。"),
    )

    objects = MerchantManager()

    base_form_class = MerchantPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("street"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("price_per_person"),
            ],
            _("位置与联系"),
        ),
        MultiFieldPanel(
            [InlinePanel("opening_hours", label=_("营业时间")), FieldPanel("holiday_notes")],
            _("营业时间"),
        ),
        InlinePanel("offers", label=_("优惠活动")),
        InlinePanel("gallery_images", label=_("相册")),
        # Only the media centre's moderators vouch for a licence; a merchant's own account cannot.
        FieldPanel("verified", permission="merchants.change_merchantapplication"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("address"),
        index.SearchField("street"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("street"),
        index.FilterField("price_per_person"),
    ]

    parent_page_types = ["merchants.DirectoryCategoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("商家")
        verbose_name_plural = _("商家")

    def clean(self):
        super().clean()
        validate_coordinates(self.latitude, self.longitude)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_open"] = self.is_open_at()
        context["map_urls"] = self.map_urls
        context["current_offers"] = self.current_offers
        context["opening_hours"] = self.hours_by_weekday()
        context["today"] = timezone.localtime(timezone.now(), hours.SHANGHAI).weekday()
        context["gallery"] = self.gallery()
        context["tags"] = list(self.tags.all())
        return context

    # --- what the templates, cards and the API show -----------------------------------------------

    def gallery(self):
        """The gallery's pictures, each once, without the cover (already shown above it)."""
        seen = {self.image_id}
        pictures = []
        for item in self.gallery_images.select_related("image"):
            if item.image_id not in seen:
                seen.add(item.image_id)
                pictures.append(item)
        return pictures

    def hours_by_weekday(self):
        """[(weekday, label, ["10:30-14:00", "17:00-次日02:00"])] for the days with hours, Monday first."""
        days = {}
        for row in sorted(self.opening_hours.all(), key=lambda row: (row.weekday, row.opens)):
            days.setdefault(row.weekday, []).append(row.span)
        return [
            (weekday, OpeningHours.Weekday(weekday).label, spans) for weekday, spans in sorted(days.items())
        ]

    @property
    def tel_url(self):
        return f"tel:{normalize_phone(self.phone)}"

    @property
    def map_urls(self):
        """Links that open a map application at the merchant (``rongmei.maps``)."""
        return maps.links(self.latitude, self.longitude)

    def is_open_at(self, now=None):
        """Open at ``now``, by the same rule as the listing's query (rows unsaved in a preview included)."""
        minute = hours.minute_of_week(now)
        for row in self.opening_hours.all():
            start, end = hours.week_interval(row.weekday, row.opens, row.closes, row.closes_next_day)
            if start <= minute < end or start <= minute + hours.WEEK < end:
                return True
        return False

    @cached_property
    def current_offers(self):
        today = timezone.localdate()
        return [offer for offer in self.offers.all() if offer.is_current(today)]

    @property
    def card_summary(self):
        return self.summary

    @property
    def card_image(self):
        return self.image

    @property
    def card_meta(self):
        parts = [self.street]
        if self.price_per_person:
            parts.append(_("人均 ¥%(price)s") % {"price": self.price_per_person})
        return " · ".join(str(part) for part in parts if part)


class OpeningHours(Orderable):
    """One opening on one weekday; see ``merchants.hours`` for the rule."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("周一")
        TUESDAY = 1, _("周二")
        WEDNESDAY = 2, _("周三")
        THURSDAY = 3, _("周四")
        FRIDAY = 4, _("周五")
        SATURDAY = 5, _("周六")
        SUNDAY = 6, _("周日")

    merchant = ParentalKey(MerchantPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开门"))
    closes = models.TimeField(_("打烊"))
    closes_next_day = models.BooleanField(_("次日"), default=False, help_text=_("营业到次日凌晨时勾选。"))
    start_minute = models.PositiveIntegerField(editable=False, default=0)
    end_minute = models.PositiveIntegerField(editable=False, default=0)

    panels = [
        FieldRowPanel(
            [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes"), FieldPanel("closes_next_day")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("营业时间")
        verbose_name_plural = _("营业时间")
        indexes = [models.Index(fields=["start_minute", "end_minute"], name="merchants_hours_week_idx")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.span}"

    @property
    def span(self):
        suffix = _("次日") if self.closes_next_day else ""
        return f"{self.opens:%H:%M}-{suffix}{self.closes:%H:%M}"

    def clean(self):
        message = hours.row_error(self.opens, self.closes, self.closes_next_day)
        if message:
            raise ValidationError({"closes": message})

    def save(self, *args, **kwargs):
        self.start_minute, self.end_minute = hours.week_interval(
            self.weekday, self.opens, self.closes, self.closes_next_day
        )
        super().save(*args, **kwargs)


class MerchantOffer(Orderable):
    """A current offer (优惠) with the dates it is valid."""

    merchant = ParentalKey(MerchantPage, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("优惠内容"), max_length=100)
    details = models.CharField(_("使用说明"), max_length=300, blank=True)
    valid_from = models.DateField(_("开始日期"))
    valid_until = models.DateField(_("截止日期"))

    panels = [
        FieldPanel("title"),
        FieldPanel("details"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("优惠活动")
        verbose_name_plural = _("优惠活动")

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("截止日期不能早于开始日期。")})

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.valid_from <= today <= self.valid_until


class MerchantGalleryImage(Orderable):
    merchant = ParentalKey(MerchantPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("说明"), max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("相册图片")
        verbose_name_plural = _("相册图片")
