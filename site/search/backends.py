"""Wagtail's database search backends, taught to read Chinese.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "rongmei.search.backends"}}``: like
``wagtail.search.backends.database`` this picks the backend for the default database (SQLite FTS5 or
PostgreSQL), and adds, through modelsearch's own extension points:

* index time: each backend builds documents with an ``ObjectIndexer``; ours passes every prepared field
  value through ``rongmei.search.text.index_text`` (one script, half-width, Chinese cut into characters
  and pairs), so the stored words are what the database's tokenizer can match, and adds each title's
  pinyin (``rongmei.search.pinyin``);
* query time: ``_search`` (behind both ``search()`` and ``autocomplete()``) expands the editors'
  synonyms (``rongmei.search.synonyms``), rewrites the query string, or the text of a parsed
  ``PlainText``/``Phrase``, with ``query_text`` and requires every word;
* on SQLite and PostgreSQL, a search starts from the index rows that match and results ordered by
  relevance are ranked in one pass (``OnePassRankingResults``), so the database reads the matches, not
  every row of the model.

No database extension is needed; PostgreSQL's parser and SQLite's unicode61 tokenizer both split the
stored text at spaces and keep each Chinese word whole.
"""

from django.db.models import BigIntegerField, ExpressionWrapper, F, IntegerField
from django.db.models.functions import Cast
from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.index import RelatedFields
from modelsearch.query import And, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from . import ranking
from .pinyin import pinyin_text
from .synonyms import expand as expand_synonyms
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


def indexed_value(field, value):
    """A field's value as the index stores it: segmented, and for titles followed by their pinyin."""
    text = index_text(value)
    if field.field_name == "title":
        spelled = pinyin_text(value)
        return f"{text} {spelled}" if spelled else text
    return text


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
                    yield (*item[:-1], indexed_value(field, item[-1]))

    module.ObjectIndexer = SegmentingObjectIndexer


class ChineseBackendMixin:
    segments_chinese = True

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = segment_query(expand_synonyms(query))
        if query is None:
            return EmptySearchResults()
        if kwargs.get("operator") is not None:
            kwargs["operator"] = "and"
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


class ScoredMatchesCompilerMixin:
    """For query compilers: the full-text matches of the query with their scores, as one query over the
    search index alone, and the caller's queryset narrowed to them.

    modelsearch joins the caller's queryset to the index and ranks row by row; at 100,000 petitions both
    databases then read every petition for every search (see ``SQLiteScoredMatchesMixin`` and
    ``PostgresScoredMatchesMixin`` for why). Subclasses say how to find and score the matches; what is
    found and its order stay modelsearch's own.
    """

    SCORE_SIGN = 1  # 1: a lower score is better; -1: a higher one is

    def scored_matches(self, config):
        """Index rows matching the query for this model, annotated with ``score``; None for queries ranked
        no other way (match all, negation), which are left to modelsearch."""
        raise NotImplementedError

    def matching_pks(self, matches):
        """A subquery of the primary keys of the objects behind ``matches``, for ``pk__in``."""
        raise NotImplementedError

    def match_scores(self, matches):
        """{str(object pk): score} for every match."""
        raise NotImplementedError

    def search(self, config, start, stop, score_field=None, **kwargs):
        """Results in the caller's order (relevance order is ``OnePassRankingResults``' work), from the
        same fast match as ``scored_matches``."""
        matches = None if self.order_by_relevance or score_field else self.scored_matches(config)
        if matches is None:
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        queryset = self.queryset.filter(pk__in=self.matching_pks(matches))
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # as modelsearch does, to keep pages consistent
        return queryset[start:stop]


class SQLiteScoredMatchesMixin(ScoredMatchesCompilerMixin):
    """SQLite: scores are bm25's (lower is better). modelsearch filters the FTS5 match on the index entries'
    content type; SQLite then walks every petition's entry through the content-type index and runs the
    full-text match once for each (2 s for a word found once)."""

    def scored_matches(self, config):
        # modelsearch's SQLite module defines full-text models: importable only where they exist (SQLite)
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

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

    def matching_pks(self, matches):
        return matches.values("index_entry__object_id")

    def match_scores(self, matches):
        return dict(matches.values_list("index_entry__object_id", "score"))


INTEGER_KEYS = {
    "AutoField": IntegerField,
    "SmallAutoField": IntegerField,
    "IntegerField": IntegerField,
    "PositiveIntegerField": IntegerField,
    "BigAutoField": BigIntegerField,
    "BigIntegerField": BigIntegerField,
}


class PostgresScoredMatchesMixin(ScoredMatchesCompilerMixin):
    """PostgreSQL: scores are ``ts_rank``'s (higher is better). modelsearch joins the caller's queryset to
    the index entries on ``object_id = pk::varchar``, which PostgreSQL cannot look a petition up by; even a
    word found once made it read all 83,000 public petitions into a hash join (100 ms, and six times that
    on the site's search page). Here the matches come from the
    ``title || body`` index (migration ``rongmei.0001``) and the petitions are fetched by primary key."""

    SCORE_SIGN = -1

    def key_type(self):
        """The field type of the model's primary key if it is an integer (pages: their link to
        wagtailcore_page), else None: object ids are text and must be cast to be compared."""
        key = self.queryset.model._meta.pk
        while key.is_relation:
            key = key.target_field
        return INTEGER_KEYS.get(key.get_internal_type())

    def scored_matches(self, config):
        # modelsearch's PostgreSQL module needs django.contrib.postgres: importable only on PostgreSQL
        from modelsearch.backends.database.postgres.postgres import IndexEntry

        if (
            self.key_type() is None
            or self.fields is not None
            or isinstance(self.query, MatchAll | Fuzzy | Not)
        ):
            return None
        search_query = self.build_tsquery(self.query, config=config)
        # modelsearch's vectors, named from the model (index_entries__title); here from the index itself.
        vectors = [
            (
                F(vector.name.split("__", 1)[1]),
                F(boost.name.split("__", 1)[1]) if isinstance(boost, F) else boost,
            )
            for vector, boost in self.get_index_vectors(search_query)
        ]
        combined = vectors[0][0]
        for vector, _boost in vectors[1:]:  # combined as modelsearch combines them, so the index applies
            combined = combined._combine(vector, "||", False)
        return (
            IndexEntry.objects.annotate(_vector_=combined)
            .filter(content_type_id__in=get_descendants_content_types_pks(self.queryset.model))
            .filter(_vector_=search_query)
            .annotate(score=self._build_rank_expression(vectors, config))
        )

    def matching_pks(self, matches):
        return matches.values_list(Cast("object_id", output_field=self.key_type()()))

    def match_scores(self, matches):
        return dict(matches.values_list("object_id", "score"))


class OnePassRankingResults:
    """Results in relevance order, with the full-text match run twice per search, not per row.

    modelsearch orders results by ranking every candidate row through the join to the index (on SQLite a
    correlated subquery that repeats the full-text match for every row), so a broad word (停车) over
    100,000 petitions costs matches × matches. Here one query reads every match's score, a second one
    which of the matches the caller's queryset allows (filters, permissions), and the requested page is
    ordered in Python (best score, then newest first, as modelsearch orders) and fetched by primary key.
    Anything else (an explicit order, match all) is left to modelsearch.
    """

    def _ranked(self):
        """(primary keys the caller's queryset allows, best first; {str(pk): score}), or None where
        modelsearch ranks. Kept on the query compiler, which the slices and the count of one search
        share, so a paginator's count and page cost one ranking, as a queryset's results are kept."""
        compiler = self.query_compiler
        if not compiler.order_by_relevance or not hasattr(compiler, "scored_matches"):
            return None
        if not hasattr(compiler, "_ranked_matches"):
            compiler._ranked_matches = self._rank(compiler)
        return compiler._ranked_matches

    def _rank(self, compiler):
        matches = compiler.scored_matches(compiler.get_config(self.backend))
        if matches is None:
            return None
        scores = compiler.match_scores(matches)
        allowed = compiler.queryset.filter(pk__in=compiler.matching_pks(matches))
        sign = compiler.SCORE_SIGN
        if ranking.ranked_by_model(allowed.model):
            # relevance higher-is-better on both databases (bm25 is negative, ts_rank positive)
            return ranking.order(ranking.rows(allowed), lambda pk: -sign * scores.get(str(pk), 0.0)), scores
        pks = list(allowed.order_by().values_list("pk", flat=True))
        pks.sort(key=lambda pk: (sign * scores.get(str(pk), 0.0), -pk if isinstance(pk, int) else 0))
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
        ranked = self._ranked()
        if ranked is None:
            return super()._do_count()  # through the compiler's search(), which narrows to the matches too
        total = len(ranked[0])
        return max(0, min(total, self.stop or total) - self.start)


def _one_pass_classes(backend):
    """Attributes that give a SQLite or PostgreSQL backend one-pass ranking (``OnePassRankingResults``)."""
    module = type(backend).__module__
    if module.endswith(".sqlite.sqlite"):
        # The SQLite module can only be imported where its full-text models exist.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults

        if not issubclass(backend.results_class, SQLiteSearchResults):
            return {}
        name, mixin = "SQLite", SQLiteScoredMatchesMixin
    elif module.endswith(".postgres.postgres"):
        name, mixin = "Postgres", PostgresScoredMatchesMixin
    else:
        return {}
    return {
        "results_class": type(
            f"OnePass{name}SearchResults", (OnePassRankingResults, backend.results_class), {}
        ),
        "query_compiler_class": type(
            f"Scored{name}SearchQueryCompiler", (mixin, backend.query_compiler_class), {}
        ),
        "autocomplete_query_compiler_class": type(
            f"Scored{name}AutocompleteQueryCompiler", (mixin, backend.autocomplete_query_compiler_class), {}
        ),
    }


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    backend = DatabaseSearchBackend(params)
    module = __import__(type(backend).__module__, fromlist=["ObjectIndexer"])
    if not hasattr(module, "ObjectIndexer"):
        return backend  # the fallback LIKE backend finds substrings already
    install_segmenting_indexer(module)
    attributes = _one_pass_classes(backend)
    return type("Chinese" + type(backend).__name__, (ChineseBackendMixin, type(backend)), attributes)(params)
