"""Handling units (办理单位) and topics (领域): who answers residents, and about what.

Who acts for a department is one rule, written here once: a unit acts for itself and for every unit
below it. So a department's staff (the members of its ``group``) handle its petitions and those of its
sub-units, and so do the staff of every unit above it; a department's outside system acts for its
department and, when it includes sub-units, for the units below. ``handles(user, department)``,
``handled_department_ids(user)`` and ``handling_group_ids(department)`` are that rule seen from each side;
the workflow, the workbench, notifications, department channels and Q&A sessions all ask them.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def accepting_petitions(self):
        return self.active().filter(accepts_petitions=True)


class Department(index.Indexed, models.Model):
    """A handling unit: a town, a street, a bureau or an enterprise, in a city → district → unit chain."""

    class Kind(models.TextChoices):
        TOWN = "town", _("镇")
        STREET = "street", _("街道")
        BUREAU = "bureau", _("部门")
        ENTERPRISE = "enterprise", _("企事业单位")
        # 市区两级 (``petitions.models.city``): on a city's site a district's installation; on a district's
        # site the unit that stands for the city, to which petitions are forwarded up (上报市级)
        DISTRICT = "district", _("区县")
        CITY = "city", _("市级平台")

    name = models.CharField(_("名称"), max_length=80, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    name_en = models.CharField(
        _("英文名称"), max_length=120, blank=True, help_text=_("英文页面显示这个名称；不填则显示中文名称。")
    )
    slug = models.SlugField(_("英文标识"), max_length=60, unique=True, allow_unicode=False)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.BUREAU)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("工作人员用户组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="department",
    )
    accepts_petitions = models.BooleanField(_("受理诉求"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    objects = DepartmentQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("办理单位")
        verbose_name_plural = _("办理单位")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name pages show: the English one on English pages when it is given, else the short name."""
        return english_name(self) or self.short_name or self.name

    @property
    def full_name(self):
        """The whole name, in English on English pages when it is given (lists to choose from)."""
        return english_name(self) or self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位。")})
            ancestor = ancestor.parent

    def ancestors(self):
        """This unit and every unit above it, nearest first (a loop in the chain stops the walk)."""
        chain, seen, unit = [], set(), self
        while unit is not None and unit.pk not in seen:
            chain.append(unit)
            seen.add(unit.pk)
            unit = unit.parent
        return chain

    def acts_for(self, other, include_sub_units=True):
        """Whether this unit acts for ``other``: it is ``other``, or (with sub-units) a unit above it."""
        if other is None:
            return False
        if other.pk == self.pk:
            return True
        return include_sub_units and self.pk in {unit.pk for unit in other.ancestors()}

    def descendant_ids(self):
        """This unit and every unit below it, found level by level (the tree is shallow)."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(Department.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


def handling_group_ids(department):
    """The staff groups that act for ``department``: its own and those of every unit above it."""
    if department is None:
        return []
    return [unit.group_id for unit in department.ancestors() if unit.group_id is not None]


def _user_group_ids(user):
    if user is None or not getattr(user, "is_authenticated", False) or not hasattr(user, "groups"):
        return set()
    return set(user.groups.values_list("pk", flat=True))


def handles(user, department):
    """Whether ``user`` is staff of a unit that acts for ``department`` (the one rule, see above)."""
    group_ids = _user_group_ids(user)
    return bool(group_ids) and any(pk in group_ids for pk in handling_group_ids(department))


def handled_department_ids(user):
    """Every department ``user`` handles for: the units of their groups and every unit below them.

    Kept on the user object, as Django keeps its permissions there: one admin page asks several times
    (the menus, the dashboard, the view), and each request loads its user afresh.
    """
    cached = getattr(user, "_handled_department_ids", None)
    if cached is not None:
        return list(cached)
    group_ids = _user_group_ids(user)
    ids = set()
    for unit in Department.objects.filter(group__in=group_ids):
        ids.update(unit.descendant_ids())
    if user is not None and getattr(user, "is_authenticated", False):
        user._handled_department_ids = sorted(ids)
    return sorted(ids)


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


def english_name(unit):
    """``unit.name_en`` while the page being made is in English, else ""."""
    return unit.name_en if (get_language() or "").lower() == "en" else ""


class Topic(models.Model):
    """领域: what a petition is about, and how many working days a reply may take."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    name_en = models.CharField(
        _("英文名称"), max_length=80, blank=True, help_text=_("英文页面显示这个名称；不填则显示中文名称。")
    )
    slug = models.SlugField(
        _("英文标识"), max_length=40, unique=True, help_text=_("也用作 Open311 的服务代码。")
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    reply_days = models.PositiveSmallIntegerField(
        _("答复时限（工作日）"),
        default=5,
        help_text=_("部门签收后答复居民的期限，按工作日计算。"),
    )
    owner = models.ForeignKey(
        Department,
        verbose_name=_("主管单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_topics",
        help_text=_("转办时默认选中这个单位；不填则建议当天的值班单位。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("领域")
        verbose_name_plural = _("领域")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name pages show: the English one on English pages when it is given."""
        return english_name(self) or self.name

    def clean(self):
        if not 1 <= self.reply_days <= 60:
            raise ValidationError({"reply_days": _("答复时限应在 1 到 60 个工作日之间。")})
