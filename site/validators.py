"""Checks on what residents and merchants type, shared by every app: phone numbers, licence numbers, text.

Each check raises a ``ValidationError`` with a message a resident can act on, in Chinese. Two phone rules,
for two uses: ``clean_phone`` for the contact number a resident leaves with a petition or a question
(mobile or landline, stored without separators), ``validate_phone`` for the public numbers of merchants and
classified ads (also 400/800 numbers and extensions, kept as typed).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def window_errors(starts_at, ends_at, end_field="ends_at"):
    """A time window's own mistake, for a model's ``clean()``: ``{end_field: message}`` when it ends at or
    before its start, else ``{}`` (live pages, Q&A sessions, pop-up notices)."""
    if starts_at and ends_at and ends_at <= starts_at:
        return {end_field: _("结束时间必须晚于开始时间。")}
    return {}


def check_date_range(start, end):
    """The one rule for a period a form asks for by its first and last day (statistics, readership): the
    last day may not come before the first. Raises the form's ``ValidationError``."""
    if start and end and end < start:
        raise ValidationError(_("结束日期不能早于开始日期。"))


_CONTACT_PHONE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")


def clean_phone(value):
    """A resident's mobile or landline number without spaces and dashes ("" when none was given); the
    one rule for every form that asks for a contact phone."""
    phone = re.sub(r"[\s-]", "", value or "")
    if phone and not _CONTACT_PHONE.match(phone):
        raise ValidationError(_("请填写正确的手机号或座机号。"))
    return phone


def clean_resident_text(value, *, min_letters=2):
    """Resident text as stored: trimmed, control characters removed, mostly words rather than symbols.

    HTML is not removed: it is stored as typed and always escaped when shown.
    """
    value = "".join(
        char
        for char in (value or "")
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Co")
    ).strip()
    letters = sum(1 for char in value if unicodedata.category(char)[0] in "LN")
    if letters < min_letters:
        raise ValidationError(_("请用文字把情况说清楚。"))
    symbols = sum(1 for char in value if unicodedata.category(char)[0] == "S")
    if symbols > max(5, letters // 2):
        raise ValidationError(_("表情或符号太多，请用文字描述。"))
    return value


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
