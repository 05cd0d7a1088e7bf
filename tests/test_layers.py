"""The apps stand in layers (pyproject's import-linter contract), checked like CI checks it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import ficfest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([str(LINT), "--no-cache"], cwd=ROOT, env=env, text=True,
                          capture_output=True, check=False)  # fmt: skip


def test_it_keeps_the_layer_contract():
    result = lint(Path(ficfest.__file__).parent.parent)
    assert result.returncode == 0, result.stdout
    assert "1 kept, 0 broken" in result.stdout


def test_it_breaks_the_contract_when_works_imports_communities(tmp_path):
    shutil.copytree(Path(ficfest.__file__).parent, tmp_path / "ficfest",
                    ignore=shutil.ignore_patterns("__pycache__", "migrations"))  # fmt: skip
    views = tmp_path / "ficfest" / "works" / "views.py"
    views.write_text(views.read_text() + "\n\ndef late():\n"
                     "    from ficfest.communities.models import Fill  # noqa\n")  # fmt: skip
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "ficfest.works is not allowed to import ficfest.communities" in result.stdout
