"""Pinyin for titles, so that a query typed in Latin letters finds Chinese titles.

A resident on a phone without a Chinese keyboard, or one who half remembers a word, types ``laji`` or
``ljql`` for 垃圾清理. ``pinyin_text(title)`` is what the index stores beside each title, full pinyin
without tones (``laji``) and initials (``lj``) of: every two adjacent characters (路灯, whatever the word
list makes of 路灯不亮), every word of three or more characters jieba finds for search (烂尾楼), and every
two adjacent words together (垃圾 + 清理 → ``lajiqingli``, ``ljql``). Queries need no change: a Latin run
is already one whole query word.
"""

from functools import cache, lru_cache

from .text import _jieba, runs


@cache
def _pinyin():
    import pypinyin  # lazily: its dictionaries cost a process a few megabytes and a moment to load

    return pypinyin


def syllables(run):
    """One toneless syllable per character of a Chinese run ("" where a character has none in Latin)."""
    found = _pinyin().lazy_pinyin(run)
    if len(found) != len(run):  # a character pypinyin could not spell split the run: spell them one by one
        found = [_pinyin().lazy_pinyin(char)[0] for char in run]
    return [part if part.isascii() and part.isalpha() else "" for part in found]


def spellings(spelled):
    """(full pinyin, initials) of a word from its syllables: [la, ji] → ("laji", "lj")."""
    return "".join(spelled), "".join(part[:1] for part in spelled)


def pinyin_tokens(text):
    tokens = []
    for is_chinese, run in runs(text):
        if not is_chinese:
            continue
        spelled = syllables(run)  # spelled once per run; each phrase below is a slice of it
        jieba = _jieba()
        cut = [(start, end) for _word, start, end in jieba.tokenize(run, HMM=False)]
        spans = [
            *((start, start + 2) for start in range(len(run) - 1)),
            *(
                (start, end)
                for _word, start, end in jieba.tokenize(run, mode="search", HMM=False)
                if end - start > 2
            ),
            *((first[0], second[1]) for first, second in zip(cut, cut[1:], strict=False)),
        ]
        for start, end in spans:
            tokens.extend(spellings(spelled[start:end]))
    return list(dict.fromkeys(token for token in tokens if len(token) > 1))


@lru_cache(maxsize=8192)
def pinyin_text(text):
    """The pinyin words of ``text`` as the index stores them (space-separated; "" for no Chinese); kept for
    the titles seen last, since an object is indexed again at each save with the same title."""
    return " ".join(pinyin_tokens(text))
