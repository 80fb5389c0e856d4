"""Returned-mail samples filled in for a test's own messages, and a sent campaign."""

from __future__ import annotations

from pathlib import Path

from core.models import Campaign, Message, MessageStatus
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "returnpath"
BOUNCE_SAMPLES = ("postfix_dsn", "exim_bounce", "exchange_ndr", "gmail_bounce", "yahoo_bounce")
COMPLAINT_SAMPLES = ("arf_yahoo", "arf_microsoft")
AUTO_REPLY_SAMPLES = ("out_of_office", "exchange_out_of_office")
MALFORMED_SAMPLES = ("malformed_report", "malformed_binary", "malformed_truncated")


def sample(
    name: str,
    *,
    message_id: str = "<0.1.original@example.com>",
    rcpt: str = "ann@example.org",
    return_path: str = "shop@example.com",
    sender: str = "shop@example.com",
    mailto: str = "shop@example.com",
    unique: str = "",
) -> bytes:
    """A sample with its placeholders filled; ``unique`` makes its own Message-ID unique."""
    raw = (SAMPLES / f"{name}.eml").read_bytes()
    for token, value in (
        (b"@@MESSAGE_ID@@", message_id), (b"@@RCPT@@", rcpt), (b"@@RETURN_PATH@@", return_path),
        (b"@@FROM@@", sender), (b"@@MAILTO@@", mailto),
    ):  # fmt: skip
        raw = raw.replace(token, value.encode())
    if unique:  # the mail's own Message-ID, in its header (not the returned original's)
        head, sep, body = raw.partition(b"\n\n")
        for spelling in (b"Message-ID: <", b"Message-Id: <"):
            head = head.replace(spelling, spelling + unique.encode() + b".", 1)
        raw = head + sep + body
    return raw


def sent_campaign(tmp_path: Path, recipients: list[str], *, name: str = "News") -> Campaign:
    """A campaign sent for real to a relay that accepts everything (250 is not delivery)."""
    with FaultServer() as server:
        campaign = make_campaign(tmp_path, server.port, recipients, name=name)
        run_worker()
    statuses = {m.status for m in Message.select().where(Message.campaign == campaign.id)}
    assert statuses == {MessageStatus.SENT}, statuses
    return campaign


def message_to(address: str, campaign: Campaign | None = None) -> Message:
    query = Message.select().where(Message.to_key == address.lower())
    if campaign is not None:
        query = query.where(Message.campaign == campaign.id)
    found: Message = query.order_by(Message.id.desc()).get()
    return found
