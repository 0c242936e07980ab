"""Screening (审帖): the keyword screen every petition, message, question and classified ad passes.

``screen(*texts)`` matches the active screened words against the texts with one Aho-Corasick automaton
(pyahocorasick) and answers pass, hold or refuse. Words and texts are normalised the same way first, so
the usual evasions are caught: letter case, full-width forms (ＡＢＣ１２３), spaces or punctuation
slipped between characters (法.轮 / 法 轮), and traditional characters (simplified and traditional
read as one script).

The automaton is built once per process and rebuilt only when the word list changes: saving or deleting
a screened word sets a new version token in the shared cache, which every process compares with the
version its automaton was built from.

The words come from whichever app keeps the list (petitions' ``ScreenedWord`` snippet): it hands this
module a callable with ``set_word_source`` when it is ready, and calls ``bump_version`` when the list
changes, so the site package never imports an app.
"""

import threading
import unicodedata
import uuid
from dataclasses import dataclass, field

import ahocorasick
from django.core.cache import cache
from django.utils.translation import gettext as _

from rongmei.chinese import to_simplified

PASS = "pass"  # noqa: S105 - a decision, not a password
HOLD = "hold"
REFUSE = "refuse"
_SEVERITY = {PASS: 0, HOLD: 1, REFUSE: 2}

VERSION_KEY = "petitions:screening:version"


@dataclass
class ScreeningResult:
    decision: str = PASS
    reason: str = ""
    matches: list = field(default_factory=list)

    @property
    def passed(self):
        return self.decision == PASS

    @property
    def held(self):
        return self.decision == HOLD

    @property
    def refused(self):
        return self.decision == REFUSE


def publishes_unreviewed(result, auto_accept):
    """After screening, the one rule: a post goes out without a moderator only when the site accepts clean
    posts automatically (``auto_accept``) and the screen found nothing in it (``result`` is ``None`` when
    the post was not screened). A held word always waits for a person; a refused post is never stored."""
    return bool(auto_accept) and (result is None or result.passed)


def _is_kept(char):
    # Letters (including CJK) and digits carry meaning; spaces, punctuation, symbols and control or
    # format characters (zero-width joiners, for instance) are what evaders slip between characters.
    return unicodedata.category(char)[0] in "LN"


def normalise(text):
    """Text as the screen sees it: NFKC (full-width → half-width), lower case, simplified, letters and digits only."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(char for char in text if _is_kept(char))
    return to_simplified(text)


class _Screen:
    """The automaton and the entries it was built from, for one version of the word list."""

    def __init__(self, version, entries):
        self.version = version
        self.automaton = ahocorasick.Automaton()
        # key -> (word as the editor wrote it, action, reason); when two entries normalise to the same
        # key the stricter action wins.
        for word, action, reason in entries:
            key = normalise(word)
            if not key:
                continue
            current = self.automaton.get(key, None)
            if current is None or _SEVERITY[action] > _SEVERITY[current[1]]:
                self.automaton.add_word(key, (word, action, reason))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def match(self, text):
        if self.empty or not text:
            return []
        return [value for _end, value in self.automaton.iter(text)]


_lock = threading.Lock()
_current = None
_word_source = None


def set_word_source(source):
    """Where the words come from: ``source()`` returns (word, action, reason) rows of the active list."""
    global _word_source, _current
    _word_source = source
    _current = None


def current_version():
    """The word list's version: a random token, so a flushed cache can never bring back an old number."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    """Tell every process that the word list changed."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _get_screen():
    global _current
    version = current_version()
    screen_ = _current
    if screen_ is not None and screen_.version == version:
        return screen_
    with _lock:
        if _current is None or _current.version != version:
            entries = _word_source() if _word_source is not None else []
            _current = _Screen(version, list(entries))
        return _current


def screen(*texts):
    """Screen one or more texts (title, content, address ...) and answer with the strictest decision."""
    automaton = _get_screen()
    decision = PASS
    matches = []
    reasons = []
    for text in texts:
        for word, action, reason in automaton.match(normalise(text)):
            if word not in matches:
                matches.append(word)
            if _SEVERITY[action] > _SEVERITY[decision]:
                decision = action
            if action == REFUSE and reason and reason not in reasons:
                reasons.append(reason)
    if decision == REFUSE:
        detail = "；".join(reasons) if reasons else _("含有不允许发布的内容")
        message = _("您提交的内容未能通过审核（%(detail)s），请修改后重新提交。") % {"detail": detail}
        return ScreeningResult(REFUSE, message, matches)
    return ScreeningResult(decision, "", matches)
