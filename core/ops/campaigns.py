"""Campaign operations for the window: plain data out, ``Changes`` back.

Every function here runs on a background thread (``gui/tasks.py``); none returns a
peewee row, so nothing the page holds can lazily query the database on the UI thread.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from peewee import fn

from core.audience.audience import AudienceSpec, audience_of, first_recipient, names_of
from core.audience.audience import describe as describe_audience
from core.campaigns import (
    CampaignComposer,
    CheckedPreflight,
    DraftSettings,
    PreflightReport,
    RecipientRow,
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
from core.campaigns.preflight_check import without_recipient
from core.contacts import list_summaries
from core.errors import AlreadyExists, InvalidValue, NotFound
from core.mime import make_message_id, one_line
from core.models import (
    Attempt,
    Campaign,
    CampaignStatus,
    Contact,
    ListMembership,
    Message,
    MessageStatus,
    PausedBy,
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
    # What the list says beside the status, true to the moment it was read:
    scheduled_at: datetime | None = None  # naive UTC, while scheduled
    time_zone: str | None = None  # the campaign's zone (None: the computer's)
    paused_by: str | None = None  # a PausedBy while paused
    pause_reason: str | None = None
    relay_problem: str = ""  # running, and its relay cannot be reached: the problem in words
    window_opens_at: datetime | None = None  # aware UTC: running, outside its send window
    # Windows in each recipient's zone: running, and nobody is inside theirs now.
    recipients_outside: int = 0
    cap_reached: int = 0  # running, and its profile sent today's cap (this many)


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
    list_id: int | None  # the audience's first list (None: segments only)
    list_name: str | None
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
    # What the form does not edit, kept as it is when the form saves: the rest of the
    # audience (more lists, segments, exclusions), send windows, zone, frequency cap.
    audience: AudienceSpec = field(default_factory=AudienceSpec)
    audience_text: str = ""
    windows: list[str] = field(default_factory=list)
    time_zone: str | None = None
    skip_if_sent_within: int = 0
    scheduled_at: datetime | None = None
    paused_by: str | None = None  # a PausedBy when paused: who paused it (not the reason text)
    recipient_zone_field: str | None = None  # windows in each recipient's zone

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT

    def draft_settings(self) -> DraftSettings:
        """The stored settings; the form replaces the fields it shows."""
        rest = AudienceSpec(
            [n for n in self.audience.lists if n != self.list_name], list(self.audience.segments),
            list(self.audience.exclude_lists), list(self.audience.exclude_segments),
        )  # fmt: skip
        return DraftSettings(
            list_name=self.list_name, template_name=self.template_name or "",
            profile_name=self.profile.name, sender=self.sender, reply_to=self.reply_to,
            unsubscribe_url=self.unsubscribe_url, unsubscribe_mailto=self.unsubscribe_mailto,
            attachments=list(self.attachments), audience=rest, windows=list(self.windows),
            time_zone=self.time_zone, skip_if_sent_within=self.skip_if_sent_within,
            recipient_zone_field=self.recipient_zone_field,
        )  # fmt: skip


def _profile_choice(profile: SmtpProfile) -> ProfileChoice:
    return ProfileChoice(profile.name, profile.host, int(profile.port), float(profile.rate))


def list_campaigns(now: datetime | None = None) -> list[CampaignSummary]:
    """Every campaign, newest first; a running one says whether its relay answers and
    whether it is outside its send window (at ``now``, an injected instant)."""
    from core.audience.policy import WaitKind, waits_by_campaign

    query = Campaign.select(
        Campaign.id, Campaign.name, Campaign.status, Campaign.created_at, Campaign.scheduled_at,
        Campaign.time_zone, Campaign.paused_by, Campaign.pause_reason,
    ).order_by(Campaign.created_at.desc(), Campaign.id.desc())  # fmt: skip
    rows = list(query.tuples())
    running = [row[0] for row in rows if row[2] == CampaignStatus.RUNNING]
    waits = waits_by_campaign(running, now) if running else {}
    out = []
    for cid, name, status, created, scheduled, zone_name, paused_by, reason in rows:
        problem = ""
        opens = None
        outside_count = cap_reached = 0
        if status == CampaignStatus.RUNNING:
            wait = waits.get(cid)
            outside = _everyone_outside(cid, now)
            if wait is not None and wait.kind == WaitKind.WINDOW:
                opens = wait.wait_until
            elif outside is not None:
                outside_count, opens = outside
            else:
                problem = _relay_problem(cid)
                today = _kept_allowance(cid, now) if not problem else None
                cap_reached = today.cap if today is not None and not today.left else 0
        out.append(CampaignSummary(
            cid, name, status, created,
            _as_datetime(scheduled) if status == CampaignStatus.SCHEDULED else None,
            zone_name, paused_by if status == CampaignStatus.PAUSED else None,
            reason if status == CampaignStatus.PAUSED else None, problem, opens, outside_count,
            cap_reached,
        ))  # fmt: skip
    return out


_ALLOWANCES: dict[tuple[int, int], tuple[float, int, ProfileAllowance | None]] = {}


def _kept_allowance(campaign_id: int, now: datetime | None) -> ProfileAllowance | None:
    """``campaign_allowance`` for the list, which asks every second while sending: the
    count of the profile's last 24 hours scans its messages, so it is kept for 10 s
    while this campaign sent nothing more (an index-only count)."""
    sent = (
        Message.select()
        .where((Message.campaign == campaign_id) & (Message.status == MessageStatus.SENT))
        .count()
    )
    key = (id(getattr(database_proxy, "obj", database_proxy)), campaign_id)
    kept = _ALLOWANCES.get(key)
    moment = time.monotonic()
    if kept is not None:
        age = moment - kept[0]
        if age < 10.0 and kept[1] == sent:
            return kept[2]
    value = campaign_allowance(campaign_id, now)
    _ALLOWANCES[key] = (moment, sent, value)
    return value


def _everyone_outside(campaign_id: int, now: datetime | None) -> tuple[int, datetime] | None:
    """Windows in each recipient's zone and nobody inside theirs: (how many wait, when
    the first window opens); None otherwise (some may leave now, or no such windows)."""
    from core.audience.policy import recipient_window_outlook, unsent_zone_counts, windows_of

    campaign = existing_campaign(campaign_id)
    windows = windows_of(campaign)
    if not campaign.recipient_zone_field or windows is None:
        return None
    counts = unsent_zone_counts(campaign_id, campaign.recipient_zone_field)
    outlook = recipient_window_outlook(windows, counts, now or datetime.now(UTC))
    if outlook.open_now or not outlook.waiting or outlook.first_opening is None:
        return None
    return outlook.waiting, outlook.first_opening


def _last_attempt(campaign_id: int) -> Any:
    return (
        Attempt.select(Attempt.step, Attempt.code, Attempt.response, Attempt.finished_at)
        .join(Message)
        .where((Message.campaign == campaign_id) & Attempt.finished_at.is_null(False))
        .order_by(Attempt.id.desc())
        .first()
    )


def _unreached(last: Any) -> bool:
    """The latest attempt could not even talk to the relay (refused, timed out)."""
    return last is not None and last.code is None and last.step in _UNREACHED_STEPS


def _relay_problem(campaign_id: int) -> str:
    """A running campaign's relay problem ("" when its last attempt reached the relay, or
    nothing is left to send)."""
    last = _last_attempt(campaign_id)
    if not _unreached(last):
        return ""
    left = (
        Message.select()
        .where((Message.campaign == campaign_id)
               & Message.status.in_([MessageStatus.QUEUED, MessageStatus.DEFERRED]))
        .exists()
    )  # fmt: skip
    return (last.response or "no answer") if left else ""


def draft_choices() -> DraftChoices:
    templates = [n for (n,) in Template.select(Template.name).order_by(Template.name).tuples()]
    profiles = [_profile_choice(p) for p in SmtpProfile.select().order_by(SmtpProfile.name)]
    return DraftChoices(list_summaries(), templates, profiles)


def existing_campaign(campaign_id: int) -> Campaign:
    """The campaign, or the one sentence saying it was deleted meanwhile (a page may
    still show it)."""
    campaign: Campaign | None = Campaign.get_or_none(Campaign.id == campaign_id)
    if campaign is None:
        raise NotFound("This campaign no longer exists.", hint="Someone deleted it meanwhile.")
    return campaign


def campaign_detail(campaign_id: int) -> CampaignDetail:
    c = existing_campaign(campaign_id)
    template: Template | None = c.template
    resolved = audience_of(c)
    return CampaignDetail(
        id=c.id, name=c.name, status=c.status, list_id=c.contact_list_id,
        list_name=c.contact_list.name if c.contact_list_id is not None else None,
        template_name=template.name if template else None,
        audience=names_of(resolved), audience_text=describe_audience(resolved),
        windows=list(c.send_windows or []), time_zone=c.time_zone,
        skip_if_sent_within=int(c.skip_if_sent_within or 0), scheduled_at=c.scheduled_at,
        recipient_zone_field=c.recipient_zone_field,
        profile=_profile_choice(c.smtp_profile), sender=c.sender, reply_to=c.reply_to,
        unsubscribe_url=c.unsubscribe_url, unsubscribe_mailto=c.unsubscribe_mailto,
        attachments=list(c.attachment_paths or []), pause_reason=c.pause_reason,
        paused_by=c.paused_by,
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
    paused_by: str | None = None  # a PausedBy when paused: who paused it
    scheduled_at: datetime | None = None  # naive UTC, while scheduled
    time_zone: str | None = None  # the campaign's zone (None: the computer's)
    window_opens_at: datetime | None = None  # aware UTC: running, outside its send window

    @property
    def total(self) -> int:
        return sum(self.counts.values())


_UNREACHED_STEPS = ("connect", "ehlo", "starttls")


def campaign_progress(campaign_id: int) -> CampaignProgress:
    """Counts, state and relay health of one campaign (what the page refreshes every second)."""
    campaign = existing_campaign(campaign_id)
    profile: SmtpProfile = campaign.smtp_profile
    counts = campaign_counts(campaign_id)
    last = _last_attempt(campaign_id)
    next_try = (
        Message.select(fn.MIN(Message.next_attempt_at))
        .where((Message.campaign == campaign_id) & (Message.status == MessageStatus.DEFERRED))
        .scalar()
    )
    unreachable = _unreached(last)
    relay = RelayHealth(
        host=profile.host, port=int(profile.port), reachable=not unreachable,
        problem=(last.response or "no answer") if unreachable else "",
        last_tried_at=last.finished_at if last is not None else None,
        next_try_at=_as_datetime(next_try),
    )  # fmt: skip
    opens = None
    if campaign.status == CampaignStatus.RUNNING and campaign.send_windows:
        from core.audience.policy import WaitKind, waits_by_campaign

        wait = waits_by_campaign([campaign_id]).get(campaign_id)
        opens = wait.wait_until if wait is not None and wait.kind == WaitKind.WINDOW else None
    return CampaignProgress(
        campaign_id, campaign.status, counts, campaign.pause_reason, relay,
        _profile_choice(profile), campaign.paused_by,
        _as_datetime(campaign.scheduled_at) if campaign.status == CampaignStatus.SCHEDULED
        else None, campaign.time_zone, opens,
    )  # fmt: skip


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def self_paused() -> dict[int, tuple[str, str]]:
    """Campaigns that paused themselves (the relay refused the login, too many failures,
    a template that no longer builds): id → (name, why). Who paused is the ``paused_by``
    column, never the reason's wording."""
    query = Campaign.select(Campaign.id, Campaign.name, Campaign.pause_reason).where(
        (Campaign.status == CampaignStatus.PAUSED)
        & Campaign.paused_by.is_null(False)
        & (Campaign.paused_by != PausedBy.USER)
    )
    return {i: (n, r or "") for i, n, r in query.tuples()}


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
    list_name: str  # the audience in words: "Customers + Milano gold − Bought this week"
    recipients: int
    skipped: dict[str, int]  # reason → how many ("excluded", "suppressed", "unsubscribed"…)
    problems: list[ProblemGroup]
    problem_count: int
    warnings: list[str]
    eta_seconds: float | None  # at the profile's rate; None when the rate is unlimited

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def group_problems(report: PreflightReport, examples: int = 3) -> list[ProblemGroup]:
    """One group per distinct problem, most frequent first, with a few addresses each."""
    seen: dict[str, list[str]] = {}
    for problem in report.errors:
        shown = seen.setdefault(without_recipient(problem.message, problem.email), [])
        if len(shown) < examples:
            shown.append(problem.email)
    counts = report.problem_counts or {m: len(e) for m, e in seen.items()}
    return [ProblemGroup(m, n, seen.get(m, [])) for m, n in counts.items()]


# The pre-flight of the last check, reused by ``start`` when nothing changed since: a
# 100,000-recipient pre-flight is not run twice for one click on Start.
_checked: dict[int, tuple[tuple[Any, ...], CheckedPreflight]] = {}


def _check_key(campaign: Campaign) -> tuple[Any, ...]:
    """What the pre-flight's outcome depends on; a check is reused only while it is equal
    (and only for a moment: ``CHECK_REUSE_SECONDS``)."""
    template: Template | None = campaign.template
    return (
        campaign.template_id, template.updated_at if template else None, campaign.sender,
        campaign.unsubscribe_url, campaign.unsubscribe_mailto, campaign.reply_to,
        tuple(campaign.attachment_paths or []), audience_of(campaign),
        tuple(campaign.send_windows or []), campaign.skip_if_sent_within,
        ListMembership.select().count(),
        Contact.select(fn.MAX(Contact.updated_at), fn.COUNT(Contact.id)).tuples().first(),
        Suppression.select().count(),
    )  # fmt: skip


def check_start(campaign_id: int) -> StartCheck:
    """Render every recipient (the pre-flight) and say what starting would do."""
    campaign = existing_campaign(campaign_id)
    if campaign.status != CampaignStatus.DRAFT:
        raise InvalidValue(f"Campaign {campaign.name!r} has already started.")
    rows: list[RecipientRow] = []
    report = preflight(campaign, keep_rows=rows)
    _checked.clear()  # one at a time: the rows of 100,000 recipients are not small
    if report.ok:
        _checked[campaign_id] = (_check_key(campaign), CheckedPreflight(report, rows))
    profile = _profile_choice(campaign.smtp_profile)
    eta = report.recipients / profile.rate if profile.rate > 0 else None
    return StartCheck(
        campaign_id=campaign.id, campaign_name=campaign.name, profile=profile,
        list_name=describe_audience(audience_of(campaign)), recipients=report.recipients,
        skipped={k: v for k, v in report.skipped.items() if v}, problems=group_problems(report),
        problem_count=report.error_count, warnings=list(report.warnings), eta_seconds=eta,
    )  # fmt: skip


@dataclass(frozen=True)
class Started:
    queued: int
    skipped: int
    checked_again: bool  # the campaign changed after the check: pre-flight ran again


def start(campaign_id: int) -> OpResult[Started]:
    """Start the campaign, with the pre-flight of ``check_start`` when still valid."""
    campaign = existing_campaign(campaign_id)
    cached = _checked.pop(campaign_id, None)
    checked = cached[1] if cached is not None and cached[0] == _check_key(campaign) else None
    result = start_campaign(campaign, checked=checked)
    return OpResult(
        Started(result.queued, result.preflight.suppressed, checked is None),
        Changes.of_campaigns(campaign_id),
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
        current = existing_campaign(campaign_id)
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


def new_draft(sender: str = "Staffetta Demo <demo@example.com>", *,
              called: str = "New campaign") -> OpResult[int]:  # fmt: skip
    """A new draft with the first list, template and profile, under a free name (the
    window gives ``called`` in its language)."""
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
    return save(None, unique_name(called), settings)


def duplicate(campaign_id: int, *, called: str = "%1 copy") -> OpResult[int]:
    """A new draft with the same settings (a started campaign's copy uses its template now),
    named by ``called`` with ``%1`` for the original's (the window's language)."""
    detail = campaign_detail(campaign_id)
    settings = detail.draft_settings()
    if not settings.template_name:
        choices = draft_choices()
        settings.template_name = choices.templates[0] if choices.templates else ""
    return save(None, unique_name(called.replace("%1", detail.name)), settings)


def delete(campaign_id: int) -> Changes:
    """Delete a campaign with its queued messages and history; a sending one is refused."""
    campaign = existing_campaign(campaign_id)
    if campaign.status == CampaignStatus.RUNNING:
        raise InvalidValue(
            f"Campaign {campaign.name!r} is sending.", hint="Pause or cancel it first."
        )
    with database_proxy.atomic():
        Campaign.delete().where(Campaign.id == campaign_id).execute()
    return Changes.of_campaigns(campaign_id)


def pause(campaign_id: int) -> Changes:
    pause_campaign(existing_campaign(campaign_id))
    return Changes.of_campaigns(campaign_id)


def resume(campaign_id: int) -> Changes:
    resume_campaign(existing_campaign(campaign_id))
    return Changes.of_campaigns(campaign_id)


def cancel(campaign_id: int) -> OpResult[int]:
    cancelled = cancel_campaign(existing_campaign(campaign_id))
    return OpResult(cancelled, Changes.of_campaigns(campaign_id))


# --- test sends ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TestSendResult:
    rendered_for: str
    accepted: list[str]
    refused: dict[str, str] = field(default_factory=dict)  # address → why
    to_builtin_inbox: bool = False  # the window's Test inbox shows them


def _composer_for(campaign: Campaign) -> CampaignComposer:
    return CampaignComposer.for_campaign(campaign)


def test_send(
    campaign_id: int, addresses: list[str], contact_id: int | None = None
) -> OpResult[TestSendResult]:
    """Render the campaign for one contact (the first of its list by default) and send it
    to each address through the campaign's profile."""
    campaign = existing_campaign(campaign_id)
    result = send_tests(
        profile=campaign.smtp_profile, composer=_composer_for(campaign),
        sender=envelope_sender(campaign), addresses=addresses, contact_id=contact_id,
        list_id=campaign.contact_list_id, campaign=campaign,
    )  # fmt: skip
    return OpResult(result, Changes(inbox=True))


def _snapshot(contact_id: int | None, list_id: int | None,
              campaign: Campaign | None = None) -> dict[str, Any]:  # fmt: skip
    contact: Contact | None
    if contact_id is None and campaign is not None:
        contact = first_recipient(campaign)
    else:
        query = Contact.select().order_by(Contact.id)
        if contact_id is not None:
            query = query.where(Contact.id == contact_id)
        elif list_id is not None:
            query = query.join(ListMembership).where(ListMembership.contact_list == list_id)
        contact = query.first()
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


def send_tests(
    *, profile: SmtpProfile, composer: CampaignComposer, sender: str, addresses: list[str],
    contact_id: int | None, list_id: int | None, campaign: Campaign | None = None,
) -> TestSendResult:  # fmt: skip
    """Send one rendered message to each address; with several, a refused address is
    reported and the others still go (one address: its error is raised)."""
    from core.errors import StaffettaError
    from core.smtp.transport import send_single

    snapshot = _snapshot(contact_id, list_id, campaign)
    domain = sender.rpartition("@")[2]
    accepted: list[str] = []
    refused: dict[str, str] = {}

    async def send_all() -> None:
        for address in addresses:
            data = composer.build_test_send(
                snapshot, to_address=address, message_id=make_message_id(domain)
            )
            try:
                await send_single(profile, mail_from=sender, rcpt_to=address, data=data)
            except StaffettaError as exc:
                if len(addresses) == 1:
                    raise
                refused[address] = exc.user_text()
            else:
                accepted.append(address)

    asyncio.run(send_all())
    from core.sandbox import BUILTIN_PROFILE_NAME

    return TestSendResult(snapshot["email"], accepted, refused,
                          to_builtin_inbox=profile.name == BUILTIN_PROFILE_NAME)  # fmt: skip


@dataclass(frozen=True)
class ProfileAllowance:
    """Today's cap of the profile a campaign sends through, and what is left of it."""

    profile: str
    cap: int
    sent: int  # in the last 24 hours, by every campaign of the profile
    left: int
    warmup_day: int | None  # 1-based while warming up
    warmup_days: int


def campaign_allowance(campaign_id: int, now: datetime | None = None) -> ProfileAllowance | None:
    """The campaign's profile's cap today (a warm-up step or the daily cap; counted over
    the last 24 hours); None when the profile has no cap."""
    from core.audience.warmup import allowance

    profile: SmtpProfile = existing_campaign(campaign_id).smtp_profile
    if not int(profile.daily_cap or 0) and not list(profile.warmup or []):
        return None
    value = allowance(profile, now)
    if value.cap is None:
        return None
    return ProfileAllowance(profile.name, value.cap, value.sent, value.left or 0,
                            value.warmup_day, len(profile.warmup or []))  # fmt: skip
