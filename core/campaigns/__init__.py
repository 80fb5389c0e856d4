"""Campaigns, by concern: drafts, composing one recipient's message, the pre-flight
check, expansion into the queue, lifecycle, and reports.

Starting a campaign freezes its template and settings (later edits do not change
queued mail), renders every recipient once (so no template error appears
mid-campaign), and expands into one queued ``Message`` per eligible recipient with a
snapshot of their variables and a Message-ID fixed for every retry.
"""

from __future__ import annotations

from core.campaigns.composing import (
    GMAIL_CLIP_BYTES,
    TEST_SEND_UNSUBSCRIBE_URL,
    CampaignComposer,
    RenderedMessage,
    campaign_list_id,
    envelope_sender,
    quote_email,
    snapshot_of,
)
from core.campaigns.drafts import (
    MAX_ATTACHMENT_BYTES,
    DraftSettings,
    find_campaign,
    save_draft,
)
from core.campaigns.expansion import (
    EXPANSION_BATCH,
    CheckedPreflight,
    StartResult,
    start_campaign,
)
from core.campaigns.lifecycle import (
    cancel_campaign,
    pause_campaign,
    pause_if_running,
    resume_campaign,
)
from core.campaigns.preflight_check import (
    KEPT_ROWS_LIMIT,
    MAX_LISTED_PROBLEMS,
    PARALLEL_PREFLIGHT_MIN_ROWS,
    PREFLIGHT_CHUNK,
    PreflightFailed,
    PreflightReport,
    PreflightTally,
    RecipientProblem,
    RecipientRow,
    preflight,
    preflight_chunk,
    preflight_helpers,
)
from core.campaigns.reports import (
    SendTimeline,
    campaign_counts,
    campaign_status,
    recipient_snapshot,
    send_timeline,
)

__all__ = [
    "EXPANSION_BATCH",
    "GMAIL_CLIP_BYTES",
    "KEPT_ROWS_LIMIT",
    "MAX_ATTACHMENT_BYTES",
    "MAX_LISTED_PROBLEMS",
    "PARALLEL_PREFLIGHT_MIN_ROWS",
    "PREFLIGHT_CHUNK",
    "TEST_SEND_UNSUBSCRIBE_URL",
    "CampaignComposer",
    "CheckedPreflight",
    "DraftSettings",
    "PreflightFailed",
    "PreflightReport",
    "PreflightTally",
    "RecipientProblem",
    "RecipientRow",
    "RenderedMessage",
    "SendTimeline",
    "StartResult",
    "campaign_counts",
    "campaign_list_id",
    "campaign_status",
    "cancel_campaign",
    "envelope_sender",
    "find_campaign",
    "pause_campaign",
    "pause_if_running",
    "preflight",
    "preflight_chunk",
    "preflight_helpers",
    "quote_email",
    "recipient_snapshot",
    "resume_campaign",
    "save_draft",
    "send_timeline",
    "snapshot_of",
    "start_campaign",
]
