"""The public forms: merchant sign-up (商家入驻) and posting a classified ad."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rongmei.fields import CoordinateField, ImageUploadField, ImageUploadsField
from rongmei.validators import clean_resident_text

from .models import ClassifiedAd, DirectoryCategoryPage, MerchantApplication
from .models.ads import BOARD_FIELDS, MAX_AD_PHOTOS, OPTIONAL_BOARD_FIELDS, Board

MAX_PHOTOS = 3


class MerchantApplicationForm(forms.ModelForm):
    """A business applies for a free listing; photos are checked by ``rongmei.images``."""

    # the place picker (``{% location_picker %}``, shared with the petition form) fills these
    latitude = CoordinateField(axis="latitude", label=_("纬度"))
    longitude = CoordinateField(axis="longitude", label=_("经度"))
    photo_1 = ImageUploadField(label=_("门店照片 1"), required=False)
    photo_2 = ImageUploadField(label=_("门店照片 2"), required=False)
    photo_3 = ImageUploadField(label=_("门店照片 3"), required=False)
    agree = forms.BooleanField(
        label=_("我确认所填信息真实，并同意融媒体中心核实营业执照"),
        error_messages={"required": _("请确认所填信息真实。")},
    )

    class Meta:
        model = MerchantApplication
        fields = [
            "business_name",
            "category",
            "licence_number",
            "address",
            "street",
            "latitude",
            "longitude",
            "phone",
            "price_per_person",
            "description",
            "contact_name",
            "contact_phone",
            "email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, directory=None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = DirectoryCategoryPage.objects.live()
        if directory is not None:
            categories = categories.child_of(directory)
        self.fields["category"].queryset = categories
        self.fields["category"].empty_label = _("请选择")
        self.fields["category"].label_from_instance = lambda page: page.title

    # ``merchants/includes/form_fields.html`` puts the place picker after this field
    picker_after = "street"
    picker_help = _("在地图上标出门店的位置，顾客可以在商家页面一键导航。")

    def clean_business_name(self):
        return clean_resident_text(self.cleaned_data.get("business_name"), min_letters=2)

    def clean(self):
        cleaned = super().clean()
        chosen = {name for name in ("latitude", "longitude") if cleaned.get(name) is not None}
        if len(chosen) == 1 and not self.errors.keys() & {"latitude", "longitude"}:
            self.add_error("latitude", _("位置信息不完整，请重新选择位置。"))
        return cleaned

    def clean_description(self):
        return clean_resident_text(self.cleaned_data.get("description"), min_letters=4)

    def photos(self):
        return [
            self.cleaned_data[name]
            for name in ("photo_1", "photo_2", "photo_3")
            if self.cleaned_data.get(name)
        ]


class ClassifiedAdForm(forms.ModelForm):
    """A resident or merchant posts an ad on one board: the form has that board's own fields only
    (a housing ad asks for rooms, a job for the salary) and up to six photos."""

    photos = ImageUploadsField(
        label=_("图片（最多 6 张）"),
        max_count=MAX_AD_PHOTOS,
        help_text=_("支持 JPG、PNG、WebP，单张不超过 10 MB。"),
    )

    class Meta:
        model = ClassifiedAd
        fields = [
            "board",
            "title",
            "description",
            "price",
            "deal",
            "area_sqm",
            "rooms",
            "car_year",
            "mileage_km",
            "salary_min",
            "salary_max",
            "job_type",
            "contact_name",
            "contact_phone",
            "valid_days",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board if board in Board.values else None
        if self.board is not None:
            for name in OPTIONAL_BOARD_FIELDS:
                if name not in BOARD_FIELDS[self.board]:
                    del self.fields[name]
            self.fields["board"].widget = forms.HiddenInput()
            self.initial["board"] = self.board

    def clean_board(self):
        board = self.cleaned_data.get("board")
        if self.board is not None and board != self.board:
            raise forms.ValidationError(_("请在本栏目发布信息。"))
        return board

    def clean_title(self):
        return clean_resident_text(self.cleaned_data.get("title"), min_letters=2)

    def clean_description(self):
        return clean_resident_text(self.cleaned_data.get("description"), min_letters=4)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("举报理由"), max_length=200, required=False)
