"""记者跟进: a reporter's published story (帮打听 or 督办) on a petition, kept for the petition's timeline.

Rows are written and removed only by ``petitions.reporters.columns`` when a story is published or unpublished;
the timeline still reads only live, public pages, so a story that stops being public leaves it at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .petition import Petition, ReporterColumn


class PetitionStoryQuerySet(models.QuerySet):
    def live(self):
        """Stories whose page is live now (view restrictions are checked by ``reporting.public_stories``)."""
        return self.filter(page__live=True)


class PetitionStory(models.Model):
    """One story in a reporter column that embeds one petition; shown in the petition's timeline."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="stories")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("报道"), on_delete=models.CASCADE, related_name="+"
    )
    column = models.CharField(_("栏目"), max_length=12, choices=ReporterColumn.choices)
    published_at = models.DateTimeField(_("发布时间"))

    objects = PetitionStoryQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("记者跟进报道")
        verbose_name_plural = _("记者跟进报道")
        constraints = [models.UniqueConstraint(fields=["petition", "page"], name="petition_story_once")]

    def __str__(self):
        return f"{self.get_column_display()} · {self.petition_id} · {self.page_id}"
