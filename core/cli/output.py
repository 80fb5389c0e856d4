"""Output helpers: exactly one JSON document on stdout with --json; humans get stderr."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")
    sys.stdout.flush()


def say(text: str) -> None:
    """Human-readable text (stdout is reserved for JSON when --json is given)."""
    print(text, file=sys.stderr)


def out(text: str) -> None:
    """Human-readable result on stdout (only when --json is not given)."""
    print(text)


def fail(message: str) -> int:
    print(f"staffetta: {message}", file=sys.stderr)
    return 1


def add_json_flag(parser: Any) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
