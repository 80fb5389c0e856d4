"""Rendering templates safely: Jinja's immutable sandbox, strict variables, hard caps.

A template comes from a marketer and the values from a spreadsheet, so neither is
trusted: the sandbox refuses attribute tricks (``''.__class__``), ``StrictUndefined``
turns a typo into an error that names the variable (instead of an empty greeting in
10,000 mails), HTML is autoescaped, and the size of the template, the size of the
output and the render time are capped (a plain sandbox renders ``{{'x'*10**7}}``).
"""

from __future__ import annotations

import functools
import keyword
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import html2text
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2 import Template as JinjaTemplate
from jinja2 import filters as jinja_filters
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import escape

from core.errors import TemplateProblem

MAX_TEMPLATE_CHARS = 512 * 1024
MAX_OUTPUT_CHARS = 2 * 1024 * 1024
MAX_RENDER_SECONDS = 2.0
MAX_SEQUENCE_PRODUCT = 100_000  # 'x' * n and [..] * n beyond this are refused
MAX_POWER_EXPONENT = 1_000

_NOT_IDENTIFIER = re.compile(r"\W+")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


_WIDE_PERCENT_FORMAT = re.compile(r"%[^a-zA-Z%]*(\*|\d{6,})")
_WIDE_BRACE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*(\{|\d{6,})")
_limits = threading.local()


def _check_deadline() -> None:
    deadline = getattr(_limits, "deadline", None)
    if deadline is not None and time.perf_counter() > deadline:
        raise SecurityError("the template takes too long to render")


def _checked_size(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_OUTPUT_CHARS:
        raise SecurityError("the template tries to build a value that is too large")
    return value


def guarded_iteration(iterable: Any) -> Iterator[Any]:
    """Every ``{% for %}`` runs through this: loops that print nothing still hit the deadline."""
    for count, item in enumerate(iterable):
        if not count & 0xFF:
            _check_deadline()
        yield item


def _check_width(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQUENCE_PRODUCT:
        raise SecurityError("the template asks for a width or count that is too large")


def _check_format_string(value: Any, pattern: re.Pattern[str]) -> None:
    if isinstance(value, str) and pattern.search(value):
        raise SecurityError("the template uses a format width that is too large")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        grows = (text.count(old) if old else len(text) + 1) * len(new)
        if len(text) + grows > MAX_OUTPUT_CHARS:
            raise SecurityError("the template tries to build a value that is too large")


_SIZED_FILTERS = frozenset(["center", "indent", "wordwrap", "truncate", "batch", "slice"])


def _capped_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter with its size arguments checked before it allocates anything."""

    if name not in _SIZED_FILTERS and name not in ("replace", "format"):
        # Most filters (urlencode, upper, default…) only need their result's size checked;
        # this path runs for every recipient, so it does nothing more.
        @functools.wraps(original)
        def size_checked(*args: Any, **kwargs: Any) -> Any:
            value = original(*args, **kwargs)
            if isinstance(value, str) and len(value) > MAX_OUTPUT_CHARS:
                raise SecurityError("the template tries to build a value that is too large")
            return value

        return size_checked

    @functools.wraps(original)
    def capped(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, EvalContext | Context | Environment)]
        if name in _SIZED_FILTERS:
            for value in (*values[1:], *kwargs.values()):
                _check_width(value)
        if name == "replace" and len(values) >= 3:
            _check_replace(values[0], values[1], values[2])
        if name == "format" and values:
            _check_format_string(values[0], _WIDE_PERCENT_FORMAT)
        return _checked_size(original(*args, **kwargs))

    return capped


class _LoopAndConcatGuards(NodeTransformer):
    """Rewrites the parsed template: loops iterate through ``guarded_iteration`` and every
    ``~`` concatenation is size-checked (a loop doubling a string fills memory in 30 steps)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _guard_call("guarded_iteration", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _guard_call("checked_size", node)


def _guard_call(attribute: str, node: nodes.Node) -> nodes.Expr:
    call = nodes.Call(nodes.EnvironmentAttribute(attribute), [node], [], None, None)
    call.set_lineno(node.lineno)
    return call


_URL_UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9_.\-~/]+")
_URL_SAFE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")
_ASCII_URL_QUOTED = {
    code: chr(code) if chr(code) in _URL_SAFE_ASCII else f"%{code:02X}" for code in range(128)
}


def _percent_encode(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _urlencode(value: Any) -> str:
    """Jinja's ``urlencode``, with a fast path for strings: every unsubscribe URL runs it.

    Same result as ``jinja2.filters.do_urlencode`` (``quote`` with ``/`` safe), which
    calls a Python function per byte of the address.
    """
    if isinstance(value, str):
        if value.isascii():  # most addresses: one table lookup per character, in C
            return value.translate(_ASCII_URL_QUOTED)
        return _URL_UNSAFE_CHARACTERS.sub(_percent_encode, value)
    return str(jinja_filters.do_urlencode(value))


class CappedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus caps on everything that could build huge values or spin.

    Jinja's own sandbox stops attribute tricks but not resource use: ``{{'x'*10**7}}``,
    ``'x'.ljust(10**8)``, ``'%100000000s' % x``, a loop that doubles a string, nested
    loops that print nothing. Sizes are checked before allocating where Python would
    otherwise build the value in one step; loops and calls check the render deadline.
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # lipsum(10**5) writes 100 MB of Latin
        self.filters["urlencode"] = _urlencode
        self.filters = {name: _capped_filter(name, f) for name, f in self.filters.items()}
        self.guarded_iteration = guarded_iteration
        self.checked_size = _checked_size

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        guarded: nodes.Template = _LoopAndConcatGuards().visit(tree)
        return guarded

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_SEQUENCE_PRODUCT
                ):
                    raise SecurityError("the template tries to build a value that is too large")
        elif operator == "**" and isinstance(right, int) and abs(right) > MAX_POWER_EXPONENT:
            raise SecurityError("the template computes a number that is too large")
        elif operator == "%":
            _check_format_string(left, _WIDE_PERCENT_FORMAT)
        elif (
            operator == "+"
            and isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
            and len(left) + len(right) > MAX_OUTPUT_CHARS
        ):
            raise SecurityError("the template tries to build a value that is too large")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_deadline()
        bound_to = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(bound_to, str):  # 'x'.ljust(n), .center, .zfill, .replace, .format
            method = getattr(getattr(__obj, "__wrapped__", __obj), "__name__", "")
            if method in ("format", "format_map"):
                _check_format_string(bound_to, _WIDE_BRACE_FORMAT)
            else:
                for value in (*args, *kwargs.values()):
                    _check_width(value)
                if method == "replace" and len(args) >= 2:
                    _check_replace(bound_to, args[0], args[1])
                if method == "expandtabs" and "\t" in bound_to:
                    raise SecurityError("expandtabs is not available in templates")
        return _checked_size(super().call(__context, __obj, *args, **kwargs))


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


@lru_cache(maxsize=4096)
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
    values = list(fields.values())
    variables: dict[str, Any] = {name: values[i] for name, i in _field_names(tuple(fields))}
    variables["fields"] = dict(fields)
    variables["email"] = email
    variables["name"] = name or ""
    variables["unsubscribe_url"] = unsubscribe_url
    if extra:
        variables.update(extra)
    return variables


@lru_cache(maxsize=1024)
def _field_names(headers: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """(variable, position of the header whose value it holds) for contacts with these
    columns: each header by its name, then by its safe identifier, the first one to
    claim a name keeping it. Most contacts share their columns, so this is worked out
    once per set of columns instead of once per recipient."""
    names: dict[str, int] = {}
    for position, header in enumerate(headers):
        names.setdefault(header, position)
        ident = safe_identifier(header)
        if ident:
            names.setdefault(ident, position)
    return tuple(names.items())


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
    # The environment's globals (range, dict…) flattened once: Jinja otherwise merges a
    # ChainMap into every context, a third of the render time for a short template.
    globals: dict[str, Any] = field(default_factory=dict)
    # For a template that is only text and ``{{ variable }}`` tags (with a few plain
    # filters): the same output without Jinja's per-render machinery (``flat_renderer``).
    flat: Callable[[Mapping[str, Any]], str] | None = None


# Filters a flat template may use: plain functions of the value (no context, no
# arguments), whatever the value; the environment's own function is called.
_FLAT_FILTERS = frozenset(
    ["upper", "lower", "title", "capitalize", "trim", "urlencode", "urlencode_email",
     "e", "escape", "string"]
)  # fmt: skip
# Names Jinja itself gives a meaning to in a template (not looked up in the variables).
_SPECIAL_NAMES = frozenset(["self", "loop", "caller", "varargs", "kwargs", "super"])


def flat_renderer(env: Environment, tree: nodes.Template) -> Callable[[Mapping[str, Any]], str] | None:
    """A renderer for a template made only of text and ``{{ name }}`` or ``{{ name|f }}``
    tags (``_FLAT_FILTERS``), or None for anything else (``if``, ``for``, expressions…).

    It does what Jinja's compiled code does for such a template (each tag's value
    looked up in the scope, the filters applied, then ``escape`` with autoescape, else
    ``str``) without a context, a generator and a chunk list per render: pre-flight
    renders every part of every recipient, and Jinja's machinery was nine tenths of a
    short template's render time. It raises ``KeyError`` for a variable the scope does
    not hold; ``render_in_scope`` then renders with Jinja, which reports it in words.
    ``tree`` is the parsed template (``env.parse``), before Jinja compiles it.
    """
    pieces: list[tuple[str, str, tuple[Callable[[Any], Any], ...]]] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            return None
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                pieces.append((child.data, "", ()))
                continue
            filters: list[Callable[[Any], Any]] = []
            expr: nodes.Node | None = child
            while isinstance(expr, nodes.Filter):
                function = env.filters.get(expr.name)
                if (expr.name not in _FLAT_FILTERS or function is None or expr.args
                        or expr.kwargs or expr.dyn_args is not None
                        or expr.dyn_kwargs is not None
                        or getattr(function, "jinja_pass_arg", None) is not None):  # fmt: skip
                    return None
                filters.insert(0, function)
                expr = expr.node
            if not isinstance(expr, nodes.Name) or expr.ctx != "load":
                return None
            if expr.name in _SPECIAL_NAMES or not expr.name:
                return None
            pieces.append(("", expr.name, tuple(filters)))
    if env.autoescape not in (True, False) or env.finalize is not None:
        return None
    # One expression per template, as Jinja compiles one (every text a repr() literal).
    names: dict[str, Any] = {"_convert": _html_text if env.autoescape else str}
    terms = []
    for text, name, chain in pieces:
        if not name:
            terms.append(repr(text))
            continue
        value = f"_scope[{name!r}]"
        for function in chain:
            names[f"_f{len(names)}"] = function
            value = f"_f{len(names) - 1}({value})"
        terms.append(f"_convert({value})")
    code = f"lambda _scope: ''.join(({', '.join(terms)},))" if terms else "lambda _scope: ''"
    render: Callable[[Mapping[str, Any]], str] = eval(code, {"__builtins__": {}, **names})
    return render


def _html_text(value: Any) -> str:
    """``escape(value)`` as a string (what Jinja writes for a ``{{ }}`` tag with
    autoescape), without building a ``Markup`` for a plain string."""
    if type(value) is str:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))  # fmt: skip
    return str(escape(value))


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
        tree = env.parse(source)  # once: read for the flat renderer, then compiled
        flat = flat_renderer(env, tree)
        template = env.from_string(tree)
    except TemplateSyntaxError as exc:
        line, detail = plain_syntax_error(exc.message or "", exc.lineno, source)
        raise TemplateSyntaxProblem(label, line, detail) from None
    return CompiledPart(label, template, dict(template.globals), flat)


_BLOCK_TAGS = ("if", "for", "macro", "block", "with", "filter", "call", "raw", "autoescape")
_TAG = re.compile(r"\{%-?\+?\s*(\w+)")
_TOKEN_WORDS = {
    "end of print statement": "}}", "end of statement block": "%}", "name": "a name",
    "end of template": "the end of the template", "integer": "a number", "string": "text",
    "block_end": "%}", "variable_end": "}}",
}  # fmt: skip
_EXPECTED = re.compile(r"expected token '([^']+)', got '([^']+)'")


def _line_at(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _open_blocks(source: str, upto_line: int | None = None) -> list[tuple[str, int]]:
    """The block tags still open (innermost last), as (tag, line), up to a line."""
    stack: list[tuple[str, int]] = []
    for match in _TAG.finditer(source):
        line = _line_at(source, match.start())
        if upto_line is not None and line > upto_line:
            break
        tag = match.group(1)
        if tag in _BLOCK_TAGS:
            stack.append((tag, line))
        elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
            stack.pop()
    return stack


def _unclosed_variable(source: str, line: int) -> int | None:
    """The line of the last ``{{`` at or before ``line`` that has no ``}}`` after it."""
    lines = source.split("\n")
    before = "\n".join(lines[:line])
    start = before.rfind("{{")
    if start < 0:
        return None
    if "}}" in source[start + 2 : _next_tag(source, start + 2)]:
        return None
    return _line_at(source, start)


def _next_tag(source: str, offset: int) -> int:
    found = [i for i in (source.find("{{", offset), source.find("{%", offset)) if i >= 0]
    return min(found) if found else len(source)


def plain_syntax_error(message: str, line: int, source: str) -> tuple[int, str]:
    """Jinja's syntax error in words a template author reads, at the line to fix.

    Jinja names parser tokens ("expected token 'end of print statement'") and reports an
    unclosed ``{% if %}`` or ``{{`` where the template ends, not where the tag is.
    """
    innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if message.startswith("Unexpected end of template") and innermost:
        tag = innermost.group(1)
        opened = [t for t in _open_blocks(source) if t[0] == tag]
        at = opened[-1][1] if opened else line
        return at, f"this {{% {tag} %}} is never closed: add {{% end{tag} %}} where it should end"
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if unknown:
        tag = unknown.group(1)
        if innermost:
            block = innermost.group(1)
            opened = [t for t in _open_blocks(source, line) if t[0] == block]
            where = f" (line {opened[-1][1]})" if opened else ""
            if tag in ("else", "elif"):
                return line, (
                    f"{{% {tag} %}} cannot come here: an {{% {block} %}}{where} has one "
                    "{% else %}, after any {% elif %}"
                )
            if tag.startswith("end"):
                return line, (
                    f"{{% {tag} %}} does not fit here: the {{% {block} %}}{where} is still "
                    f"open; close it with {{% end{block} %}} first"
                )
        if tag.startswith("end"):
            return line, f"{{% {tag} %}} closes nothing: there is no {{% {tag[3:]} %}} before it"
        return line, (
            f"{{% {tag} %}} is not a template tag; use if, for or set, for example "
            "{% if first_name %}…{% endif %}"
        )
    if message == "unexpected '}'":
        return line, "a tag ends with a single }: end {{ … }} with }} and {% … %} with %}"
    if message.startswith("unexpected '") and (opened_at := _unclosed_variable(source, line)):
        return opened_at, "this {{ is never closed: add }} after the variable"
    char = re.match(r"unexpected char (['\"])(.)\1", message)
    if char:
        if char.group(2) in "'\"":
            return line, "a quote inside a tag is never closed"
        return line, f"the character {char.group(2)} cannot be used inside a tag"
    expected = _EXPECTED.match(message)
    if expected:
        want, got = expected.groups()
        if want == "end of print statement":
            opened_at = _unclosed_variable(source, line)
            if opened_at is not None and got != "end of print statement":
                return opened_at, "this {{ is never closed: add }} after the variable"
            return line, (
                f"{_TOKEN_WORDS.get(got, repr(got))} does not belong inside {{{{ }}}}: a tag "
                "holds one variable (names have no spaces: first_name) or a filter after |"
            )
        if want == "end of statement block":
            return line, f"{_TOKEN_WORDS.get(got, repr(got))} does not belong inside this {{% %}} tag"
        if want == "in":
            return line, "a for tag is written {% for item in items %}"
        return line, (
            f"expected {_TOKEN_WORDS.get(want, repr(want))} here, found "
            f"{_TOKEN_WORDS.get(got, repr(got))}"
        )
    if message.startswith("unexpected end of template"):
        opened_at = _unclosed_variable(source, line)
        if opened_at is not None:
            return opened_at, "this {{ is never closed: add }} after the variable"
        open_blocks = _open_blocks(source)
        if open_blocks:
            tag, at = open_blocks[-1]
            return at, f"this {{% {tag} %}} is never closed: add {{% end{tag} %}} where it should end"
        return line, "the template ends inside a tag: close it with }} or %}"
    if message == "expected name or number":
        return line, "a name is missing after a dot or a |"
    return line, "this line has a tag that cannot be read: check its {{ }} and {% %}"


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
    return render_in_scope(part, {**part.globals, **variables}, recipient=recipient)


def scope_globals(*parts: CompiledPart | None) -> dict[str, Any]:
    """The globals shared by these parts, for one scope per recipient (``render_in_scope``).

    Both sandboxes start from the same defaults, so the parts agree; if they ever did not,
    one shared scope would render a part with another's globals, hence the check.
    """
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.globals.items() if part is not None else ():
            if merged.setdefault(key, value) is not value:
                raise ValueError(f"the template parts disagree on the global {key!r}")
    return merged


def render_in_scope(part: CompiledPart, scope: dict[str, Any], *, recipient: str = "") -> str:
    """``render_part`` for a scope that already holds ``part.globals`` under the variables.

    A recipient's subject, HTML, text and unsubscribe URL render in one scope (globals
    from ``scope_globals``, then the variables) instead of merging a dict per part; Jinja
    only reads it. The caps are the same as ``render_part``'s.
    """
    if part.flat is not None:
        try:
            text = part.flat(scope)
        except Exception:  # Jinja, below, says what is wrong in words
            pass
        else:
            if len(text) <= MAX_OUTPUT_CHARS:
                return text
    template = part.template
    limits = _limits
    outer_deadline = getattr(limits, "deadline", None)
    limits.deadline = time.perf_counter() + MAX_RENDER_SECONDS
    chunks: list[str] = []
    append = chunks.append
    size = 0
    try:
        context = Context(template.environment, scope, template.name, template.blocks)
        # Time is checked inside loops and calls (guarded_iteration, CappedSandbox.call):
        # straight-line template code is bounded by the template size.
        for chunk in template.root_render_func(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise RenderProblem(
                    f"The {part.label} grows beyond {MAX_OUTPUT_CHARS // 1024 // 1024} MB"
                    f"{_for(recipient)}.",
                    hint="Check loops and repeated text in the template.",
                )
            append(chunk)
    except UndefinedError as exc:
        match = _UNDEFINED_NAME.search(str(exc))
        variable = (match.group(1) or match.group(2)) if match else None
        shown = f"{{{{ {variable} }}}}" if variable else "A variable"
        suggestion = _suggestion(variable, scope, part)
        raise RenderProblem(
            f"{shown} in the {part.label} is not defined{_for(recipient)}.",
            hint=f"Did you mean {{{{ {suggestion} }}}}?"
            if suggestion
            else "Use one of the list's columns, or give it a default: "
            f"{{{{ {variable or 'name'} | default('') }}}}.",
            variable=variable,
        ) from None
    except SecurityError as exc:
        raise RenderProblem(
            f"The {part.label} was stopped by the template sandbox{_for(recipient)}: "
            f"{str(exc).rstrip('.')}.",
            hint="Templates can only use variables, filters and simple logic.",
        ) from None
    except TemplateProblem:
        raise
    except Exception as exc:  # a filter failing on this recipient's data, division by zero…
        raise RenderProblem(
            f"The {part.label} fails to render{_for(recipient)}: {str(exc).rstrip('.')}.",
            hint="Check the filters and expressions used with this recipient's values.",
        ) from None
    finally:
        limits.deadline = outer_deadline
    return "".join(chunks)


def _suggestion(variable: str | None, scope: dict[str, Any], part: CompiledPart) -> str | None:
    """The variable the author probably meant (``frist_name`` → ``first_name``)."""
    if not variable:
        return None
    from core.content.suggest import did_you_mean

    return did_you_mean(variable, [k for k in scope if k not in part.globals])


def _for(recipient: str) -> str:
    return f" for {recipient}" if recipient else ""


_TEXT_MAKER_OPTIONS = {
    "body_width": 78,
    "ignore_images": True,
    "ignore_emphasis": True,
    "inline_links": True,
    "protect_links": False,
    "unicode_snob": True,
    "escape_snob": False,
}


# html2text escapes what Markdown would read as a list ("1\." "\-" "\+" at a line start);
# in a plain-text mail those backslashes are noise.
_MARKDOWN_ESCAPES = re.compile(r"^(\s*\d*)\\([.\-+])", re.MULTILINE)


def html_to_text(html: str, *, width: int = 78) -> str:
    """A readable plain-text version of an HTML mail, links kept as ``[text](url)``."""
    maker = html2text.HTML2Text()
    for option, value in _TEXT_MAKER_OPTIONS.items():
        setattr(maker, option, value)
    maker.body_width = width
    text = _MARKDOWN_ESCAPES.sub(r"\1\2", maker.handle(html))
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
