"""广告: classified ads on six boards, posted by residents or merchants, screened and moderated.

An ad is public only while it is published, unexpired and not hidden by reports. Its contact is never
in the page or the API's lists: a visitor asks for it (POST, rate-limited) and gets it for that ad only.
"""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from rongmei import cache
from rongmei.masking import mask_personal_data
from rongmei.routes import ServedByViews
from rongmei.validators import validate_phone


class AdPhotosPanel(Panel):
    """The ad's photos as the poster sent them, for the editor who decides whether to publish it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "merchants/admin/ad_photos_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            ad = self.instance
            context["photos"] = ad.photos.select_related("image") if ad.pk else []
            return context


class Board(models.TextChoices):
    EATS = "eats", _("好吃嘴")
    LEISURE = "leisure", _("娱游购")
    HOUSING = "housing", _("房租售")
    CARS = "cars", _("车买卖")
    JOBS = "jobs", _("找工作")
    SECONDHAND = "secondhand", _("二手闲置")


# The board-specific fields each board asks for (and the only ones it keeps).
BOARD_FIELDS = {
    Board.EATS: ["price"],
    Board.LEISURE: ["price"],
    Board.HOUSING: ["price", "deal", "area_sqm", "rooms"],
    Board.CARS: ["price", "car_year", "mileage_km"],
    Board.JOBS: ["salary_min", "salary_max", "job_type"],
    Board.SECONDHAND: ["price"],
}
REQUIRED_FIELDS = {
    Board.HOUSING: ["price", "deal", "area_sqm", "rooms"],
    Board.CARS: ["price", "car_year", "mileage_km"],
    Board.JOBS: ["salary_min", "salary_max", "job_type"],
}
MAX_AD_PHOTOS = 6
OPTIONAL_BOARD_FIELDS = sorted({name for names in BOARD_FIELDS.values() for name in names})


class ClassifiedAdQuerySet(models.QuerySet):
    def visible(self, now=None):
        now = now or timezone.now()
        return self.filter(status=ClassifiedAd.Status.PUBLISHED, expires_at__gt=now, hidden_for_reports=False)

    def waiting(self):
        return self.filter(status=ClassifiedAd.Status.PENDING)


class ClassifiedAd(index.Indexed, models.Model):
    """One classified ad (分类信息) on one board."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        PUBLISHED = "published", _("已发布")
        REJECTED = "rejected", _("不予发布")

    class Deal(models.TextChoices):
        RENT = "rent", _("出租")
        SALE = "sale", _("出售")

    class JobType(models.TextChoices):
        FULL_TIME = "full_time", _("全职")
        PART_TIME = "part_time", _("兼职")
        INTERNSHIP = "internship", _("实习")

    VALID_DAYS = [(7, _("7天")), (15, _("15天")), (30, _("30天")), (60, _("60天"))]
    REPORTS_TO_HIDE = 3

    board = models.CharField(_("栏目"), max_length=10, choices=Board.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=60)
    description = models.TextField(_("详细内容"), max_length=2000)
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("价格不能为负数。"))],
        help_text=_("房屋出租填月租金，出售填总价。"),
    )
    deal = models.CharField(_("租售"), max_length=10, choices=Deal.choices, blank=True)
    area_sqm = models.DecimalField(
        _("面积（平方米）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("面积至少 1 平方米。"))],
    )
    rooms = models.PositiveSmallIntegerField(_("居室数"), null=True, blank=True)
    car_year = models.PositiveSmallIntegerField(_("上牌年份"), null=True, blank=True)
    mileage_km = models.PositiveIntegerField(_("行驶里程（公里）"), null=True, blank=True)
    salary_min = models.PositiveIntegerField(_("月薪下限（元）"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("月薪上限（元）"), null=True, blank=True)
    job_type = models.CharField(_("工作性质"), max_length=12, choices=JobType.choices, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=40)
    contact_phone = models.CharField(_("联系电话"), max_length=30, validators=[validate_phone])
    valid_days = models.PositiveSmallIntegerField(_("有效期"), choices=VALID_DAYS, default=30)
    merchant = models.ForeignKey(
        "merchants.MerchantPage",
        verbose_name=_("关联商家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ads",
    )
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classified_ads",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    screening_reason = models.CharField(_("审帖结果"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    report_count = models.PositiveIntegerField(_("被举报次数"), default=0)
    hidden_for_reports = models.BooleanField(
        _("因举报暂时隐藏"),
        default=False,
        help_text=_("多次被举报后自动隐藏；编辑核实后取消勾选即恢复显示。"),
    )
    submitted_from = models.GenericIPAddressField(null=True, blank=True, editable=False)

    objects = ClassifiedAdQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("board"), FieldPanel("title"), FieldPanel("description"), FieldPanel("merchant")],
            _("内容"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("price"),
                FieldRowPanel([FieldPanel("deal"), FieldPanel("area_sqm"), FieldPanel("rooms")]),
                FieldRowPanel([FieldPanel("car_year"), FieldPanel("mileage_km")]),
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max"), FieldPanel("job_type")]),
            ],
            _("栏目信息"),
        ),
        AdPhotosPanel(heading=_("图片")),
        FieldRowPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone")], heading=_("联系方式（不公开）")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("valid_days")]),
                FieldPanel("screening_reason", read_only=True),
                FieldRowPanel([FieldPanel("published_at", read_only=True), FieldPanel("expires_at")]),
                FieldRowPanel([FieldPanel("report_count", read_only=True), FieldPanel("hidden_for_reports")]),
            ],
            _("审核"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("board"),
        index.FilterField("status"),
        index.FilterField("hidden_for_reports"),
        index.FilterField("expires_at"),
    ]

    class Meta:
        verbose_name = _("分类广告")
        verbose_name_plural = _("分类广告")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["board", "status", "hidden_for_reports", "expires_at"],
                name="merchants_ad_visible_idx",
            )
        ]

    def __str__(self):
        return self.title

    # --- rules ------------------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        # An editor who unticks "hidden for reports" has looked at the ad: its reports are settled.
        if self.pk and not self.hidden_for_reports and self.report_count >= self.REPORTS_TO_HIDE:
            self.reports.all().delete()
            self.report_count = 0
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "report_count"}
        # Publishing starts the clock: the ad is shown for ``valid_days`` from the moment it goes out.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if self.expires_at is None:
                self.expires_at = self.published_at + timedelta(days=self.valid_days)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        board = self.board
        if board in BOARD_FIELDS:
            # Fields of other boards are dropped, so a housing ad carries no salary.
            for name in OPTIONAL_BOARD_FIELDS:
                if name not in BOARD_FIELDS[board]:
                    setattr(self, name, "" if name in ("deal", "job_type") else None)
            for name in REQUIRED_FIELDS.get(board, []):
                if getattr(self, name) in (None, ""):
                    errors[name] = _("“%(board)s”栏目需要填写这一项。") % {"board": self.get_board_display()}
        this_year = date.today().year
        if self.car_year is not None and not 1980 <= self.car_year <= this_year:
            errors["car_year"] = _("上牌年份应在 1980 年到 %(year)s 年之间。") % {"year": this_year}
        if self.mileage_km is not None and self.mileage_km > 2_000_000:
            errors["mileage_km"] = _("行驶里程不合理，请以公里为单位填写。")
        if self.rooms is not None and not 0 <= self.rooms <= 20:
            errors["rooms"] = _("居室数应在 0 到 20 之间。")
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            errors["salary_max"] = _("月薪上限不能低于下限。")
        if errors:
            raise ValidationError(errors)

    def is_visible(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > now
            and not self.hidden_for_reports
        )

    @property
    def public_description(self):
        return mask_personal_data(self.description)

    def report(self, reporter_key, reason=""):
        """Record one report from one reporter; hide the ad once enough different people reported it."""
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{reporter_key}".encode()).hexdigest()
        with transaction.atomic():
            _report, created = AdReport.objects.get_or_create(
                ad=self, reporter=digest, defaults={"reason": reason}
            )
            if not created:
                return False
            ClassifiedAd.objects.filter(pk=self.pk).update(report_count=F("report_count") + 1)
            self.refresh_from_db(fields=["report_count"])
            if self.report_count >= self.REPORTS_TO_HIDE and not self.hidden_for_reports:
                ClassifiedAd.objects.filter(pk=self.pk).update(hidden_for_reports=True)
                self.hidden_for_reports = True
            cache.purge_object(self)  # update() sends no signal
        return True

    # --- display ----------------------------------------------------------------------------------

    def facts(self):
        """(label, value) pairs of the board's own fields that are filled in, each value with its unit:
        a rent reads "1200 元/月", a price of 85 万 reads "85 万元", an area "89 平方米"."""
        pairs = []
        names = BOARD_FIELDS.get(self.board, [])
        for name in names:
            value = getattr(self, name)
            if value in (None, "") or name == "salary_max":
                continue
            if name == "price":
                pairs.append(self._price_fact())
            elif name == "salary_min":
                pairs.append((_("月薪"), self._salary()))
            elif name == "area_sqm":
                pairs.append((_("面积"), _("%(area)s 平方米") % {"area": plain_number(value)}))
            elif name == "mileage_km":
                pairs.append((_("行驶里程"), _("%(km)s 公里") % {"km": plain_number(value)}))
            elif name == "car_year":
                pairs.append((_("上牌年份"), _("%(year)s 年") % {"year": value}))
            elif name == "rooms":
                pairs.append((_("居室"), _("%(rooms)s 室") % {"rooms": value}))
            else:
                field = self._meta.get_field(name)
                shown = getattr(self, f"get_{name}_display")() if field.choices else value
                pairs.append((field.verbose_name, shown))
        return pairs

    def _price_fact(self):
        if self.board == Board.HOUSING and self.deal == self.Deal.RENT:
            return _("租金"), _("%(amount)s 元/月") % {"amount": plain_number(self.price)}
        label = _("售价") if self.board in (Board.HOUSING, Board.CARS) else _("价格")
        if self.price >= 10000 and self.price % 100 == 0:
            return label, _("%(amount)s 万元") % {"amount": plain_number(self.price / 10000)}
        return label, _("%(amount)s 元") % {"amount": plain_number(self.price)}

    def _salary(self):
        low, high = self.salary_min, self.salary_max
        if high and high != low:
            return _("%(low)s–%(high)s 元/月") % {"low": low, "high": high}
        return _("%(amount)s 元/月") % {"amount": low}


def plain_number(value):
    """A decimal as people write it: 1200.00 → "1200", 89.50 → "89.5"."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class ClassifiedAdPhoto(models.Model):
    """A photo of an ad (up to ``MAX_AD_PHOTOS``), checked and re-encoded by ``rongmei.images``."""

    ad = models.ForeignKey(ClassifiedAd, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("信息图片")
        verbose_name_plural = _("信息图片")

    def __str__(self):
        return str(self.image)


class AdReport(models.Model):
    """One person's report of one ad; the reporter is a keyed hash, never an address."""

    ad = models.ForeignKey(ClassifiedAd, on_delete=models.CASCADE, related_name="reports")
    reporter = models.CharField(max_length=64)
    reason = models.CharField(_("举报理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("广告举报")
        verbose_name_plural = _("广告举报")
        constraints = [
            models.UniqueConstraint(fields=["ad", "reporter"], name="merchants_one_report_per_person")
        ]

    def __str__(self):
        return f"{self.ad} ({self.created_at:%Y-%m-%d})"


class ClassifiedBoardPage(ServedByViews, RoutablePageMixin, Page):
    """广告: the six boards, each ad's page, the form to post one, and the contact and report buttons."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    posting_rules = models.TextField(_("发布须知"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("posting_rules")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("分类广告栏目")
        verbose_name_plural = _("分类广告栏目")

    # ``merchants.views`` serves them: it sits above the models and registers its views (``rongmei.routes``).

    @path("", name="index")
    def index_view(self, request):
        return self.serve_view("ad_list", request, None)

    @path("board/<str:board>/", name="board")
    def board_view(self, request, board):
        return self.serve_view("ad_list", request, board)

    @path("ad/<id:pk>/", name="ad")
    def ad_view(self, request, pk):
        return self.serve_view("ad_detail", request, pk)

    @path("ad/<id:pk>/contact/", name="ad_contact")
    def ad_contact_view(self, request, pk):
        return self.serve_view("ad_contact", request, pk)

    @path("ad/<id:pk>/report/", name="ad_report")
    def ad_report_view(self, request, pk):
        return self.serve_view("ad_report", request, pk)

    @path("new/", name="new")
    def new_ad_view(self, request):
        return self.serve_view("ad_new", request)
