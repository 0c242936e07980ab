"""相关报道: the pages that embed a petition, as Wagtail's reference index records them."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from ..models import PetitionBoardPage


def coverage_of(petition, request=None, limit=10):
    """Live, public pages whose content embeds ``petition`` (through ``PetitionBlock``), newest first.

    The board's own featured list is not coverage, so board pages are left out.
    """
    references = ReferenceIndex.get_references_to(petition)
    page_ids = {
        int(object_id)
        for object_id, content_type_id in references.values_list("object_id", "base_content_type_id")
        if content_type_id == _page_content_type_id()
    }
    if not page_ids:
        return []
    pages = Page.objects.filter(pk__in=page_ids).live().public().not_type(PetitionBoardPage)
    return list(pages.order_by("-first_published_at")[:limit])


def _page_content_type_id():
    return ContentType.objects.get_for_model(Page).pk
