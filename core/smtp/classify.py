"""What an SMTP reply means for the message, the profile and the campaign.

RFC 5321 §4.2.1 and RFC 3463 give the general rule (4xx: try later, 5xx: give up;
5.1.x: the mailbox is bad), RELIABILITY.md adds what a bulk sender must do on top
(throttle on 421/454/4.7.x, pause the campaign on configuration errors, never resend
what may have been delivered), and ``PROVIDER_QUIRKS`` records where real providers
bend the rule. That table is plain data: edit it when a provider changes its wording.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)


class Step(StrEnum):
    CONNECT = "connect"
    GREETING = "greeting"
    EHLO = "ehlo"
    STARTTLS = "starttls"
    AUTH = "auth"
    MAIL = "mail"
    RCPT = "rcpt"
    DATA = "data"  # from the DATA command to the reply after the final dot


class Outcome(StrEnum):
    SENT = "sent"
    DEFERRED = "deferred"  # retry later with backoff
    FAILED = "failed"  # permanent for this recipient
    UNKNOWN = "unknown"  # may have been delivered: never resent automatically
    PAUSE = "pause"  # a configuration problem: pause the campaign, message untouched
    HELD = "held"  # this message cannot go through this relay as it is (e.g. too large)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    throttle: bool = False  # slow the whole profile down
    suppress: bool = False  # never send to this address again
    reconnect: bool = False  # the connection cannot be reused
    counts_as_failure: bool = False  # towards the campaign's consecutive-failure pause
    reason: str = ""


@dataclass(frozen=True)
class Quirk:
    provider: str
    code: int | None
    pattern: str  # case-insensitive regular expression on the reply text
    verdict: Verdict


PROVIDER_QUIRKS: tuple[Quirk, ...] = (
    Quirk("Mailtrap", 550, r"too many emails per second",
          Verdict(Outcome.DEFERRED, throttle=True, reason="Mailtrap rate limit")),
    Quirk("Mailtrap", 535, r"monthly limit|plan limit",
          Verdict(Outcome.PAUSE, reason="Mailtrap monthly sending limit reached")),
    Quirk("Amazon SES", 454, r"throttling failure|maximum sending rate",
          Verdict(Outcome.DEFERRED, throttle=True, reason="SES throttling")),
    Quirk("Amazon SES", 554, r"daily message quota exceeded",
          Verdict(Outcome.PAUSE, reason="SES daily quota reached")),
    Quirk("Gmail", 421, r"4\.7\.28|unusual rate|rate limit",
          Verdict(Outcome.DEFERRED, throttle=True, reconnect=True, reason="Gmail rate limit")),
    Quirk("Gmail", 421, r"^4\.7\.0\b",
          Verdict(Outcome.DEFERRED, throttle=True, reconnect=True,
                  reason="Gmail asks to try again later")),
    Quirk("Gmail", 454, r"4\.7\.0 too many login attempts",
          Verdict(Outcome.DEFERRED, throttle=True, reconnect=True,
                  reason="Gmail: too many login attempts")),
    Quirk("Gmail", 550, r"5\.4\.5 daily user sending limit|daily sending quota",
          Verdict(Outcome.PAUSE, reason="Gmail daily sending limit reached")),
)  # fmt: skip
# The user's own rows (``provider_quirks.json``), consulted before the built-in table;
# replaced as a whole by each ``install_user_quirks``, never added to.
_user_quirks: tuple[Quirk, ...] = ()

USER_QUIRKS_FILE = "provider_quirks.json"


def quirks_from_json(text: str) -> list[Quirk]:
    """Rows of the quirks table written as JSON, e.g. ``[{"provider": "Acme", "code": 451,
    "pattern": "slow down", "outcome": "deferred", "throttle": true}]``."""
    rows = json.loads(text)
    if not isinstance(rows, list):
        raise TypeError("the quirks file must hold a JSON list")
    quirks = []
    for row in rows:
        re.compile(row["pattern"])  # a bad pattern fails here, not mid-campaign
        flags = {k: bool(row.get(k, False)) for k in ("throttle", "suppress", "reconnect")}
        verdict = Verdict(
            Outcome(row["outcome"]), **flags,
            counts_as_failure=row["outcome"] == Outcome.FAILED,
            reason=str(row.get("reason") or f"{row['provider']} rule"),
        )  # fmt: skip
        code = row.get("code")
        quirks.append(
            Quirk(str(row["provider"]), int(code) if code else None, row["pattern"], verdict)
        )
    return quirks


def install_user_quirks(folder: Path) -> int:
    """Use the user's own rows (``provider_quirks.json`` in the data folder) before the
    built-in table. Each call replaces what the last one installed (every run calls it:
    the file may have changed), so nothing piles up and ``PROVIDER_QUIRKS`` stays as shipped."""
    global _user_quirks
    path = folder / USER_QUIRKS_FILE
    extra: tuple[Quirk, ...] = ()
    if path.is_file():
        try:
            extra = tuple(quirks_from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError, re.error) as exc:
            log.warning("ignoring %s: %s", path, exc)
    _user_quirks = extra
    return len(extra)


def active_quirks() -> tuple[Quirk, ...]:
    """The rows ``classify_reply`` consults, the user's first."""
    return _user_quirks + PROVIDER_QUIRKS


_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")


def enhanced_code(text: str) -> str | None:
    """The RFC 3463 code at the start of a reply text, e.g. ``5.1.1``."""
    match = _ENHANCED.match(text or "")
    return ".".join(match.groups()) if match else None


def _quirk(code: int, text: str) -> Verdict | None:
    for quirk in (*_user_quirks, *PROVIDER_QUIRKS):
        if (quirk.code is None or quirk.code == code) and re.search(
            quirk.pattern, text or "", re.IGNORECASE
        ):
            return quirk.verdict
    return None


def classify_reply(step: Step, code: int, text: str) -> Verdict:
    """Classify a reply the relay actually sent (code and text)."""
    quirk = _quirk(code, text)
    if quirk is not None:
        return quirk
    enhanced = enhanced_code(text) or ""
    if not 200 <= code < 600:
        # Not an SMTP reply code at all: a broken relay or line; transient.
        return Verdict(Outcome.DEFERRED, reconnect=True, reason="unexpected reply")
    if 200 <= code < 300:
        return Verdict(Outcome.SENT)
    if step in (Step.CONNECT, Step.GREETING, Step.EHLO) and code >= 500:
        return Verdict(Outcome.PAUSE, reconnect=True, reason=f"the relay refuses us ({code})")
    if step == Step.AUTH:
        if code == 535 or code >= 500:
            return Verdict(Outcome.PAUSE, reconnect=True, reason="authentication refused")
        return Verdict(Outcome.DEFERRED, reconnect=True, reason="authentication failed for now")
    if step == Step.STARTTLS:
        return Verdict(Outcome.PAUSE, reconnect=True, reason="STARTTLS refused")
    if code == 421 or code == 454 or enhanced.startswith("4.7."):
        return Verdict(
            Outcome.DEFERRED, throttle=True, reconnect=code == 421, reason="rate or policy limit"
        )
    if 400 <= code < 500:
        return Verdict(Outcome.DEFERRED, reason="temporary failure")
    if (step == Step.MAIL and code == 552) or enhanced == "5.3.4":
        # RFC 1870: the declared SIZE is above the relay's limit. Not the recipient's fault
        # and no retry helps: the message waits, held, for the user to make it smaller.
        return Verdict(Outcome.HELD, reason="the message is larger than the relay accepts")
    if step == Step.MAIL and code >= 500:
        return Verdict(Outcome.PAUSE, reason="the relay refuses the sender address")
    if code >= 500:
        suppress = step == Step.RCPT and enhanced.startswith("5.1.")
        return Verdict(
            Outcome.FAILED, suppress=suppress, counts_as_failure=True, reason="permanent failure"
        )
    # 3xx where a final reply was due: the relay is out of step with us.
    return Verdict(Outcome.DEFERRED, reconnect=True, reason="unexpected reply")


def classify_connection_problem(
    step: Step, *, timeout: bool, garbled: bool = False, body_sent: bool = True
) -> Verdict:
    """No usable reply: refused, dropped, timed out, or a line that is not an SMTP reply.

    Once the message's content is on the wire (``body_sent``, at the DATA step) the
    relay may have it, whatever came back: ``unknown``, never resent on our own (RFC
    1047), a garbled reply to the final dot included. Before that nothing can have been
    delivered: ``deferred``, on a new connection.
    """
    if step == Step.DATA and body_sent:
        what = "a reply that is not SMTP" if garbled else "timed out" if timeout else "dropped"
        if garbled:
            reason = f"{what} came after the message was sent (it may have arrived)"
        else:
            reason = f"connection {what} after the message was sent"
        return Verdict(Outcome.UNKNOWN, reconnect=True, reason=reason)
    if garbled:
        return Verdict(Outcome.DEFERRED, reconnect=True, reason="the relay's reply was not SMTP")
    return Verdict(Outcome.DEFERRED, reconnect=True, reason="connection problem")
