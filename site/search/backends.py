"""Wagtail's database search backends, taught to read Chinese.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "rongmei.search.backends"}}``: like
``wagtail.search.backends.database`` this picks the backend for the default database (SQLite FTS5 or
PostgreSQL), and adds two things through modelsearch's own extension points:

* index time: each backend builds documents with an ``ObjectIndexer``; ours passes every prepared field
  value through ``rongmei.search.text.index_text`` (one script, half-width, Chinese cut into characters
  and pairs), so the stored words are what the database's tokenizer can match;
* query time: ``_search`` (behind both ``search()`` and ``autocomplete()``) rewrites the query string,
  or the text of a parsed ``PlainText``/``Phrase``, with ``query_text`` and requires every word.

No database extension is needed; PostgreSQL's parser and SQLite's unicode61 tokenizer both split the
stored text at spaces and keep each Chinese word whole.
"""

from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.index import RelatedFields
from modelsearch.query import And, Not, Or, Phrase, PlainText

from .text import index_text, query_text

__all__ = ["SearchBackend", "segment_query"]


def segment_query(query):
    """The query with its text segmented; None if nothing searchable is left."""
    if isinstance(query, str):
        return query_text(query) or None
    if isinstance(query, PlainText | Phrase):
        text = query_text(query.query_string)
        return PlainText(text, operator="and", boost=query.boost) if text else None
    if isinstance(query, And | Or):
        parts = [part for part in (segment_query(sub) for sub in query.subqueries) if part is not None]
        if not parts:
            return None
        return type(query)([PlainText(p) if isinstance(p, str) else p for p in parts])
    if isinstance(query, Not):
        inner = segment_query(query.subquery)
        return Not(PlainText(inner) if isinstance(inner, str) else inner) if inner is not None else None
    return query


def install_segmenting_indexer(module):
    """Replace ``module.ObjectIndexer`` (looked up at call time by the module's index) with a subclass that
    segments every value it prepares when, and only when, the backend is one of ours; a stock backend in
    the same process (the quality benchmark compares the two) indexes exactly as before."""
    base = module.ObjectIndexer
    if getattr(base, "segments_for_chinese_backends", False):
        return

    class SegmentingObjectIndexer(base):
        segments_for_chinese_backends = True

        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.segment = getattr(backend, "segments_chinese", False)

        def prepare_field(self, obj, field):
            for item in super().prepare_field(obj, field):
                if not self.segment or isinstance(field, RelatedFields):
                    yield item  # related fields were segmented by the recursive call for each sub-field
                else:
                    yield (*item[:-1], index_text(item[-1]))

    module.ObjectIndexer = SegmentingObjectIndexer


class ChineseBackendMixin:
    segments_chinese = True

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = segment_query(query)
        if query is None:
            return EmptySearchResults()
        if kwargs.get("operator") is not None:
            kwargs["operator"] = "and"
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    backend = DatabaseSearchBackend(params)
    module = __import__(type(backend).__module__, fromlist=["ObjectIndexer"])
    if not hasattr(module, "ObjectIndexer"):
        return backend  # the fallback LIKE backend finds substrings already
    install_segmenting_indexer(module)
    return type("Chinese" + type(backend).__name__, (ChineseBackendMixin, type(backend)), {})(params)
