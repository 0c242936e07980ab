"""Pinyin for titles, so that a query typed in Latin letters finds Chinese titles.

A resident on a phone without a Chinese keyboard, or one who half remembers a word, types ``laji`` or
``ljql`` for 垃圾清理. ``pinyin_text(title)`` is what the index stores beside each title, full pinyin
without tones (``laji``) and initials (``lj``) of: every two adjacent characters (路灯, whatever the word
list makes of 路灯不亮), every word of three or more characters jieba finds for search (烂尾楼), and every
two adjacent words together (垃圾 + 清理 → ``lajiqingli``, ``ljql``). Queries need no change: a Latin run
is already one whole query word.
"""

from functools import cache

from .text import _jieba, bigrams, runs


@cache
def _pinyin():
    import pypinyin  # lazily: its dictionaries cost a process a few megabytes and a moment to load

    return pypinyin


def syllables(word):
    return _pinyin().lazy_pinyin(word, errors="ignore")


def spellings(word):
    """(full pinyin, initials) of a Chinese word: 垃圾 → ("laji", "lj")."""
    parts = [part for part in syllables(word) if part.isascii() and part.isalpha()]
    return "".join(parts), "".join(part[0] for part in parts)


def pinyin_tokens(text):
    tokens = []
    for is_chinese, run in runs(text):
        if not is_chinese:
            continue
        jieba = _jieba()
        cut = list(jieba.cut(run, HMM=False))
        phrases = [
            *bigrams(run),
            *(word for word in jieba.cut_for_search(run, HMM=False) if len(word) > 2),
            *(first + second for first, second in zip(cut, cut[1:], strict=False)),
        ]
        for phrase in phrases:
            tokens.extend(spellings(phrase))
    return list(dict.fromkeys(token for token in tokens if len(token) > 1))


def pinyin_text(text):
    """The pinyin words of ``text`` as the index stores them (space-separated; "" for no Chinese)."""
    return " ".join(pinyin_tokens(text))
