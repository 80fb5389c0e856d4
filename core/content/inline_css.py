"""CSS inlining: ``<style>`` blocks and a CSS file become ``style`` attributes.

Gmail (in many views), Outlook and most webmail drop or scope ``<style>`` blocks, so a
template's styles are copied onto every element they select, once per template (at
campaign start, and for the preview), never per recipient. Rules that cannot be
inlined (``@media`` queries for phones, ``@font-face``) stay in a ``<style>`` in the
head, where the clients that understand them read them.

The inliner parses and re-serialises the HTML, which would mangle Jinja tags
(``{% if n > 3 %}`` becomes ``{% if n &gt; 3 %}``, a ``{% for %}`` between table rows is
moved out of the table). So each tag is first replaced by a placeholder that suits the
place it is in: an HTML comment between elements (comments stay where they are, even
inside a table), a bare word inside an attribute value or a ``<style>`` block, an
empty attribute inside a tag. When any tag does not come back, the template is left
as written and a warning says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import css_inline

from core.content.jinja_tags import Protected, new_protected, split_tags
from core.errors import TemplateProblem

_STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_TAG_STOP = re.compile(r"[\"'>]")
_RAW_TEXT = frozenset(["style", "script"])
_RESTORE_FORMS = (r"<!--@-->", r"&lt;!--@--&gt;", r" ?@=\"\"", r"@")

TEXT, TAG, DOUBLE, SINGLE, COMMENT, RAW = range(6)


@dataclass(frozen=True)
class Inlined:
    html: str
    warnings: tuple[str, ...] = ()


def needs_inlining(html: str, css: str | None) -> bool:
    return bool((css or "").strip()) or _STYLE_BLOCK.search(html) is not None


@lru_cache(maxsize=64)
def inline_css(html: str, css: str | None = None) -> Inlined:
    """``html`` (a Jinja template) with ``css`` and its ``<style>`` blocks inlined.

    Templates with nothing to inline come back unchanged (not even re-serialised).
    """
    if not needs_inlining(html, css):
        return Inlined(html)
    protected = _protect_html(html)
    inliner = css_inline.CSSInliner(
        keep_at_rules=True,
        load_remote_stylesheets=False,
        extra_css=css or None,
    )
    try:
        converted = inliner.inline(protected.text)
    except (css_inline.InlineError, ValueError) as exc:
        raise TemplateProblem(
            f"The CSS cannot be inlined: {str(exc).rstrip('.')}.",
            hint="Check the CSS for a missing } or ;.",
        ) from None
    restored, missing = _restore(protected, converted)
    if missing:
        line = html.count("\n", 0, html.find(protected.tags[missing[0]])) + 1
        return Inlined(
            html,
            (
                f"The styles were not inlined: the tag {protected.tags[missing[0]]} on line "
                f"{line} sits where HTML cannot keep it (inside a <style> rule or between "
                "table cells). Mail clients that drop <style> blocks will show it unstyled.",
            ),
        )
    return Inlined(restored)


def _restore(protected: Protected, converted: str) -> tuple[str, list[int]]:
    seen: set[int] = set()
    pattern = protected.pattern("|".join(f"(?:{f})" for f in _RESTORE_FORMS))

    def put_back(match: re.Match[str]) -> str:
        index = next(int(g) for g in match.groups() if g is not None)
        if index >= len(protected.tags):
            return match.group(0)
        seen.add(index)
        tag = protected.tags[index]
        return f" {tag}" if match.group(0).startswith(" ") else tag

    restored = pattern.sub(put_back, converted)
    return restored, [i for i in range(len(protected.tags)) if i not in seen]


def _protect_html(html: str) -> Protected:
    """Placeholders that survive an HTML parser where each tag stands (module docstring)."""
    protected = new_protected(html)
    scanner = _Scanner()
    out: list[str] = []
    for is_tag, piece in split_tags(html):
        if not is_tag:
            scanner.feed(piece)
            out.append(piece)
            continue
        placeholder = protected.add(piece)
        if scanner.state == TEXT:
            out.append(f"<!--{placeholder}-->")
        elif scanner.state == TAG:
            out.append(f" {placeholder} ")
        else:
            out.append(placeholder)
    protected.text = "".join(out)
    return protected


class _Scanner:
    """Just enough of HTML's tokenizer to know where a Jinja tag stands."""

    def __init__(self) -> None:
        self.state = TEXT
        self.tag = ""
        self.closing = False

    def feed(self, text: str) -> None:
        i, n = 0, len(text)
        while i < n:
            state = self.state
            if state == TEXT:
                j = text.find("<", i)
                if j < 0:
                    return
                if text.startswith("<!--", j):
                    self.state, i = COMMENT, j + 4
                    continue
                match = _TAG_START.match(text, j)
                if match is None:
                    i = j + 1
                    continue
                self.closing, self.tag = bool(match.group(1)), match.group(2).lower()
                self.state, i = TAG, match.end()
            elif state == COMMENT:
                j = text.find("-->", i)
                if j < 0:
                    return
                self.state, i = TEXT, j + 3
            elif state == TAG:
                match = _TAG_STOP.search(text, i)
                if match is None:
                    return
                ch, i = match.group(), match.end()
                if ch == ">":
                    raw = self.tag in _RAW_TEXT and not self.closing
                    self.state = RAW if raw else TEXT
                else:
                    self.state = DOUBLE if ch == '"' else SINGLE
            elif state in (DOUBLE, SINGLE):
                j = text.find('"' if state == DOUBLE else "'", i)
                if j < 0:
                    return
                self.state, i = TAG, j + 1
            else:  # RAW: until the element's end tag
                j = text.lower().find(f"</{self.tag}", i)
                if j < 0:
                    return
                self.state, i = TEXT, j
