"""ruff on the whole tree and mypy --strict on core/ and gui/ are part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing():
    result = run("ruff", "check", "core", "gui", "tests", "main.py")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_mypy_strict_on_core():
    result = run("mypy", "--no-error-summary")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
