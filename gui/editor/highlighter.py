"""Syntax highlighting for templates: HTML or Markdown, CSS, with Jinja tags on top.

Jinja is drawn last so ``{{ first_name }}`` stands out inside an attribute, a link or a
heading alike. Constructs that span lines (HTML comments, ``{# #}`` comments, fenced
code, CSS comments) carry their state to the next line through the block state.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

IN_HTML_COMMENT, IN_JINJA_COMMENT, IN_FENCE, IN_CSS_COMMENT = 1, 2, 4, 8


def _format(color: str, *, bold: bool = False, italic: bool = False,
            background: str | None = None) -> QTextCharFormat:  # fmt: skip
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if background:
        fmt.setBackground(QColor(background))
    return fmt


FORMATS = {
    "tag": _format("#1d4ed8"),
    "attribute": _format("#7c3aed"),
    "string": _format("#047857"),
    "comment": _format("#6b7280", italic=True),
    "entity": _format("#b45309"),
    "heading": _format("#111827", bold=True),
    "emphasis": _format("#374151", italic=True),
    "strong": _format("#111827", bold=True),
    "link": _format("#1d4ed8"),
    "code": _format("#9f1239", background="#f3f4f6"),
    "marker": _format("#b45309", bold=True),
    "quote": _format("#4b5563", italic=True),
    "property": _format("#7c3aed"),
    "selector": _format("#1d4ed8", bold=True),
    "jinja": _format("#b91c1c", bold=True, background="#fef3c7"),
    "jinja_statement": _format("#9a3412", bold=True, background="#ffedd5"),
}

_HTML_RULES = [
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*|/?>"), "tag"),
    (re.compile(r"\s([A-Za-z_:][A-Za-z0-9_:.-]*)(?==)"), "attribute"),
    (re.compile(r"\"[^\"]*\"|'[^']*'"), "string"),
    (re.compile(r"&[A-Za-z0-9#]+;"), "entity"),
]
_MARKDOWN_RULES = [
    (re.compile(r"^#{1,6}\s.*$"), "heading"),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), "marker"),
    (re.compile(r"^\s*>.*$"), "quote"),
    (re.compile(r"(\*\*|__)(?=\S).+?(?<=\S)\1"), "strong"),
    (re.compile(r"(?<![*\w])([*_])(?=\S)[^*_]+?(?<=\S)\1(?![*\w])"), "emphasis"),
    (re.compile(r"!?\[[^\]]*\]\([^)]*\)"), "link"),
    (re.compile(r"`[^`]+`"), "code"),
    (re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$"), "marker"),
    (re.compile(r"</?[A-Za-z][^>]*>"), "tag"),
]
_CSS_RULES = [
    (re.compile(r"^[^{}:;]+(?=\{)|^\s*@[\w-]+"), "selector"),
    (re.compile(r"[\w-]+(?=\s*:)"), "property"),
    (re.compile(r"\"[^\"]*\"|'[^']*'|#[0-9A-Fa-f]{3,8}\b"), "string"),
]
_JINJA = re.compile(r"\{\{.*?\}\}")
_JINJA_STATEMENT = re.compile(r"\{%.*?%\}")


class TemplateHighlighter(QSyntaxHighlighter):
    """``mode`` is "html", "markdown", "css" or "text" (Jinja only)."""

    def __init__(self, document: QTextDocument, mode: str = "html") -> None:
        super().__init__(document)
        self.mode = mode

    def set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        previous = max(self.previousBlockState(), 0)
        state = 0
        in_fence = bool(previous & IN_FENCE)
        fence_line = text.lstrip().startswith(("```", "~~~"))
        if self.mode == "markdown" and (in_fence or fence_line):
            self.setFormat(0, len(text), FORMATS["code"])
            self._jinja(text)
            still_open = (not in_fence) if fence_line else in_fence
            self.setCurrentBlockState(IN_FENCE if still_open else 0)
            return
        rules = {"html": _HTML_RULES, "markdown": _MARKDOWN_RULES, "css": _CSS_RULES}.get(
            self.mode, []
        )
        for pattern, kind in rules:
            for match in pattern.finditer(text):
                group = 1 if pattern.groups and kind == "attribute" else 0
                self.setFormat(match.start(group), match.end(group) - match.start(group),
                               FORMATS[kind])  # fmt: skip
        if self.mode in ("html", "markdown"):
            state |= self._spans(text, previous, IN_HTML_COMMENT, "<!--", "-->")
        if self.mode == "css":
            state |= self._spans(text, previous, IN_CSS_COMMENT, "/*", "*/")
        self._jinja(text)
        state |= self._spans(text, previous, IN_JINJA_COMMENT, "{#", "#}")
        self.setCurrentBlockState(state)

    def _jinja(self, text: str) -> None:
        for pattern, kind in ((_JINJA, "jinja"), (_JINJA_STATEMENT, "jinja_statement")):
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), FORMATS[kind])

    def _spans(self, text: str, previous: int, flag: int, start: str, end: str) -> int:
        """Colour ``start … end`` comments, possibly open from the previous line; the flag
        when one is still open at the end of this line."""
        position = 0
        open_from = 0 if previous & flag else -1
        while True:
            if open_from < 0:
                open_from = text.find(start, position)
                if open_from < 0:
                    return 0
                search_from = open_from + len(start)
            else:
                search_from = position
            close = text.find(end, search_from)
            if close < 0:
                self.setFormat(open_from, len(text) - open_from, FORMATS["comment"])
                return flag
            self.setFormat(open_from, close + len(end) - open_from, FORMATS["comment"])
            position, open_from = close + len(end), -1
