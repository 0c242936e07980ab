"""Form fields that take only what they say, shared by every app's public forms.

A browser sends strings, the JSON API sends whatever the client typed: these fields refuse a value of
the wrong kind with a message rather than guessing (``1.5`` is not department 1, ``"maybe"`` is not yes).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import images
from .routes import ID_PATTERN
from .validators import clean_resident_text

TRUE_VALUES = ("true", "on", "1", "yes")
FALSE_VALUES = ("false", "off", "0", "no", "")


class StrictCheckboxInput(forms.CheckboxInput):
    """A checkbox that passes on, unchanged, a value it does not know, so the field can refuse it."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return False
        value = data.get(name)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_VALUES + FALSE_VALUES:
            return value.strip().lower() in TRUE_VALUES
        return value


class StrictBooleanField(forms.BooleanField):
    """Yes or no, and nothing else: a JSON ``true``/``false`` or a checkbox's usual strings."""

    widget = StrictCheckboxInput
    default_error_messages = {"not_boolean": _("请填写“是”或“否”（true 或 false）。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if not isinstance(value, bool):
            raise ValidationError(self.error_messages["not_boolean"], code="not_boolean")
        return value


class WholeNumberField(forms.IntegerField):
    """A whole number in ASCII digits: Django's own field also takes ``0.0``, ``1e3`` and a full-width ``１``."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if not re.fullmatch(r"-?\d{1,18}", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class WholeNumberModelChoiceField(forms.ModelChoiceField):
    """A choice made by id, where the id must be a whole number in ASCII digits: ``1.5``, ``true`` or a
    full-width ``１`` is not ``1``; an id longer than any row's is no choice (and no integer overflow)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if not re.fullmatch(ID_PATTERN, text):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(text)


class ImageUploadField(forms.FileField):
    """One picture, checked and re-encoded by ``rongmei.images``; cleans to a ``CleanImage``."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        upload = super().to_python(data)
        return images.clean_image(upload) if upload else upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImageUploadsField(forms.FileField):
    """Up to ``max_count`` pictures from one file input, each checked and re-encoded by ``rongmei.images``;
    cleans to a list of ``CleanImage`` (empty when none was chosen)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})

    def __init__(self, *args, max_count=6, **kwargs):
        kwargs.setdefault("required", False)
        self.max_count = max_count
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > self.max_count:
            raise ValidationError(_("最多上传 %(count)s 张图片。") % {"count": self.max_count})
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(images.clean_image(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ResidentTextField(forms.CharField):
    """A resident's free text in a form an editor built (a survey's questions): at most ``max_length``
    characters, and words rather than control characters or symbols (``clean_resident_text``)."""

    def clean(self, value):
        value = super().clean(value)
        return clean_resident_text(value, min_letters=1) if value else value


class CoordinateField(forms.Field):
    """A latitude or longitude (WGS-84 degrees) as the place picker (``rongmei.maps``) writes it: ASCII
    decimal text or a JSON number, rounded to six places (about 0.1 m), inside the axis's range."""

    widget = forms.HiddenInput
    RANGES = {"latitude": 90, "longitude": 180}
    default_error_messages = {
        "invalid": _("位置坐标无效，请重新选择位置。"),
        "latitude": _("纬度应在 -90 到 90 之间。"),
        "longitude": _("经度应在 -180 到 180 之间。"),
    }

    def __init__(self, *, axis, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.axis = axis

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, float):
            text = f"{value:.7f}"
        elif isinstance(value, int | str) and not isinstance(value, bool):
            text = str(value).strip()
        else:
            text = ""
        if not re.fullmatch(r"-?\d{1,3}(\.\d{1,20})?", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = Decimal(text).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
        if abs(number) > self.RANGES[self.axis]:
            raise ValidationError(self.error_messages[self.axis], code="out_of_range")
        return number
