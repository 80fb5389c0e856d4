"""Read-only questions the Queue page asks about messages (Qt-free, so the CLI may use them).

Kept apart from the modules that change message states: these only look.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import Campaign, ContactStatus, Message, database_proxy
from core.queue.sql import BLOCKED_RECIPIENTS, CHUNK, chunks, marks
from core.suppressions import domain_sql

__all__ = ["CHUNK", "blocked_recipients", "message_ids"]


def message_ids(
    *, status: str | None = None, campaign_id: int | None = None, search: str = ""
) -> list[int]:
    """Ids of the messages matching the filters, oldest first.

    ``search`` matches the recipient address, the last reply and the campaign's name.
    """
    query = Message.select(Message.id)
    if status:
        query = query.where(Message.status == status)
    if campaign_id is not None:
        query = query.where(Message.campaign == campaign_id)
    text = search.strip()
    if text:
        campaigns = Campaign.select(Campaign.id).where(Campaign.name.contains(text))
        query = query.where(
            Message.to_addr.contains(text)
            | Message.last_response.contains(text)
            | Message.campaign.in_(campaigns)
        )
    return [mid for (mid,) in query.order_by(Message.id).tuples()]


def blocked_recipients(ids: Sequence[int]) -> dict[int, str]:
    """Messages whose recipient Staffetta will not send to any more, with the reason.

    The same rule the sender applies at claim time (suppression list, or a contact
    that bounced, unsubscribed or was suppressed): retrying these only cancels them,
    so the window says so before it tries.
    """
    blocked: dict[int, str] = {}
    for chunk in chunks(list(ids)):
        rows = database_proxy.execute_sql(
            BLOCKED_RECIPIENTS.format(marks=marks(len(chunk)), domain=domain_sql("m.to_key")),
            [ContactStatus.ACTIVE, *chunk],
        ).fetchall()
        for message_id, reason, domain_reason, domain, status in rows:
            if reason is None and domain is not None:
                reason = f"the domain {domain[1:]} is suppressed" + (
                    f" ({domain_reason})" if domain_reason else ""
                )
            blocked[int(message_id)] = str(reason or status or "suppressed")
    return blocked
