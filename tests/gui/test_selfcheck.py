"""The self-check the bundle runs in CI also runs from source, so a broken one fails here first.

The bundle itself is built and checked by .ci/bundle-check (too slow for the suite).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui import selfcheck

ROOT = Path(__file__).resolve().parents[2]
CHECKS = (
    "resources",
    "libraries",
    "command line",
    "keyring",
    "database",
    "main window",
    "built-in inbox",
    "sample campaign",
    "shutdown",
)


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)  # the self-check must choose offscreen by itself
    env.pop("STAFFETTA_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip


def test_self_check_passes_from_source(tmp_path: Path):
    result = _run(tmp_path, str(ROOT / "main.py"), "--self-check")
    assert result.returncode == 0, result.stdout + result.stderr
    for check in CHECKS:
        assert f"ok   {check}" in result.stdout, result.stdout
    assert result.stdout.rstrip().endswith("self-check passed")
    # It works in a temporary folder and removes it afterwards.
    folder = result.stdout.splitlines()[0].rsplit(" in ", 1)[1]
    assert not Path(folder).exists()


def test_self_check_fails_when_a_page_is_missing(tmp_path: Path):
    """A page module left out of a bundle shows as a placeholder: that must fail the check."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import gui.main_window as m\n"
        "m.PAGES.append(('lost', 'Lost', 'gui.pages.lost_page:LostPage'))\n"
        "from gui.selfcheck import run_self_check\n"
        "sys.exit(run_self_check())\n"
    )
    result = _run(tmp_path, "-c", script, str(ROOT))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL main window: AssertionError: pages not loaded: ['lost']" in result.stdout
    assert "self-check FAILED" in result.stdout


def test_missing_resource_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setattr(selfcheck, "REQUIRED_RESOURCES", (*selfcheck.REQUIRED_RESOURCES, "x.css"))
    check = selfcheck.SelfCheck(tmp_path)
    assert not check.check("resources", check.resources)
    assert check.failures == 1
    assert "FAIL resources: AssertionError: missing ['x.css']" in capsys.readouterr().out


def test_version_flag(tmp_path: Path):
    result = _run(tmp_path, str(ROOT / "main.py"), "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Staffetta ")
