"""Rendering templates safely: Jinja's immutable sandbox, strict variables, hard caps.

A template comes from a marketer and the values from a spreadsheet, so neither is
trusted: the sandbox refuses attribute tricks (``''.__class__``), ``StrictUndefined``
turns a typo into an error that names the variable (instead of an empty greeting in
10,000 mails), HTML is autoescaped, and the size of the template, the size of the
output and the render time are capped (a plain sandbox renders ``{{'x'*10**7}}``).
"""

from __future__ import annotations

import keyword
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import html2text
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2 import Template as JinjaTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from core.errors import TemplateProblem

MAX_TEMPLATE_CHARS = 512 * 1024
MAX_OUTPUT_CHARS = 2 * 1024 * 1024
MAX_RENDER_SECONDS = 2.0
MAX_SEQUENCE_PRODUCT = 100_000  # 'x' * n and [..] * n beyond this are refused
MAX_POWER_EXPONENT = 1_000

_NOT_IDENTIFIER = re.compile(r"\W+")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


class CappedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus caps on ``*`` and ``**`` that could build huge values."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_SEQUENCE_PRODUCT
                ):
                    raise SecurityError("the template tries to build a value that is too large")
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_POWER_EXPONENT:
            raise SecurityError("the template computes a number that is too large")
        return super().call_binop(context, operator, left, right)


def _environment(*, autoescape: bool) -> CappedSandbox:
    return CappedSandbox(
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=False,
        auto_reload=False,
        cache_size=0,
    )


HTML_ENV = _environment(autoescape=True)
TEXT_ENV = _environment(autoescape=False)


def safe_identifier(header: str) -> str:
    """``First Name`` → ``first_name``, ``Città`` → ``citta``: usable as ``{{ first_name }}``."""
    ascii_form = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    source = ascii_form if ascii_form.strip() else header
    name = _NOT_IDENTIFIER.sub("_", source.strip()).strip("_").lower()
    if not name:
        return ""
    if name[0].isdigit() or keyword.iskeyword(name):
        name = "_" + name
    return name


def template_variables(
    *,
    email: str,
    name: str | None,
    fields: Mapping[str, str],
    unsubscribe_url: str = "",
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything a template can use for one recipient.

    Each field is there by its original header (``fields["First Name"]``, or directly
    when the header is already an identifier) and by its safe identifier
    (``first_name``). Built-in names (``email``, ``name``, ``unsubscribe_url``) win.
    """
    variables: dict[str, Any] = {}
    for header, value in fields.items():
        variables.setdefault(header, value)
        ident = safe_identifier(header)
        if ident:
            variables.setdefault(ident, value)
    variables["fields"] = dict(fields)
    variables["email"] = email
    variables["name"] = name or ""
    variables["unsubscribe_url"] = unsubscribe_url
    if extra:
        variables.update(extra)
    return variables


def available_variables(field_headers: Iterable[str]) -> list[str]:
    """Names shown to the user in the template editor."""
    names = ["email", "name", "unsubscribe_url"]
    for header in field_headers:
        ident = safe_identifier(header)
        if ident and ident not in names:
            names.append(ident)
    return names


@dataclass(frozen=True)
class CompiledPart:
    label: str  # "subject", "HTML", "text": used in error messages
    template: JinjaTemplate


def compile_part(source: str, *, label: str, html: bool) -> CompiledPart:
    """Compile one part; a syntax error names the part, the line and what is wrong."""
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem(
            f"The {label} template is too large ({len(source):,} characters; the limit is "
            f"{MAX_TEMPLATE_CHARS:,}).",
            hint="Move images and big blocks out of the template (link to them instead).",
        )
    env = HTML_ENV if html else TEXT_ENV
    try:
        return CompiledPart(label, env.from_string(source))
    except TemplateSyntaxError as exc:
        raise TemplateSyntaxProblem(
            label, exc.lineno, (exc.message or "syntax error").rstrip(".")
        ) from None


class TemplateSyntaxProblem(TemplateProblem):
    """A syntax error with the part and line it is on (the editor underlines it)."""

    def __init__(self, part: str, line: int, detail: str) -> None:
        super().__init__(
            f"Line {line} of the {part}: {detail}.",
            hint="Check the {{ }} and {% %} tags on that line.",
        )
        self.part = part
        self.line = line
        self.detail = detail


class RenderProblem(TemplateProblem):
    """A template that compiles but fails for one recipient (undefined variable, caps)."""

    def __init__(self, message: str, *, hint: str = "", variable: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.variable = variable


def render_part(part: CompiledPart, variables: Mapping[str, Any], *, recipient: str = "") -> str:
    """Render with the output-size and time caps checked as the output streams out."""
    who = f" for {recipient}" if recipient else ""
    started = time.perf_counter()
    chunks: list[str] = []
    size = 0
    try:
        for chunk in part.template.generate(variables):
            size += len(chunk)
            chunks.append(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise RenderProblem(
                    f"The {part.label} grows beyond {MAX_OUTPUT_CHARS // 1024 // 1024} MB{who}.",
                    hint="Check loops and repeated text in the template.",
                )
            if time.perf_counter() - started > MAX_RENDER_SECONDS:
                raise RenderProblem(
                    f"The {part.label} takes too long to render{who}.",
                    hint="Simplify loops in the template.",
                )
    except UndefinedError as exc:
        match = _UNDEFINED_NAME.search(str(exc))
        variable = (match.group(1) or match.group(2)) if match else None
        shown = f"{{{{ {variable} }}}}" if variable else "A variable"
        raise RenderProblem(
            f"{shown} in the {part.label} is not defined{who}.",
            hint="Use one of the list's columns, or give it a default: "
            f"{{{{ {variable or 'name'} | default('') }}}}.",
            variable=variable,
        ) from None
    except SecurityError as exc:
        raise RenderProblem(
            f"The {part.label} was stopped by the template sandbox{who}: {str(exc).rstrip('.')}.",
            hint="Templates can only use variables, filters and simple logic.",
        ) from None
    except TemplateProblem:
        raise
    except Exception as exc:  # a filter failing on this recipient's data, division by zero…
        raise RenderProblem(
            f"The {part.label} fails to render{who}: {str(exc).rstrip('.')}.",
            hint="Check the filters and expressions used with this recipient's values.",
        ) from None
    return "".join(chunks)


_TEXT_MAKER_OPTIONS = {
    "body_width": 78,
    "ignore_images": True,
    "ignore_emphasis": False,
    "inline_links": True,
    "protect_links": False,
    "unicode_snob": True,
    "escape_snob": False,
}


def html_to_text(html: str, *, width: int = 78) -> str:
    """A readable plain-text version of an HTML mail, links kept as ``[text](url)``."""
    maker = html2text.HTML2Text()
    for option, value in _TEXT_MAKER_OPTIONS.items():
        setattr(maker, option, value)
    maker.body_width = width
    text = maker.handle(html)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def derive_text_template(html_source: str) -> str | None:
    """Turn the HTML *template* into a text template once per campaign.

    Converting every rendered HTML body costs about a millisecond per recipient;
    converting the template once keeps the ``{{ }}`` tags as they are (they are plain
    text to html2text) and renders at Jinja speed. Returns None when the result does
    not compile, and the caller converts each rendered body instead.
    """
    text = html_to_text(html_source, width=0)  # never wrap inside a {{ }} tag
    try:
        TEXT_ENV.parse(text)
    except TemplateSyntaxError:
        return None
    return text
