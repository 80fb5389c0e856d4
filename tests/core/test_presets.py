"""One table of presets: the README's headless Mailtrap command gives the profile the
window's Mailtrap preset gives."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from core.cli import run
from core.db import opened
from core.models import SmtpProfile
from core.profiles import preset

ROOT = Path(__file__).resolve().parents[2]


def readme_command(name: str) -> list[str]:
    """The README's `main.py smtp add NAME …` line, joined across its backslashes."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        if re.search(rf"main\.py smtp add {name}\b", line):
            words = shlex.split(line, comments=True)
            return words[words.index("main.py") + 1 :]
    raise AssertionError(f"no `smtp add {name}` in the README")


def test_the_readme_mailtrap_command_matches_the_window_preset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MAILTRAP_PASSWORD", "secret")
    db = tmp_path / "p.db"
    assert run(["--db", str(db), *readme_command("Mailtrap")]) == 0
    with opened(str(db)):
        profile = SmtpProfile.get(SmtpProfile.name == "Mailtrap")
        for key, value in preset("mailtrap").values.items():
            assert getattr(profile, key) == value, key
        assert profile.rate == 0.5 and profile.burst == 1 and profile.max_connections == 1


def test_flags_override_the_preset_and_a_relay_needs_a_host(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = tmp_path / "p.db"
    assert run(["--db", str(db), "smtp", "add", "G", "--preset", "gmail", "--rate", "3"]) == 0
    assert run(["--db", str(db), "smtp", "add", "X", "--port", "587"]) == 1
    assert "--host and --port" in capsys.readouterr().err
    with opened(str(db)):
        gmail = SmtpProfile.get(SmtpProfile.name == "G")
        assert (gmail.host, gmail.port, gmail.rate, gmail.daily_cap) == (
            "smtp.gmail.com", 587, 3.0, 2000)  # fmt: skip
