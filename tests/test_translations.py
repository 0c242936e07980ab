"""Every user-facing string has its zh-hant and English translation, and the catalogues match the code."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rongmei.i18n import BASE_DIR, CATALOGUE_ROOTS, admin_gaps

CJK = re.compile(r"[\u4e00-\u9fff]")
PYTHON_LITERAL = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext_lazy)\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")
TEMPLATE_LITERAL = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1""")


def catalogue(root, code):
    path = BASE_DIR / root / "locale" / code / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def source_strings(root):
    """Chinese gettext literals in an app's Python files and templates (simple literals only)."""
    folder = BASE_DIR / root
    found = set()
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts or "settings" in path.parts:
            continue
        for match in PYTHON_LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.add(
                match.group(1).encode().decode("unicode_escape") if "\\" in match.group(1) else match.group(1)
            )
    for path in folder.rglob("*.html"):
        for match in TEMPLATE_LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(2))
    return {text for text in found if CJK.search(text)}


def is_translated(message):
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


@pytest.mark.parametrize("root", CATALOGUE_ROOTS)
@pytest.mark.parametrize("code", ["zh_Hant", "en"])
def test_every_message_is_translated(root, code):
    strings = source_strings(root)
    messages = catalogue(root, code)
    if not strings and messages is None:
        pytest.skip(f"{root} has no translatable strings yet")
    assert messages is not None, f"{root}/locale/{code} is missing: run python -m rongmei.i18n extract {root}"
    untranslated = [message.id for message in messages if message.id and not is_translated(message)]
    fuzzy = [message.id for message in messages if message.id and message.fuzzy]
    assert not untranslated, f"untranslated in {root}/{code}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {root}/{code}: {fuzzy[:10]}"


@pytest.mark.parametrize("root", CATALOGUE_ROOTS)
def test_catalogue_has_every_string_in_the_code(root):
    strings = source_strings(root)
    messages = catalogue(root, "en")
    known = set()
    for message in messages or []:
        known.update([message.id] if isinstance(message.id, str) else message.id)
    missing = sorted(strings - known)
    assert not missing, f"not in {root}/locale: {missing[:10]} (run python -m rongmei.i18n extract {root})"


def test_english_catalogue_is_compiled_into_pages(client, home):
    response = client.get("/en/", follow=True)
    assert "Skip to content" in response.content.decode()
    response = client.get("/zh-hant/", follow=True)
    assert "跳到正文" in response.content.decode()  # same characters in both scripts


def test_catalogue_roots_exist():
    for root in CATALOGUE_ROOTS:
        assert Path(BASE_DIR / root).is_dir()


@pytest.mark.parametrize("code", ["zh_Hans", "zh_Hant"])
def test_every_admin_package_string_has_a_chinese_translation(code):
    """Wagtail's and wagtail-localize's strings: their catalogue or site/admin_locale translates each one
    (a Wagtail upgrade that adds strings fails here; ``python -m rongmei.i18n admin-gaps`` lists them)."""
    gaps = admin_gaps(code)
    assert not gaps, gaps[:10]
