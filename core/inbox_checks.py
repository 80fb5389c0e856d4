"""What a marketer wants to know about a caught message, from its raw bytes.

Pure functions (no Qt, no database) so the Test inbox page, ``inbox show --json`` and
tests read the same verdicts: List-Unsubscribe and RFC 8058 one-click present, the
HTML's size against Gmail's clipping (Gmail cuts messages whose HTML passes about
102 KB and hides the rest, unsubscribe link included), a plain-text part present,
and every link the message carries.
"""

from __future__ import annotations

import email
import html as html_module
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from typing import Any

GMAIL_CLIP_BYTES = 102 * 1024
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TEXT_URL = re.compile(r"""https?://[^\s<>"'()\[\]]+""", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ANGLED = re.compile(r"<([^<>]+)>")

# How an unsubscribe link reads in the languages campaigns are most often written in,
# without accents and case-folded (see ``_fold``): en, it, fr, de, es, pt, nl. A link
# whose text or address says one of these, or that points where List-Unsubscribe does,
# is the visible unsubscribe link Gmail and Yahoo require next to the header.
UNSUBSCRIBE_WORDS = (
    # en
    "unsubscribe", "opt out", "opt-out", "optout", "manage your subscription",
    "email preferences", "stop receiving",
    # it
    "disiscriv", "disiscrizione", "annulla l'iscrizione", "annullare l'iscrizione",
    "cancella l'iscrizione", "cancellati", "cancellarti", "non ricevere piu",
    # fr
    "desinscri", "desabonne", "desabonnement", "ne plus recevoir",
    # de
    "abmelden", "abmeldung", "abbestellen", "austragen", "newsletter kundigen",
    # es
    "darse de baja", "darte de baja", "dar de baja", "date de baja", "de baja",
    "cancelar suscripcion", "anular suscripcion", "desuscrib", "desinscrib",
    # pt
    "descadastr", "cancelar inscricao", "cancelar subscricao", "cancelar a inscricao",
    "cancelar a subscricao", "anular subscricao", "deixar de receber",
    # nl
    "afmelden", "uitschrijven", "uitschrijving", "abonnement opzeggen",
)  # fmt: skip
# The same, as they appear in link addresses (…/unsubscribe, …/afmelden?id=…).
UNSUBSCRIBE_URL_PARTS = (
    "unsub", "optout", "opt-out", "opt_out", "disiscri", "desinscri", "desabon",
    "abmeld", "abbestell", "baja", "desuscri", "descadastr", "afmeld", "uitschrijv",
)  # fmt: skip


def _fold(text: str) -> str:
    """Lower case without accents: "Se Désinscrire" → "se desinscrire"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().replace("\u2019", "'").split())


def says_unsubscribe(text: str) -> bool:
    folded = _fold(text)
    return any(word in folded for word in UNSUBSCRIBE_WORDS)


def _url_says_unsubscribe(url: str) -> bool:
    folded = _fold(url)
    return any(part in folded for part in UNSUBSCRIBE_URL_PARTS)


def list_unsubscribe_targets(header: str) -> set[str]:
    """The ``<...>`` addresses of a List-Unsubscribe header (https: and mailto:)."""
    return {target.strip() for target in _ANGLED.findall(header) if target.strip()}


def has_visible_unsubscribe(html: str | None, text: str | None, list_unsubscribe: str) -> bool:
    """Whether the body offers a way out a person can see, in any of the usual languages."""
    targets = list_unsubscribe_targets(list_unsubscribe)
    for match in _ANCHOR.finditer(html or ""):
        attributes, inner = match.groups()
        href = _HREF.search(attributes)
        url = (
            html_module.unescape(next(g for g in href.groups() if g is not None)).strip()
            if href
            else ""
        )
        label = html_module.unescape(_TAG.sub(" ", inner))
        if url and (url in targets or _url_says_unsubscribe(url)):
            return True
        if says_unsubscribe(label):
            return True
    if html is not None:
        visible = html_module.unescape(_TAG.sub(" ", html))
        if says_unsubscribe(visible):
            return True
    for url in _TEXT_URL.findall(text or ""):
        url = url.rstrip(".,;:!?")
        if url in targets or _url_says_unsubscribe(url):
            return True
    return html is None and says_unsubscribe(text or "")


@dataclass
class MessageReport:
    subject: str
    sender: str
    to: str
    headers: list[tuple[str, str]]
    html: str | None
    text: str | None
    size: int
    html_size: int = 0
    links: list[str] = field(default_factory=list)
    list_unsubscribe: str = ""
    one_click: bool = False
    clipped_by_gmail: bool = False
    # (passed, what a person reads), in a stable order for the checks panel.
    checks: list[tuple[bool, str]] = field(default_factory=list)
    # Content-ID (without <>) -> image bytes, so the viewer can show embedded images.
    inline_images: dict[str, bytes] = field(default_factory=dict)

    @property
    def has_text(self) -> bool:
        return bool(self.text and self.text.strip())

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject, "from": self.sender, "to": self.to,
            "headers": [[k, v] for k, v in self.headers], "html": self.html, "text": self.text,
            "size": self.size, "html_size": self.html_size, "links": self.links,
            "list_unsubscribe": self.list_unsubscribe, "one_click": self.one_click,
            "clipped_by_gmail": self.clipped_by_gmail, "has_text": self.has_text,
            "checks": [{"ok": ok, "text": text} for ok, text in self.checks],
        }  # fmt: skip


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t]+(?==\?[^?\s]+\?[bBqQ]\?)")


def _decode_word(match: re.Match[str]) -> str:
    try:
        ((payload, charset),) = decode_header(match.group(0))
    except Exception:  # a broken word: show it as it came
        return match.group(0)
    if isinstance(payload, str):
        return payload
    try:
        return payload.decode(charset or "ascii", "replace")
    except LookupError:
        return payload.decode("utf-8", "replace")


def decode_header_text(raw: str) -> str:
    """A raw header value as a person reads it: unfolded, RFC 2047 words decoded.

    The email package's address parser puts a space between adjacent encoded words of a
    display name ("Hohenzo llern"), and ``make_header`` one between an encoded word and
    the text after it ("zoë @example.com"); RFC 2047 says only the whitespace *between*
    encoded words is dropped, which is what mail clients show and what this does.
    """
    if not raw.isascii():  # raw 8-bit (SMTPUTF8) headers come surrogate-escaped
        raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", raw).strip()
    return _ENCODED_WORD.sub(_decode_word, _BETWEEN_WORDS.sub(r"\1", unfolded))


def _header(message: Message, name: str) -> str:
    """The first ``name`` header, decoded from its raw text (never fails the viewer)."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return decode_header_text(str(value))
    return ""


def _content(part: Message | None) -> str | None:
    """A text part decoded; an unknown or lying charset degrades to replacement marks."""
    if part is None:
        return None
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except Exception:
        pass  # fall back to a lenient decode below
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:
        return payload.decode("utf-8", "replace")


def _body(message: Message, subtype: str) -> Message | None:
    if isinstance(message, EmailMessage):
        try:
            return message.get_body((subtype,))
        except Exception:
            return None
    return None


def links_in(html: str | None, text: str | None) -> list[str]:
    """Every distinct link, HTML hrefs first (in document order), then bare URLs in the text."""
    found: list[str] = []
    for match in _HREF.finditer(html or ""):
        found.append(next(g for g in match.groups() if g is not None).strip())
    found.extend(url.rstrip(".,;:!?") for url in _TEXT_URL.findall(text or ""))
    return [link for link in dict.fromkeys(found) if link]


def inline_images(message: Message) -> dict[str, bytes]:
    """Images a ``cid:`` link may point at (logos embedded in the message)."""
    found: dict[str, bytes] = {}
    for part in message.walk():
        content_id = _header(part, "Content-ID").strip().strip("<>")
        if content_id and part.get_content_maintype() == "image":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                found[content_id] = payload
    return found


def analyse(raw: bytes) -> MessageReport:
    message = email.message_from_bytes(raw, policy=policy.default)
    html = _content(_body(message, "html"))
    text = _content(_body(message, "plain"))
    links = links_in(html, text)
    unsubscribe = _header(message, "List-Unsubscribe")
    one_click = (
        "list-unsubscribe=one-click" in _header(message, "List-Unsubscribe-Post").lower()
        and "https://" in unsubscribe.lower()
    )
    html_size = len(html.encode("utf-8")) if html is not None else 0
    measured = html_size if html is not None else len(raw)
    clipped = measured > GMAIL_CLIP_BYTES
    what = "HTML" if html is not None else "Message"
    has_text = bool(text and text.strip())
    visible_unsubscribe = has_visible_unsubscribe(html, text, unsubscribe)
    checks = [
        (bool(unsubscribe),
         "List-Unsubscribe header present" if unsubscribe else "No List-Unsubscribe header"),
        (one_click,
         "One-click unsubscribe (List-Unsubscribe-Post, RFC 8058)" if one_click
         else "No one-click unsubscribe (needs List-Unsubscribe-Post and an https link)"),
        (not clipped,
         f"{what} is {measured / 1024:.1f} KB: Gmail clips it (limit 102 KB)" if clipped
         else f"{what} is {measured / 1024:.1f} KB, under Gmail's 102 KB clipping"),
        (has_text, "Has a plain-text part" if has_text else "No plain-text part"),
        (visible_unsubscribe,
         "Unsubscribe link in the body" if visible_unsubscribe else "No unsubscribe link in the body"),
    ]  # fmt: skip
    headers = [(name, decode_header_text(str(value))) for name, value in message.raw_items()]
    return MessageReport(
        subject=_header(message, "Subject"), sender=_header(message, "From"),
        to=_header(message, "To"), headers=headers, html=html, text=text, size=len(raw),
        html_size=html_size, links=links, list_unsubscribe=unsubscribe, one_click=one_click,
        clipped_by_gmail=clipped, checks=checks, inline_images=inline_images(message),
    )  # fmt: skip
