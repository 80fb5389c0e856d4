"""Keeping Jinja tags intact while Markdown and the CSS inliner rewrite a template.

Both run once per template (at save, preview and campaign start), on the *template*,
never on a recipient's values: the tags are swapped for placeholders made of lowercase
letters and digits (which neither Markdown nor an HTML parser changes), the document is
converted, and the tags are put back. Values are then rendered by Jinja with HTML
autoescaping, so a contact called ``*Zoë* <b>`` stays text in every recipient's mail.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_NEXT_OPENER = re.compile(r"\{[{%#]")
_RAW_START = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_END = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def split_tags(source: str) -> list[tuple[bool, str]]:
    """The source as (is a Jinja tag, text) pieces that join back to it exactly.

    Quoted strings inside a tag are skipped (``{{ "}}" }}`` is one tag); a ``{% raw %}``
    block is one piece. An unterminated tag runs to the end (Jinja reports it).
    """
    pieces: list[tuple[bool, str]] = []
    position = 0
    while True:
        found = _NEXT_OPENER.search(source, position)
        if found is None:
            break
        start = found.start()
        if start > position:
            pieces.append((False, source[position:start]))
        raw = _RAW_START.match(source, start)
        if raw is not None:
            ending = _RAW_END.search(source, raw.end())
            end = ending.end() if ending else len(source)
        else:
            end = _tag_end(source, start)
        pieces.append((True, source[start:end]))
        position = end
    if position < len(source):
        pieces.append((False, source[position:]))
    return pieces


def _tag_end(source: str, start: int) -> int:
    closer = _OPENERS[source[start : start + 2]]
    if closer == "#}":
        end = source.find("#}", start + 2)
        return len(source) if end < 0 else end + 2
    i = start + 2
    while i < len(source):
        ch = source[i]
        if ch in "'\"":
            close = source.find(ch, i + 1)
            while close > 0 and source[close - 1] == "\\":
                close = source.find(ch, close + 1)
            if close < 0:
                return len(source)
            i = close + 1
            continue
        if source.startswith(closer, i):
            return i + 2
        i += 1
    return len(source)


def is_statement(tag: str) -> bool:
    """``{% … %}`` or ``{# … #}``: a tag that prints nothing by itself."""
    return tag.startswith(("{%", "{#"))


@dataclass
class Protected:
    """A document with its Jinja tags replaced; ``restore`` puts them back."""

    text: str
    tags: list[str]
    prefix: str

    def placeholder(self, index: int) -> str:
        return f"{self.prefix}{index}x"

    def add(self, tag: str) -> str:
        """Record ``tag``; its placeholder."""
        self.tags.append(tag)
        return self.placeholder(len(self.tags) - 1)

    def pattern(self, around: str = "") -> re.Pattern[str]:
        return re.compile(around.replace("@", re.escape(self.prefix) + r"(\d+)x"))

    def restore(self, converted: str, *, forms: tuple[str, ...] = ("@",)) -> tuple[str, int]:
        """Put the tags back in ``converted``; (result, how many placeholders were found).

        ``forms`` are regular expressions in which ``@`` stands for the placeholder: the
        longest forms (a placeholder wrapped in a comment, escaped, …) are tried first.
        """
        found = 0

        def put_back(match: re.Match[str]) -> str:
            nonlocal found
            index = next(int(g) for g in match.groups() if g is not None)
            if index >= len(self.tags):
                return match.group(0)
            found += 1
            return self.tags[index]

        alternatives = "|".join(f"(?:{f})" for f in forms)
        result = self.pattern(alternatives).sub(put_back, converted)
        return result, found


def protect(source: str) -> Protected:
    """Replace every Jinja tag by a bare placeholder (letters and digits)."""
    protected = new_protected(source)
    out: list[str] = []
    for is_tag, piece in split_tags(source):
        out.append(protected.add(piece) if is_tag else piece)
    protected.text = "".join(out)
    return protected


def new_protected(source: str) -> Protected:
    """An empty ``Protected`` whose placeholder prefix does not occur in ``source``."""
    prefix = "zqj"
    while prefix in source.lower():
        prefix = "zq" + secrets.token_hex(3).replace("x", "y") + "j"
    return Protected("", [], prefix)


def has_tags(source: str) -> bool:
    return _NEXT_OPENER.search(source) is not None
