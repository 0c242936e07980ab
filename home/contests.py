"""The rules of a contest (评比), in one place: taking an entry, moderating it, and taking a vote.
``home.models.contests`` says what the phases are; views, the admin and the demo seed call these.

- ``submit_entry``: only while entries are open; the title and text pass the keyword screen
  (``rongmei.screening``) — a refused word turns the entry away with the screen's reason, a held one
  notes the words for the editor; every entry waits for an editor, and its photos (already checked and
  re-encoded by ``rongmei.images``) are stored under unguessable names.
- ``review``: an editor approves or rejects a waiting entry, once.
- ``cast_vote``: only while voting is open, only for an approved entry of that contest; one vote per
  entry and person, at most ``votes_per_person`` per person and contest (``VoteRefused`` says why not).
  The contest's row is locked while the person's votes are counted, so two requests of one person
  cannot both take the last vote.
"""

import os

from django.core.files.images import ImageFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from rongmei.masking import mask_personal_data
from rongmei.screening import screen

from .models import ContestEntry, ContestEntryPhoto, ContestPage, ContestVote


class EntryRefused(Exception):
    """An entry that cannot be taken; ``str()`` is the reason for the resident."""


class VoteRefused(Exception):
    """A vote that cannot be taken; ``str()`` is the reason for the resident."""


class ReviewError(Exception):
    """A review that cannot be made; ``str()`` is the reason for the editor."""


def _upload_collection():
    """Residents' photos wait in their own collection, away from the editors' pictures."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name="公众上传").first() or root.add_child(name="公众上传")


def submit_entry(contest, *, title, text, contact_name, contact_phone, photos, user=None, address=None):
    """Take a resident's entry for ``contest``; the new ``ContestEntry`` (pending), or ``EntryRefused``."""
    if contest.phase() != "entries":
        raise EntryRefused(_("本次评比现在不接受作品。"))
    result = screen(title, text)
    if result.refused:
        raise EntryRefused(result.reason)
    note = _("命中待复核词语：%(words)s") % {"words": "、".join(result.matches)} if result.held else ""
    Image = get_image_model()
    with transaction.atomic():
        entry = ContestEntry.objects.create(
            contest=contest,
            title=mask_personal_data(title),
            text=mask_personal_data(text),
            contact_name=contact_name,
            contact_phone=contact_phone,
            user=user if user is not None and user.is_authenticated else None,
            screening_reason=note[:200],
            submitted_from=address or None,
        )
        collection = _upload_collection()
        for number, picture in enumerate(photos, start=1):
            image = Image(title=f"{entry.title[:40]} ({number})", collection=collection)
            image.file = ImageFile(picture, name=f"contest-{os.urandom(6).hex()}.{picture.extension}")
            image.save()
            ContestEntryPhoto.objects.create(entry=entry, image=image, sort_order=number)
    return entry


def review(entry, editor, *, approve, note=""):
    """An editor's decision on a waiting entry; ``ReviewError`` when it was decided already."""
    with transaction.atomic():
        entry = ContestEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != ContestEntry.Status.PENDING:
            raise ReviewError(_("这件作品已经审核过了。"))
        entry.status = ContestEntry.Status.APPROVED if approve else ContestEntry.Status.REJECTED
        entry.review_note = (note or "")[:300]
        entry.reviewed_by = editor
        entry.reviewed_at = timezone.now()
        entry.save()
    return entry


def votes_of(contest, voter, user):
    """The votes one person gave in ``contest``: by this browser, or by this account."""
    person = Q(voter=voter)
    if user is not None:
        person |= Q(user=user)
    return ContestVote.objects.filter(person, contest=contest)


def cast_vote(contest, entry_pk, *, voter, user=None):
    """One vote of the person (browser ``voter``, account ``user``) for entry ``entry_pk``."""
    if contest.phase() != "voting":
        raise VoteRefused(
            _("投票还没有开始。") if contest.phase() in ("upcoming", "entries") else _("投票已经结束。")
        )
    entry = contest.entries.approved().filter(pk=entry_pk).first()
    if entry is None:
        raise VoteRefused(_("没有找到这件作品。"))
    with transaction.atomic():
        ContestPage.objects.select_for_update(of=("self",)).filter(pk=contest.pk).first()
        given = votes_of(contest, voter, user)
        if given.filter(entry=entry).exists():
            raise VoteRefused(_("您已经为这件作品投过票了，每件作品只能投一票。"))
        if given.count() >= contest.votes_per_person:
            raise VoteRefused(
                _("您的 %(count)s 票已经投完了，感谢参与。") % {"count": contest.votes_per_person}
            )
        try:
            with transaction.atomic():
                return ContestVote.objects.create(contest=contest, entry=entry, voter=voter, user=user)
        except IntegrityError:  # the same vote from a request that committed first
            raise VoteRefused(_("您已经为这件作品投过票了，每件作品只能投一票。")) from None
