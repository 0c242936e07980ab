"""Query-time synonyms: 街灯坏了 searches for (街灯 or 路灯 or …) and 坏了.

The groups are the editors' ``Synonym`` snippets, read from the cache (one read per search; saving or
deleting a group forgets it). ``expand`` finds the longest group term at each place of the normalised
query and returns a modelsearch query: each found term becomes an ``Or`` of its group, the text between
stays plain text; the backend then segments every part as it segments any query. Without a group term
in the query, the query is returned unchanged.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from modelsearch.query import And, Or, PlainText

from .models import Synonym, split_terms
from .text import normalize, query_text

CACHE_KEY = "rongmei:search-synonyms"


def groups():
    """{term: (every term of its group)}, normalised; a term in several groups gets all of them."""
    mapping = cache.get(CACHE_KEY)
    if mapping is None:
        mapping = {}
        for words in Synonym.objects.values_list("words", flat=True):
            terms = split_terms(words)
            for term in terms:
                mapping[term] = tuple(dict.fromkeys((*mapping.get(term, ()), *terms)))
        cache.set(CACHE_KEY, mapping, None)
    return mapping


def forget(**kwargs):
    cache.delete(CACHE_KEY)


post_save.connect(forget, sender=Synonym, dispatch_uid="rongmei-synonyms-saved")
post_delete.connect(forget, sender=Synonym, dispatch_uid="rongmei-synonyms-deleted")


def split(text, mapping):
    """The normalised ``text`` as pieces: plain strings and tuples of synonyms, in order."""
    text = normalize(text)
    longest = max((len(term) for term in mapping), default=0)
    pieces, plain, position = [], "", 0
    while position < len(text):
        found = next(
            (
                text[position : position + size]
                for size in range(min(longest, len(text) - position), 0, -1)
                if text[position : position + size] in mapping
            ),
            None,
        )
        if found is None or (found.isascii() and _inside_a_word(text, position, len(found))):
            plain += text[position]
            position += 1
            continue
        if plain:
            pieces.append(plain)
            plain = ""
        pieces.append(mapping[found])
        position += len(found)
    if plain:
        pieces.append(plain)
    return pieces


def _inside_a_word(text, start, size):
    """A Latin term counts only as a whole word (``bus`` in ``bus stop``, not in ``business``)."""
    before = text[start - 1] if start else " "
    after = text[start + size] if start + size < len(text) else " "
    return before.isalnum() and before.isascii() or after.isalnum() and after.isascii()


def expand(query):
    """``query`` (a string) with its synonyms, as a modelsearch query; unchanged when it has none."""
    mapping = groups() if isinstance(query, str) and query.strip() else {}
    if not mapping:
        return query
    pieces = split(query, mapping)
    if not any(isinstance(piece, tuple) for piece in pieces):
        return query
    parts = []
    for piece in pieces:
        if isinstance(piece, tuple):
            parts.append(Or([PlainText(term) for term in piece]))
        elif query_text(piece):
            parts.append(PlainText(piece))
    return parts[0] if len(parts) == 1 else And(parts)


def related_terms(query):
    """The synonyms a query brings in besides its own words, for marking matches in snippets."""
    mapping = groups() if query and query.strip() else {}
    if not mapping:
        return []
    normal = normalize(query)
    found = [term for piece in split(query, mapping) if isinstance(piece, tuple) for term in piece]
    return [term for term in dict.fromkeys(found) if term not in normal]
