"""The public forms: merchant sign-up (商家入驻) and posting a classified ad."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rongmei.fields import ImageUploadField
from rongmei.validators import clean_resident_text

from .models import ClassifiedAd, DirectoryCategoryPage, MerchantApplication

MAX_PHOTOS = 3


class MerchantApplicationForm(forms.ModelForm):
    """A business applies for a free listing; photos are checked by ``rongmei.images``."""

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

    def clean_business_name(self):
        return clean_resident_text(self.cleaned_data.get("business_name"), min_letters=2)

    def clean_description(self):
        return clean_resident_text(self.cleaned_data.get("description"), min_letters=4)

    def photos(self):
        return [
            self.cleaned_data[name]
            for name in ("photo_1", "photo_2", "photo_3")
            if self.cleaned_data.get(name)
        ]


class ClassifiedAdForm(forms.ModelForm):
    """A resident or merchant posts an ad; the board decides which of the extra fields count."""

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

    def clean_title(self):
        return clean_resident_text(self.cleaned_data.get("title"), min_letters=2)

    def clean_description(self):
        return clean_resident_text(self.cleaned_data.get("description"), min_letters=4)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("举报理由"), max_length=200, required=False)
