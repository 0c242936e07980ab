"""Imports run one way: no import inside a function hides a cycle, and petitions never imports newsroom.

A module imports what it uses at its top. An import inside a function or method is allowed only where
it is listed below with its reason: ``AppConfig.ready()`` (which runs once every model is loaded),
libraries slow to load that few requests need, and modules importable only on their own database.
Migrations and management commands are not scanned; the demo seeds are, like every other module.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: folder → the package it is imported as (site/ is ``rongmei``, see pyproject.toml)
PACKAGES = {"petitions": "petitions", "newsroom": "newsroom", "merchants": "merchants", "home": "home"}
PACKAGES["site"] = "rongmei"

READY = "AppConfig.ready(): connects signals and registrations once every model is loaded"
ALLOWED = {
    ("petitions.apps", "PetitionsConfig.ready"): READY,
    ("newsroom.apps", "NewsroomConfig.ready"): READY,
    ("merchants.apps", "MerchantsConfig.ready"): READY,
    ("home.apps", "HomeConfig.ready"): READY,
    ("rongmei.apps", "RongmeiConfig.ready"): READY,
    ("rongmei.search.text", "_jieba"): "jieba and its dictionary take a second to load: only on first use",
    (
        "rongmei.search.pinyin",
        "_pinyin",
    ): "pypinyin's dictionaries take megabytes and a moment: first use only",
    ("rongmei.wsgi", "warm_up"): "the apps' modules, importable only once get_wsgi_application() has run",
    ("petitions.supervision.hot_topics", "_extractor"): "jieba.analyse, slow to load like jieba itself",
    ("rongmei.exports", "xlsx_response"): "xlsxwriter, a large library only the XLSX exports use",
    ("rongmei.i18n", "extract_all"): "OpenCC (through rongmei.chinese): `i18n compile` runs without it",
    ("rongmei.search.backends", "SQLiteScoredMatchesMixin.scored_matches"): (
        "modelsearch's SQLite module defines full-text models: importable on SQLite only"
    ),
    ("rongmei.settings.base", "require_opensearch_client"): (
        "opensearch-py is an optional dependency, imported only when OPENSEARCH_URL asks for it"
    ),
    ("rongmei.search.indexing", "index_missing"): (
        "modelsearch's models module picks the index-entry model of the database in use when it is imported"
    ),
    ("rongmei.search.backends", "_one_pass_classes"): (
        "modelsearch's SQLite module defines full-text models: importable on SQLite only"
    ),
    ("rongmei.search.backends", "PostgresScoredMatchesMixin.scored_matches"): (
        "modelsearch's PostgreSQL module needs django.contrib.postgres: importable on PostgreSQL only"
    ),
}


def scanned_modules():
    """(module name, path) of every module the rule covers."""
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if "migrations" in parts or "management" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join((package, *parts)), path


def imports_in_functions(source):
    """(qualified function name, line) of each import statement inside a function or method."""
    found = []

    def visit(node, names, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, [*names, child.name], True)
            elif isinstance(child, ast.ClassDef):
                visit(child, [*names, child.name], in_function)
            else:
                if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                    found.append((".".join(names), child.lineno))
                visit(child, names, in_function)

    visit(ast.parse(source), [], False)
    return found


def test_the_scan_finds_imports_inside_functions_and_methods_only():
    source = (
        "import os\n"
        "def f():\n    import json\n"
        "class Page:\n    from x import y\n    def route(self):\n        if True:\n            from . import views\n"
    )
    assert imports_in_functions(source) == [("f", 3), ("Page.route", 8)]


def test_no_module_imports_inside_a_function_except_the_listed_ones():
    found = {}
    for module, path in scanned_modules():
        for function, line in imports_in_functions(path.read_text()):
            found.setdefault((module, function), []).append(line)
    unexpected = {
        f"{module}:{function} (line {', '.join(map(str, lines))})"
        for (module, function), lines in found.items()
        if (module, function) not in ALLOWED
    }
    assert not unexpected, "import at the top of the module instead (or break the cycle): " + "; ".join(
        sorted(unexpected)
    )
    stale = set(ALLOWED) - set(found)
    assert not stale, f"allowed but no longer importing inside the function: {sorted(stale)}"


def _imported_names(tree):
    """Every module name an import statement or a by-name import call in ``tree`` refers to."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = (
                node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            )
            if function in {"import_module", "import_string", "__import__", "get_model"}:
                yield str(node.args[0].value)


def test_petitions_never_imports_newsroom():
    offending = []
    for path in sorted((ROOT / "petitions").rglob("*.py")):
        for name in _imported_names(ast.parse(path.read_text())):
            if name == "newsroom" or name.startswith("newsroom."):
                offending.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offending, offending
