"""Markdown templates: email-safe HTML in a responsive layout, and a plain-text part.

Jinja tags are swapped for placeholders before Markdown runs (``core.content.jinja_tags``)
and put back after it, so Markdown is converted once per template, never per
recipient, and a recipient's values are only ever rendered by Jinja: into the HTML with
autoescaping (a ``*`` or ``<`` in a name stays text), into the text part as written.
A line holding only ``{% if %}``/``{% for %}`` tags prints no empty paragraph.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from core.content.jinja_tags import Protected, is_statement, protect
from resources import read_text

TEXT_WIDTH = 76
CONTENT_MARKER = "<!-- staffetta:content -->"
LAYOUT_RESOURCE = "email_layout.html"

_HTML_TAG = re.compile(r"<[^>]+>")
_STYLE_OR_COMMENT = re.compile(r"<style\b.*?</style\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)')[^>]*>(.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|tr|table|blockquote)\s*>", re.IGNORECASE)


def _parser() -> MarkdownIt:
    # CommonMark with raw HTML allowed (the author writes the template; values from
    # contacts never pass through Markdown), tables and ~~strikethrough~~. No typographer:
    # it would turn quotes inside Jinja expressions into curly ones.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = _parser()


@lru_cache(maxsize=1)
def layout() -> str:
    """The responsive email layout a Markdown body is placed in (resources/)."""
    return read_text(LAYOUT_RESOURCE)


def _protect(source: str) -> Protected:
    """Placeholders for the tags, and a line holding only ``{% … %}`` tags made a block of
    its own (else ``{% if %}`` and the next line would be one paragraph)."""
    protected = protect(source)
    lines = protected.text.split("\n")
    out: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and _only_statements(protected, line):
            out.extend(["", line.strip(), ""])
        else:
            out.append(line)
    protected.text = "\n".join(out)
    return protected


@lru_cache(maxsize=64)
def markdown_to_html(source: str) -> str:
    """The Markdown body as a complete HTML email (a Jinja template, styles not inlined)."""
    protected = _protect(source)
    fragment = _MD.render(protected.text)
    fragment = _unwrap_statement_paragraphs(protected, fragment)
    restored = _restore(protected, fragment)
    page = layout()
    return page.replace(CONTENT_MARKER, restored, 1)


@lru_cache(maxsize=64)
def markdown_to_text(source: str) -> str:
    """A plain-text Jinja template from the Markdown body: headings underlined, links as
    ``label <url>``, lists with ``-`` and ``1.``, paragraphs wrapped at 76 columns."""
    protected = _protect(source)
    blocks = _TextRenderer(_MD.parse(protected.text), protected).blocks(None)
    text = ""
    for block in blocks:
        if _only_statements(protected, block):
            tags = [protected.tags[i] for i in _indices(protected, block)]
            text += "".join(_strip_left(t) if text else _strip_right(t) for t in tags)
        elif text:
            text += "\n\n" + block
        else:
            text = block
    return _restore(protected, text.rstrip("\n") + "\n")


def _restore(protected: Protected, converted: str) -> str:
    return protected.restore(converted)[0]


def _indices(protected: Protected, text: str) -> list[int]:
    return [int(m.group(1)) for m in protected.pattern("@").finditer(text)]


def _only_statements(protected: Protected, text: str) -> bool:
    indices = _indices(protected, text)
    rest = protected.pattern("@").sub("", text)
    return (
        bool(indices)
        and not rest.strip()
        and all(i < len(protected.tags) and is_statement(protected.tags[i]) for i in indices)
    )


def _unwrap_statement_paragraphs(protected: Protected, html: str) -> str:
    """``<p>{% if vip %}</p>`` would leave an empty paragraph when the condition is false."""

    def unwrap(match: re.Match[str]) -> str:
        inner = match.group(1)
        return inner.strip() if _only_statements(protected, inner) else match.group(0)

    return re.sub(r"<p>(.*?)</p>", unwrap, html, flags=re.DOTALL)


def _strip_left(tag: str) -> str:
    if tag[:2] in ("{%", "{#") and tag[2:3] not in ("-", "+"):
        return tag[:2] + "-" + tag[2:]
    return tag


def _strip_right(tag: str) -> str:
    end = tag[-2:]
    if end in ("%}", "#}") and tag[-3:-2] not in ("-", "+"):
        return tag[:-2] + "-" + end
    return tag


class _TextRenderer:
    """Markdown tokens → readable plain text (what a text-only mail client shows)."""

    def __init__(self, tokens: list[Token], protected: Protected) -> None:
        self.tokens = tokens
        self.protected = protected
        self.i = 0

    def next(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def blocks(self, until: str | None) -> list[str]:
        out: list[str] = []
        while self.i < len(self.tokens):
            token = self.next()
            kind = token.type
            if kind == until:
                break
            if kind == "heading_open":
                text = _one_line(self.inline(self.next()))
                self.next()
                level = int(token.tag[1:])
                if level <= 2:
                    out.append(text + "\n" + ("=" if level == 1 else "-") * max(3, len(text)))
                else:
                    out.append(text)
            elif kind == "paragraph_open":
                out.append(_wrap(self.inline(self.next())))
                self.next()
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
                out.append(self.list(kind.replace("_open", "_close"), start))
            elif kind == "blockquote_open":
                inner = "\n\n".join(self.blocks("blockquote_close"))
                out.append("\n".join(("> " + line).rstrip() for line in inner.split("\n")))
            elif kind in ("fence", "code_block"):
                out.append(textwrap.indent(token.content.rstrip("\n"), "    "))
            elif kind == "hr":
                out.append("-" * 20)
            elif kind == "html_block":
                text = _html_text(token.content)
                if text:
                    out.append(text)
            elif kind == "table_open":
                out.append(self.table())
        return out

    def list(self, close: str, start: int) -> str:
        items: list[str] = []
        number = start
        while self.i < len(self.tokens):
            token = self.next()
            if token.type == close:
                break
            if token.type != "list_item_open":
                continue
            body = "\n".join(self.blocks("list_item_close"))
            marker = f"{number}. " if start else "- "
            number += 1
            lines = body.split("\n")
            indented = [marker + lines[0]] + [
                (" " * len(marker) + line) if line else "" for line in lines[1:]
            ]
            items.append("\n".join(indented))
        return "\n".join(items)

    def table(self) -> str:
        rows: list[list[str]] = []
        while self.i < len(self.tokens):
            token = self.next()
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline" and rows:
                rows[-1].append(_one_line(self.inline(token)))
        return "\n".join(" | ".join(cells) for cells in rows)

    def inline(self, token: Token) -> str:
        parts: list[str] = []
        links: list[tuple[str, int]] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                parts.append(child.content)
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append("\n")
            elif kind == "link_open":
                links.append((str(child.attrGet("href") or ""), len(parts)))
            elif kind == "link_close" and links:
                href, at = links.pop()
                label = "".join(parts[at:]).strip()
                if href and not href.startswith("#") and href not in (label, f"mailto:{label}"):
                    parts.append(f" <{href}>" if label else f"<{href}>")
            elif kind == "image":
                parts.append(child.content or "")
            elif kind == "html_inline" and _BREAK_TAG.fullmatch(child.content.strip()):
                parts.append("\n")
        return "".join(parts)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.fill(line.strip(), TEXT_WIDTH, break_long_words=False, break_on_hyphens=False)
        for line in text.split("\n")
    )


def _link_text(match: re.Match[str]) -> str:
    href = match.group(1) if match.group(1) is not None else match.group(2)
    label = _one_line(_HTML_TAG.sub(" ", match.group(3)))
    if not href or href.startswith("#") or href == label:
        return label or href
    # \x02 and \x03 stand for < and > until the remaining tags are stripped
    return f"{label} \x02{href}\x03" if label else f"\x02{href}\x03"


def _html_text(block: str) -> str:
    """Raw HTML inside Markdown, as text: styles and comments dropped, tags removed."""
    import html as html_module

    text = _STYLE_OR_COMMENT.sub("", block)
    text = _LINK.sub(_link_text, text)
    text = _BREAK_TAG.sub("\n", text)
    text = _BLOCK_END.sub("\n", text)
    text = _HTML_TAG.sub(" ", text)
    text = html_module.unescape(text).replace("\x02", "<").replace("\x03", ">")
    lines = [_one_line(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
