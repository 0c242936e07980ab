"""City and district (市区两级): two installations of the site working as one, through Open311 and webhooks.

On a district installation:

- ``CityLink``: the city installation this site reports to — its address, the Open311 key the city issued
  to this district (上报), and the signing secret and department-system key of the data exchange the city
  registered for this district (交办: the city's dispatch webhooks point here; replies go back signed).
  ``department`` is the unit that stands for the city in this site (kind ``city``): a petition forwarded
  up is dispatched to it, so deadlines, statistics and the timeline treat the city as a handling unit.
  The three secrets are written in the admin and never shown again; only their first characters are.
- ``CityCase``: one petition of this site linked with one of the city's, either forwarded up (``up``: the
  city's number and tracking code, the city's state last seen) or dispatched down from the city
  (``down``: the city's number, answered through the city's department API).
- ``CityCall``: one call to the city, kept until the city acknowledges it (an outbox): the Open311 POST of a
  forwarded petition, the claim and the reply of a dispatched one. Retried with the webhooks' back-off.
- ``CityEventReceipt``: each of the city's events received once (its uuid), so a repeated delivery is
  acknowledged without acting twice.

On a city installation a district is a ``Department`` (kind ``district``) with a ``Webhook`` whose address
is the district's receiver, and an Open311 ``ApiKey`` of the channel 区县上报; a petition the district
posts keeps that key in ``Petition.source_key``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .petition import Petition
from .units import Department, Topic


class CityLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).select_related("department")


class CityLink(models.Model):
    """The city installation this district site reports to (see the module's docstring)."""

    name = models.CharField(_("市级平台名称"), max_length=80, default=_("市级平台"))
    city_url = models.URLField(
        _("市级平台地址"), max_length=300, help_text=_("例如：https://rongmei.city.gov.cn/")
    )
    department = models.OneToOneField(
        Department,
        verbose_name=_("代表市级的办理单位"),
        on_delete=models.PROTECT,
        related_name="city_link",
        limit_choices_to={"kind": "city"},
        help_text=_("上报市级的诉求转办给这个单位（类型为市级平台）。"),
    )
    open311_key = models.CharField(_("市级签发的 Open311 密钥"), max_length=100, blank=True)
    webhook_secret = models.CharField(_("市级数据对接的签名密钥"), max_length=100, blank=True)
    system_key = models.CharField(_("市级数据对接的回传 API 密钥"), max_length=100, blank=True)
    city_topics = models.ManyToManyField(
        Topic,
        verbose_name=_("自动上报的领域"),
        blank=True,
        related_name="+",
        help_text=_("这些领域的诉求受理后自动上报市级。"),
    )
    dispatch_topic = models.ForeignKey(
        Topic,
        verbose_name=_("市级交办诉求的默认领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("市级交办的诉求领域在本站不存在时使用。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = CityLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("上级平台对接")
        verbose_name_plural = _("上级平台对接")

    def __str__(self):
        return self.name

    @property
    def base_url(self):
        return self.city_url.rstrip("/")


class CityCase(models.Model):
    """A petition of this site linked with one of the city's."""

    class Direction(models.TextChoices):
        UP = "up", _("上报市级")
        DOWN = "down", _("市级交办")

    petition = models.OneToOneField(
        Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="city_case"
    )
    link = models.ForeignKey(
        CityLink, verbose_name=_("上级平台对接"), on_delete=models.PROTECT, related_name="cases"
    )
    direction = models.CharField(_("方向"), max_length=4, choices=Direction.choices)
    city_number = models.CharField(_("市级编号"), max_length=20, blank=True)
    # the resident's tracking code on the city's site, which this site polls the city's progress with
    # (never shown: it would let anyone rate the city's petition)
    city_tracking_code = models.CharField(max_length=20, blank=True, editable=False)
    city_status = models.CharField(_("市级状态"), max_length=12, blank=True)
    synced_at = models.DateTimeField(_("最近同步"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("市区两级诉求")
        verbose_name_plural = _("市区两级诉求")
        indexes = [models.Index(fields=["direction", "city_status"], name="city_case_poll_idx")]

    def __str__(self):
        return f"{self.petition.number} ↔ {self.city_number or '…'}"


class CityCallQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=CityCall.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class CityCall(models.Model):
    """One call to the city's site, retried until it is acknowledged (see the module's docstring)."""

    class Action(models.TextChoices):
        FORWARD = "forward", _("上报")
        CLAIM = "claim", _("签收")
        REPLY = "reply", _("答复")

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        DONE = "done", _("已送达")
        GAVE_UP = "gave_up", _("已放弃")

    case = models.ForeignKey(CityCase, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="calls")
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True, default=timezone.now)
    last_attempt_at = models.DateTimeField(_("最近尝试"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = CityCallQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("上报记录")
        verbose_name_plural = _("上报记录")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="city_call_due_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.case}"


class CityEventReceipt(models.Model):
    """An event of the city's received once: a repeated delivery is acknowledged and not acted on."""

    uuid = models.UUIDField(_("事件编号"), unique=True)
    type = models.CharField(_("类型"), max_length=40)
    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now)

    class Meta:
        verbose_name = _("市级事件")
        verbose_name_plural = _("市级事件")

    def __str__(self):
        return f"{self.type} {self.uuid}"
