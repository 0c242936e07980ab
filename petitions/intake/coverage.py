"""相关报道: the pages that embed a petition, as Wagtail's reference index records them."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, ReferenceIndex

from ..models import PetitionBoardPage


def coverage_of(petition, request=None, limit=10):
    """Live, public pages whose content embeds ``petition`` (through ``PetitionBlock``), newest first.

    One entry per story, in the visitor's language: a story's copy in the active language when it has one,
    else the story as it was written. The board's own featured list is not coverage, so board pages are
    left out.
    """
    references = ReferenceIndex.get_references_to(petition)
    page_ids = {
        int(object_id)
        for object_id, content_type_id in references.values_list("object_id", "base_content_type_id")
        if content_type_id == _page_content_type_id()
    }
    if not page_ids:
        return []
    stories = Page.objects.filter(pk__in=page_ids).live().public().not_type(PetitionBoardPage)
    keys = stories.values("translation_key")
    copies = Page.objects.filter(translation_key__in=keys).live().public().not_type(PetitionBoardPage)
    active = Locale.get_active()
    chosen = {}
    for page in copies.order_by("-first_published_at"):
        # the active language's copy, or else the referenced story itself
        if page.locale_id == active.pk or (page.pk in page_ids and page.translation_key not in chosen):
            chosen[page.translation_key] = page
    pages = [page for page in chosen.values() if page.get_url(request) is not None]
    pages.sort(key=lambda page: page.first_published_at, reverse=True)
    return pages[:limit]


def _page_content_type_id():
    return ContentType.objects.get_for_model(Page).pk
