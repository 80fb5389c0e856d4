"""The ``@media`` rules a screen of a given width would apply, applied for a preview.

A mail's phone layout lives in ``@media (max-width: …)`` blocks kept in the head (they
cannot be inlined). The window's preview (Qt's rich text) ignores ``@media``, so the
"phone" preview would show the desktop layout squeezed. ``apply_media`` picks the
blocks whose query matches the width and inlines their rules over the already inlined
HTML, with the cascade a phone's mail client uses: a rule marked ``!important`` wins
over the element's ``style`` attribute, any other rule only fills what the attribute
leaves unset (which is why mail templates mark their phone rules ``!important``).

Queries understood: media types ``all`` and ``screen`` (with ``only``), ``min-width``,
``max-width`` and their ``-device-`` forms in ``px`` or ``em`` (16 px). A query with
anything else (``print``, ``not``, ``prefers-color-scheme``, ``orientation``) does not
match: the preview shows what a plain phone in light mode shows.
"""

from __future__ import annotations

import re

import css_inline

_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_MEDIA = re.compile(r"@media\b([^{]*)\{", re.IGNORECASE)
_FEATURE = re.compile(
    r"\(\s*(min|max)-(?:device-)?width\s*:\s*([\d.]+)\s*(px|em|rem)?\s*\)", re.IGNORECASE
)
EM_PX = 16


def media_rules(html: str, width: int) -> str:
    """The CSS inside the ``@media`` blocks of ``html``'s ``<style>``s that match ``width``."""
    found: list[str] = []
    for block in _STYLE.finditer(html):
        css = _COMMENT.sub("", block.group(1))
        for condition, body in _media_blocks(css):
            if query_matches(condition, width):
                found.append(body)
    return "\n".join(found)


def query_matches(condition: str, width: int) -> bool:
    """Whether a media query list (``only screen and (max-width: 620px), print``) matches
    a screen ``width`` CSS pixels wide."""
    return any(_one_query(query, width) for query in condition.split(","))


def apply_media(html: str, width: int) -> str:
    """``html`` with the rules of its matching ``@media`` blocks inlined (see the module
    docstring); unchanged when none matches or the HTML cannot be parsed."""
    rules = media_rules(html, width)
    if not rules.strip():
        return html
    # The <style>s are inlined again too (css-inline applies extra_css only then): their
    # plain rules are already in the style attributes, which win, so nothing changes.
    inliner = css_inline.CSSInliner(
        keep_style_tags=True, keep_at_rules=True, load_remote_stylesheets=False, extra_css=rules
    )
    try:
        return str(inliner.inline(html))
    except (css_inline.InlineError, ValueError):
        return html  # a preview never fails over a rule it cannot read


def _one_query(query: str, width: int) -> bool:
    text = query.strip().lower()
    if not text or text.startswith("not "):
        return False
    features = list(_FEATURE.finditer(text))
    rest = _FEATURE.sub(" ", text)
    words = [w for w in re.split(r"\s+", rest) if w and w != "and"]
    if words and words[0] == "only":
        words = words[1:]
    if words and words[0] in ("all", "screen"):
        words = words[1:]
    if words:  # another media type or a feature we do not model
        return False
    for feature in features:
        value = float(feature.group(2)) * (EM_PX if feature.group(3) in ("em", "rem") else 1)
        if feature.group(1) == "max" and width > value:
            return False
        if feature.group(1) == "min" and width < value:
            return False
    return True


def _media_blocks(css: str) -> list[tuple[str, str]]:
    """(condition, body) of each top-level ``@media`` block, braces matched."""
    blocks = []
    position = 0
    while (match := _MEDIA.search(css, position)) is not None:
        depth, i = 1, match.end()
        while i < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        blocks.append((match.group(1), css[match.end() : i - 1]))
        position = i
    return blocks
