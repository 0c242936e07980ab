"""The forms residents fill in, shared by the web pages and the JSON API (one set of rules for both)."""

from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from rongmei.captcha import CaptchaMixin
from rongmei.fields import CoordinateField, StrictBooleanField, WholeNumberModelChoiceField
from rongmei.images import clean_image
from rongmei.screening import screen
from rongmei.validators import clean_phone, clean_resident_text

from ..models import Department, Petition, Topic
from . import photos


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to nine photos, each checked and re-encoded without EXIF by ``rongmei.images``."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > photos.MAX_PHOTOS:
            raise ValidationError(_("最多上传 9 张图片。"))
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_image(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class PetitionForm(CaptchaMixin, forms.ModelForm):
    """A new petition. ``screening`` holds the keyword screen's answer once the form is valid."""

    photos = MultiplePhotoField(label=_("图片（最多 9 张）"))
    # the place picker (``{% location_picker %}``) fills these; the merchant sign-up uses the same
    latitude = CoordinateField(axis="latitude", label=_("纬度"))
    longitude = CoordinateField(axis="longitude", label=_("经度"))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Petition
        fields = [
            "kind",
            "topic",
            "requested_department",
            "title",
            "content",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "is_anonymous",
            "is_public",
        ]
        field_classes = {
            "topic": WholeNumberModelChoiceField,
            "requested_department": WholeNumberModelChoiceField,
            "is_anonymous": StrictBooleanField,
            "is_public": StrictBooleanField,
        }
        labels = {"requested_department": _("希望哪个单位办理（可不选）")}
        help_texts = {
            "contact_phone": _("只供办理单位联系您，不会公开。"),
            "is_public": _("公开后其他居民可以看到诉求和答复，您的联系方式始终不公开。"),
        }
        widgets = {
            "content": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.screening = None
        self.fields["topic"].queryset = Topic.objects.active()
        self.fields["topic"].empty_label = _("请选择")
        self.fields["topic"].label_from_instance = attrgetter("display_name")
        # Every active unit is listed so a forged or outdated id gets a clear answer below.
        self.fields["requested_department"].queryset = Department.objects.active()
        self.fields["requested_department"].empty_label = _("由融媒体中心决定")
        self.fields["requested_department"].label_from_instance = attrgetter("full_name")
        self.fields["contact_phone"].required = False
        if user is not None and user.is_authenticated:
            self.fields["is_anonymous"].initial = False

    def clean_title(self):
        return clean_resident_text(self.cleaned_data.get("title"), min_letters=4)

    def clean_content(self):
        return clean_resident_text(self.cleaned_data.get("content"), min_letters=10)

    def clean_address(self):
        value = self.cleaned_data.get("address")
        return clean_resident_text(value, min_letters=2) if value else ""

    def clean_contact_name(self):
        return (
            clean_resident_text(self.cleaned_data.get("contact_name"), min_letters=1)
            if self.cleaned_data.get("contact_name")
            else ""
        )

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data.get("contact_phone"))

    def clean_requested_department(self):
        department = self.cleaned_data.get("requested_department")
        if department is not None and not department.accepts_petitions:
            raise ValidationError(_("该单位暂不受理网上诉求，请选择其他单位或留空。"))
        return department

    def clean(self):
        cleaned = super().clean()
        anonymous = cleaned.get("is_anonymous") or self.user is None or not self.user.is_authenticated
        if anonymous and not cleaned.get("contact_phone") and "contact_phone" not in self.errors:
            self.add_error("contact_phone", _("匿名提交时请留下联系电话，方便办理单位联系您（不会公开）。"))
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("address", _("位置信息不完整，请重新选择位置。"))
        if not self.errors:
            self.screening = screen(cleaned.get("title"), cleaned.get("content"), cleaned.get("address"))
            if self.screening.refused:
                raise ValidationError(self.screening.reason, code="screening")
        return cleaned

    def build(self):
        """The unsaved petition with the resident's account attached."""
        petition = self.save(commit=False)
        if self.user is not None and self.user.is_authenticated:
            petition.user = self.user
        else:
            petition.is_anonymous = True
        return petition


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("追问内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000})
    )

    def clean_body(self):
        return clean_resident_text(self.cleaned_data.get("body"), min_letters=4)

    def clean(self):
        cleaned = super().clean()
        self.screening = None
        if not self.errors:
            self.screening = screen(cleaned.get("body"))
            if self.screening.refused:
                raise ValidationError(self.screening.reason, code="screening")
        return cleaned


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("评价"), choices=Petition.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见（可不填）"), max_length=200, required=False)


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class UnitChoiceField(forms.TypedChoiceField):
    """A unit chosen by id from a list the form has already read, so rendering it runs no query; only an
    id written exactly as listed is a choice (``1.5`` or a full-width ``１`` is not unit 1)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, empty_value=None, **kwargs)


class BoardFilterForm(forms.Form):
    """The board's filters. The units are read once, for both unit lists and for finding the units below
    a chosen one: 办理单位 lists every active unit, 所在街镇 the towns and streets (a petition is in an
    area when the area or a unit under it handles it, or the resident asked for one of them)."""

    SORTS = [("new", _("最新")), ("support", _("同问最多"))]
    REPLY = [("", _("全部")), ("yes", _("已答复")), ("no", _("未答复"))]
    AREA_KINDS = (Department.Kind.TOWN, Department.Kind.STREET)

    q = forms.CharField(required=False, max_length=40, label=_("关键词"))
    status = forms.ChoiceField(required=False, label=_("状态"))
    kind = forms.ChoiceField(required=False, label=_("类型"))
    topic = WholeNumberModelChoiceField(queryset=Topic.objects.active(), required=False, label=_("领域"))
    area = UnitChoiceField(label=_("所在街镇"))
    department = UnitChoiceField(label=_("办理单位"))
    replied = forms.ChoiceField(choices=REPLY, required=False, label=_("答复"))
    sort = forms.ChoiceField(choices=SORTS, required=False, label=_("排序"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["status"].choices = everything + [
            (value, label) for value, label in Petition.Status.choices if value not in ("pending", "rejected")
        ]
        self.fields["kind"].choices = everything + list(Petition.Kind.choices)
        self.fields["topic"].empty_label = _("全部")
        self.fields["topic"].label_from_instance = attrgetter("display_name")
        # read when first rendered or checked: the JSON API uses this form and never renders it
        self.fields["department"].choices = lambda: (
            everything + [(unit.pk, unit.full_name) for unit in self.active]
        )
        self.fields["area"].choices = lambda: (
            everything + [(unit.pk, unit.full_name) for unit in self.active if unit.kind in self.AREA_KINDS]
        )

    @cached_property
    def units(self):
        # inactive units too: a petition handled by a unit since retired still belongs to its area
        return list(Department.objects.only("pk", "name", "name_en", "kind", "parent_id", "is_active"))

    @property
    def active(self):
        return [unit for unit in self.units if unit.is_active]

    def units_under(self, pk):
        """``pk`` and every unit below it, from the list already read (the tree is shallow)."""
        children = {}
        for unit in self.units:
            children.setdefault(unit.parent_id, []).append(unit.pk)
        ids, frontier = [pk], [pk]
        while frontier:
            frontier = [
                child for parent in frontier for child in children.get(parent, []) if child not in ids
            ]
            ids.extend(frontier)
        return ids

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["topic"]:
            queryset = queryset.filter(topic=data["topic"])
        if data["area"]:
            units = self.units_under(data["area"])
            queryset = queryset.filter(Q(department__in=units) | Q(requested_department__in=units))
        if data["department"]:
            queryset = queryset.filter(department__in=self.units_under(data["department"]))
        if data["replied"] == "yes":
            queryset = queryset.with_reply()
        elif data["replied"] == "no":
            queryset = queryset.without_reply()
        if data["q"]:
            # title or text: a 本周热点 word links here, and it may come from either
            queryset = queryset.filter(Q(title__icontains=data["q"]) | Q(content__icontains=data["q"]))
        if data["sort"] == "support":
            queryset = queryset.order_by("-support_count", "-submitted_at", "-pk")
        return queryset
