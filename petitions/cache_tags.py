"""What a petition's change purges from the page cache (``rongmei.cache.depends_on``, declared in
``PetitionsConfig.ready``)."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from rongmei import cache


def petition_tags(petition):
    """The page cache's tags a change of ``petition`` purges (``rongmei.cache``): its own, the lists of
    petitions, the home pages, and the pages that embed it as Wagtail's reference index records them."""
    tags = cache.default_tags(petition)
    sources = ReferenceIndex.get_references_to(petition).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    tags.update(f"page:{page_id}" for page_id in sources.values_list("object_id", flat=True).distinct())
    return tags
