"""Sentences from the Qt-free core (errors, pre-flight warnings, inbox checks) in the
window's language.

core/ never imports Qt, so it writes English. The window shows its sentences through
``translated``: each known sentence is listed below as an English pattern (``%1``… for
the parts that vary: names, numbers, addresses), extracted by lupdate like any other
string, and matched at run time; the Italian pattern is filled with the same parts. A
sentence nobody listed is shown as written (English), never garbled.
"""

from __future__ import annotations

import re
from functools import lru_cache

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

_PLACE = re.compile(r"%(\d)")


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    compiled = []
    for entry in PATTERNS:
        pattern = str(entry)  # QT_TRANSLATE_NOOP hands back the text it marks
        parts = _PLACE.split(pattern)
        regex = "".join(
            re.escape(piece) if i % 2 == 0 else f"(?P<p{piece}>.+?)"
            for i, piece in enumerate(parts)
        )
        compiled.append((re.compile(regex + r"\Z", re.DOTALL), pattern))
    return compiled


def translated(text: str) -> str:
    """``text`` in the window's language when it is a known core sentence (several
    sentences, bullets and lines are translated one by one)."""
    if not text or QCoreApplication.translate(CONTEXT, "Did you mean %1?") == "Did you mean %1?":
        return text  # English window (or no catalogue): nothing to do
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    stripped = line.lstrip("•✓✗⚠ ")
    lead = line[: len(line) - len(stripped)]
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z{])", stripped)
    return lead + " ".join(_sentence(s) for s in sentences)


def _sentence(sentence: str) -> str:
    for regex, pattern in _compiled():
        match = regex.match(sentence)
        if match is None:
            continue
        italian = QCoreApplication.translate(CONTEXT, pattern)
        values = {name[1:]: value for name, value in match.groupdict().items()}
        return _fill(italian, values)
    return sentence


def _fill(italian: str, values: dict[str, str]) -> str:
    return _PLACE.sub(lambda m: _translated_part(values.get(m.group(1), m.group(0))), italian)


def _translated_part(value: str) -> str:
    """A varying part that is itself a word the window translates (a template part)."""
    return QCoreApplication.translate(CONTEXT, value) if value in PARTS else value


PARTS = (  # the template parts core names in its sentences
    QT_TRANSLATE_NOOP("core", "subject"), QT_TRANSLATE_NOOP("core", "text"),
    QT_TRANSLATE_NOOP("core", "unsubscribe URL"), QT_TRANSLATE_NOOP("core", "attachment path"),
    QT_TRANSLATE_NOOP("core", "Message"),
)  # fmt: skip
