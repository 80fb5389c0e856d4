"""What a marketer wants to know about a caught message, from its raw bytes.

Pure functions (no Qt, no database) so the Test inbox page, ``inbox show --json`` and
tests read the same verdicts: List-Unsubscribe and RFC 8058 one-click present, the
HTML's size against Gmail's clipping (Gmail cuts messages whose HTML passes about
102 KB and hides the rest, unsubscribe link included), a plain-text part present,
and every link the message carries.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from typing import Any

GMAIL_CLIP_BYTES = 102 * 1024
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TEXT_URL = re.compile(r"""https?://[^\s<>"'()\[\]]+""", re.IGNORECASE)


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


def _header(message: Message, name: str) -> str:
    """A header as text; a malformed one is shown raw rather than failing the viewer."""
    try:
        return str(message.get(name, "") or "")
    except Exception:
        return str(message.get_all(name, [""])[0])


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
    visible_unsubscribe = any("unsub" in link.lower() for link in links) or (
        "unsubscribe" in (html or text or "").lower()
    )
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
    headers = []
    for name, value in message.raw_items():
        try:
            headers.append((name, str(message.policy.header_fetch_parse(name, value))))
        except Exception:
            headers.append((name, str(value)))
    return MessageReport(
        subject=_header(message, "Subject"), sender=_header(message, "From"),
        to=_header(message, "To"), headers=headers, html=html, text=text, size=len(raw),
        html_size=html_size, links=links, list_unsubscribe=unsubscribe, one_click=one_click,
        clipped_by_gmail=clipped, checks=checks, inline_images=inline_images(message),
    )  # fmt: skip
