"""Chinese script conversion, in one place.

Simplified (zh-hans) is what editors and residents write; traditional (zh-hant) is derived with OpenCC.
``s2tw`` converts characters to the Taiwan standard forms (這裡, 裡面) without swapping vocabulary, which
keeps place names and official terms as the media centre wrote them.
"""

from functools import cache

import opencc
from django.utils.translation import get_language


@cache
def _converter(config):
    return opencc.OpenCC(config)


def to_traditional(text):
    if not text:
        return text
    return _converter("s2tw").convert(text)


def to_simplified(text):
    if not text:
        return text
    return _converter("tw2s").convert(text)


def display_script(text):
    """Text written by residents (stored once, as written) in the script of the active language."""
    if text and (get_language() or "").lower() == "zh-hant":
        return to_traditional(text)
    return text
