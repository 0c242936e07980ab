"""The home app's public forms: a contest entry (评比) and the SMS notices a resident opts in to."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from rongmei.fields import ImageUploadsField, StrictBooleanField
from rongmei.validators import clean_phone, clean_resident_text

MAX_ENTRY_PHOTOS = 6


class ContestEntryForm(forms.Form):
    """An entry: a title, a text, one to ``MAX_ENTRY_PHOTOS`` photos and how to reach the entrant."""

    title = forms.CharField(label=_("作品标题"), max_length=60)
    text = forms.CharField(label=_("作品说明"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5}))
    photos = ImageUploadsField(
        label=_("照片（1 至 6 张）"),
        max_count=MAX_ENTRY_PHOTOS,
        help_text=_("支持 JPG、PNG、WebP，单张不超过 10 MB。"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=30, help_text=_("仅供编辑联系，不会公开。"))
    contact_phone = forms.CharField(
        label=_("联系电话"), max_length=20, help_text=_("仅供编辑联系，不会公开。")
    )

    def clean_title(self):
        return clean_resident_text(self.cleaned_data.get("title"), min_letters=2)

    def clean_text(self):
        return clean_resident_text(self.cleaned_data.get("text"), min_letters=4)

    def clean_contact_name(self):
        return clean_resident_text(self.cleaned_data.get("contact_name"), min_letters=1)

    def clean_contact_phone(self):
        phone = clean_phone(self.cleaned_data.get("contact_phone"))
        if not phone:
            raise forms.ValidationError(_("请填写联系电话。"))
        return phone

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        if not photos:
            raise forms.ValidationError(_("请至少上传一张照片。"))
        return photos


class SmsSubscriptionForm(forms.Form):
    """A resident's choice to receive urgent notices by SMS, and the mobile number to send them to."""

    phone = forms.CharField(
        label=_("手机号"), max_length=20, required=False, help_text=_("只用于发送紧急通知，不会公开。")
    )
    subscribed = StrictBooleanField(label=_("接收紧急通知短信"), required=False)

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone", "")
        if cleaned.get("subscribed"):
            if not phone:
                self.add_error("phone", _("请填写接收短信的手机号。"))
            elif not (phone.startswith("1") and len(phone) == 11):
                self.add_error("phone", _("请填写 11 位手机号，座机收不到短信。"))
        return cleaned

    def clean_phone(self):
        return re.sub(r"^\+?86(?=1\d{10}$)", "", clean_phone(self.cleaned_data.get("phone")))
