"""A forgotten draft never blocks a new page's slug.

Wagtail's autosave stores a page-add form as a draft page as soon as a title is typed. An editor who leaves
that form and starts again with the same title would meet "slug already in use" from a draft they never
meant to keep. So, when a page is being added (``before_create_page``), a sibling that holds the submitted
slug, has never been published and belongs to the same editor steps aside: its slug gets its id as a suffix
(on the page and on its latest revision, so editing it later does not collide again), its content stays, and
a message links to it. A page ever published, or a colleague's draft, keeps its slug; for a colleague's
draft the message names it and links to it, beside Wagtail's own form error.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages


def forgotten_drafts(parent_page, slug, user):
    """The never-published siblings holding ``slug`` that ``user`` owns (at most one in practice)."""
    return parent_page.get_children().filter(
        slug=slug, live=False, first_published_at__isnull=True, alias_of__isnull=True, owner=user
    )


def step_aside(draft):
    """Give ``draft`` a slug nobody else can want: its own, with its id."""
    new_slug = f"{draft.slug}-{draft.pk}"
    with transaction.atomic():
        draft = draft.specific
        draft.slug = new_slug
        draft.save(clean=False, update_fields=["slug", "url_path"])
        revision = draft.get_latest_revision()
        if revision is not None:
            revision.content["slug"] = new_slug
            revision.save(update_fields=["content"])
    return draft


def free_slug_for_new_page(request, parent_page, page_class):
    """The ``before_create_page`` hook: move the editor's forgotten drafts out of the submitted slug's way."""
    slug = (request.POST.get("slug") or "").strip() if request.method == "POST" else ""
    if not slug:
        return None
    for draft in forgotten_drafts(parent_page, slug, request.user):
        moved = step_aside(draft)
        messages.info(
            request,
            _("您之前未发布的草稿《%(title)s》（可能是自动保存的）改用别名“%(slug)s”，内容都还在。")
            % {"title": moved.get_admin_display_title(), "slug": moved.slug},
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[moved.pk]), _("打开草稿"))],
        )
    others = parent_page.get_children().filter(slug=slug, live=False, first_published_at__isnull=True)
    for draft in others.exclude(owner=request.user).select_related("owner"):
        owner = (draft.owner.get_full_name() or draft.owner.get_username()) if draft.owner else _("其他人")
        messages.warning(
            request,
            _("别名“%(slug)s”已被 %(owner)s 未发布的草稿《%(title)s》占用：请换一个别名，或与对方商量。")
            % {"slug": slug, "owner": owner, "title": draft.get_admin_display_title()},
            buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[draft.pk]), _("查看草稿"))],
        )
    return None
