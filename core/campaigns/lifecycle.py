"""Pausing, resuming and cancelling a campaign."""

from __future__ import annotations

from core.campaigns.rotation import bring_back
from core.errors import InvalidValue
from core.models import (
    Campaign,
    CampaignStatus,
    Message,
    MessageStatus,
    PausedBy,
    database_proxy,
    utcnow,
)


def pause_campaign(
    campaign: Campaign, reason: str = "Paused by you.", *, by: PausedBy = PausedBy.USER
) -> None:
    if campaign.status != CampaignStatus.RUNNING:
        raise InvalidValue(f"Campaign {campaign.name!r} is {campaign.status}, not running.")
    with database_proxy.atomic():
        Campaign.update(status=CampaignStatus.PAUSED, pause_reason=reason, paused_by=by).where(
            Campaign.id == campaign.id
        ).execute()
    campaign.status, campaign.pause_reason, campaign.paused_by = CampaignStatus.PAUSED, reason, by


def pause_if_running(campaign_id: int, reason: str, by: PausedBy = PausedBy.ENGINE) -> bool:
    """The engine pauses a running campaign (one that cannot be sent as it is); False if
    it was no longer running."""
    with database_proxy.atomic():
        changed = (
            Campaign.update(status=CampaignStatus.PAUSED, pause_reason=reason, paused_by=by)
            .where((Campaign.id == campaign_id) & (Campaign.status == CampaignStatus.RUNNING))
            .execute()
        )
    return bool(changed)


def resume_campaign(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.PAUSED:
        raise InvalidValue(f"Campaign {campaign.name!r} is {campaign.status}, not paused.")
    with database_proxy.atomic():
        Campaign.update(
            status=CampaignStatus.RUNNING, pause_reason=None, paused_by=None,
            consecutive_failures=0,
        ).where(Campaign.id == campaign.id).execute()  # fmt: skip
        bring_back(campaign)  # profiles taken out of its rotation are tried again
    campaign.status, campaign.pause_reason, campaign.paused_by = CampaignStatus.RUNNING, None, None


def cancel_campaign(campaign: Campaign) -> int:
    """Cancel the campaign and every unsent message; returns how many were cancelled."""
    if campaign.status in (CampaignStatus.CANCELLED, CampaignStatus.FINISHED):
        raise InvalidValue(f"Campaign {campaign.name!r} is already {campaign.status}.")
    with database_proxy.atomic():
        cancelled = (
            Message.update(status=MessageStatus.CANCELLED, updated_at=utcnow())
            .where(
                (Message.campaign == campaign.id)
                & (Message.status.in_((*MessageStatus.UNSENT, MessageStatus.QUEUED)))
            )
            .execute()
        )
        Campaign.update(status=CampaignStatus.CANCELLED, finished_at=utcnow()).where(
            Campaign.id == campaign.id
        ).execute()
    campaign.status = CampaignStatus.CANCELLED
    return int(cancelled)
