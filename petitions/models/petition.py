# Over 450 lines: the petition, its thread and the indexes its lists and figures read stay together.
"""The petition (民声), its photos, its thread and "me too" supports; statuses and the tracking code.

``status`` changes only through ``petitions.workflow``."""

import hashlib
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.images import get_image_model
from wagtail.models import Orderable
from wagtail.search import index

from rongmei.choices import ChoiceLabelsMixin
from rongmei.masking import mask_personal_data
from rongmei.search import ranking as search_ranking

from .units import Department, Topic


class PetitionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    ASSIGNED = "assigned", _("已转办")
    PROCESSING = "processing", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


#: States a public petition can be seen in on the board; pending and rejected ones never are.
BOARD_STATUSES = [
    PetitionStatus.ACCEPTED,
    PetitionStatus.ASSIGNED,
    PetitionStatus.PROCESSING,
    PetitionStatus.REPLIED,
    PetitionStatus.CLOSED,
]


ON_BOARD = models.Q(on_board=True)
#: the board's and the home page's photo thumbnail
THUMBNAIL = "fill-160x120"


class IntakeChannel(models.TextChoices):
    """来源: the channel a petition came in by. Set once by the path that stored it (the board's form, the JSON
    API, an Open311 client's key, a Q&A session); "" is a petition stored before channels were recorded."""

    UNRECORDED = "", _("未记录")
    WEBSITE = "website", _("网站")
    APP = "app", _("App/API")
    HOTLINE_12345 = "hotline_12345", _("12345 热线")
    HOTLINE_12319 = "hotline_12319", _("12319")
    LETTERS_AND_VISITS = "letters_and_visits", _("信访")
    INTERVIEW = "interview", _("在线访谈")
    SNAPSHOT = "snapshot", _("随手拍")
    LETTER = "letter", _("来信")
    DISTRICT = "district", _("区县上报")  # on a city's site: posted by a district's site (``CityLink``)
    CITY_DISPATCH = "city_dispatch", _("市级交办")  # on a district's site: dispatched down by the city


class ReporterColumn(models.TextChoices):
    """The news columns in which a reporter follows a petition up; the values are the news channels'."""

    INQUIRY = "inquiry", _("帮打听")
    SUPERVISION = "supervision", _("督办")


#: States in which someone has a deadline: the media centre (decision), the department (claim, reply).
DEADLINE_STATUSES = [PetitionStatus.PENDING, PetitionStatus.ASSIGNED, PetitionStatus.PROCESSING]


#: a petition number as staff type it: MS-2026-000123, ms2026-123 or 2026-123
NUMBER_AS_TYPED = re.compile(r"^(?:MS-?)?(\d{4})-(\d{1,9})$", re.IGNORECASE)


def number_from(text):
    """The petition number ``text`` names (``MS-2026-000123``), or None if it names none."""
    match = NUMBER_AS_TYPED.match((text or "").strip())
    return Petition.format_number(int(match[1]), int(match[2])) if match else None


class PetitionQuerySet(models.QuerySet):
    def public(self):
        """Public petitions that passed moderation: what anyone may read."""
        return self.filter(ON_BOARD)

    def visible_on_board(self):
        """Public petitions with their topic and department, fetched in one extra query each.

        (A join would do it in one query, but it leads SQLite to scan topics first and sort the whole
        board instead of reading the board's index in order.)
        """
        return self.public().prefetch_related("topic", "department")

    def with_photos(self):
        """Each petition's photos with their images and thumbnails: three queries, however many rows."""
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=THUMBNAIL)
        photos = PetitionPhoto.objects.select_related("image").prefetch_related(
            Prefetch("image__renditions", queryset=renditions)
        )
        return self.prefetch_related(Prefetch("photos", queryset=photos))

    def pending(self):
        return self.filter(status=PetitionStatus.PENDING)

    def by_number(self, text):
        """The petition whose number ``text`` names as staff type it (``number_from``); none if it names none."""
        number = number_from(text)
        return self.filter(number=number) if number else self.none()

    def counted(self):
        """What the statistics count: every petition but those marked as a duplicate of another (a
        duplicate is counted once, as its original)."""
        return self.filter(duplicate_of__isnull=True)

    def with_reply(self):
        return self.filter(status__in=[PetitionStatus.REPLIED, PetitionStatus.CLOSED])

    def without_reply(self):
        return self.exclude(status__in=[PetitionStatus.REPLIED, PetitionStatus.CLOSED])

    def of_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()

    def with_tracking_code(self, code):
        return self.filter(tracking_code_hash=tracking_code_hash(code))

    # --- deadlines: computed from ``due_at`` (the current step's deadline) at query time -------------
    # ("due soon" counts working days, so it is ``workflow.deadlines.due_soon``, beside the calendar)

    def awaiting_action(self):
        """Petitions whose current step has a deadline: pending, dispatched or in progress."""
        return self.filter(status__in=DEADLINE_STATUSES, due_at__isnull=False)

    def overdue(self, now=None):
        return self.awaiting_action().filter(due_at__lt=now or timezone.now())

    def for_departments(self, department_ids):
        return self.filter(department_id__in=department_ids)


TRACKING_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed on phones


def new_tracking_code():
    """Twelve characters from 32 (60 bits), grouped by four for reading: ``K7QX-M2PD-9FHT``."""
    raw = "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def tracking_code_hash(code):
    """The stored form of a tracking code; the code itself is shown to the resident once and never kept."""
    cleaned = "".join(char for char in (code or "").upper() if char.isalnum())
    return hashlib.sha256(f"petition-tracking:{cleaned}".encode()).hexdigest()


class Petition(ChoiceLabelsMixin, index.Indexed, ClusterableModel):
    """民声: a resident's question, complaint, request or suggestion, and where it stands.

    Contact name and phone are for the media centre and the handling department only; no public page,
    feed or API answer shows them. ``status`` changes only through ``petitions.workflow``.
    """

    Status = PetitionStatus
    IntakeChannel = IntakeChannel

    class Kind(models.TextChoices):
        QUESTION = "question", _("咨询")
        COMPLAINT = "complaint", _("投诉")
        HELP = "help", _("求助")
        SUGGESTION = "suggestion", _("建议")
        TIP = "tip", _("爆料")
        PRAISE = "praise", _("表扬")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        FAIR = "fair", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    # NULL until the row has an id (several unnumbered rows may exist at once, which "" would forbid).
    number = models.CharField(_("编号"), max_length=20, unique=True, null=True, blank=True, editable=False)
    tracking_code_hash = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    topic = models.ForeignKey(
        Topic, verbose_name=_("领域"), on_delete=models.PROTECT, related_name="petitions"
    )
    requested_department = models.ForeignKey(
        Department,
        verbose_name=_("希望办理单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_petitions",
        help_text=_("居民选择的单位；由融媒体中心决定最终转办单位。"),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    title = models.CharField(_("标题"), max_length=60)
    content = models.TextField(_("内容"), max_length=2000)
    address = models.CharField(_("地点"), max_length=120, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=True)
    is_public = models.BooleanField(_("公开"), default=True)
    intake_channel = models.CharField(
        _("来源"), max_length=20, choices=IntakeChannel.choices, default=IntakeChannel.WEBSITE, editable=False
    )
    # the Open311 key it was posted with: on a city's site, the district that reported it (区县上报)
    source_key = models.ForeignKey(
        "petitions.ApiKey",
        verbose_name=_("提交密钥"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The language of the page the resident posted from (set by the posting service): the language and script
    # of the notices they get.
    language = models.CharField(
        _("语言"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, editable=False
    )
    # is_public and status in BOARD_STATUSES, kept by save() so the board reads one indexed column
    on_board = models.BooleanField(default=False, editable=False)

    status = models.CharField(
        _("状态"), max_length=12, choices=PetitionStatus.choices, default=PetitionStatus.PENDING
    )
    screening_matches = models.JSONField(_("命中敏感词"), default=list, blank=True)
    rejection_reason = models.CharField(_("不予受理理由"), max_length=200, blank=True)
    is_supervised = models.BooleanField(_("督办"), default=False)
    # when it was first supervised, for the weekly scoring's deduction (``is_supervised`` says only whether)
    supervised_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    # the deadline of the current step (decision, claim or reply), set by the workflow; None when nobody owes
    # an action. ``reply_due_at`` keeps the reply deadline after the reply, for the on-time rate.
    due_at = models.DateTimeField(_("当前环节期限"), null=True, blank=True)
    reply_due_at = models.DateTimeField(_("答复期限"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("不予受理时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("最后更新"), auto_now=True)

    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # the latest 不满意, kept by the workflow even when the rating reopens the petition and is cleared: the
    # return visits (回访) follow it up and their statistics count from it
    dissatisfied_at = models.DateTimeField(_("不满意评价时间"), null=True, blank=True, editable=False)
    support_count = models.PositiveIntegerField(_("同问数"), default=0)

    # 记者跟进: set and cleared only by ``petitions.reporters.columns`` (taking up and dropping are logged).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("跟进记者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_petitions",
        editable=False,
    )
    reporter_column = models.CharField(
        _("跟进栏目"), max_length=12, choices=ReporterColumn.choices, blank=True, editable=False
    )
    taken_up_at = models.DateTimeField(_("记者跟进时间"), null=True, blank=True, editable=False)

    # 重复诉求: set only by the workflow's ``mark_duplicate`` (``petitions.workflow.duplicates``); a duplicate
    # is followed on the original and the statistics count it once (``PetitionQuerySet.counted``).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        editable=False,
    )

    objects = PetitionQuerySet.as_manager()

    # How search ranks petitions besides relevance (``rongmei.search.ranking``): answered and recent first.
    search_date_field = "submitted_at"
    search_answered = models.Q(status__in=[PetitionStatus.REPLIED, PetitionStatus.CLOSED])

    search_fields = [
        index.SearchField("title", boost=search_ranking.TITLE),
        index.SearchField("content"),
        index.SearchField("thread_text"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("is_public"),
        index.FilterField("on_board"),  # site search must filter on this: the index holds private ones too
        index.FilterField("kind"),
        index.FilterField("topic_id"),
        index.FilterField("department_id"),
        index.FilterField("submitted_at"),
    ]

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("民声诉求")
        verbose_name_plural = _("民声诉求")
        permissions = [
            ("moderate_petition", _("可以审核诉求和留言")),
            ("dispatch_petition", _("可以转办和督办诉求")),
            ("take_up_petition", _("可以由记者跟进诉求（帮打听、督办）")),
            ("mark_duplicate_petition", _("可以把诉求标记为重复")),
            ("enter_hotline_petition", _("可以代来电、来信人登记诉求")),
        ]
        # Partial indexes over the board's rows (``WHERE on_board``, a condition without parameters,
        # which SQLite can match) serve the board's list, its "most supported" order and the home
        # section's latest replies in index order, without sorting the table.
        indexes = [
            models.Index(fields=["-submitted_at", "-id"], condition=ON_BOARD, name="petition_board_idx"),
            models.Index(
                fields=["-support_count", "-submitted_at"], condition=ON_BOARD, name="petition_support_idx"
            ),
            models.Index(fields=["-replied_at"], condition=ON_BOARD, name="petition_replied_idx"),
            models.Index(fields=["status", "submitted_at"], name="petition_status_idx"),
            models.Index(fields=["department", "status", "due_at"], name="petition_queue_idx"),
            models.Index(fields=["status", "due_at"], name="petition_due_idx"),
            # the workbench's replied tab, newest reply first, in keyset pages over the department's archive
            models.Index(
                fields=["department", "-replied_at", "-id"],
                condition=models.Q(status__in=["replied", "closed"]),
                name="petition_replied_queue_idx",
            ),
            # the statistics: today's reply deadlines so far, and what a period dispatched but closed after it
            models.Index(fields=["reply_due_at"], name="petition_reply_due_idx"),
            # the return visits' queue: the few petitions rated 不满意, oldest rating first
            models.Index(
                fields=["dissatisfied_at"],
                condition=models.Q(dissatisfied_at__isnull=False),
                name="petition_dissatisfied_idx",
            ),
            # Over the counted rows only (``counted()``: not a duplicate), so a count reads the index alone:
            # what a period dispatched but closed after it, and what it closed (the return-visit rate).
            models.Index(
                fields=["assigned_at", "closed_at", "department", "topic"],
                condition=models.Q(duplicate_of__isnull=True),
                name="petition_dispatch_closed_idx",
            ),
            models.Index(
                fields=["closed_at", "department", "topic"],
                condition=models.Q(duplicate_of__isnull=True, closed_at__isnull=False),
                name="petition_closed_idx",
            ),
            # Covers every column a figure of ``petitions.supervision.stats`` reads, grouping columns first, so a
            # year's statistics read the index and not the rows (which carry the petitions' text).
            models.Index(
                fields=[
                    "department",
                    "topic",
                    "submitted_at",
                    "accepted_at",
                    "assigned_at",
                    "replied_at",
                    "closed_at",
                    "reply_due_at",
                    "rated_at",
                    "rating",
                ],
                name="petition_stats_idx",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @staticmethod
    def format_number(year, sequence):
        return f"MS-{year}-{sequence:06d}"

    def assign_number(self):
        """The public number, from the row's id: unique without a counter to lock."""
        year = timezone.localtime(self.submitted_at).year
        self.number = self.format_number(year, self.pk)
        type(self).objects.filter(pk=self.pk).update(number=self.number)

    def set_tracking_code(self, code=None):
        """Give the petition a tracking code (a fresh one unless ``code`` is given) and return it; only
        its hash is stored."""
        code = code or new_tracking_code()
        self.tracking_code_hash = tracking_code_hash(code)
        return code

    @property
    def is_on_board(self):
        return self.is_public and self.status in BOARD_STATUSES

    def save(self, *args, **kwargs):
        self.on_board = self.is_on_board
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"is_public", "status"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "on_board"}
        super().save(*args, **kwargs)

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().prefetch_related("messages")

    def thread_text(self):
        """The public thread, masked, for the search index (``petitions.search`` re-indexes on each message)."""
        visible = PetitionMessage.Status.VISIBLE
        return "\n".join(m.public_body for m in self.messages.all() if m.is_public and m.status == visible)

    @property
    def has_reply(self):
        return self.status in (PetitionStatus.REPLIED, PetitionStatus.CLOSED)

    @property
    def public_title(self):
        return mask_personal_data(self.title)

    @property
    def public_content(self):
        return mask_personal_data(self.content)

    @property
    def public_address(self):
        return mask_personal_data(self.address)

    @property
    def author_display(self):
        """How the petition is signed in public: never the contact name or phone."""
        if self.is_anonymous or self.user_id is None:
            return _("匿名网友")
        return _("网友")

    def clean(self):
        errors = {}
        department = self.requested_department
        if department is not None and not (department.accepts_petitions and department.is_active):
            errors["requested_department"] = _("该单位暂不受理网上诉求，请选择其他单位或留空。")
        if self.topic_id and not Topic.objects.filter(pk=self.topic_id, is_active=True).exists():
            errors["topic"] = _("请选择有效的领域。")
        if errors:
            raise ValidationError(errors)


class PetitionPhoto(Orderable):
    """A photo of a petition (随手拍), stored as a Wagtail image with its EXIF data removed."""

    petition = ParentalKey(Petition, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("诉求图片")
        verbose_name_plural = _("诉求图片")


class PetitionMessageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True, status=PetitionMessage.Status.VISIBLE)

    def pending(self):
        return self.filter(status=PetitionMessage.Status.PENDING)


class PetitionMessage(ChoiceLabelsMixin, models.Model):
    """One entry of a petition's thread: a follow-up question, a department's reply or a media-centre note."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("追问")
        REPLY = "reply", _("答复")
        NOTE = "note", _("融媒体中心说明")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        VISIBLE = "visible", _("已发布")
        REJECTED = "rejected", _("未通过")

    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    body = models.TextField(_("内容"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("答复单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    is_public = models.BooleanField(_("公开"), default=True)
    status = models.CharField(_("审核状态"), max_length=10, choices=Status.choices, default=Status.VISIBLE)
    screening_matches = models.JSONField(_("命中敏感词"), default=list, blank=True)
    rejection_reason = models.CharField(_("未通过理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = PetitionMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("诉求留言")
        verbose_name_plural = _("诉求留言")
        indexes = [
            models.Index(fields=["petition", "status", "created_at"], name="petition_thread_idx"),
            # the moderation queue's held messages, oldest first
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status="pending"),
                name="petition_message_held_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.petition.number}"

    @property
    def public_body(self):
        return mask_personal_data(self.body)


class PetitionSupport(models.Model):
    """同问: one browser's "me too" for one petition (the browser is known by a random cookie)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="supports")
    browser_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "browser_hash"], name="petition_support_once")
        ]

    def __str__(self):
        return f"{self.petition_id}:{self.browser_hash[:8]}"
