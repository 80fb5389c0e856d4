"""The `import` and `contacts` commands through the real entry point, as scripts use them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def staffetta(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip


def test_import_json_shape_and_contacts_json(tmp_path: Path):
    db = tmp_path / "s.db"
    src = tmp_path / "c.csv"
    src.write_text("Email Address,Name,Plan\nA@Example.com,Ann,pro\na@example.com,Dup,\nbad,,\n")
    result = staffetta("import", str(src), "--list", "News", "--json", db=db)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["list"] == "News"
    assert (report["imported"], report["updated"], report["duplicates"]) == (1, 0, 1)
    assert report["invalid"] == [
        {"row": 4, "value": "bad", "reason": report["invalid"][0]["reason"]}
    ]
    assert report["encoding"] == "utf-8" and report["delimiter"] == ","

    listed = staffetta("contacts", "--list", "News", "--json", db=db)
    assert listed.returncode == 0
    assert json.loads(listed.stdout) == [
        {"email": "A@example.com", "name": "Ann", "fields": {"Name": "Ann", "Plan": "pro"},
         "status": "active"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["import", "missing.csv", "--list", "L"], "does not exist"),
        (["contacts", "--list", "Nope"], "no contact list named 'Nope'"),
        (["import", "EMPTY", "--list", "L"], "is empty"),
        (["import", "EMPTY", "--list", "L", "--map", "oops"], "COLUMN=FIELD"),
        (["import", "GOOD", "--list", "L", "--encoding", "klingon"], "Unknown encoding"),
    ],
)
def test_bad_input_is_one_line_exit_1_no_traceback(tmp_path: Path, args: list[str], needle: str):
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "good.csv").write_text("email\na@example.com\n")
    files = {"EMPTY": str(tmp_path / "empty.csv"), "GOOD": str(tmp_path / "good.csv")}
    args = [files.get(a, a) for a in args]
    result = staffetta(*args, db=tmp_path / "s.db")
    assert result.returncode == 1
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_usage_errors_exit_2(tmp_path: Path):
    result = staffetta("import", "x.csv", db=tmp_path / "s.db")  # --list missing
    assert result.returncode == 2


def test_export_neutralises_formula_cells(tmp_path: Path):
    db = tmp_path / "s.db"
    src = tmp_path / "c.csv"
    src.write_text('email,name,note\n=cmd@example.com,+SUM(1),"-2"\nok@example.com,@me,"\tx"\n')
    assert staffetta("import", str(src), "--list", "L", db=db).returncode == 0
    out = tmp_path / "out.csv"
    result = staffetta("contacts", "export", str(out), "--list", "L", db=db)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_email = {r["email"]: r for r in rows}
    assert set(by_email) == {"'=cmd@example.com", "ok@example.com"}
    assert by_email["'=cmd@example.com"]["name"] == "'+SUM(1)"
    assert by_email["'=cmd@example.com"]["note"] == "'-2"
    assert by_email["ok@example.com"]["name"] == "'@me"
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r"
