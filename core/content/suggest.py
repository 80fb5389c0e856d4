""" "Did you mean {{ first_name }}?" for a variable that does not exist."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

from jinja2 import nodes
from jinja2.meta import find_undeclared_variables


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (case and ``_``/space differences included)."""
    return _closest(name, tuple(known))


@lru_cache(maxsize=1024)
def _closest(name: str, known: tuple[str, ...]) -> str | None:
    if not name:
        return None
    # Only names usable as {{ name }}: a raw header such as "First Name" is not one.
    folded: dict[str, str] = {}
    for k in known:
        if k.isidentifier() and not k.startswith("_"):
            current = folded.get(k.lower())
            if current is None or (k == k.lower() and current != current.lower()):
                folded[k.lower()] = k  # first_name rather than First_Name

    key = name.lower().replace(" ", "_")
    if key in folded and folded[key] != name:
        return folded[key]
    matches = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.7)
    return folded[matches[0]] if matches else None


def unknown_variables(tree: nodes.Template, known: Iterable[str]) -> list[tuple[str, str | None]]:
    """Variables a parsed template uses that are not in ``known``: (name, suggestion)."""
    known_set = set(known)
    missing = sorted(find_undeclared_variables(tree) - known_set)
    return [(name, did_you_mean(name, known_set)) for name in missing]


def replace_variable(source: str, wrong: str, right: str) -> str:
    """``source`` with the variable ``wrong`` renamed ``right`` inside Jinja tags only
    (``{{ frist_name }}`` → ``{{ first_name }}``; the word in plain text stays)."""
    from core.content.jinja_tags import split_tags

    name = re.compile(r"(?<![\w.'\"])" + re.escape(wrong) + r"(?![\w'\"])")
    return "".join(
        name.sub(right, piece) if is_tag and not piece.startswith("{#") else piece
        for is_tag, piece in split_tags(source)
    )
