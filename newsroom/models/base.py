"""What the newsroom's pages share: the card they show in lists, their channel, a time window, card
lists queried only when the page cache misses, and the stored view counts (in all, and per day)."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page, PageQuerySet

from rongmei import validators

CARD_RENDITION = "fill-480x270"
PER_PAGE = 20


def card_queryset(queryset):
    """Cover images and their card renditions in two fixed queries, however long the list."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_RENDITION)
    return queryset.select_related("cover_image").prefetch_related(
        Prefetch("cover_image__renditions", queryset=renditions)
    )


def paginate(request, queryset, per_page=PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def card_list_context(context, request, queryset):
    """A page of cards, queried when the template shows it (the page cache serves repeat visits)."""
    context["page_obj"] = SimpleLazyObject(lambda: paginate(request, card_queryset(queryset)))
    return context


def body_images(body, cover=None):
    """The cover image, then every image and gallery picture of a StreamField body, each once."""
    found = [cover] if cover else []
    for block in body:
        if block.block_type == "image":
            found.append(block.value["image"])
        elif block.block_type == "gallery":
            found.extend(block.value.images())
    unique = {}
    for image in found:
        if image is not None:
            unique.setdefault(image.pk, image)
    return list(unique.values())


class ArticleQuerySet(PageQuerySet):
    """News articles and channel posts, newest first; follow-up stories (融媒回声)."""

    def newest_first(self):
        return self.order_by("-date", "-pk")

    def follow_ups(self):
        return self.filter(is_follow_up=True)


class ChannelChildMixin:
    """A page whose parent is its channel (a news channel or a department channel)."""

    @cached_property
    def channel_page(self):
        parent = self.get_parent()
        return parent.specific if parent else None


class CardMixin:
    """What the shared card include (``includes/card.html``) and the home sections show of a page."""

    @property
    def card_summary(self):
        return self.summary or self.search_description

    @property
    def card_image(self):
        return self.cover_image

    @property
    def card_meta(self):
        return timezone.localtime(self.date).strftime("%Y-%m-%d")


class ScheduledMixin:
    """A page with a time window, ``starts_at`` to ``ends_at`` (open-ended when ``ends_at`` is empty), and a
    ``State`` whose three values are, in order, before, during and after it: live pages and Q&A sessions."""

    @property
    def date(self):
        return self.starts_at

    @property
    def state(self):
        return self.state_at(timezone.now())

    def state_at(self, now):
        upcoming, live, ended = list(self.State)
        if now < self.starts_at:
            return upcoming
        if self.ends_at is None or now < self.ends_at:
            return live
        return ended

    def window_errors(self):
        """The window's own mistakes, for ``clean()``."""
        return validators.window_errors(self.starts_at, self.ends_at)


class PageViewCount(models.Model):
    """Views of one page already moved out of the cache (see ``newsroom.counters``)."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    count = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("浏览量")
        verbose_name_plural = _("浏览量")

    def __str__(self):
        return f"{self.page_id}: {self.count}"


class PageViewDay(models.Model):
    """Views of one page counted into the database on one day (Beijing time): what the readership
    statistics (``newsroom.readership``) add up. A batch is dated the day it leaves the cache, so views of
    the last minutes before midnight may count for the next day (``flush_view_counts`` runs every five
    minutes)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    count = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("每日浏览量")
        verbose_name_plural = _("每日浏览量")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="page_view_day_unique")]
        indexes = [models.Index(fields=["day", "page"], name="page_view_day_idx")]

    def __str__(self):
        return f"{self.page_id} {self.day}: {self.count}"
