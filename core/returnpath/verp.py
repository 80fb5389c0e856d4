"""The envelope sender (MAIL FROM, which becomes the Return-Path) and VERP.

Bounces go to the envelope sender, not to the From address. A profile's mailbox may
name a separate return path (``bounces@example.com``) and, for relays and mailboxes
that accept subaddresses, VERP: each message leaves with its own envelope sender
``bounces+<message id>@example.com``, so even a bounce that quotes nothing of the
original (some providers' NDRs) names its message in the address it comes back to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.campaigns import envelope_sender
from core.models import Campaign

_VERP = re.compile(r"^[^@+\s]+\+(\d{1,18})@[^@\s]+$")


@dataclass(frozen=True)
class EnvelopeSender:
    """What the worker puts in MAIL FROM for each message of one campaign."""

    address: str
    verp: bool = False

    def for_message(self, message_id: int) -> str:
        if not self.verp:
            return self.address
        local, _, domain = self.address.rpartition("@")
        return f"{local}+{message_id}@{domain}"


def envelope_sender_for(campaign: Campaign, profile_id: int | None = None) -> EnvelopeSender:
    """The campaign's From address, unless the mailbox of the profile the message goes
    through (default: the campaign's first) sets a return path."""
    from core.returnpath.mailboxes import mailbox_of

    mailbox = mailbox_of(profile_id or campaign.smtp_profile_id)
    if mailbox is None:
        return EnvelopeSender(envelope_sender(campaign))
    address = mailbox.return_path or envelope_sender(campaign)
    return EnvelopeSender(address, bool(mailbox.verp))


def verp_message_ids(addresses: Iterable[str]) -> list[int]:
    """Message ids named by VERP addresses (``local+<id>@domain``)."""
    found: list[int] = []
    for address in addresses:
        match = _VERP.match(address.strip().lower())
        if match and int(match.group(1)) not in found:
            found.append(int(match.group(1)))
    return found
