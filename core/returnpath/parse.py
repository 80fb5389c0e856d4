"""What a returned mail says: a bounce, a complaint, an unsubscribe request, an auto-reply.

Pure functions of the mail's bytes, no database: ``read_returned_mail(raw)`` always
returns a ``ReturnedMail`` (a malformed mail is ``OTHER`` with a note, never an
exception). The order of the checks matters:

1. RFC 3464 DSNs (``multipart/report; report-type=delivery-status``): per recipient
   ``Action``, ``Status`` and ``Diagnostic-Code``; the original's Message-ID from the
   ``message/rfc822`` or ``text/rfc822-headers`` part.
2. RFC 5965 ARF complaints (``report-type=feedback-report``), as Yahoo's and
   Microsoft's feedback loops send them.
3. Auto-replies (RFC 3834 ``Auto-Submitted``, the ``X-Autoreply`` family, "Out of
   office" subjects) unless they come from a mailer daemon: DSNs carry
   ``Auto-Submitted: auto-replied`` too, and must not be taken for an absence notice.
4. Non-standard bounces (Exim, qmail/Yahoo, old Exchange...), only for mails that look
   like one (null sender, a daemon's address, a bounce subject, ``X-Failed-Recipients``):
   flufl.bounce's detectors find the recipients; a ``Message-ID:`` line in the copy of
   the original identifies the message.
5. Unsubscribe requests to the ``List-Unsubscribe`` mailto (subject "unsubscribe").

Hard or soft is decided from the enhanced status (RFC 3463): bad addresses (5.1.x),
disabled mailboxes (5.2.1) and unroutable domains are hard; full mailboxes (5.2.2),
policy or reputation refusals (5.7.x, which say nothing about the address) and every
4.x.x are soft.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.parser
import re
from dataclasses import dataclass, field
from email.message import Message
from email.utils import getaddresses, parseaddr
from enum import StrEnum

MAX_DIAGNOSTIC = 500


class ReturnKind(StrEnum):
    BOUNCE = "bounce"  # hard: the address does not work
    SOFT_BOUNCE = "soft_bounce"  # full mailbox, policy refusal, delayed
    COMPLAINT = "complaint"  # the recipient reported the message as spam (ARF)
    UNSUBSCRIBE = "unsubscribe"  # a request sent to the List-Unsubscribe mailto
    AUTO_REPLY = "auto_reply"  # out of office and the like: changes nothing
    OTHER = "other"  # anything else (replies, malformed mail): left alone


@dataclass
class Failure:
    """One recipient a bounce reports."""

    recipient: str | None  # lower-cased address, when the bounce names it
    status: str | None  # enhanced status code, e.g. "5.1.1"
    diagnostic: str
    hard: bool


@dataclass
class ReturnedMail:
    kind: ReturnKind
    mail_message_id: str | None = None
    subject: str = ""
    sender: str | None = None  # From: address, lower-cased
    # Addresses the mail was sent to (To, Cc, Delivered-To, X-Original-To, Envelope-To):
    # the VERP address of a bounce, the mailto address of an unsubscribe request.
    addressed_to: list[str] = field(default_factory=list)
    # Message-IDs of the original message, from the returned copy or In-Reply-To/References.
    original_ids: list[str] = field(default_factory=list)
    # Return-Path / envelope addresses found in the returned original (VERP in ARF reports).
    original_return_paths: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    feedback_type: str | None = None
    complained_recipient: str | None = None
    detector: str = ""  # dsn, arf, flufl, unsubscribe, auto-reply, ...
    note: str = ""  # why a mail is OTHER when it is malformed


_MSGID = re.compile(r"<[^<>\s]+@[^<>\s]+>")
_MSGID_LINE = re.compile(rb"^[ \t>]*Message-ID:[ \t]*(<[^<>\s]+@[^<>\s]+>)", re.I | re.M)
_RETURN_PATH_LINE = re.compile(rb"^[ \t>]*Return-Path:[ \t]*<([^<>\s]+@[^<>\s]+)>", re.I | re.M)
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_REPLY_CODE = re.compile(r"\b([245])\d\d\b")
_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|r|i|sv|vs|antw|tr)\s*(\[\d+\])?\s*:\s*)+", re.I)
_DAEMON_LOCALS = frozenset(
    {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon", "mdaemon"}
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status|failure|has failed|notification|report)|returned mail|"
    r"failure notice|mail delivery (failed|failure|system|subsystem)|non.?delivery|"
    r"could not be delivered|delivery problem|unzustellbar|mancato recapito|"
    r"non recapitabile|rapporto di mancato",
    re.I,
)
_AUTO_SUBJECT = re.compile(
    r"^(out of (the )?office|automatic reply|auto(matic)?[ -]?(reply|response|antwort)|"
    r"abwesenheit|fuori (sede|ufficio)|risposta automatica|absence|on vacation|away from)",
    re.I,
)
_SOFT_WORDS = re.compile(
    r"quota|mailbox (is )?full|over ?quota|insufficient|storage|try again|temporar|"
    r"spam|blocked|block ?list|blacklist|policy|reputation|rate|too many|greylist",
    re.I,
)
_UNSUBSCRIBE = re.compile(r"^\s*(unsubscribe|remove me|cancellami|disiscrivimi)\b", re.I)


def _decoded_header(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    if "=?" not in str(value):
        return " ".join(str(value).split())
    try:
        parts = email.header.decode_header(str(value))
        text = "".join(
            p.decode(c or "utf-8", "replace") if isinstance(p, bytes) else p for p, c in parts
        )
    except (LookupError, ValueError, TypeError, email.errors.HeaderParseError):
        text = str(value)
    return " ".join(text.split())


_SIMPLE_ADDRESS = re.compile(r"<\s*([^<>\s\"]+@[^<>\s\"]+)\s*>|^\s*([^<>\s\"(),;:]+@[^<>\s\"(),;:]+)")


def _address(value: str | None) -> str | None:
    """The address in a header value, lower-cased: a regex for the usual shapes (the email
    package's address parser took a third of the time spent on a bounce)."""
    if not value:
        return None
    match = _SIMPLE_ADDRESS.search(value) if "," not in value else None
    addr = (match.group(1) or match.group(2)) if match else parseaddr(value)[1]
    addr = addr.strip().strip("<>").lower()
    return addr if "@" in addr else None


def _addresses(message: Message, *names: str) -> list[str]:
    found: list[str] = []
    for name in names:
        for value in message.get_all(name, []):
            text = str(value)
            if "," in text or '"' in text:
                addrs = [a for _n, a in getaddresses([text])]
            else:
                addrs = [_address(text) or ""]
            for addr in addrs:
                addr = addr.strip().strip("<>").lower()
                if "@" in addr and addr not in found:
                    found.append(addr)
    return found


def _ids(text: str | None) -> list[str]:
    return _MSGID.findall(text or "")


def _payload_bytes(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    return raw.encode("utf-8", "replace") if isinstance(raw, str) else b""


def _text(part: Message) -> str:
    charset = part.get_content_charset() or "utf-8"
    data = _payload_bytes(part)
    try:
        return data.decode(charset, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:MAX_DIAGNOSTIC]


def is_hard(status: str | None, diagnostic: str = "") -> bool:
    """Whether a failed delivery says the address will never work (RFC 3463 codes)."""
    if status is None:
        match = _REPLY_CODE.search(diagnostic)
        return bool(match and match.group(1) == "5" and not _SOFT_WORDS.search(diagnostic))
    klass, subject, detail = status.split(".")
    if klass != "5":
        return False
    if subject == "1":  # addressing: bad mailbox, bad domain, moved
        return True
    if (subject, detail) in (("2", "1"), ("4", "4"), ("4", "1")):
        # disabled mailbox; no route to the domain; "access denied" for a recipient that
        # does not exist (Microsoft 365's directory-based edge blocking answers 5.4.1)
        return True
    if (subject, detail) == ("0", "0"):  # unspecified: many servers say "user unknown" so
        return not _SOFT_WORDS.search(diagnostic)
    return False


def _status_of(value: str | None, diagnostic: str) -> str | None:
    for text in (value or "", diagnostic):
        match = _STATUS.search(text)
        if match:
            return ".".join(match.groups())
    return None


_PARTS = "_staffetta_parts"


def _parts(message: Message) -> list[tuple[Message, str]]:
    """Every part with its content type, worked out once per mail (each check walks)."""
    cached: list[tuple[Message, str]] | None = getattr(message, _PARTS, None)
    if cached is None:
        cached = [(part, part.get_content_type()) for part in message.walk()]
        setattr(message, _PARTS, cached)
    return cached


def _original_headers(report: Message) -> list[Message]:
    """The returned original's headers: message/rfc822 parts and text/rfc822-headers."""
    found: list[Message] = []
    for part, ctype in _parts(report):
        if ctype in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                found.append(inner[0])
        elif ctype in ("text/rfc822-headers", "text/global-headers"):
            headers = email.parser.BytesHeaderParser().parsebytes(_payload_bytes(part))
            found.append(headers)
    return found


def _add_original(result: ReturnedMail, headers: Message) -> None:
    for mid in _ids(headers.get("Message-ID")):
        if mid not in result.original_ids:
            result.original_ids.append(mid)
    for addr in _addresses(headers, "Return-Path"):
        if addr not in result.original_return_paths:
            result.original_return_paths.append(addr)


def _read_dsn(message: Message, result: ReturnedMail) -> bool:
    status_part: Message | None = None
    for part, ctype in _parts(message):
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            status_part = part
            break
    if status_part is None:
        return False
    blocks = status_part.get_payload()
    if not isinstance(blocks, list):
        text = _payload_bytes(status_part)
        blocks = [
            email.parser.BytesHeaderParser().parsebytes(chunk.strip() + b"\n")
            for chunk in re.split(rb"\r?\n\r?\n", text)
            if chunk.strip()
        ]
    for block in blocks:  # the per-message block has no Action and is skipped
        if not isinstance(block, Message):
            continue
        action = (block.get("Action") or "").strip().lower()
        if action not in ("failed", "delayed"):
            continue  # delivered, relayed, expanded: not a bounce
        recipient = _address(_dsn_address(block.get("Final-Recipient"))) or _address(
            _dsn_address(block.get("Original-Recipient"))
        )
        diagnostic = _one_line(_dsn_address(block.get("Diagnostic-Code")) or "")
        status = _status_of(block.get("Status"), diagnostic)
        hard = action == "failed" and is_hard(status, diagnostic)
        if not diagnostic:
            diagnostic = f"{action}, status {status}" if status else action
        result.failures.append(Failure(recipient, status, diagnostic, hard))
    for headers in _original_headers(message):
        _add_original(result, headers)
    result.detector = "dsn"
    if not result.failures:
        result.kind = ReturnKind.OTHER  # a "delivered" or "relayed" report
        result.note = "a delivery report without a failure"
    else:
        hard = any(f.hard for f in result.failures)
        result.kind = ReturnKind.BOUNCE if hard else ReturnKind.SOFT_BOUNCE
    return True


def _dsn_address(value: str | None) -> str | None:
    """``rfc822; user@example.com`` → ``user@example.com`` (the type prefix dropped)."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    kind, sep, rest = text.partition(";")
    return rest.strip() if sep and " " not in kind.strip() else text


def _read_arf(message: Message, result: ReturnedMail) -> bool:
    report: Message | None = None
    for part, ctype in _parts(message):
        if ctype == "message/feedback-report":
            report = part
            break
    if report is None:
        return False
    fields = report.get_payload()
    if isinstance(fields, list) and fields and isinstance(fields[0], Message):
        block = fields[0]
    else:
        block = email.parser.BytesHeaderParser().parsebytes(_payload_bytes(report))
    feedback_type = (block.get("Feedback-Type") or "").strip().lower()
    result.feedback_type = feedback_type or "abuse"
    result.complained_recipient = _address(block.get("Original-Rcpt-To")) or _address(
        message.get("X-HmXmrOriginalRecipient")
    )
    for addr in _addresses(block, "Original-Mail-From"):
        if addr not in result.original_return_paths:
            result.original_return_paths.append(addr)
    for headers in _original_headers(message):
        _add_original(result, headers)
        if result.complained_recipient is None:
            to = _addresses(headers, "To")
            result.complained_recipient = to[0] if len(to) == 1 else None
    result.detector = "arf"
    # not-spam and auth-failure reports say nothing against the recipient's wishes
    complaint = result.feedback_type in ("abuse", "fraud", "virus", "other")
    result.kind = ReturnKind.COMPLAINT if complaint else ReturnKind.OTHER
    if not complaint:
        result.note = f"a feedback report of type {result.feedback_type}"
    return True


def _is_auto_reply(message: Message, subject: str) -> bool:
    auto = (message.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return True
    if any(message.get(h) for h in ("X-Autoreply", "X-Autorespond", "X-Autoresponder")):
        return True
    if (message.get("Precedence") or "").strip().lower() == "auto_reply":
        return True
    if (message.get("X-Auto-Response-Suppress") or "") and _AUTO_SUBJECT.search(subject):
        return True
    return bool(_AUTO_SUBJECT.search(_PREFIX.sub("", subject)))


def _looks_like_bounce(message: Message, subject: str, sender: str | None) -> bool:
    if message.get("X-Failed-Recipients"):
        return True
    return_path = (message.get("Return-Path") or "").strip()
    if return_path == "<>":
        return True
    if sender and sender.partition("@")[0] in _DAEMON_LOCALS:
        return True
    from_display = (message.get("From") or "").lower()
    if "mail delivery" in from_display or "mailer-daemon" in from_display:
        return True
    return bool(_BOUNCE_SUBJECT.search(subject))


def _from_daemon(message: Message, sender: str | None) -> bool:
    if sender and sender.partition("@")[0] in _DAEMON_LOCALS:
        return True
    from_display = (message.get("From") or "").lower()
    return "mail delivery" in from_display or "mailer-daemon" in from_display


def _body_text(message: Message, limit: int = 20_000) -> str:
    for part, ctype in _parts(message):
        if ctype == "text/plain" and not part.is_multipart():
            return _text(part)[:limit]
    if not message.is_multipart():
        return _text(message)[:limit]
    return ""


def _diagnostic_near(text: str, address: str | None) -> str:
    """The lines of a human-readable bounce that explain the failure of ``address``."""
    lines = [line.strip() for line in text.splitlines()]
    if address:
        for index, line in enumerate(lines):
            if address in line.lower():
                paragraph: list[str] = []
                for following in lines[index : index + 5]:
                    if not following and paragraph:
                        break
                    paragraph.append(following)
                around = " ".join(x for x in paragraph if x)
                if _REPLY_CODE.search(around) or len(around) > len(address) + 8:
                    return _one_line(around)
    for line in lines:
        if _REPLY_CODE.search(line) and len(line) > 8:
            return _one_line(line)
    return _one_line(" ".join(x for x in lines[:6] if x))


def _read_heuristic(raw: bytes, message: Message, result: ReturnedMail) -> bool:
    from flufl.bounce import all_failures

    try:
        temporary, permanent = all_failures(message)
    except Exception:  # a third-party heuristic on arbitrary input: never fatal
        return False
    failed = [*message.get_all("X-Failed-Recipients", [])]
    extra = {a for _n, a in getaddresses([str(v) for v in failed]) if "@" in a}
    if not (temporary or permanent or extra):
        return False
    text = _body_text(message)
    addresses: list[tuple[str, bool]] = []
    for item in permanent:
        addresses.append((_as_text(item).lower(), True))
    for item in temporary:
        addresses.append((_as_text(item).lower(), False))
    known = {a for a, _h in addresses}
    addresses += [(a.lower(), True) for a in sorted(extra) if a.lower() not in known]
    for address, permanent_failure in addresses:
        diagnostic = _diagnostic_near(text, address)
        status = _status_of(None, diagnostic)
        hard = permanent_failure and (is_hard(status, diagnostic) if status else True)
        if status is None and _SOFT_WORDS.search(diagnostic):
            hard = False
        result.failures.append(Failure(address, status, diagnostic, hard))
    for headers in _original_headers(message):
        _add_original(result, headers)
    body = raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else raw.split(b"\r\n\r\n", 1)[-1]
    for found in _MSGID_LINE.findall(body):
        mid = found.decode("ascii", "replace")
        if mid not in result.original_ids and mid != result.mail_message_id:
            result.original_ids.append(mid)
    for found in _RETURN_PATH_LINE.findall(body):
        addr = found.decode("ascii", "replace").lower()
        if addr not in result.original_return_paths:
            result.original_return_paths.append(addr)
    result.detector = "flufl"
    result.kind = (
        ReturnKind.BOUNCE if any(f.hard for f in result.failures) else ReturnKind.SOFT_BOUNCE
    )
    return True


_ADDRESS_IN_TEXT = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def _read_plain_bounce(raw: bytes, message: Message, result: ReturnedMail) -> bool:
    """The last resort for a bounce-looking mail no detector knows: a reply code in the
    text, and the addresses it names (not the mail's own). With none named, the failure
    belongs to the message the mail quotes or its VERP address names (the matcher's
    choice, and only when that is one message)."""
    text = _body_text(message)
    codes = [m for m in _STATUS.finditer(text) if m.group(1) in "45"]
    replies = [m for m in _REPLY_CODE.finditer(text)]
    if not codes and not replies:
        return False
    own = {*result.addressed_to, result.sender or ""}
    named = [a.lower() for a in _ADDRESS_IN_TEXT.findall(text)]
    candidates = list(dict.fromkeys(a for a in named if a not in own and "+" not in a))
    for headers in _original_headers(message):
        _add_original(result, headers)
    body = raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else raw.split(b"\r\n\r\n", 1)[-1]
    for found in _MSGID_LINE.findall(body):
        mid = found.decode("ascii", "replace")
        if mid not in result.original_ids and mid != result.mail_message_id:
            result.original_ids.append(mid)
    for address in candidates[:5] or [None]:
        diagnostic = _diagnostic_near(text, address)
        status = _status_of(None, diagnostic) or _status_of(None, text)
        result.failures.append(Failure(address, status, diagnostic, is_hard(status, diagnostic)))
    result.detector = "text"
    result.kind = (
        ReturnKind.BOUNCE if any(f.hard for f in result.failures) else ReturnKind.SOFT_BOUNCE
    )
    return True


def _as_text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _is_unsubscribe(message: Message, subject: str) -> bool:
    if _UNSUBSCRIBE.match(_PREFIX.sub("", subject)):
        return True
    if subject.strip():
        return False
    return bool(_UNSUBSCRIBE.match(_body_text(message, 200)))


_RFC822_PART = re.compile(rb"^Content-Type:[ \t]*message/(rfc822|global)\b", re.I | re.M)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
TRIM_ABOVE = 32 * 1024


def _without_returned_body(raw: bytes) -> bytes:
    """A big report without the body of the original it returns (a 100 KB newsletter
    parsed line by line for nothing): the original's headers are all that is read. The
    returned copy is the last part of Postfix, Exchange and Gmail reports."""
    if len(raw) <= TRIM_ABOVE:
        return raw
    part = _RFC822_PART.search(raw)
    if part is None:
        return raw
    head_end = _BLANK_LINE.search(raw, part.end())  # end of the part's own headers
    inner_end = _BLANK_LINE.search(raw, head_end.end()) if head_end else None
    if inner_end is None:
        return raw
    top = _BLANK_LINE.search(raw)
    headers = email.parser.BytesHeaderParser().parsebytes(raw[: top.end()] if top else raw)
    marker = headers.get_boundary()
    if not marker:
        return raw
    return raw[: inner_end.end()] + f"\r\n--{marker}--\r\n".encode()


def read_returned_mail(raw: bytes) -> ReturnedMail:
    """Classify one mail from the mailbox (never raises for what the mail contains)."""
    try:
        message = email.message_from_bytes(_without_returned_body(raw))
    except Exception as exc:  # the parser is lenient; anything else is a mail we cannot read
        return ReturnedMail(ReturnKind.OTHER, note=f"unreadable mail ({type(exc).__name__})")
    try:
        return _classify(raw, message)
    except Exception as exc:  # a malformed structure that trips a parser deep inside
        mid = _ids(str(message.get("Message-ID") or ""))
        return ReturnedMail(
            ReturnKind.OTHER,
            mail_message_id=mid[0] if mid else None,
            note=f"malformed mail ({type(exc).__name__})",
        )


def _classify(raw: bytes, message: Message) -> ReturnedMail:
    subject = _decoded_header(message, "Subject")
    sender = _address(str(message.get("From") or ""))
    own_id = _ids(str(message.get("Message-ID") or ""))
    result = ReturnedMail(
        ReturnKind.OTHER,
        mail_message_id=own_id[0] if own_id else None,
        subject=subject[:300],
        sender=sender,
        addressed_to=_addresses(
            message, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"
        ),
    )
    for name in ("In-Reply-To", "References"):
        for mid in _ids(str(message.get(name) or "")):
            if mid not in result.original_ids:
                result.original_ids.append(mid)
    if not raw.strip():
        result.note = "an empty mail"
        return result
    ctype = message.get_content_type()
    report_type = (message.get_param("report-type") or "") if ctype == "multipart/report" else ""
    report_type = str(report_type).lower()
    if (
        ctype == "multipart/report"
        and report_type == "feedback-report"
        and _read_arf(message, result)
    ):
        return result
    if _read_dsn(message, result):
        return result
    if _read_arf(message, result):
        return result
    looks_like_bounce = _looks_like_bounce(message, subject, sender)
    if _is_auto_reply(message, subject) and not _from_daemon(message, sender):
        result.kind = ReturnKind.AUTO_REPLY
        result.detector = "auto-reply"
        return result
    if looks_like_bounce and (
        _read_heuristic(raw, message, result) or _read_plain_bounce(raw, message, result)
    ):
        return result
    if _is_unsubscribe(message, subject):
        result.kind = ReturnKind.UNSUBSCRIBE
        result.detector = "unsubscribe"
        return result
    if looks_like_bounce:
        result.note = "looks like a bounce but names no recipient"
    return result
