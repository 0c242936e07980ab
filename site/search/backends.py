"""Wagtail's database search backends, taught to read Chinese.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "rongmei.search.backends"}}``: like
``wagtail.search.backends.database`` this picks the backend for the default database (SQLite FTS5 or
PostgreSQL), and adds two things through modelsearch's own extension points:

* index time: each backend builds documents with an ``ObjectIndexer``; ours passes every prepared field
  value through ``rongmei.search.text.index_text`` (one script, half-width, Chinese cut into characters
  and pairs), so the stored words are what the database's tokenizer can match;
* query time: ``_search`` (behind both ``search()`` and ``autocomplete()``) rewrites the query string,
  or the text of a parsed ``PlainText``/``Phrase``, with ``query_text`` and requires every word;
* on SQLite, results ordered by relevance are ranked in one pass (``OnePassRankingResults``).

No database extension is needed; PostgreSQL's parser and SQLite's unicode61 tokenizer both split the
stored text at spaces and keep each Chinese word whole.
"""

from django.db.models import ExpressionWrapper, F, IntegerField
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


class ScoredMatchesCompilerMixin:
    """For SQLite query compilers: the full-text matches of the query with their scores, as one query."""

    def scored_matches(self, config):
        """``SQLiteFTSIndexEntry`` rows matching the query for this model, annotated with ``score`` (lower
        is better, as SQLite's bm25 gives it); None for queries ranked no other way (match all, negation)."""
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
        from modelsearch.query import MatchAll
        from modelsearch.utils import get_descendants_content_types_pks

        query = normalize(self.query)
        if isinstance(query, MatchAll | Not):
            return None
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config))
        content_types = get_descendants_content_types_pks(self.queryset.model)
        # "content_type_id + 0" on purpose: filtered on the bare column, SQLite walks the index entries of
        # the content type (every petition) and runs the full-text match once for each; an expression it
        # cannot look up in an index makes it run the match once and fetch the matching entries by id.
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .alias(entry_type=ExpressionWrapper(F("index_entry__content_type_id") + 0, IntegerField()))
            .filter(entry_type__in=content_types)
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
        )

    def search(self, config, start, stop, score_field=None):
        """Results in the caller's order (relevance order is ``OnePassRankingResults``' work), from the
        same fast match as ``scored_matches``."""
        matches = None if self.order_by_relevance or score_field else self.scored_matches(config)
        if matches is None:
            return super().search(config, start, stop, score_field=score_field)
        queryset = self.queryset.filter(pk__in=matches.values("index_entry__object_id"))
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # as modelsearch does, to keep pages consistent
        return queryset[start:stop]


class OnePassRankingResults:
    """SQLite results in relevance order, with the full-text match run twice per search, not per row.

    modelsearch orders SQLite results by a correlated subquery that repeats the full-text match for every
    candidate row, so a broad word (停车) over 100,000 petitions costs matches × matches. Here one query
    reads every match's score, a second one which of the matches the caller's queryset allows (filters,
    permissions), and the requested page is ordered in Python (score, then newest first, as modelsearch
    orders) and fetched by primary key. Anything else (an explicit order, match all) is left to modelsearch.
    """

    def _ranked(self):
        compiler = self.query_compiler
        if not compiler.order_by_relevance or not hasattr(compiler, "scored_matches"):
            return None
        matches = compiler.scored_matches(compiler.get_config(self.backend))
        if matches is None:
            return None
        scores = dict(matches.values_list("index_entry__object_id", "score"))
        allowed = compiler.queryset.filter(pk__in=matches.values("index_entry__object_id"))
        pks = list(allowed.order_by().values_list("pk", flat=True))
        pks.sort(key=lambda pk: (scores.get(str(pk), 0.0), -pk if isinstance(pk, int) else 0))
        return pks, scores

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        pks, scores = ranked
        page = pks[self.start : self.stop]
        found = self.query_compiler.queryset.filter(pk__in=page).in_bulk()
        results = [found[pk] for pk in page if pk in found]
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, scores.get(str(obj.pk)))
        return results

    def _do_count(self):
        compiler = self.query_compiler
        matches = (
            compiler.scored_matches(compiler.get_config(self.backend))
            if compiler.order_by_relevance
            else None
        )
        if matches is None:
            return super()._do_count()
        allowed = compiler.queryset.filter(pk__in=matches.values("index_entry__object_id")).order_by()
        total = allowed.count()
        return max(0, min(total, self.stop or total) - self.start)


def _one_pass_sqlite_classes(backend):
    """Attributes that give a SQLite backend one-pass ranking (see ``OnePassRankingResults``)."""
    if not type(backend).__module__.endswith(".sqlite.sqlite"):
        return {}  # the SQLite module can only be imported where its full-text models exist
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults

    if not issubclass(backend.results_class, SQLiteSearchResults):
        return {}
    return {
        "results_class": type(
            "OnePassSQLiteSearchResults", (OnePassRankingResults, backend.results_class), {}
        ),
        "query_compiler_class": type(
            "ScoredSQLiteSearchQueryCompiler",
            (ScoredMatchesCompilerMixin, backend.query_compiler_class),
            {},
        ),
        "autocomplete_query_compiler_class": type(
            "ScoredSQLiteAutocompleteQueryCompiler",
            (ScoredMatchesCompilerMixin, backend.autocomplete_query_compiler_class),
            {},
        ),
    }


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    backend = DatabaseSearchBackend(params)
    module = __import__(type(backend).__module__, fromlist=["ObjectIndexer"])
    if not hasattr(module, "ObjectIndexer"):
        return backend  # the fallback LIKE backend finds substrings already
    install_segmenting_indexer(module)
    attributes = _one_pass_sqlite_classes(backend)
    return type("Chinese" + type(backend).__name__, (ChineseBackendMixin, type(backend)), attributes)(params)
