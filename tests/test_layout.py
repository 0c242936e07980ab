"""The layout a newcomer can predict: short modules, and petitions in documented stages.

A module over ``MAX_LINES`` says why on its first line (``# Over 450 lines: ...``); each subpackage of
petitions opens with a docstring saying what it owns (README, "Layout").
"""

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 450
PETITION_STAGES = ["intake", "workflow", "handling", "supervision", "exchange", "reporters", "models"]


def project_modules():
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed if "/migrations/" not in name]


def test_a_long_module_says_why_on_its_first_line():
    unexplained = []
    for path in project_modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not lines[0].startswith(f"# Over {MAX_LINES} lines: "):
            unexplained.append(f"{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert project_modules(), "git ls-files found no modules: the check would pass on nothing"
    assert not unexplained, (
        f"split these or say why on line 1 ('# Over {MAX_LINES} lines: ...'): {unexplained}"
    )


@pytest.mark.parametrize("stage", PETITION_STAGES)
def test_each_stage_of_petitions_says_what_it_owns(stage):
    source = (ROOT / "petitions" / stage / "__init__.py").read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring and len(docstring.splitlines()[0]) > 20, f"petitions/{stage} has no docstring"
