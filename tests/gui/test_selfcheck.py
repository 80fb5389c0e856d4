"""The self-check the bundle runs in CI also runs from source, so a broken one fails here first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_self_check_passes_from_source(tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-check"],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("resources", "database", "main window", "built-in inbox", "shutdown"):
        assert f"ok   {check}" in result.stdout


def test_version_flag(tmp_path: Path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"],
                            capture_output=True, text=True, check=False, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0 and result.stdout.startswith("Staffetta ")
