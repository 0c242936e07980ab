"""Index what was written without signals (the demo seed's ``bulk_create``), and only that.

``index_missing()`` adds every object of every indexed model that has no index entry yet, in batches;
objects already indexed are left alone, so a second run does nothing. It speaks to the database backends'
index table; with OpenSearch configured, run ``manage.py update_index`` instead.
"""

from django.apps import apps
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.index import class_is_indexed

BATCH = 2000


def indexed_models():
    """Concrete indexed models that have their own index entries (specific page types included)."""
    for model in apps.get_models():
        if class_is_indexed(model) and not model._meta.abstract and model.get_search_fields():
            yield model


def index_missing(progress=None):
    # Imported when it runs, like the search backend's per-database modules (modelsearch's models module
    # picks the index-entry model of the database in use).
    from modelsearch.utils import get_content_type_pk
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    if not hasattr(backend, "segments_chinese"):
        return 0
    added = 0
    for model in indexed_models():
        content_type = get_content_type_pk(model)
        indexed = IndexEntry.objects.filter(content_type_id=content_type).values("object_id")
        missing = (
            model._default_manager.annotate(object_key=Cast("pk", CharField()))
            .exclude(object_key__in=indexed)
            .order_by("pk")
        )
        if hasattr(missing, "specific"):
            missing = missing.filter(content_type_id=content_type)  # pages whose specific type this is
        ids = list(missing.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            # get_indexed_objects: with what the model's search fields read prefetched (a petition's thread)
            objects = list(model.get_indexed_objects().filter(pk__in=ids[start : start + BATCH]))
            backend.add_bulk(model, objects)
            added += len(objects)
            if progress:
                progress(model, added)
    return added
