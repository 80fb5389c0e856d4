"""What a marketer wants to know about a caught message, from its raw bytes."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

GMAIL_CLIP_BYTES = 102 * 1024
_LINK = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass
class MessageReport:
    subject: str
    sender: str
    to: str
    headers: list[tuple[str, str]]
    html: str | None
    text: str | None
    size: int
    links: list[str] = field(default_factory=list)
    checks: list[tuple[bool, str]] = field(default_factory=list)


def analyse(raw: bytes) -> MessageReport:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    html_part = message.get_body(("html",))
    text_part = message.get_body(("plain",))
    html = html_part.get_content() if html_part is not None else None
    text = text_part.get_content() if text_part is not None else None
    links = list(dict.fromkeys(_LINK.findall(html or "")))
    unsubscribe = str(message.get("List-Unsubscribe", "") or "")
    one_click = str(message.get("List-Unsubscribe-Post", "") or "")
    checks = [
        (bool(unsubscribe), "List-Unsubscribe header present" if unsubscribe else "No List-Unsubscribe header"),
        ("One-Click" in one_click and "https://" in unsubscribe,
         "One-click unsubscribe (RFC 8058)" if "One-Click" in one_click else "No one-click unsubscribe"),
        (len(raw) <= GMAIL_CLIP_BYTES,
         f"{len(raw) / 1024:.0f} KB, under Gmail's 102 KB clipping" if len(raw) <= GMAIL_CLIP_BYTES
         else f"{len(raw) / 1024:.0f} KB: Gmail clips it (over 102 KB)"),
        (text is not None, "Has a plain-text part" if text is not None else "No plain-text part"),
        (any("unsubscribe" in link.lower() or "unsub" in link.lower() for link in links) or "unsubscribe" in (html or "").lower(),
         "Visible unsubscribe link" if "unsubscribe" in (html or "").lower() else "No visible unsubscribe link"),
    ]  # fmt: skip
    headers = [(k, str(v)) for k, v in message.items()]
    return MessageReport(
        subject=str(message.get("Subject", "") or ""), sender=str(message.get("From", "") or ""),
        to=str(message.get("To", "") or ""), headers=headers, html=html, text=text, size=len(raw),
        links=links, checks=checks,
    )  # fmt: skip
