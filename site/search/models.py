"""The synonym list editors keep for the site search (路灯 = 街灯), expanded when a query is run."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import runs


def split_terms(words):
    """The normalised terms of a synonym group, in order and without repeats: 路燈、街灯 → [路灯, 街灯]."""
    terms = []
    for term in words.replace("，", " ").replace(",", " ").replace("、", " ").split():
        pieces = [run for _is_chinese, run in runs(term)]
        if pieces:
            terms.append("".join(pieces))
    return list(dict.fromkeys(terms))


class Synonym(models.Model):
    """Words residents use for the same thing; a query with any of them finds the others too."""

    words = models.CharField(
        _("同义词"),
        max_length=200,
        unique=True,
        help_text=_("两个或更多意思相同的词，用空格或逗号分开，例如：路灯 街灯。繁体会自动对应简体。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        app_label = "rongmei"
        ordering = ["words"]
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")

    def __str__(self):
        return self.words

    @property
    def terms(self):
        return split_terms(self.words)

    def clean(self):
        if len(self.terms) < 2:
            raise ValidationError({"words": _("请至少填写两个不同的词。")})
