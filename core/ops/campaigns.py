"""Campaign operations for the window: plain data out, ``Changes`` back.

Every function here runs on a background thread (``gui/tasks.py``); none returns a
peewee row, so nothing the page holds can lazily query the database on the UI thread.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import fn

from core.campaigns import (
    CampaignComposer,
    DraftSettings,
    SendTimeline,
    campaign_counts,
    cancel_campaign,
    envelope_sender,
    pause_campaign,
    preflight,
    resume_campaign,
    save_draft,
    send_timeline,
    snapshot_of,
    start_campaign,
)
from core.contacts import list_summaries
from core.errors import AlreadyExists, InvalidValue, NotFound
from core.mime import make_message_id, one_line
from core.models import (
    Attempt,
    Campaign,
    CampaignStatus,
    Contact,
    ContactStatus,
    ListMembership,
    Message,
    MessageStatus,
    SmtpProfile,
    Suppression,
    Template,
    database_proxy,
)
from core.ops.changes import Changes, OpResult

# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignSummary:
    id: int
    name: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class ProfileChoice:
    name: str
    host: str
    port: int
    rate: float  # messages per second; 0 = no limit


@dataclass(frozen=True)
class DraftChoices:
    """What the draft form's boxes offer."""

    lists: list[tuple[int, str, int]]  # (id, name, members)
    templates: list[str]
    profiles: list[ProfileChoice]


@dataclass(frozen=True)
class CampaignDetail:
    id: int
    name: str
    status: str
    list_id: int
    list_name: str
    template_name: str | None
    profile: ProfileChoice
    sender: str
    reply_to: str | None
    unsubscribe_url: str | None
    unsubscribe_mailto: str | None
    attachments: list[str]
    pause_reason: str | None
    suppressed_count: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT

    def draft_settings(self) -> DraftSettings:
        return DraftSettings(
            list_name=self.list_name, template_name=self.template_name or "",
            profile_name=self.profile.name, sender=self.sender, reply_to=self.reply_to,
            unsubscribe_url=self.unsubscribe_url, unsubscribe_mailto=self.unsubscribe_mailto,
            attachments=list(self.attachments),
        )  # fmt: skip


def _profile_choice(profile: SmtpProfile) -> ProfileChoice:
    return ProfileChoice(profile.name, profile.host, int(profile.port), float(profile.rate))


def list_campaigns() -> list[CampaignSummary]:
    """Every campaign, newest first."""
    query = Campaign.select(Campaign.id, Campaign.name, Campaign.status, Campaign.created_at)
    return [
        CampaignSummary(i, n, s, c)
        for i, n, s, c in query.order_by(Campaign.created_at.desc(), Campaign.id.desc()).tuples()
    ]


def draft_choices() -> DraftChoices:
    templates = [n for (n,) in Template.select(Template.name).order_by(Template.name).tuples()]
    profiles = [_profile_choice(p) for p in SmtpProfile.select().order_by(SmtpProfile.name)]
    return DraftChoices(list_summaries(), templates, profiles)


def _get(campaign_id: int) -> Campaign:
    campaign: Campaign | None = Campaign.get_or_none(Campaign.id == campaign_id)
    if campaign is None:
        raise NotFound("This campaign no longer exists.", hint="Someone deleted it meanwhile.")
    return campaign


def campaign_detail(campaign_id: int) -> CampaignDetail:
    c = _get(campaign_id)
    template: Template | None = c.template
    return CampaignDetail(
        id=c.id, name=c.name, status=c.status, list_id=c.contact_list_id,
        list_name=c.contact_list.name, template_name=template.name if template else None,
        profile=_profile_choice(c.smtp_profile), sender=c.sender, reply_to=c.reply_to,
        unsubscribe_url=c.unsubscribe_url, unsubscribe_mailto=c.unsubscribe_mailto,
        attachments=list(c.attachment_paths or []), pause_reason=c.pause_reason,
        suppressed_count=c.suppressed_count, created_at=c.created_at, started_at=c.started_at,
        finished_at=c.finished_at,
    )  # fmt: skip


@dataclass(frozen=True)
class RelayHealth:
    """Whether the campaign's relay answers, from the campaign's most recent attempts.

    ``reachable`` is False when the latest attempt could not even talk to the relay (the
    connection was refused or timed out); a later attempt that reached it clears that.
    """

    host: str
    port: int
    reachable: bool
    problem: str  # the connection problem in words ("" when reachable)
    last_tried_at: datetime | None
    next_try_at: datetime | None  # the earliest deferred retry of this campaign


@dataclass(frozen=True)
class CampaignProgress:
    campaign_id: int
    status: str
    counts: dict[str, int]
    pause_reason: str | None
    relay: RelayHealth
    profile: ProfileChoice

    @property
    def total(self) -> int:
        return sum(self.counts.values())


_UNREACHED_STEPS = ("connect", "ehlo", "starttls")


def campaign_progress(campaign_id: int) -> CampaignProgress:
    """Counts, state and relay health of one campaign (what the page refreshes every second)."""
    campaign = _get(campaign_id)
    profile: SmtpProfile = campaign.smtp_profile
    counts = campaign_counts(campaign_id)
    last = (
        Attempt.select(Attempt.step, Attempt.code, Attempt.response, Attempt.finished_at)
        .join(Message)
        .where((Message.campaign == campaign_id) & Attempt.finished_at.is_null(False))
        .order_by(Attempt.id.desc())
        .first()
    )
    next_try = (
        Message.select(fn.MIN(Message.next_attempt_at))
        .where((Message.campaign == campaign_id) & (Message.status == MessageStatus.DEFERRED))
        .scalar()
    )
    unreachable = last is not None and last.code is None and last.step in _UNREACHED_STEPS
    relay = RelayHealth(
        host=profile.host, port=int(profile.port), reachable=not unreachable,
        problem=(last.response or "no answer") if unreachable else "",
        last_tried_at=last.finished_at if last is not None else None,
        next_try_at=_as_datetime(next_try),
    )  # fmt: skip
    return CampaignProgress(
        campaign_id, campaign.status, counts, campaign.pause_reason, relay,
        _profile_choice(profile),
    )  # fmt: skip


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def campaign_timeline(campaign_id: int) -> SendTimeline:
    return send_timeline(campaign_id)


# --- checking before start -----------------------------------------------------------------


@dataclass(frozen=True)
class ProblemGroup:
    """Recipients whose message fails for the same reason: one line with a count."""

    message: str
    count: int
    examples: list[str]  # a few addresses


@dataclass(frozen=True)
class StartCheck:
    """What the Start dialog shows: who gets it, who is skipped and why, how long it takes."""

    campaign_id: int
    campaign_name: str
    profile: ProfileChoice
    list_name: str
    recipients: int
    skipped: dict[str, int]  # reason → how many ("unsubscribed", "bounced", "suppressed")
    problems: list[ProblemGroup]
    problem_count: int
    warnings: list[str]
    eta_seconds: float | None  # at the profile's rate; None when the rate is unlimited

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def group_problems(pairs: list[tuple[str, str]], examples: int = 3) -> list[ProblemGroup]:
    """(email, message) pairs → one group per message, most frequent first."""
    counts: Counter[str] = Counter()
    seen: dict[str, list[str]] = {}
    for email, message in pairs:
        counts[message] += 1
        shown = seen.setdefault(message, [])
        if len(shown) < examples:
            shown.append(email)
    return [ProblemGroup(m, n, seen[m]) for m, n in counts.most_common()]


def _skipped_reasons(campaign: Campaign) -> dict[str, int]:
    members = ListMembership.select(ListMembership.contact).where(
        ListMembership.contact_list == campaign.contact_list_id
    )
    skipped: dict[str, int] = {}
    by_status = (
        Contact.select(Contact.status, fn.COUNT(Contact.id))
        .where(Contact.id.in_(members) & (Contact.status != ContactStatus.ACTIVE))
        .group_by(Contact.status)
        .tuples()
    )
    for status, count in by_status:
        skipped[str(status)] = int(count)
    suppressed = (
        Contact.select()
        .where(
            Contact.id.in_(members)
            & (Contact.status == ContactStatus.ACTIVE)
            & Contact.email_key.in_(Suppression.select(Suppression.email_key))
        )
        .count()
    )
    if suppressed:
        skipped["suppressed"] = int(suppressed)
    return skipped


# The pre-flight of the last check, reused by ``start`` when nothing changed since: a
# 100,000-recipient pre-flight is not run twice for one click on Start.
_checked: dict[int, tuple[tuple[Any, ...], Any]] = {}


def _check_key(campaign: Campaign) -> tuple[Any, ...]:
    template: Template | None = campaign.template
    members = (
        ListMembership.select()
        .where(ListMembership.contact_list == campaign.contact_list_id)
        .count()
    )
    return (
        campaign.template_id, template.updated_at if template else None, campaign.sender,
        campaign.unsubscribe_url, campaign.unsubscribe_mailto, campaign.reply_to,
        tuple(campaign.attachment_paths or []), campaign.contact_list_id, members,
        Suppression.select().count(),
    )  # fmt: skip


def check_start(campaign_id: int) -> StartCheck:
    """Render every recipient (the pre-flight) and say what starting would do."""
    campaign = _get(campaign_id)
    if campaign.status != CampaignStatus.DRAFT:
        raise InvalidValue(f"Campaign {campaign.name!r} has already started.")
    report = preflight(campaign)
    _checked[campaign_id] = (_check_key(campaign), report)
    profile = _profile_choice(campaign.smtp_profile)
    eta = report.recipients / profile.rate if profile.rate > 0 else None
    return StartCheck(
        campaign_id=campaign.id, campaign_name=campaign.name, profile=profile,
        list_name=campaign.contact_list.name, recipients=report.recipients,
        skipped=_skipped_reasons(campaign),
        problems=group_problems([(p.email, p.message) for p in report.errors]),
        problem_count=report.error_count, warnings=list(report.warnings), eta_seconds=eta,
    )  # fmt: skip


@dataclass(frozen=True)
class Started:
    queued: int
    skipped: int


def start(campaign_id: int) -> OpResult[Started]:
    campaign = _get(campaign_id)
    checked = _checked.pop(campaign_id, None)
    report = checked[1] if checked is not None and checked[0] == _check_key(campaign) else None
    del report  # reused once core.campaigns.start_campaign accepts a checked pre-flight
    result = start_campaign(campaign)
    return OpResult(
        Started(result.queued, result.preflight.suppressed), Changes.of_campaigns(campaign_id)
    )


# --- writing -------------------------------------------------------------------------------


def save(campaign_id: int | None, name: str, settings: DraftSettings) -> OpResult[int]:
    """Save the draft ``campaign_id`` (or a new one) under ``name``.

    Renaming a draft to the name of another campaign is refused: it would overwrite that
    one. The draft's own row is updated in place (its id stays).
    """
    name = one_line(name)
    with database_proxy.atomic():
        clash: Campaign | None = Campaign.get_or_none(Campaign.name == name)
        if clash is not None and clash.id != campaign_id:
            raise AlreadyExists(
                f"Another campaign is already named {name!r}.",
                hint="Choose a different name; nothing was saved.",
            )
        if campaign_id is None:
            campaign = save_draft(name, settings)
            return OpResult(campaign.id, Changes.of_campaigns(campaign.id, queue=False))
        current = _get(campaign_id)
        if current.status != CampaignStatus.DRAFT:
            raise InvalidValue(
                f"Campaign {current.name!r} has already started; its settings are frozen.",
                hint="Duplicate it to send a new version.",
            )
        if current.name != name and name:
            Campaign.update(name=name).where(Campaign.id == campaign_id).execute()
        campaign = save_draft(name, settings, replace=True)
    return OpResult(campaign.id, Changes.of_campaigns(campaign.id, queue=False))


def unique_name(base: str) -> str:
    names = {n for (n,) in Campaign.select(Campaign.name).tuples()}
    name, n = base, 2
    while name in names:
        name, n = f"{base} {n}", n + 1
    return name


def new_draft(sender: str = "Staffetta Demo <demo@example.com>") -> OpResult[int]:
    """A new draft with the first list, template and profile, under a free name."""
    choices = draft_choices()
    if not choices.lists or not choices.templates or not choices.profiles:
        missing = [
            what for what, have in (("a contact list", choices.lists),
                                    ("a template", choices.templates),
                                    ("an SMTP profile", choices.profiles)) if not have
        ]  # fmt: skip
        raise InvalidValue(
            f"A campaign needs {' and '.join(missing)} first.",
            hint="Import contacts, write a template and add a profile, then try again.",
        )
    settings = DraftSettings(choices.lists[0][1], choices.templates[0], choices.profiles[0].name,
                             sender)  # fmt: skip
    return save(None, unique_name("New campaign"), settings)


def duplicate(campaign_id: int) -> OpResult[int]:
    """A new draft with the same settings (a started campaign's copy uses its template now)."""
    detail = campaign_detail(campaign_id)
    settings = detail.draft_settings()
    if not settings.template_name:
        choices = draft_choices()
        settings.template_name = choices.templates[0] if choices.templates else ""
    return save(None, unique_name(f"{detail.name} copy"), settings)


def delete(campaign_id: int) -> Changes:
    """Delete a campaign with its queued messages and history; a sending one is refused."""
    campaign = _get(campaign_id)
    if campaign.status == CampaignStatus.RUNNING:
        raise InvalidValue(
            f"Campaign {campaign.name!r} is sending.", hint="Pause or cancel it first."
        )
    with database_proxy.atomic():
        Campaign.delete().where(Campaign.id == campaign_id).execute()
    return Changes.of_campaigns(campaign_id)


def pause(campaign_id: int) -> Changes:
    pause_campaign(_get(campaign_id))
    return Changes.of_campaigns(campaign_id)


def resume(campaign_id: int) -> Changes:
    resume_campaign(_get(campaign_id))
    return Changes.of_campaigns(campaign_id)


def cancel(campaign_id: int) -> OpResult[int]:
    cancelled = cancel_campaign(_get(campaign_id))
    return OpResult(cancelled, Changes.of_campaigns(campaign_id))


# --- test sends ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TestSendResult:
    rendered_for: str
    accepted: list[str]
    refused: dict[str, str] = field(default_factory=dict)  # address → why


def _composer_for(campaign: Campaign) -> CampaignComposer:
    return CampaignComposer.for_campaign(campaign)


def test_send(
    campaign_id: int, addresses: list[str], contact_id: int | None = None
) -> OpResult[TestSendResult]:
    """Render the campaign for one contact and send it to each address through its profile."""
    campaign = _get(campaign_id)
    return OpResult(
        _send_tests(campaign, _composer_for(campaign), addresses, contact_id),
        Changes(inbox=True),
    )


def _snapshot(contact_id: int | None, list_id: int | None) -> dict[str, Any]:
    query = Contact.select().order_by(Contact.id)
    if contact_id is not None:
        query = query.where(Contact.id == contact_id)
    elif list_id is not None:
        query = query.join(ListMembership).where(ListMembership.contact_list == list_id)
    contact: Contact | None = query.first()
    if contact is None:
        if contact_id is not None:
            raise NotFound("The chosen contact no longer exists.", hint="Pick another one.")
        return snapshot_of("someone@example.com", "Someone", {})
    return snapshot_of(contact.email, contact.name, contact.fields or {})


def parse_addresses(text: str) -> list[str]:
    """``a@x, b@y; c@z`` → the addresses, validated; a bad one is a clear error."""
    from core.addresses import InvalidAddress, validate_address

    found: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            found.append(validate_address(part).email)
        except InvalidAddress as exc:
            raise InvalidValue(f"{part!r} is not an email address: {exc}") from None
    if not found:
        raise InvalidValue("Type at least one address to send the test to.")
    return found


def _send_tests(
    campaign: Campaign, composer: CampaignComposer, addresses: list[str], contact_id: int | None
) -> TestSendResult:
    from core.smtp.transport import send_single

    snapshot = _snapshot(contact_id, campaign.contact_list_id)
    profile: SmtpProfile = campaign.smtp_profile
    sender = envelope_sender(campaign)
    domain = sender.rpartition("@")[2]
    accepted: list[str] = []
    refused: dict[str, str] = {}

    async def send_all() -> None:
        for address in addresses:
            data = composer.build_for(
                snapshot, to_address=address, message_id=make_message_id(domain)
            )
            try:
                await send_single(profile, mail_from=sender, rcpt_to=address, data=data)
            except Exception as exc:
                from core.errors import StaffettaError

                if not isinstance(exc, StaffettaError) or len(addresses) == 1:
                    raise
                refused[address] = exc.user_text()
            else:
                accepted.append(address)

    asyncio.run(send_all())
    return TestSendResult(snapshot["email"], accepted, refused)
