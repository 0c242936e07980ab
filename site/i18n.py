"""Message catalogues of the site and its apps: compile them, and (for maintainers) extract them.

The source strings are simplified Chinese. ``compile`` turns every ``locale/*/LC_MESSAGES/django.po``
into ``.mo`` with Babel, so set-up needs no GNU gettext. ``extract`` runs Django's makemessages for each
app (GNU gettext needed), fills the zh-hant catalogue by OpenCC where it is empty, and lists the
English translations still missing, which a person must write.

The admin's packages (Wagtail, wagtail-localize) leave some of their strings untranslated in Chinese or
translate them badly; ``site/admin_locale`` holds the project's own entries for them, first in
``LOCALE_PATHS`` so they win over the packages' catalogues (kept apart from ``site/locale``, which
``extract`` rewrites from the site's own code). ``admin-gaps`` lists what the packages still miss.

Usage: python -m rongmei.i18n compile | extract [ROOT ...] | admin-gaps
       (ROOT: site, home, newsroom, ...)
"""

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

BASE_DIR = Path(__file__).resolve().parent.parent
# Each folder that has its own catalogue: the project package and every app.
CATALOGUE_ROOTS = ["site", "home", "newsroom", "petitions", "merchants", "points"]
LOCALES = ["zh_Hans", "zh_Hant", "en"]
#: The project's entries for the admin packages' strings (see the module docstring).
ADMIN_LOCALE = BASE_DIR / "site" / "admin_locale"
#: The packages whose strings the admin shows, and which of their apps this site does not install.
ADMIN_PACKAGES = ("wagtail", "wagtail_localize")
UNUSED_APPS = ("search_promotions", "table_block", "typed_table_block", "simple_translation", "styleguide")


def po_files():
    for root in CATALOGUE_ROOTS:
        yield from sorted((BASE_DIR / root / "locale").glob("*/LC_MESSAGES/django.po"))
    yield from sorted(ADMIN_LOCALE.glob("*/LC_MESSAGES/*.po"))


def read_catalogue(path):
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parts[-3])


def compile_all():
    for path in po_files():
        catalog = read_catalogue(path)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
    return 0


def is_empty(message):
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not any(strings)


def extract_all(roots=None):
    # lazily: OpenCC is needed to extract only; `compile` (run by `make setup`) starts without it
    from rongmei.chinese import to_traditional

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="rongmei.settings.dev")
    missing = []
    for root in roots or CATALOGUE_ROOTS:
        folder = BASE_DIR / root
        (folder / "locale").mkdir(exist_ok=True)
        command = [sys.executable, "-m", "django", "makemessages", "--no-obsolete", "--no-location"]
        command += [f"--locale={code}" for code in LOCALES]
        command += ["--ignore=migrations/*", "--ignore=settings/*"]
        subprocess.run(command, cwd=folder, env=env, check=True)  # noqa: S603
        for path in sorted((folder / "locale").glob("*/LC_MESSAGES/django.po")):
            code = path.parts[-3]
            catalog = read_catalogue(path)
            catalog.fuzzy = False
            for message in catalog:
                if not message.id:
                    continue
                if message.pluralizable and len(message.string) > catalog.num_plurals:
                    message.string = tuple(message.string[: catalog.num_plurals])
                if message.fuzzy and code != "zh_Hans":
                    # msgmerge's guess from a similar string ("推送记录" for "未记录") is no translation:
                    # zh_Hant is converted afresh below, English is reported missing
                    message.flags.discard("fuzzy")
                    message.string = ("",) * catalog.num_plurals if message.pluralizable else ""
                if code == "zh_Hant" and is_empty(message):
                    if message.pluralizable:
                        forms = [to_traditional(part) for part in message.id]
                        message.string = tuple(forms[: catalog.num_plurals])
                    else:
                        message.string = to_traditional(message.id)
                if code == "en" and is_empty(message):
                    missing.append(f"{path.relative_to(BASE_DIR)}: {message.id!r}")
            with path.open("wb") as handle:
                write_po(handle, catalog, width=0, omit_header=False)
    for line in missing:
        print("missing English:", line)
    return 0


def _translated(catalog, message):
    found = catalog.get(message.id, message.context) if catalog is not None else None
    if found is None or found.fuzzy:
        return False
    return all(found.string) if isinstance(found.string, tuple | list) else bool(found.string)


def admin_gaps(code="zh_Hans"):
    """``(package catalogue, msgid)`` of every admin-package string that neither the package's catalogue
    for ``code`` nor ``site/admin_locale`` translates."""
    gaps = []
    for package in ADMIN_PACKAGES:
        folder = Path(find_spec(package).origin).parent
        for english in sorted(folder.rglob("locale/en/LC_MESSAGES/*.po")):
            base = english.parents[3]
            if base.name in UNUSED_APPS:
                continue
            domain = english.name
            packaged = base / "locale" / code / "LC_MESSAGES" / domain
            ours = ADMIN_LOCALE / code / "LC_MESSAGES" / domain
            packaged = read_catalogue(packaged) if packaged.exists() else None
            ours = read_catalogue(ours) if ours.exists() else None
            for message in read_catalogue(english):
                if message.id and not _translated(packaged, message) and not _translated(ours, message):
                    gaps.append((str(english.relative_to(folder.parent)), message.id))
    return gaps


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if action == "extract":
        sys.exit(extract_all(sys.argv[2:]))
    if action == "admin-gaps":
        for where, text in admin_gaps(*sys.argv[2:3]):
            print(f"{where}: {text!r}")
        sys.exit(0)
    sys.exit(compile_all())
