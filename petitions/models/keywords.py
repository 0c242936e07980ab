"""Each petition's keywords (热点诉求), extracted once so a week's hot topics are one aggregate query."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .petition import Petition


class PetitionKeyword(models.Model):
    """One keyword or place of one petition, as ``petitions.supervision.hot_topics.extract`` found it.

    Rows are rewritten whenever the petition's title, content or address change, so they always match
    the text as it now reads (an editor's masking of private details included). ``submitted_at`` is
    the petition's own (it never changes), copied so a week's rows are read through one index.
    """

    class Kind(models.TextChoices):
        WORD = "word", _("关键词")
        PLACE = "place", _("地点")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="keywords")
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.WORD)
    word = models.CharField(_("词"), max_length=40)
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("诉求关键词")
        verbose_name_plural = _("诉求关键词")
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "word"], name="petition_keyword_once")
        ]
        indexes = [models.Index(fields=["kind", "submitted_at"], name="petition_keyword_week_idx")]

    def __str__(self):
        return self.word
