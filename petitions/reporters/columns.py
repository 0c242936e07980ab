"""记者跟进: reporters of the 帮打听 (questions) and 督办 (hard cases) columns following petitions up.

The rules, in one place:

- ``take_up`` / ``drop``: an editor of the media centre (permission ``petitions.take_up_petition``)
  records that a reporter follows a petition in a column, or stops. Only petitions on the public board
  can be taken up: a pending, rejected or private one has no public page for a story to point to.
  Neither changes the petition's status, so they are not workflow transitions; both lock the row and
  are written to the petition's history (Wagtail's audit log) like the transitions are.
- ``sync_story``: when a news article in the 帮打听 or 督办 channel is published, each petition on the
  board that it embeds gets a ``PetitionStory`` row, which puts the story on the petition's timeline;
  a 督办 story marks the petition supervised through the workflow's ``supervise`` transition (logged).
  Republishing without a petition, unpublishing or moving the story out of the column takes it off.
- Story pages: the petitions app does not know which page types carry stories. The app that has them
  (newsroom) registers each type at startup with ``register_story_page(model)``; a story page has a
  ``channel`` (the column it is published in) and ``followed_petitions()`` (the petitions it embeds).
- ``public_stories`` / ``following_badge``: what the public page and the API show. The reporter's
  account is never shown: the public sees the column and "本台记者" (staff names stay inside the
  media centre, as department replies are signed by the department, not a person).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Locale, Page

from rongmei.roles import TAKE_UP_PETITION

from .. import workflow
from ..models import Petition, PetitionStory, ReporterColumn

PERMISSION = TAKE_UP_PETITION

#: History entries of this module, registered with Wagtail's audit log in ``wagtail_hooks``.
LOG_ACTIONS = {
    "take_up": _("记者跟进"),
    "drop": _("取消记者跟进"),
    "story_published": _("发布跟进报道"),
    "story_withdrawn": _("撤下跟进报道"),
}

#: How the public names the reporter: never the account (see the module's docstring).
PUBLIC_REPORTER_NAME = _("本台记者")


class ReportingError(ValidationError):
    """The petition cannot be taken up (not on the public board) or the input is incomplete."""


def may_take_up(user):
    return user is not None and user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


def reporters():
    """Accounts that may follow petitions up: active users holding the permission, by name."""
    permission = Permission.objects.filter(
        content_type__app_label="petitions", codename="take_up_petition"
    ).first()
    users = get_user_model().objects.filter(is_active=True)
    if permission is None:
        return users.filter(is_superuser=True)
    return (
        users.filter(
            Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission)
        )
        .distinct()
        .order_by("username")
    )


def _lock(petition):
    return Petition.objects.select_for_update(of=("self",)).get(pk=petition.pk)


def _follow(petition):
    """The caller's object follows the row that was changed under lock."""
    petition.refresh_from_db(fields=["reporter", "reporter_column", "taken_up_at", "updated_at"])
    return petition


def take_up(petition, actor, column, reporter=None):
    """Record that ``reporter`` (by default ``actor``) follows ``petition`` up in ``column``.

    Taking up a petition that is already followed moves it to the new column or reporter (logged again).
    Raises ``PermissionDenied`` when ``actor`` may not, ``ReportingError`` for a petition off the board,
    an unknown column or a reporter without the permission; nothing is written then.
    """
    if not may_take_up(actor):
        raise PermissionDenied(gettext("您没有权限安排记者跟进诉求。"))
    if column not in ReporterColumn.values:
        raise ReportingError({"column": gettext("请选择跟进栏目（帮打听或督办）。")})
    reporter = reporter or actor
    if not may_take_up(reporter):
        raise ReportingError({"reporter": gettext("所选账号不是可以跟进诉求的记者或编辑。")})
    with transaction.atomic():
        locked = _lock(petition)
        if not locked.is_on_board:
            raise ReportingError(
                gettext("只有已受理并公开的诉求才能由记者跟进（这条诉求为“%(status)s”%(private)s）。")
                % {
                    "status": locked.get_status_display(),
                    "private": "" if locked.is_public else gettext("，且居民选择不公开"),
                }
            )
        previous = {"column": locked.reporter_column, "reporter": locked.reporter_id}
        locked.reporter = reporter
        locked.reporter_column = column
        locked.taken_up_at = timezone.now()
        locked.save(update_fields=["reporter", "reporter_column", "taken_up_at", "updated_at"])
        log(
            locked,
            "petitions.take_up",
            user=actor,
            data={
                "column": column,
                "reporter": reporter.pk,
                **({"previous": previous} if previous["column"] else {}),
            },
        )
    return _follow(petition)


def drop(petition, actor):
    """The reporter stops following ``petition``; stories already published stay on its timeline."""
    if not may_take_up(actor):
        raise PermissionDenied(gettext("您没有权限安排记者跟进诉求。"))
    with transaction.atomic():
        locked = _lock(petition)
        if not locked.reporter_column:
            raise ReportingError(gettext("这条诉求没有记者在跟进。"))
        previous = {"column": locked.reporter_column, "reporter": locked.reporter_id}
        locked.reporter = None
        locked.reporter_column = ""
        locked.taken_up_at = None
        locked.save(update_fields=["reporter", "reporter_column", "taken_up_at", "updated_at"])
        log(locked, "petitions.drop", user=actor, data=previous)
    return _follow(petition)


# --- stories ---------------------------------------------------------------------------------------

_story_page_types = []


def register_story_page(model):
    """Let pages of ``model`` be reporters' stories (see the module's docstring for what they provide)."""
    if model not in _story_page_types:
        _story_page_types.append(model)


def column_of(page):
    """The reporter column a story page is published in, or ``None`` for any other page."""
    if not isinstance(page, tuple(_story_page_types)):
        return None
    channel = page.channel
    return channel if channel in ReporterColumn.values else None


def sync_story(page, user=None):
    """Bring the ``PetitionStory`` rows of ``page`` in line with what it embeds now, if it is live.

    Called when a page is published or unpublished. A 督办 story marks each petition it embeds supervised
    (once, through the workflow, so it is logged); a closed petition is left as it is, since there is
    nothing left to supervise.
    """
    column = column_of(page) if page.live else None
    embedded = []
    if column is not None:
        embedded = [value["petition"] for value in page.followed_petitions()]
    existing = {story.petition_id: story for story in PetitionStory.objects.filter(page_id=page.pk)}
    wanted = {petition.pk: petition for petition in embedded}
    # Each PetitionStory saved or deleted purges its petition's pages (``rongmei.cache.depends_on``).
    with transaction.atomic():
        for petition_id, story in existing.items():
            if petition_id in wanted and story.column == column:
                continue
            story.delete()
            log(
                story.petition,
                "petitions.story_withdrawn",
                user=user,
                data={"page": page.pk, "title": page.title, "column": story.column},
            )
        published_at = page.first_published_at or timezone.now()
        for petition_id, petition in wanted.items():
            if petition_id in existing and existing[petition_id].column == column:
                continue
            PetitionStory.objects.create(
                petition=petition, page_id=page.pk, column=column, published_at=published_at
            )
            log(
                petition,
                "petitions.story_published",
                user=user,
                data={"page": page.pk, "title": page.title, "column": column},
            )
            if column == ReporterColumn.SUPERVISION:
                _supervise(petition, page)


def _supervise(petition, page):
    petition.refresh_from_db(fields=["status", "is_supervised"])
    if petition.is_supervised or not workflow.can(None, petition, "supervise"):
        return
    workflow.perform(
        petition, "supervise", None, reason=gettext("督办报道：%(title)s") % {"title": page.title}
    )


def on_page_published(sender, instance, revision=None, **kwargs):
    """``page_published`` receiver: record the reporter column's story on its petitions' timelines."""
    user = getattr(revision, "user", None) if revision is not None else None
    if column_of(instance) is not None or PetitionStory.objects.filter(page_id=instance.pk).exists():
        sync_story(instance, user=user)


def on_page_unpublished(sender, instance, **kwargs):
    """``page_unpublished`` receiver: an unpublished story leaves its petitions' timelines."""
    if PetitionStory.objects.filter(page_id=instance.pk).exists():
        sync_story(instance, user=kwargs.get("user"))


def public_stories(petition):
    """The reporters' stories on ``petition`` that anyone may read now, oldest first.

    Translations of one story are one entry: the active language's copy when it is live, else the first.
    """
    stories = list(PetitionStory.objects.live().filter(petition=petition))
    if not stories:
        return []
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[story.page_id for story in stories]).live().public()
    }
    active_locale_id = Locale.get_active().pk
    chosen = {}
    for story in stories:
        page = pages.get(story.page_id)
        if page is None:
            continue
        story.page = page
        key = page.translation_key
        if key not in chosen or page.locale_id == active_locale_id:
            chosen[key] = story
    return sorted(chosen.values(), key=lambda story: (story.published_at, story.pk))


def following_badge(petition, stories):
    """The column label to show as "记者跟进中" while a reporter follows ``petition`` and no story of that
    column is out yet; ``None`` otherwise."""
    if not petition.reporter_column:
        return None
    if any(story.column == petition.reporter_column for story in stories):
        return None
    return petition.get_reporter_column_display()
