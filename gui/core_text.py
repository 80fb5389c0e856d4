"""Sentences from the Qt-free core (errors, pause reasons, relay replies, pre-flight
problems, audience and team mistakes, inbox checks) in the window's language.

core/ never imports Qt, so it writes English. The window shows its sentences through
``translated``. The sentences are found in core's own source (``core_sentences``, by
``ast``: every string core can say, f-string values as ``%1``…) and written to
gui/core_sentences.py by ``python -m gui.i18n``, then extracted by lupdate like any other
string; a few sentences core composes at run time are listed below by hand. At run time
a sentence is matched against those patterns, and the Italian pattern is filled with the
same parts (themselves translated when they are core's words, such as the classified
reason inside a pause reason). A sentence nobody listed is shown as written (English),
never garbled; tests/gui/test_i18n.py fails when core says something new without Italian.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "core"

PATTERNS = (
    # Template editor and pre-flight
    QT_TRANSLATE_NOOP("core", "The subject is empty."),
    QT_TRANSLATE_NOOP("core", 'No visible unsubscribe link: add <a href="{{ unsubscribe_url }}">Unsubscribe</a>.'),
    QT_TRANSLATE_NOOP("core", "No text part: one is made from the %1 (see the Text tab)."),
    QT_TRANSLATE_NOOP("core", "No text part: one is derived from the HTML (see the Text tab)."),
    QT_TRANSLATE_NOOP("core", "The message is %1 KB; Gmail clips messages over 102 KB."),
    QT_TRANSLATE_NOOP("core", "The HTML is %1 KB with its styles inlined; Gmail clips messages whose HTML is over 102 KB."),
    QT_TRANSLATE_NOOP("core", "%1 in the %2 is not defined for %3."),
    QT_TRANSLATE_NOOP("core", "%1 in the %2 is not defined."),
    QT_TRANSLATE_NOOP("core", "At %1: %2 — %3."),
    QT_TRANSLATE_NOOP("core", "%1 on %2:%3"),  # a team database: its name, host and port  # a relay's pause: the step, its reply, why
    QT_TRANSLATE_NOOP("core", "The %1 fails to render for %2: %3."),
    QT_TRANSLATE_NOOP("core", "The %1 grows beyond %2 MB for %3."),
    QT_TRANSLATE_NOOP("core", "The %1 was stopped by the template sandbox for %2: %3."),
    QT_TRANSLATE_NOOP("core", "Did you mean %1?"),
    QT_TRANSLATE_NOOP("core", "Use one of the list's columns, or give it a default: %1."),
    QT_TRANSLATE_NOOP("core", "Line %1 of the %2: %3."),
    QT_TRANSLATE_NOOP("core", "Check the {{ }} and {% %} tags on that line."),
    QT_TRANSLATE_NOOP("core", "The image %1 does not exist (looked for %2)."),
    QT_TRANSLATE_NOOP("core", "Put the file there or correct its name in the template."),
    QT_TRANSLATE_NOOP("core", "The image %1 is %2 MB and goes in every message: make it smaller (under 200 KB is usual for mail)."),
    QT_TRANSLATE_NOOP("core", "The attachment %1 does not exist."),
    QT_TRANSLATE_NOOP("core", "No text part was written; Staffetta derives one from the %1."),
    QT_TRANSLATE_NOOP("core", "Check it in the preview."),  # (sentences are matched one by one)
    QT_TRANSLATE_NOOP("core", "No unsubscribe URL is set, so one-click unsubscribe (RFC 8058) is off; bulk mail to Gmail and Yahoo needs it."),
    QT_TRANSLATE_NOOP("core", "%1 message(s) have no visible unsubscribe link: add <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> (Gmail and Yahoo require one)."),
    QT_TRANSLATE_NOOP("core", "%1 recipient(s) would get an empty subject."),
    QT_TRANSLATE_NOOP("core", "Nobody in this audience can receive the campaign."),
    QT_TRANSLATE_NOOP("core", "Nobody on this list can receive the campaign."),
    QT_TRANSLATE_NOOP("core", "The largest message's HTML is %1 KB with its styles inlined; Gmail clips messages whose HTML is over 102 KB."),
    # Test inbox checks
    QT_TRANSLATE_NOOP("core", "List-Unsubscribe header present"),
    QT_TRANSLATE_NOOP("core", "No List-Unsubscribe header"),
    QT_TRANSLATE_NOOP("core", "One-click unsubscribe (List-Unsubscribe-Post, RFC 8058)"),
    QT_TRANSLATE_NOOP("core", "No one-click unsubscribe (needs List-Unsubscribe-Post and an https link)"),
    QT_TRANSLATE_NOOP("core", "%1 is %2 KB: Gmail clips it (limit 102 KB)"),
    QT_TRANSLATE_NOOP("core", "%1 is %2 KB, under Gmail's 102 KB clipping"),
    QT_TRANSLATE_NOOP("core", "Has a plain-text part"),
    QT_TRANSLATE_NOOP("core", "No plain-text part"),
    QT_TRANSLATE_NOOP("core", "Unsubscribe link in the body"),
    QT_TRANSLATE_NOOP("core", "No unsubscribe link in the body"),
    # Common errors
    QT_TRANSLATE_NOOP("core", "The template needs a name."),
    QT_TRANSLATE_NOOP("core", "The template has no body."),
    QT_TRANSLATE_NOOP("core", "Write some Markdown, HTML or text."),
    QT_TRANSLATE_NOOP("core", "A template named %1 already exists."),
    QT_TRANSLATE_NOOP("core", "Another template is already named %1."),
    QT_TRANSLATE_NOOP("core", "Choose a different name; nothing was saved."),
    QT_TRANSLATE_NOOP("core", "Choose another name."),
    QT_TRANSLATE_NOOP("core", "The campaign needs a name."),
    QT_TRANSLATE_NOOP("core", "The unsubscribe URL must start with https://."),
    QT_TRANSLATE_NOOP("core", "The sender %1 has no valid address."),
    QT_TRANSLATE_NOOP("core", 'Write it as "Your Name <you@example.com>".'),
    QT_TRANSLATE_NOOP("core", "Fix the template (or the contacts) and start again."),
    # A full disk (core.db.disk_full_problem; the window writes its own hint)
    QT_TRANSLATE_NOOP("core", "The disk is full: there is no room left for the database in %1."),
    # SMTP profiles: checking the form, testing the connection
    QT_TRANSLATE_NOOP("core", "Connected to %1 over TLS, logged in as %2."),
    QT_TRANSLATE_NOOP("core", "Connected to %1 with STARTTLS, logged in as %2."),
    QT_TRANSLATE_NOOP("core", "Connected to %1 without TLS, logged in as %2."),
    QT_TRANSLATE_NOOP("core", "Connected to %1 over TLS."),
    QT_TRANSLATE_NOOP("core", "Connected to %1 with STARTTLS."),
    QT_TRANSLATE_NOOP("core", "Connected to %1 without TLS (local test relay)."),
    QT_TRANSLATE_NOOP("core", "Connected to %1 without TLS."),
    QT_TRANSLATE_NOOP("core", "Ready to send."),
    QT_TRANSLATE_NOOP("core", "%1 refused the login: %2."),
    QT_TRANSLATE_NOOP("core", "Check the username and password of the SMTP profile."),
    QT_TRANSLATE_NOOP("core", "Check the profile's host, port and security settings."),
    QT_TRANSLATE_NOOP("core", "Cannot reach %1: %2."),
    QT_TRANSLATE_NOOP("core", "Check the host and port, and that you are online."),
    QT_TRANSLATE_NOOP("core", "The SMTP host is empty."),
    QT_TRANSLATE_NOOP("core", "For example smtp.example.com."),
    QT_TRANSLATE_NOOP("core", "Port %1 is not a valid port."),
    QT_TRANSLATE_NOOP("core", "Use 1 to 65535."),
    QT_TRANSLATE_NOOP("core", "Sending to %1 without TLS would expose your mail and password."),
    QT_TRANSLATE_NOOP("core", "Use --security starttls or tls (only a relay on this computer may go without)."),
    QT_TRANSLATE_NOOP("core", "The profile needs a name."),
    QT_TRANSLATE_NOOP("core", "An SMTP profile named %1 already exists."),
    QT_TRANSLATE_NOOP("core", "No password is stored for the SMTP profile %1."),
    QT_TRANSLATE_NOOP("core", "Set the environment variable %1 or enter the password in Settings."),
    QT_TRANSLATE_NOOP("core", "The CA certificate file %1 does not exist."),
    QT_TRANSLATE_NOOP("core", "Choose the PEM file your relay's administrator gave you."),
    QT_TRANSLATE_NOOP("core", "%1 holds no PEM certificate Staffetta can use (%2)."),
    QT_TRANSLATE_NOOP("core", "It must be a PEM file (text starting with -----BEGIN CERTIFICATE-----)."),
    QT_TRANSLATE_NOOP("core", "The longest retry delay must be ≥ the first."),
    # Importing contacts: the file, and why an address was rejected (email-validator's words)
    QT_TRANSLATE_NOOP("core", "The file %1 does not exist."),
    QT_TRANSLATE_NOOP("core", "Check the path."),
    QT_TRANSLATE_NOOP("core", "%1 is a folder, not a CSV file."),
    QT_TRANSLATE_NOOP("core", "Cannot read %1: %2."),
    QT_TRANSLATE_NOOP("core", "%1 is not a text/CSV file: it looks like %2."),
    QT_TRANSLATE_NOOP("core", "Save your contacts as CSV from your spreadsheet (File → Save As → CSV) and import that."),
    QT_TRANSLATE_NOOP("core", "Export your contacts as CSV and import that."),
    QT_TRANSLATE_NOOP("core", "%1 is empty."),
    QT_TRANSLATE_NOOP("core", "%1 has no rows."),
    QT_TRANSLATE_NOOP("core", "Choose a CSV file with contacts."),
    QT_TRANSLATE_NOOP("core", "%1 is not valid %2 text after line %3 (%4 contacts were stored before it)."),
    QT_TRANSLATE_NOOP("core", "Import it again choosing the right encoding (from Excel on Windows: cp1252); contacts already stored are updated, not duplicated."),
    QT_TRANSLATE_NOOP("core", "%1 is not valid %2 text (%3)."),
    QT_TRANSLATE_NOOP("core", "Choose the right encoding (for files from Excel on Windows: cp1252)."),
    QT_TRANSLATE_NOOP("core", "The email address is empty."),
    QT_TRANSLATE_NOOP("core", "An email address must have an @-sign."),
    QT_TRANSLATE_NOOP("core", "The part after the @-sign contains invalid characters: %1."),
    QT_TRANSLATE_NOOP("core", "The part after the @-sign is not valid."),
    QT_TRANSLATE_NOOP("core", "It should have a period."),
    QT_TRANSLATE_NOOP("core", "The email address contains invalid characters before the @-sign: %1."),
    QT_TRANSLATE_NOOP("core", "An email address cannot have a hyphen immediately after the @-sign."),
    QT_TRANSLATE_NOOP("core", "An email address cannot have two periods in a row."),
    QT_TRANSLATE_NOOP("core", "An email address cannot start with a period."),
    QT_TRANSLATE_NOOP("core", "An email address cannot end with a period."),
    QT_TRANSLATE_NOOP("core", "An email address cannot have a period immediately after the @-sign."),
    QT_TRANSLATE_NOOP("core", "The part after the @-sign is a special-use or reserved name that cannot be used with email."),
    QT_TRANSLATE_NOOP("core", "A bracketed IP address after the @-sign is not allowed here."),
    QT_TRANSLATE_NOOP("core", "After the @-sign, periods cannot be separated by so many characters (%1 characters too many)."),
)  # fmt: skip

_PLACE = re.compile(r"%(\d+)")


def patterns() -> tuple[str, ...]:
    """The listed sentences above and those found in core's source (gui/core_sentences.py,
    written by ``python -m gui.i18n``), longest first so the most specific wins."""
    from gui.core_sentences import SENTENCES

    return tuple(sorted({str(p) for p in (*PATTERNS, *SENTENCES)} - set(PARTS), key=len,
                        reverse=True))  # fmt: skip


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str, str]]:
    """(regex, English pattern, its longest literal piece: a quick test before the regex)."""
    compiled = []
    for pattern in patterns():
        parts = _PLACE.split(pattern)
        literals = [piece for i, piece in enumerate(parts) if i % 2 == 0]
        if sum(c.isalpha() for c in "".join(literals)) < 2:
            continue  # "%1 (%2)" would match anything
        regex = "".join(
            re.escape(piece) if i % 2 == 0 else f"(?P<p{piece}>.*?)"
            for i, piece in enumerate(parts)
        )
        compiled.append((re.compile(regex + r"\Z", re.DOTALL), pattern, max(literals, key=len)))
    return compiled


_WORD = re.compile(r"[A-Za-z]{2,}")


@lru_cache(maxsize=1)
def _by_word() -> tuple[dict[str, list[int]], list[int]]:
    """Each pattern under its longest word (lower case), so a sentence is tried only
    against the patterns whose word it holds; (that index, the patterns without a word)."""
    index: dict[str, list[int]] = {}
    wordless: list[int] = []
    for i, (_regex, pattern, _literal) in enumerate(_compiled()):
        pieces = _PLACE.split(pattern)[::2]  # the literal text between the places
        words = [  # whole words only: "available%2" may read "available (…)" or "availablex"
            m.group().lower() for n, piece in enumerate(pieces) for m in _WORD.finditer(piece)
            if (m.start() > 0 or n == 0) and (m.end() < len(piece) or n == len(pieces) - 1)
        ]
        if words:
            index.setdefault(max(words, key=len), []).append(i)
        else:
            wordless.append(i)
    return index, wordless


def _candidates(text: str) -> list[tuple[re.Pattern[str], str, str]]:
    index, wordless = _by_word()
    chosen = set(wordless)
    for word in {w.lower() for w in _WORD.findall(text)}:
        chosen.update(index.get(word, ()))
    compiled = _compiled()
    return [compiled[i] for i in sorted(chosen)]  # longest pattern first, as listed


def _italian_window() -> bool:
    return QCoreApplication.translate(CONTEXT, "Did you mean %1?") != "Did you mean %1?"


def translated(text: str) -> str:
    """``text`` in the window's language when it is made of known core sentences (several
    sentences, bullets and lines are translated one by one; a sentence nobody listed is
    left as written)."""
    if not text or not _italian_window():
        return text  # English window (or no catalogue): nothing to do
    return _translated(text)


@lru_cache(maxsize=65536)
def _translated(text: str) -> str:
    whole = _sentence(text) if "\n" in text else None  # a sentence written over lines
    return whole if whole is not None else "\n".join(_line(line) for line in text.split("\n"))



def _line(line: str) -> str:
    stripped = line.lstrip("•✓✗⚠ ")
    lead = line[: len(line) - len(stripped)]
    sentences = _SPLIT.split(stripped)
    out, i = [], 0
    while i < len(sentences):
        # one sentence, else the shortest run of them that a pattern matches (a relay's
        # reply inside a sentence may hold full stops of its own)
        for j in range(i + 1, len(sentences) + 1):
            said = _sentence(" ".join(sentences[i:j]))
            if said is not None:
                out.append(said)
                i = j
                break
        else:
            out.append(sentences[i])
            i += 1
    return lead + " ".join(out)


def _sentence(sentence: str, depth: int = 0) -> str | None:
    """The Italian of one sentence, None when no pattern matches it. The window may have
    capitalised a fragment or dropped its full stop: both are tried, and kept."""
    if not sentence.strip():
        return None
    tries = [(sentence, False, "")]
    first = sentence[:1]
    if first.isupper():
        tries.append((first.lower() + sentence[1:], True, ""))
    if sentence.endswith(".") and not sentence.endswith(".."):
        tries += [(t[:-1], lower, ".") for t, lower, _ in list(tries)]
    elif not sentence.endswith(("?", "!")):
        tries += [(t + ".", lower, "-") for t, lower, _ in list(tries)]
    candidates = _candidates(sentence)
    for text, lowered, dot in tries:
        for regex, pattern, literal in candidates:
            if literal not in text:
                continue
            match = regex.match(text)
            if match is None:
                continue
            italian = QCoreApplication.translate(CONTEXT, pattern)
            values = {name[1:]: value for name, value in match.groupdict().items()}
            said = _fill(italian, values, depth)
            if lowered:
                said = said[:1].upper() + said[1:]
            if dot == ".":
                said += "."
            elif dot == "-" and said.endswith("."):
                said = said[:-1]
            return said
    return None


def _fill(italian: str, values: dict[str, str], depth: int) -> str:
    return _PLACE.sub(lambda m: _translated_part(values.get(m.group(1), m.group(0)), depth),
                      italian)  # fmt: skip


def _translated_part(value: str, depth: int = 0) -> str:
    """A varying part that is itself core's words (a template part, a relay problem, the
    classified reason inside a pause): translated too."""
    if value in PARTS:
        return QCoreApplication.translate(CONTEXT, value)
    if depth >= 3 or not _WORDS.search(value):
        return value
    return _sentence(value, depth + 1) or value


PARTS = (  # the template parts core names in its sentences
    QT_TRANSLATE_NOOP("core", "subject"), QT_TRANSLATE_NOOP("core", "text"),
    QT_TRANSLATE_NOOP("core", "unsubscribe URL"), QT_TRANSLATE_NOOP("core", "attachment path"),
    QT_TRANSLATE_NOOP("core", "Message"),
)  # fmt: skip



# --- finding core's sentences (python -m gui.i18n writes gui/core_sentences.py) -------------

_SPLIT = re.compile(r"(?<=[.?!])(?<!e\.g\.)\s+(?=[A-Z{%“\"])")
_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]+")  # two words: a sentence, not a key or a code
_SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|WHEN|THEN|EXISTS|LIKE|GLOB|BETWEEN|"
                  r"IS NULL|IS NOT NULL|AND|OR|NOT|COALESCE|FROM|ALTER TABLE|PRAGMA|GROUP BY|"
                  r"ORDER BY|DOUBLE PRECISION|SET NULL|BEGIN IMMEDIATE|SHOW|CAST|RCPT TO|UID)\b|\bSET \w+ ="
                  r"|\bIN \(|\btrim\(|\\[.dws]|\(\?|\w\(\)|\w\|\w")  # SQL, regexes, code
_DATA = {"firstrun.py"}  # its strings are the sample's data in each language, not sentences
_NOT_SAID = {"debug", "info", "warning", "error", "exception", "critical"}  # log.<level>(…)
_MATCHERS = {"compile", "search", "match", "fullmatch", "sub", "findall", "split", "finditer"}
_BUILTIN_ERRORS = {"RuntimeError", "ValueError", "TypeError", "AssertionError", "KeyError",
                   "NotImplementedError", "OSError", "LookupError", "IndexError"}  # fmt: skip


def core_sentences(root: Path) -> list[str]:
    """Every sentence core/ can put in front of the user, as patterns (``%1``… where an
    f-string, a ``+`` or ``.format`` puts a value), split into sentences as ``translated``
    splits what it is shown: error messages and hints, pause reasons, the relay's
    classified replies, pre-flight problems, audience and team mistakes, and the
    fragments core builds them from. Found by reading core's source (``ast``), so a
    sentence added to core is found too: the test that every one has Italian then fails
    until it is translated. Left out: docstrings, log lines, bugs (built-in exceptions),
    SQL, regular expressions, strings only compared against, constant word lists (the
    unsubscribe words) and the CLI (which prints English)."""
    found: set[str] = set()
    for path in sorted((root / "core").rglob("*.py")):
        inside = path.relative_to(root / "core")
        if inside.parts[:1] == ("cli",) or inside.as_posix() in _DATA or "__pycache__" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip: set[int] = set()
        for node in ast.walk(tree):  # breadth first: a node's parents are marked before it
            _mark_unsaid(node, skip)
            if id(node) in skip or not isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                continue
            for text in _patterns(node):
                for sentence in _SPLIT.split(text.strip()):
                    sentence = sentence.strip()
                    if _WORDS.search(sentence) and not _SQL.search(sentence):
                        found.add(sentence)
    return sorted(found)


def _mark_unsaid(node: Any, skip: set[int]) -> None:
    def all_of(tree: ast.AST) -> None:
        skip.update(id(n) for n in ast.walk(tree))

    body = getattr(node, "body", None)
    if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and (
        body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    ):
        skip.add(id(body[0].value))  # a docstring
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(getattr(func, "value", None), "id", "")
        if (name in _NOT_SAID and "log" in owner) or name in _BUILTIN_ERRORS or (
            name in _MATCHERS and owner == "re"
        ):
            all_of(node)
        for keyword in node.keywords:
            if keyword.arg in ("help", "metavar"):
                all_of(keyword.value)
    elif isinstance(node, ast.Compare):
        for operand in (node.left, *node.comparators):
            all_of(operand)
    elif isinstance(node, ast.Dict):
        for key in node.keys:
            if key is not None:
                all_of(key)
    elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List, ast.Set)):
        if all(isinstance(t, ast.Name) and t.id.lstrip("_").isupper() for t in node.targets):
            for element in node.value.elts:  # a constant word list, not sentences
                if isinstance(element, ast.Constant):
                    skip.add(id(element))
    elif isinstance(node, ast.JoinedStr):
        for part in ast.walk(node):
            if part is not node:
                skip.add(id(part))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for side in (node.left, node.right):
            if isinstance(side, (ast.Constant, ast.JoinedStr, ast.BinOp)) and (
                isinstance(side, ast.BinOp) or _pattern(side, set()) is not None
            ):
                all_of(side)  # read as one pattern from the outermost +


def _pattern(node: Any, skip: set[int]) -> str | None:
    """The text of a string node with ``%1``… for what is filled in at run time."""
    texts = _patterns(node)
    return texts[0] if texts else None


def _patterns(node: Any) -> list[str]:
    """The texts of a string node with ``%1``… for what is filled in at run time; a value
    that is a choice between two strings (``{'s' if n != 1 else ''}``) gives one text for
    each, so "1 recipient" and "3 recipients" are each translated whole."""

    values: list[Any]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        values = [node]
    elif isinstance(node, ast.JoinedStr):
        values = list(node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        values = []
        stack: list[Any] = [node]
        while stack:  # flatten a + b + c, keeping the order
            part = stack.pop()
            if isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
                stack += [part.right, part.left]
            elif isinstance(part, ast.JoinedStr):
                values += part.values
            else:
                values.append(part)
        if not any(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
            return []
    else:
        return []
    choices: list[list[str]] = []
    count = 0
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            choices.append([value.value])
            continue
        inner = getattr(value, "value", None)
        if isinstance(value, ast.FormattedValue) and value.format_spec is None and isinstance(
            inner, ast.IfExp
        ):
            body, orelse = inner.body, inner.orelse
            if (isinstance(body, ast.Constant) and isinstance(body.value, str)
                    and isinstance(orelse, ast.Constant) and isinstance(orelse.value, str)):  # fmt: skip
                choices.append([body.value, orelse.value])
                continue
        count += 1
        choices.append([f"%{count}"])
    return ["".join(chosen) for chosen in product(*choices)]


SENTENCES_FILE = "gui/core_sentences.py"


def sentences_source(sentences: list[str]) -> str:
    """gui/core_sentences.py for ``sentences``: each marked for lupdate."""
    lines = [
        '"""Sentences core/ can show, found in its source by gui.core_text.core_sentences.',
        "",
        "Written by ``python -m gui.i18n``; do not edit (translate them in",
        'resources/i18n/staffetta_it.ts, context "core")."""',
        "",
        "from gui.i18n import QT_TRANSLATE_NOOP",
        "",
        "SENTENCES: tuple[str, ...] = (",
        *(f'    QT_TRANSLATE_NOOP("core", {_quoted(s)}),' for s in sentences),
        ")  # fmt: skip",
        "",
    ]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    """A double-quoted Python literal (lupdate reads only those)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_sentences(root: Path) -> int:
    """Write gui/core_sentences.py from core's source; returns how many sentences."""
    sentences = core_sentences(root)
    (root / SENTENCES_FILE).write_text(sentences_source(sentences), encoding="utf-8")
    return len(sentences)
