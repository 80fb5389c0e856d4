"""Composing campaign mail fast and correctly.

``EmailMessage`` with the default policy builds about 700 messages a second here, 80%
of it parsing the headers it was just given. A campaign sends the same structure to
every recipient, so ``MessageSkeleton`` encodes what is constant once (From and Reply-To
through the email package's own header registry, boundaries, attachments) and
``compose`` adds only the per-recipient headers and the two quoted-printable bodies.
Per-recipient header values still go through the email package: ``headerregistry.Address``
(built from its parts, which skips the slow addr-spec parser) quotes the To header,
``encoded_words`` writes RFC 2047 encoded words and folds them. Every value is
first flattened to one line with control characters removed, so nothing from a
spreadsheet can start a new header. ``tests/core/test_mime.py`` parses the bytes back
and compares them with what the email package itself builds.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import mimetypes
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import format_datetime, getaddresses, parseaddr

from core import __version__
from core.errors import TemplateProblem

CRLF = "\r\n"
MAX_LINE = 78
_WS = re.compile(r"\s+")
_ATOM_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


# Zero-width (non-)joiners hold emoji sequences (👩‍💻) and Persian words together; other
# format characters (bidi overrides that reverse a subject, invisible marks) are dropped.
_KEPT_FORMAT = frozenset("\u200c\u200d")


def one_line(value: str) -> str:
    """Header-safe text: every kind of line break and control character becomes a space."""
    if value.isprintable() and "  " not in value:
        return value.strip()
    cleaned = "".join(
        " "
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cf") and ch not in _KEPT_FORMAT
        else ch
        for ch in value
    )
    return _WS.sub(" ", cleaned).strip()


def _fold_ascii(name: str, value: str) -> str:
    """Fold an ASCII unstructured value at spaces so lines stay under 78 characters."""
    line = f"{name}: "
    lines: list[str] = []
    for word in value.split(" "):
        candidate = f"{line}{word}" if line.endswith(": ") or not line else f"{line} {word}"
        if len(candidate) > MAX_LINE and line.strip() and not line.endswith(": "):
            lines.append(line)
            line = f" {word}"
        else:
            line = candidate
    lines.append(line)
    return CRLF.join(lines) + CRLF


def unstructured_header(name: str, value: str) -> str:
    """``Name: value`` with CRLF, RFC 2047-encoded when not ASCII, folded."""
    value = one_line(value)
    if value.isascii() and "=?" not in value:
        return _fold_ascii(name, value)
    return f"{name}: {encoded_words(value, len(name) + 2)}{CRLF}"


_NOT_ONE_ADDRESS = re.compile(r'[<>, ;:"()\[\]\\]')  # what would make a second address
_WORD_OVERHEAD = len("=?utf-8?b??=")
_MAX_WORD_BYTES = 45  # 60 base64 characters: an encoded word of 72, under RFC 2047's 75


def encoded_words(value: str, used: int) -> str:
    """RFC 2047 base64 encoded words, each whole UTF-8 characters, folded under 78 columns.

    ``email.header.Header`` does the same but measures every prefix of the text for the
    shortest encoding (quadratic: about two thirds of a message's build time for a
    non-ASCII subject). Here each line carries one word: the first fits after the
    ``used`` columns of ``Name: ``, the others after a folding space.
    """
    raw = value.encode("utf-8")
    words: list[str] = []
    room = (MAX_LINE - used - _WORD_OVERHEAD) // 4 * 3
    limit = max(4, min(_MAX_WORD_BYTES, room))  # 4: the longest UTF-8 character
    start = 0
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # never cut a character in two
            end -= 1
        words.append("=?utf-8?b?" + base64.b64encode(raw[start:end]).decode("ascii") + "?=")
        start = end
        limit = _MAX_WORD_BYTES
    return f"{CRLF} ".join(words)


def check_recipient_address(address: str) -> tuple[str, str, str]:
    """(address, local part, domain) of one plain address, or ``TemplateProblem``.

    Everything ``address_header`` can refuse is refused here (``Address`` built from
    parts only refuses line breaks, which ``one_line`` has removed), so pre-flight checks
    a recipient's To header without building it.
    """
    address = one_line(address)
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or _NOT_ONE_ADDRESS.search(address):
        raise TemplateProblem(f"{address!r} is not a single email address.")
    return address, local, domain


def address_header(name: str, display_name: str | None, address: str) -> str:
    """``To: "Name" <addr>`` for one recipient, from a ``headerregistry.Address``.

    The Address is built from its parts (``username``/``domain``), which skips the
    addr-spec parser that makes the registry's own header objects cost ~0.5 ms; its
    ``str()`` quotes the display name and local part as RFC 5322 says. A non-ASCII display
    name becomes RFC 2047 encoded words (``encoded_words``), folded at 78.
    """
    address, local, domain = check_recipient_address(address)
    display = one_line(display_name or "")
    try:
        value = Address(display_name=display if display.isascii() else "", username=local,
                        domain=domain)  # fmt: skip
    except ValueError as exc:
        raise TemplateProblem(f"{address!r} is not a valid email address: {exc}") from None
    if display and not display.isascii():
        encoded = encoded_words(display, len(name) + 2)
        angle = f"<{value.addr_spec}>"
        last_line = (
            len(encoded) - encoded.rfind(CRLF) - 2
            if CRLF in encoded
            else len(name) + 2 + len(encoded)
        )
        separator = f"{CRLF} " if last_line + 1 + len(angle) > MAX_LINE else " "
        return f"{name}: {encoded}{separator}{angle}{CRLF}"
    return _fold_ascii(name, str(value))


def registry_address_header(name: str, display_name: str | None, address: str) -> str:
    """``From``/``Reply-To`` built by the email package itself (``headerregistry.Address``).

    Used for the headers that are the same in every message of a campaign, so its cost
    (about half a millisecond, mostly parsing) is paid once. ``address_header`` is the
    per-recipient fast path; the round-trip tests check the two agree.
    """
    address = one_line(address)
    if not address.isascii():  # headerregistry refuses SMTPUTF8 local parts
        return address_header(name, display_name, address)
    try:
        value = Address(display_name=one_line(display_name or ""), addr_spec=address)
        folded = policy.SMTP.header_factory(name, value).fold(policy=policy.SMTP)
    except (ValueError, IndexError, HeaderParseError) as exc:
        raise TemplateProblem(f"{address!r} is not a valid email address: {exc}") from None
    return str(folded)


def parse_sender(sender: str) -> tuple[str, str]:
    """``"Name <addr>"`` → (name, addr); exactly one address, no line breaks or controls.

    ``parseaddr`` alone silently drops whatever follows the first address (such as a
    pasted ``Bcc:`` line), so a value it would truncate is refused instead.
    """
    flat = one_line(sender)
    display, address = parseaddr(flat)
    pairs = getaddresses([flat])
    if (
        "@" not in address
        or len(pairs) != 1
        or any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in sender.strip())
        or (flat.rstrip().endswith(">") is False and "<" in flat)
    ):
        raise TemplateProblem(
            f"The sender {sender!r} has no valid address.",
            hint='Write it as "Your Name <you@example.com>".',
        )
    return display, address


_message_id_counter = itertools.count()


def make_message_id(domain: str) -> str:
    """A globally unique Message-ID, fixed when the message is queued.

    The clock and a counter come first so that ids queued together sort together (a
    100,000-recipient expansion appends to the unique index instead of writing all over
    it); 64 random bits after them keep ids from two machines apart.
    """
    domain = one_line(domain).strip("<>@ ") or "staffetta.invalid"
    serial = next(_message_id_counter) & 0xFFFFFF
    return f"<{time.time_ns():x}.{serial:06x}.{os.urandom(8).hex()}@{domain}>"


def _qp(text: str) -> bytes:
    """Quoted-printable UTF-8 with CRLF line ends (7-bit safe, lines under 77)."""
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if not body.endswith("\n"):
        body += "\n"
    encoded = binascii.b2a_qp(body.encode("utf-8"), quotetabs=False, istext=True, header=False)
    return encoded.replace(b"\n", b"\r\n")


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    content_type: str = ""

    @property
    def mime_type(self) -> str:
        if self.content_type:
            return self.content_type
        guessed, _ = mimetypes.guess_type(self.filename)
        return guessed or "application/octet-stream"


def _attachment_part(boundary: str, attachment: Attachment) -> bytes:
    filename = one_line(attachment.filename).replace('"', "")
    if filename.isascii():
        disposition = f'attachment; filename="{filename}"'
    else:
        from urllib.parse import quote

        disposition = f"attachment; filename*=utf-8''{quote(filename)}"
    maintype = attachment.mime_type
    encoded = base64.encodebytes(attachment.data).replace(b"\n", b"\r\n")
    head = (
        f"--{boundary}{CRLF}"
        f"Content-Type: {maintype}{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}"
        f"Content-Disposition: {disposition}{CRLF}{CRLF}"
    )
    return head.encode("ascii") + encoded


@dataclass(frozen=True)
class RelatedImage:
    """An image the HTML shows through ``cid:`` (``content_id`` without the ``<>``)."""

    content_id: str
    filename: str
    content_type: str
    data: bytes


def _related_part(boundary: str, image: RelatedImage) -> bytes:
    filename = one_line(image.filename).replace('"', "")
    if not filename.isascii():
        filename = "image" + os.path.splitext(filename)[1].encode("ascii", "ignore").decode()
    content_id = one_line(image.content_id).strip("<>")
    head = (
        f"--{boundary}{CRLF}"
        f"Content-Type: {one_line(image.content_type)}{CRLF}"
        f"Content-Transfer-Encoding: base64{CRLF}"
        f"Content-ID: <{content_id}>{CRLF}"
        f'Content-Disposition: inline; filename="{filename}"{CRLF}{CRLF}'
    )
    return head.encode("ascii") + base64.encodebytes(image.data).replace(b"\n", b"\r\n")


@dataclass(frozen=True)
class MessageSkeleton:
    """What is the same in every message of a campaign, encoded once."""

    from_header: str
    reply_to_header: str
    alternative_boundary: str
    mixed_boundary: str
    attachments_block: bytes = b""  # the parts attached to every message (no closing line)
    extra_headers: str = ""
    related_boundary: str = ""
    related_block: bytes = b""  # the embedded images and the closing boundary


_LIST_ID_UNSAFE = re.compile(r"[^a-z0-9-]+")


def list_id_value(name: str, number: int, domain: str) -> str:
    """An RFC 2919 list-id, ``<slug>.<number>.<domain>``: a dot-atom under the sender's
    domain, from the campaign's name and id (so stable for the campaign, never another's)."""
    slug = _LIST_ID_UNSAFE.sub("-", unicodedata.normalize("NFKD", name).lower())
    slug = slug.encode("ascii", "ignore").decode().strip("-")[:40].strip("-") or "campaign"
    try:
        host = domain.strip().lower().encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    labels = [label for label in host.split(".") if re.fullmatch(r"[a-z0-9-]+", label)]
    return ".".join([slug, str(number), *(labels or ["invalid"])])


def list_id_header(description: str, list_id: str) -> str:
    """``List-Id: description <list-id>`` (RFC 2919): the description as a quoted phrase,
    or RFC 2047 words when it is not ASCII; the id on its own line when it is long."""
    description = one_line(description)
    if description.isascii():
        phrase = '"' + description.replace("\\", "").replace('"', "") + '"'
    else:
        phrase = encoded_words(description, len("List-Id: "))
    line = f"List-Id: {phrase} <{list_id}>"
    if len(line) > MAX_LINE or "\r\n" in phrase:
        return f"List-Id: {phrase}{CRLF} <{list_id}>{CRLF}"
    return line + CRLF


def build_skeleton(
    *,
    sender: str,
    reply_to: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    images: tuple[RelatedImage, ...] = (),
    list_id: tuple[str, str] | None = None,
) -> MessageSkeleton:
    """``list_id``: (description, list-id) for the ``List-Id`` header of campaign mail."""
    display, address = parse_sender(sender)
    from_header = registry_address_header("From", display, address)
    reply_to_header = ""
    if reply_to:
        reply_display, reply_address = parse_sender(reply_to)
        reply_to_header = registry_address_header("Reply-To", reply_display, reply_address)
    token = secrets.token_hex(10)
    alternative = f"==alt_{token}=="
    mixed = f"==mix_{token}=="
    related = f"==rel_{token}=="
    block = b"".join(_attachment_part(mixed, a) for a in attachments)
    related_block = b""
    if images:
        related_block = b"".join(_related_part(related, i) for i in images)
        related_block += f"--{related}--{CRLF}".encode("ascii")
    return MessageSkeleton(
        from_header=from_header,
        reply_to_header=reply_to_header,
        alternative_boundary=alternative,
        mixed_boundary=mixed,
        attachments_block=block,
        extra_headers=(list_id_header(*list_id) if list_id else "")
        + f"X-Mailer: Staffetta {__version__}{CRLF}",
        related_boundary=related,
        related_block=related_block,
    )


_date_cache: tuple[int, str] = (0, "")


def _date_header() -> str:
    """The Date header, formatted once per second (it is the same for a whole burst)."""
    global _date_cache
    now = datetime.now(UTC)
    second = int(now.timestamp())
    if _date_cache[0] != second:
        _date_cache = (second, format_datetime(now.replace(microsecond=0)))
    return _date_cache[1]


def compose(
    skeleton: MessageSkeleton,
    *,
    to_address: str,
    to_name: str | None,
    subject: str,
    text: str,
    html: str | None,
    message_id: str,
    list_unsubscribe: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """The complete message (CRLF line ends) for one recipient.

    ``attachments`` are this recipient's own files, after the campaign's common ones.
    Embedded images make the HTML a ``multipart/related`` part::

        multipart/mixed            (when there are attachments)
          multipart/alternative
            text/plain
            multipart/related      (when there are embedded images)
              text/html
              image/…              (Content-ID, shown through cid:)
          application/pdf …
    """
    message_id = one_line(message_id)
    if not (message_id.startswith("<") and message_id.endswith(">")):
        raise TemplateProblem(f"Invalid Message-ID {message_id!r}.")
    headers = [
        skeleton.from_header,
        address_header("To", to_name, to_address),
        unstructured_header("Subject", subject),
        f"Date: {_date_header()}{CRLF}",
        f"Message-ID: {message_id}{CRLF}",
        skeleton.reply_to_header,
    ]
    if list_unsubscribe:
        list_unsubscribe = one_line(list_unsubscribe)
        if len(list_unsubscribe) + 18 > MAX_LINE:  # fold between the URIs
            list_unsubscribe = list_unsubscribe.replace(", <", f",{CRLF} <")
        headers.append(f"List-Unsubscribe: {list_unsubscribe}{CRLF}")
        if "<https://" in list_unsubscribe:  # RFC 8058 one-click needs an HTTPS URI
            headers.append(f"List-Unsubscribe-Post: List-Unsubscribe=One-Click{CRLF}")
    headers.append(skeleton.extra_headers)
    headers.append(f"MIME-Version: 1.0{CRLF}")

    text_part = (
        f'Content-Type: text/plain; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
    ).encode("ascii") + _qp(text)
    if html is None:
        body_type = text_part
        alternative = b""
    else:
        b = skeleton.alternative_boundary
        html_part = (
            f'Content-Type: text/html; charset="utf-8"{CRLF}'
            f"Content-Transfer-Encoding: quoted-printable{CRLF}{CRLF}"
        ).encode("ascii") + _qp(html)
        if skeleton.related_block:
            r = skeleton.related_boundary
            html_part = (
                (
                    f'Content-Type: multipart/related; boundary="{r}"; type="text/html"{CRLF}{CRLF}'
                    f"--{r}{CRLF}"
                ).encode("ascii")
                + html_part
                + skeleton.related_block
            )
        alternative = (
            f"--{b}{CRLF}".encode("ascii")
            + text_part
            + f"--{b}{CRLF}".encode("ascii")
            + html_part
            + f"--{b}--{CRLF}".encode("ascii")
        )
        body_type = (
            f'Content-Type: multipart/alternative; boundary="{b}"{CRLF}{CRLF}'.encode("ascii")
            + alternative
        )
    if skeleton.attachments_block or attachments:
        m = skeleton.mixed_boundary
        body = b"".join(
            [
                f'Content-Type: multipart/mixed; boundary="{m}"{CRLF}{CRLF}--{m}{CRLF}'.encode(
                    "ascii"
                ),
                body_type,
                skeleton.attachments_block,
                *(_attachment_part(m, a) for a in attachments),
                f"--{m}--{CRLF}".encode("ascii"),
            ]
        )
    else:
        body = body_type
    head = "".join(headers)
    try:
        head_bytes = head.encode("ascii")
    except UnicodeEncodeError:
        head_bytes = head.encode("utf-8")  # an internationalised address (SMTPUTF8)
    return head_bytes + body
