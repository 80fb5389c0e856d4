"""What came back for a campaign or a message (counters, the queue's diagnostic)."""

from __future__ import annotations

from typing import Any

from core.models import Message, ReturnEvent, database_proxy, iso
from core.returnpath.parse import ReturnKind

RETURN_COUNTERS = {
    ReturnKind.BOUNCE: "bounces",
    ReturnKind.SOFT_BOUNCE: "soft_bounces",
    ReturnKind.COMPLAINT: "complaints",
    ReturnKind.UNSUBSCRIBE: "unsubscribes",
}


def returned_counts(campaign_id: int) -> dict[str, int]:
    """Messages of the campaign that bounced, soft-bounced, drew a complaint or an
    unsubscribe request (each message counted once per kind)."""
    counts = dict.fromkeys(RETURN_COUNTERS.values(), 0)
    event, message = ReturnEvent._meta.table_name, Message._meta.table_name
    rows = database_proxy.execute_sql(
        f"SELECT e.kind, COUNT(DISTINCT e.message_id) FROM {event} e "
        f"JOIN {message} m ON m.id = e.message_id WHERE m.campaign_id = ? GROUP BY e.kind",
        (campaign_id,),
    )
    for kind, count in rows:
        name = RETURN_COUNTERS.get(kind)
        if name:
            counts[name] = int(count)
    return counts


def message_returns(message_id: int) -> list[dict[str, Any]]:
    """Every report that came back about one message, oldest first (the queue page)."""
    query = (
        ReturnEvent.select(
            ReturnEvent.kind, ReturnEvent.status_code, ReturnEvent.diagnostic, ReturnEvent.created_at
        )
        .where(ReturnEvent.message == message_id)
        .order_by(ReturnEvent.id)
        .tuples()
    )
    return [
        {"kind": kind, "status": status, "diagnostic": diagnostic, "at": iso(created)}
        for kind, status, diagnostic, created in query
    ]
