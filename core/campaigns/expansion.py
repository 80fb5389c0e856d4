"""Starting a campaign: freeze its template and settings, then expand it into the queue.

Expansion uses ``INSERT … ON CONFLICT DO NOTHING`` on the unique (campaign, recipient) index, so starting
twice, or again after a crash half-way, never gives anyone a second message.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import fn

from core.audience.audience import eligible_sql
from core.audience.dialect import Dialect
from core.audience.schedule import naive_utc
from core.campaigns.composing import CampaignComposer, campaign_list_id, envelope_sender
from core.campaigns.drafts import _read_attachment, static_attachment_paths
from core.campaigns.preflight_check import (
    PreflightFailed,
    PreflightReport,
    RecipientRow,
    _eligible_rows,
    preflight,
)
from core.campaigns.rotation import profile_assigner, rotation_of
from core.errors import InvalidValue
from core.events import CancelToken
from core.mime import (
    make_message_id,
    one_line,
)
from core.models import (
    Campaign,
    CampaignStatus,
    Contact,
    Message,
    MessageStatus,
    SmtpProfile,
    Template,
    database_proxy,
    iso,
    utcnow,
)

EXPANSION_BATCH = 2_000
# Contact ids per INSERT … SELECT when the database builds the messages itself (one
# transaction each, so the sender and the window get the write lock in between).
SQL_EXPANSION_IDS = 50_000


def _single_profile(campaign: Campaign) -> int | None:
    """The profile every new message goes through, None when several share them."""
    rotation = {r.profile_id for r in rotation_of(campaign) if r.paused_reason is None}
    ids = rotation or {campaign.smtp_profile_id}
    return next(iter(ids)) if len(ids) == 1 else None


def _expand_in_database(campaign: Campaign, moment: datetime, domain: str, stamp: str,
                        profile_id: int) -> None:  # fmt: skip
    """Insert the messages with ``INSERT … SELECT`` over the recipients pre-flight read
    (the same statement, so the same people): no row goes through Python. The snapshot
    and the Message-ID are built in SQL (``Dialect.snapshot_json``, ``message_id``),
    as the Python path builds them."""
    dialect = Dialect.of(database_proxy)
    p = dialect.param
    columns = (
        f"{p}, c.id, c.email, c.email_key, {dialect.snapshot_json('c')}, "
        f"{dialect.message_id('c')}, {p}, 0, {p}, {p}, {p}"
    )
    host = one_line(domain).strip("<>@ ") or "staffetta.invalid"
    head = [campaign.id, f"{time.time_ns():x}", host, MessageStatus.QUEUED, stamp, stamp,
            profile_id]  # fmt: skip
    low, high = Contact.select(fn.MIN(Contact.id), fn.MAX(Contact.id)).tuples().get()
    if low is None:
        return
    for start in range(int(low), int(high) + 1, SQL_EXPANSION_IDS):
        between = (start, start + SQL_EXPANSION_IDS - 1)
        select, where = eligible_sql(campaign, now=moment, columns=columns, between=between)
        sql = (
            f"INSERT INTO {Message._meta.table_name} (campaign_id, contact_id, to_addr, "
            "to_key, variables, message_id, status, attempts, queued_at, updated_at, "
            f"smtp_profile_id) {select} ON CONFLICT DO NOTHING"
        )
        _insert_batch(sql, [*head, *where])


def _insert_batch(sql: str, params: list[Any]) -> None:
    with database_proxy.atomic():
        database_proxy.execute_sql(sql, params)


def _freeze(campaign: Campaign, composer: CampaignComposer, template: Template) -> None:
    """Keep what pre-flight checked: the HTML and text templates as they will be sent
    (Markdown converted, CSS inlined, images as ``cid:``), the images themselves and the
    common attachments; per-recipient attachment paths stay paths (read at send time)."""
    spec = composer.rendering_spec
    attachments = []
    for path in static_attachment_paths(campaign.attachment_paths):
        item = _read_attachment(path)
        attachments.append(
            {"filename": item.filename, "content_type": item.mime_type,
             "data": base64.b64encode(item.data).decode("ascii")}
        )  # fmt: skip
    images = [
        {"cid": i.cid, "filename": i.filename, "content_type": i.content_type,
         "data": base64.b64encode(i.data).decode("ascii")}
        for i in composer.images
    ]  # fmt: skip
    profile: SmtpProfile = campaign.smtp_profile
    campaign.frozen_subject = spec["subject"]
    campaign.frozen_html = spec["html"]
    campaign.frozen_text = spec["text"]
    campaign.frozen_settings = {
        "sender": campaign.sender,
        "reply_to": campaign.reply_to,
        "unsubscribe_url": campaign.unsubscribe_url,
        "unsubscribe_mailto": campaign.unsubscribe_mailto,
        "list_id": campaign_list_id(campaign),
        "attachments": attachments,
        "images": images,
        "attachment_templates": list(spec["attachment_templates"]),
        "html_label": spec["html_label"],
        "template_name": template.name,
        "profile_name": profile.name,
        "profiles": [{"name": r.name, "weight": r.weight} for r in rotation_of(campaign)],
    }


@dataclass
class CheckedPreflight:
    """A pre-flight already run for this campaign as it is now (the window's Start
    dialog shows it, then starts with it, so 100,000 recipients are not rendered twice).
    ``rows`` are the recipients it read (empty: read them again)."""

    report: PreflightReport
    rows: list[RecipientRow]


@dataclass
class StartResult:
    preflight: PreflightReport
    queued: int
    already_queued: int


def start_campaign(
    campaign: Campaign,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
    at: datetime | None = None,
    now: datetime | None = None,
    checked: CheckedPreflight | None = None,
) -> StartResult:
    """Pre-flight (unless ``checked`` is given: a pre-flight already run for the campaign
    as it is now), freeze, expand, run. A failed pre-flight raises and changes nothing.

    With ``at`` (an instant after ``now``), the campaign is queued now and stays
    ``scheduled`` until then; the sender starts it at that time (``core.audience.policy``).
    """
    if campaign.status != CampaignStatus.DRAFT:
        raise InvalidValue(
            f"Campaign {campaign.name!r} is {campaign.status}, not a draft.",
            hint="Use resume for a paused campaign.",
        )
    moment = naive_utc(now) if now is not None else utcnow()
    scheduled = naive_utc(at) if at is not None else None
    if scheduled is not None and scheduled <= moment:
        raise InvalidValue(
            f"The start time {iso(scheduled)} is in the past (it is now {iso(moment)}).",
            hint="Give a later --at, or leave it out to start now.",
        )
    composer = CampaignComposer.for_draft(campaign)
    # One profile for every message (the usual case): the database builds the messages
    # from the statement pre-flight read, so pre-flight keeps no rows for expansion.
    single = _single_profile(campaign)
    rows: list[RecipientRow] = []
    if checked is not None:
        report, rows = checked.report, checked.rows
    else:
        report = preflight(
            campaign, composer=composer, progress=progress, cancel=cancel,
            keep_rows=rows if single is None else None, now=moment,
        )  # fmt: skip
    if cancel is not None and cancel.cancelled:
        raise InvalidValue("Start cancelled; nothing was queued.")
    if not report.ok:
        raise PreflightFailed(report)
    template: Template = campaign.template
    _freeze(campaign, composer, template)
    domain = envelope_sender(campaign).rpartition("@")[2]
    before = Message.select().where(Message.campaign == campaign.id).count()
    stamp = str(utcnow())
    table = Message._meta.table_name
    sql = (
        f"INSERT INTO {table} (campaign_id, contact_id, to_addr, to_key, variables, "
        "message_id, status, attempts, queued_at, updated_at, smtp_profile_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING"
    )
    batch: list[tuple[Any, ...]] = []
    profiles = profile_assigner(campaign)  # several profiles: spread by weight

    def flush() -> None:
        with database_proxy.atomic():
            database_proxy.cursor().executemany(sql, batch)
        batch.clear()

    with database_proxy.atomic():
        campaign.save()
    if single is not None:
        _expand_in_database(campaign, moment, domain, stamp, single)
        rows = []
    quote = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) does, in C
    recipients = (rows if len(rows) == report.recipients or single is not None
                  else _eligible_rows(campaign, moment))  # fmt: skip
    for cid, email, key, name, fields_json in recipients:
        # The snapshot's JSON is spliced from the stored fields JSON (already valid JSON):
        # parsing and dumping it again was a fifth of the expansion time.
        name_json = "null" if name is None else quote(name)
        variables = f'{{"email":{quote(email)},"name":{name_json},"fields":{fields_json or "{}"}}}'
        batch.append(
            (campaign.id, cid, email, key, variables, make_message_id(domain),
             MessageStatus.QUEUED, stamp, stamp, next(profiles))
        )  # fmt: skip
        if len(batch) >= EXPANSION_BATCH:
            flush()
    if batch:
        flush()
    with database_proxy.atomic():
        total = Message.select().where(Message.campaign == campaign.id).count()
        campaign.suppressed_count = report.suppressed
        campaign.skipped_counts = report.skipped
        campaign.scheduled_at = scheduled
        campaign.status = CampaignStatus.SCHEDULED if scheduled else CampaignStatus.RUNNING
        campaign.started_at = None if scheduled else (campaign.started_at or moment)
        campaign.pause_reason = None
        campaign.paused_by = None
        campaign.save()
    return StartResult(report, queued=total - before, already_queued=before)
