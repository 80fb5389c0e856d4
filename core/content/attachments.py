"""Files attached per recipient: ``invoices/{{ customer_id }}.pdf``.

A path with Jinja tags is rendered for each recipient, in a sandbox whose every value
must be a plain file-name part: a spreadsheet cell saying ``../../etc/passwd`` (or any
``/``, ``\\``, ``..``) stops that recipient instead of attaching another file. Pre-flight
checks every recipient's file exists and is not too big without reading it; the file
is read when that recipient's message is built, so memory stays one message's worth
whatever the size of the list.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError

from core.content.jinja_tags import has_tags
from core.errors import InvalidValue, TemplateProblem
from core.mime import Attachment
from core.rendering import CappedSandbox, CompiledPart, TemplateSyntaxProblem, render_in_scope

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
LABEL = "attachment path"


def _file_name_part(value: Any) -> Any:
    text = "" if value is None else str(value)
    if "/" in text or "\\" in text or "\x00" in text or text.strip() in (".", ".."):
        raise SecurityError(
            f"the value {text[:80]!r} cannot be part of a file name (no '/', '\\' or '..')"
        )
    return value


PATH_ENV = CappedSandbox(
    undefined=StrictUndefined,
    autoescape=False,
    finalize=_file_name_part,
    auto_reload=False,
    cache_size=0,
)


def is_path_template(path: str) -> bool:
    return has_tags(path)


def absolute_path_template(path: str, *, cwd: str | None = None) -> str:
    """A path given on the command line, made absolute against the current folder (unless
    it starts with a Jinja tag, which must then render to a full path)."""
    path = path.strip()
    if not path:
        raise InvalidValue("An attachment path is empty.")
    if path.startswith(("{{", "{%")):
        return path
    expanded = os.path.expanduser(path)
    if os.path.isabs(expanded):
        return expanded
    return os.path.join(cwd or os.getcwd(), expanded)


def compile_path(path: str) -> CompiledPart:
    try:
        template = PATH_ENV.from_string(path)
    except TemplateSyntaxError as exc:
        raise TemplateSyntaxProblem(
            LABEL, exc.lineno, (exc.message or "syntax error").rstrip(".")
        ) from None
    return CompiledPart(LABEL, template, dict(template.globals))


def render_path(part: CompiledPart, scope: dict[str, Any], *, recipient: str) -> Path:
    rendered = render_in_scope(part, scope, recipient=recipient).strip()
    path = Path(rendered).expanduser()
    if not path.is_absolute():
        raise TemplateProblem(
            f"The attachment path for {recipient} is {rendered!r}, not a full path.",
            hint="Start the path with a folder, e.g. /home/me/invoices/{{ customer_id }}.pdf.",
        )
    return path


def check_file(path: Path) -> int:
    """The file's size, or TemplateProblem when it is missing, not a file or too big."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise TemplateProblem(f"The attachment {path} does not exist.") from None
    except OSError as exc:
        raise TemplateProblem(f"Cannot read the attachment {path}: {exc.strerror}.") from None
    if not path.is_file():
        raise TemplateProblem(f"The attachment {path} is not a file.")
    if stat.st_size > MAX_ATTACHMENT_BYTES:
        raise TemplateProblem(
            f"The attachment {path} is {stat.st_size / 1e6:.1f} MB; the limit is "
            f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB."
        )
    return stat.st_size


def read_file(path: Path) -> Attachment:
    check_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateProblem(f"Cannot read the attachment {path}: {exc.strerror}.") from None
    return Attachment(path.name, data)
