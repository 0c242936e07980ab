"""Checks on what merchants and residents type: phone numbers, licence numbers, coordinates.

Each validator raises a ``ValidationError`` with a message a resident can act on, in Chinese.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# Mobile numbers (11 digits from 13x to 19x), landlines with an area code (0xx(x)-xxxxxxx(x), an
# optional extension), and 400/800 service numbers; spaces and dashes are allowed between groups.
PHONE_PATTERNS = [
    re.compile(r"^1[3-9]\d{9}$"),
    re.compile(r"^0\d{2,3}\d{7,8}(?:转\d{1,6})?$"),
    re.compile(r"^[48]00\d{7}$"),
]


def normalize_phone(value):
    """The digits of a phone number without separators (what a tel: link needs)."""
    return re.sub(r"[\s\-()（）]", "", value or "").replace("+86", "", 1)


def validate_phone(value):
    if not any(pattern.match(normalize_phone(value)) for pattern in PHONE_PATTERNS):
        raise ValidationError(
            _("请填写正确的电话号码：11位手机号，或带区号的座机号（如 0812-1234567）。"),
            code="invalid_phone",
        )


# 统一社会信用代码 (GB 32100-2015): 18 characters from this alphabet; the last is a check character.
LICENCE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LICENCE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def licence_check_character(first17):
    total = sum(
        LICENCE_ALPHABET.index(char) * weight for char, weight in zip(first17, LICENCE_WEIGHTS, strict=True)
    )
    return LICENCE_ALPHABET[(31 - total % 31) % 31]


def validate_licence_number(value):
    code = (value or "").strip().upper()
    if len(code) != 18 or any(char not in LICENCE_ALPHABET for char in code):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含 I、O、Z、S、V），请对照营业执照填写。"),
            code="invalid_licence",
        )
    if licence_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("统一社会信用代码校验不通过，请检查是否抄错。"),
            code="invalid_licence_checksum",
        )


latitude_validators = [
    MinValueValidator(-90, message=_("纬度应在 -90 到 90 之间。")),
    MaxValueValidator(90, message=_("纬度应在 -90 到 90 之间。")),
]
longitude_validators = [
    MinValueValidator(-180, message=_("经度应在 -180 到 180 之间。")),
    MaxValueValidator(180, message=_("经度应在 -180 到 180 之间。")),
]


def validate_coordinates(latitude, longitude):
    """Both or neither: a map link needs the pair."""
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("经度和纬度要一起填写，或者都不填。"), code="half_coordinates")
