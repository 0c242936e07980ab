"""Normalising and segmenting Chinese text for the search index and for queries.

Index: every run of Chinese characters becomes its single characters and its overlapping pairs
(停车位 → 停 车 位 停车 车位); runs of letters and digits stay whole (iPhone → iphone, 2026 → 2026).
Query: a Chinese run is cut into words by jieba and each word becomes its pairs (停车位 → 停车 车位,
电梯故障 → 电梯 故障, all required); a single character stays as it is. Both sides are first converted to simplified script, full-width
forms to half-width, and to lower case, so 停車位, 停车位 and ＩＰＨＯＮＥ find what they should.
Everything that is not a letter, digit or Chinese character (quotes, operators, punctuation) is a
separator, never syntax.
"""

import logging
import re
import unicodedata
from functools import cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from rongmei.chinese import to_simplified

# CJK Unified Ideographs with extension A, the compatibility block and the supplementary planes.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+)")
MAX_QUERY_TERMS = 32


def normalize(text):
    """One script (simplified), half-width forms, lower case."""
    if not text:
        return ""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def runs(text):
    """(is_chinese, run) pairs of the normalised text, in order."""
    for match in TOKEN.finditer(normalize(text)):
        han, other = match.groups()
        yield (True, han) if han else (False, other)


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text):
    tokens = []
    for is_chinese, run in runs(text):
        if is_chinese:
            tokens.extend(run)
            tokens.extend(bigrams(run))
        else:
            tokens.append(run)
    return tokens


def index_text(text):
    """The text as the index stores it: space-separated words the database's tokenizer keeps apart."""
    return " ".join(index_tokens(text))


@cache
def _jieba():
    import jieba  # lazily: loading jieba and its dictionary costs every process start-up a second or so

    jieba.setLogLevel(logging.WARNING)
    return jieba


def words(run):
    """A Chinese run of the query cut into words by jieba (电梯故障 → 电梯 故障), so that the pair across
    two words (梯故) is not required: 电梯坏了，长期故障 then matches too."""
    if len(run) <= 2:
        return [run]
    pieces = []
    for word in _jieba().cut(run, HMM=False):
        # Characters jieba left alone (names it does not know: 陶家渡) stay together as one piece.
        if len(word) == 1 and pieces and pieces[-1][1]:
            pieces[-1][0] += word
        else:
            pieces.append([word, len(word) == 1])
    return [piece for piece, _single in pieces]


def query_tokens(text):
    """The words a query requires, without repeats, at most MAX_QUERY_TERMS of them: the pairs of each
    jieba word of a Chinese run (single characters as they are), Latin letters and digits whole."""
    tokens = []
    for is_chinese, run in runs(text):
        if not is_chinese:
            tokens.append(run)
            continue
        for word in words(run):
            tokens.extend(bigrams(word) if len(word) > 1 else [word])
    return list(dict.fromkeys(tokens))[:MAX_QUERY_TERMS]


def query_text(text):
    """The query as the backend receives it ("" when nothing searchable is left)."""
    return " ".join(query_tokens(text))


def highlight_terms(text):
    """Normalised runs of the query, for marking matches in a snippet."""
    return [run for _is_chinese, run in runs(text)]


def matches(text, query):
    """Whether ``text`` contains any of the query's words (normalised), for choosing a snippet."""
    normal = normalize(text)
    return bool(normal) and any(term in normal for term in query_tokens(query))


def _aligned_normal_form(text):
    """The normalised text and, for each of its characters, the index of the original character."""
    normal = normalize(text)
    if len(normal) == len(text):
        return normal, range(len(text))
    chars, origin = [], []
    for i, char in enumerate(text):
        for normal_char in normalize(char):
            chars.append(normal_char)
            origin.append(i)
    return "".join(chars), origin


def snippet(text, query, width=120):
    """An HTML-safe excerpt of ``text`` around the first match of ``query``, matches in <mark>.

    Everything is escaped first and only then marked, so text from residents cannot inject markup.
    Matching is on the normalised forms (script, width, case), marking is on the original characters.
    """
    text = " ".join((text or "").split())
    if not text:
        return ""
    normal, origin = _aligned_normal_form(text)
    terms = sorted(set(highlight_terms(query)), key=len, reverse=True)
    spans = []
    for term in terms:
        pieces = [term] if normal.find(term) >= 0 or len(term) < 3 else bigrams(term)
        for piece in pieces:
            start = normal.find(piece)
            while start >= 0:
                spans.append((origin[start], origin[start + len(piece) - 1] + 1))
                start = normal.find(piece, start + len(piece))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    first = merged[0][0] if merged else 0
    begin = max(0, first - width // 4)
    end = min(len(text), begin + width)
    parts = ["…" if begin else ""]
    position = begin
    for start, stop in merged:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        position = stop
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
