"""Several SMTP profiles for one campaign: spread by weight, failover, daily caps.

Each message is given its profile when the campaign is expanded (smooth weighted
round robin: with ``A:3, B:1`` every run of four messages has three for A, one for B),
so claims stay simple index walks and the split is what the user asked for whatever
the relays' speeds. When the relay refuses a profile for a reason no retry fixes
(authentication, policy, sender refused), the profile leaves the campaign's rotation
with the reason and its unsent messages go to the others by weight; the campaign
pauses only when no profile is left. A profile that reaches its daily cap hands its
unsent messages to the others too, and stays in the rotation. A refused profile is
taken back by the sender after a backoff (``take_back``: its share of the unsent
messages again), or at once with Retry now: the user need not pause and resume.

Works the same on SQLite and PostgreSQL (plain statements, no dialect).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from peewee import Case

from core.errors import InvalidValue
from core.models import (
    Campaign,
    CampaignProfile,
    CampaignStatus,
    Message,
    MessageStatus,
    PausedBy,
    SmtpProfile,
    database_proxy,
)

_CP = CampaignProfile._meta.table_name
_CAMPAIGN = Campaign._meta.table_name

# The running campaigns a profile sends for, and whether each has a rotation: the
# campaign's own profile when it has one, or a profile still in its rotation.
RUNNING_FOR_PROFILE_SQL = (
    f"SELECT c.id, EXISTS (SELECT 1 FROM {_CP} r WHERE r.campaign_id = c.id) AS rotated "
    f"FROM {_CAMPAIGN} c WHERE c.status = ? AND ("
    f"(c.smtp_profile_id = ? AND NOT EXISTS (SELECT 1 FROM {_CP} r WHERE r.campaign_id = c.id)) "
    f"OR EXISTS (SELECT 1 FROM {_CP} r WHERE r.campaign_id = c.id AND r.smtp_profile_id = ? "
    "AND r.paused_reason IS NULL)) ORDER BY c.id"
)


@dataclass(frozen=True)
class RotationEntry:
    profile_id: int
    name: str
    weight: int
    paused_reason: str | None


def parse_profile_weight(text: str) -> tuple[str, int]:
    """``"Name"`` or ``"Name:3"`` (a weight of 1 to 1000)."""
    name, sep, weight = text.rpartition(":")
    if not sep or not weight.strip().isdigit():
        return text.strip(), 1
    value = int(weight)
    if not 1 <= value <= 1000:
        raise InvalidValue(f"The weight of {name.strip()!r} must be between 1 and 1000.")
    return name.strip(), value


def rotation_of(campaign: Campaign | int) -> list[RotationEntry]:
    """The campaign's profiles with weights (empty: it has one profile, ``smtp_profile``)."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.id
    rows = (
        CampaignProfile.select(CampaignProfile, SmtpProfile.name)
        .join(SmtpProfile)
        .where(CampaignProfile.campaign == campaign_id)
        .order_by(CampaignProfile.position, CampaignProfile.id)
        .objects()
    )
    return [RotationEntry(r.smtp_profile_id, r.name, r.weight, r.paused_reason) for r in rows]


def active_profile_ids(campaign: Campaign) -> list[int]:
    """The profiles that send for a campaign now."""
    rotation = rotation_of(campaign)
    if not rotation:
        return [campaign.smtp_profile_id]
    return [r.profile_id for r in rotation if r.paused_reason is None]


def save_rotation(campaign: Campaign, profiles: list[tuple[SmtpProfile, int]]) -> None:
    """Replace the campaign's rotation (inside the caller's transaction); one profile: none."""
    CampaignProfile.delete().where(CampaignProfile.campaign == campaign.id).execute()
    if len(profiles) < 2:
        return
    seen: set[int] = set()
    for position, (profile, weight) in enumerate(profiles):
        if profile.id in seen:
            raise InvalidValue(f"The profile {profile.name!r} is listed twice.")
        seen.add(profile.id)
        CampaignProfile.create(
            campaign=campaign, smtp_profile=profile, weight=weight, position=position
        )


def weighted_round_robin(weights: list[tuple[int, int]]) -> Iterator[int]:
    """Profile ids in the proportions of their weights, evenly interleaved (nginx's
    smooth weighted round robin): ``[(a, 3), (b, 1)]`` gives a a b a, a a b a, …"""
    current = dict.fromkeys((pid for pid, _w in weights), 0)
    total = sum(w for _pid, w in weights)
    while True:
        for pid, weight in weights:
            current[pid] += weight
        best = max(weights, key=lambda item: current[item[0]])[0]
        current[best] -= total
        yield best


def profile_assigner(campaign: Campaign) -> Iterator[int]:
    """What expansion gives each new message: its profile."""
    rotation = [(r.profile_id, r.weight) for r in rotation_of(campaign) if r.paused_reason is None]
    if not rotation:
        rotation = [(campaign.smtp_profile_id, 1)]
    return weighted_round_robin(rotation)


def _reassign(campaign_id: int, from_profile: int, to: list[tuple[int, int]]) -> int:
    """Unsent messages of one profile go to others, by weight (message id modulo the total)."""
    total = int(sum(w for _pid, w in to))
    # id modulo total, spelled without % (psycopg reads it as a placeholder); integer
    # division on both databases.
    bucket = Message.id - (Message.id / total) * total
    cases, upper = [], 0
    for pid, weight in to[:-1]:
        upper += weight
        cases.append((bucket < upper, pid))
    target = Case(None, cases, to[-1][0]) if cases else to[-1][0]
    return int(
        Message.update(smtp_profile=target)
        .where(
            (Message.campaign == campaign_id)
            & (Message.smtp_profile == from_profile)
            & Message.status.in_([MessageStatus.QUEUED, MessageStatus.DEFERRED])
        )
        .execute()
    )


def rotate_out(campaign_id: int, profile_id: int, reason: str) -> bool:
    """Take a profile out of a campaign's rotation; its unsent messages go to the others.

    Returns False, pausing the campaign with the reason, when no other profile is left.
    """
    with database_proxy.atomic():
        CampaignProfile.update(paused_reason=reason).where(
            (CampaignProfile.campaign == campaign_id)
            & (CampaignProfile.smtp_profile == profile_id)
            & CampaignProfile.paused_reason.is_null()
        ).execute()
        others = [
            (r.profile_id, r.weight) for r in rotation_of(campaign_id) if r.paused_reason is None
        ]
        if not others:
            Campaign.update(
                status=CampaignStatus.PAUSED, pause_reason=reason, paused_by=PausedBy.RELAY
            ).where(
                (Campaign.id == campaign_id) & (Campaign.status == CampaignStatus.RUNNING)
            ).execute()
            return False
        _reassign(campaign_id, profile_id, others)
    return True


def hand_off(profile_id: int, reason: str = "daily cap reached") -> int:
    """A profile that cannot send for now (its daily cap) gives its unsent messages in
    running campaigns to the other profiles of each rotation. Returns how many moved."""
    moved = 0
    campaigns = (
        Campaign.select(Campaign.id)
        .join(CampaignProfile)
        .where(
            (Campaign.status == CampaignStatus.RUNNING)
            & (CampaignProfile.smtp_profile == profile_id)
        )
        .tuples()
    )
    for (campaign_id,) in list(campaigns):
        with database_proxy.atomic():
            others = [
                (r.profile_id, r.weight)
                for r in rotation_of(campaign_id)
                if r.paused_reason is None and r.profile_id != profile_id
            ]
            if others:
                moved += _reassign(campaign_id, profile_id, others)
    return moved


def refused_profiles(campaign_ids: list[int]) -> list[tuple[int, int]]:
    """(campaign, profile) of every profile out of a running campaign's rotation."""
    if not campaign_ids:
        return []
    rows = (
        CampaignProfile.select(CampaignProfile.campaign, CampaignProfile.smtp_profile)
        .where(
            CampaignProfile.campaign.in_(campaign_ids) & CampaignProfile.paused_reason.is_null(False)
        )
        .tuples()
    )
    return [(int(c), int(p)) for c, p in rows]


def take_back(campaign_id: int, profile_id: int) -> bool:
    """A profile the relay refused goes back into the campaign's rotation, with its share
    (by weight) of the unsent messages; if the relay still refuses it, it leaves again.

    False when it was not out any more (resumed, or taken back by another sender)."""
    with database_proxy.atomic():
        changed = (
            CampaignProfile.update(paused_reason=None)
            .where(
                (CampaignProfile.campaign == campaign_id)
                & (CampaignProfile.smtp_profile == profile_id)
                & CampaignProfile.paused_reason.is_null(False)
            )
            .execute()
        )
        if not changed:
            return False
        rotation = [
            (r.profile_id, r.weight) for r in rotation_of(campaign_id) if r.paused_reason is None
        ]
        for other, _weight in rotation:
            if other != profile_id:
                _reassign(campaign_id, other, rotation)
    return True


def bring_back(campaign: Campaign) -> None:
    """Resuming a campaign puts every profile back in its rotation (the user fixed them)."""
    CampaignProfile.update(paused_reason=None).where(
        CampaignProfile.campaign == campaign.id
    ).execute()
