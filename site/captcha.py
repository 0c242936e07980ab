"""A captcha that needs no outside service: a small sum, signed, answerable once, for 30 minutes.

The challenge token carries a random nonce and a keyed hash of the right answer (never the answer
itself), signed with the site's secret key. A used nonce is remembered in the cache, so one solved
challenge cannot be replayed for a second post. A sum this small stops casual bots only (a program reads
it as easily as a person); the rate limits behind the captcha do the rest.
"""

import secrets

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SALT = "petitions.captcha"
MAX_AGE = 30 * 60
_NUMERALS = "零一二三四五六七八九十"


def _digest(nonce, answer):
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()


def challenge():
    """A new (question, token) pair, e.g. ("七 加 五 等于几？", "...")."""
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "h": _digest(nonce, a + b)}, salt=SALT, compress=True)
    question = _("%(a)s 加 %(b)s 等于几？（请填阿拉伯数字）") % {
        "a": _NUMERALS[a],
        "b": _NUMERALS[b],
        "a_digit": a,
        "b_digit": b,
    }
    return question, token


def verify(token, answer):
    """Whether ``answer`` solves the challenge ``token``; a token is good for one try only."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    nonce = payload.get("n", "")
    if not cache.add(f"captcha:used:{nonce}", 1, timeout=MAX_AGE + 60):
        return False
    answer = str(answer or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not answer.isdigit():
        return False
    return constant_time_compare(_digest(nonce, int(answer)), payload.get("h", ""))


class CaptchaMixin(forms.Form):
    """A signed sum to answer, and a honeypot field people never see."""

    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(label=gettext_lazy("验证题"), max_length=4, required=False)
    # Hidden from people by CSS and aria-hidden; bots filling every field give themselves away.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("请勿填写此项"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def issue_captcha(self):
        self.captcha_question, token = challenge()
        self.initial["captcha_token"] = token
        return self.captcha_question

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(gettext_lazy("提交失败，请刷新页面后重试。"))
        return ""

    def clean_captcha_answer(self):
        answer = self.cleaned_data.get("captcha_answer")
        if not answer:
            raise ValidationError(gettext_lazy("请回答验证题。"))
        if not verify(self.data.get("captcha_token"), answer):
            raise ValidationError(gettext_lazy("验证题答案不正确或已过期，请重新计算。"))
        return answer
