"""Campaigns: drafts, test sends, the pre-flight check, expansion into the queue, lifecycle.

Starting a campaign freezes its template and settings (later edits do not change
queued mail), renders every recipient once (so no template error appears
mid-campaign), and expands into one queued ``Message`` per eligible recipient with a
snapshot of their variables and a Message-ID fixed for every retry. Expansion uses
``INSERT OR IGNORE`` on the unique (campaign, recipient) index, so starting twice, or
again after a crash half-way, never gives anyone a second message.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import escape

from core.addresses import InvalidAddress, validate_address
from core.contacts import find_list
from core.errors import AlreadyExists, InvalidValue, NotFound, TemplateProblem
from core.events import CancelToken
from core.mime import (
    Attachment,
    MessageSkeleton,
    build_skeleton,
    check_recipient_address,
    compose,
    make_message_id,
    one_line,
    parse_sender,
)
from core.models import (
    Attempt,
    Campaign,
    CampaignStatus,
    Contact,
    ContactList,
    ContactStatus,
    ListMembership,
    Message,
    MessageStatus,
    SmtpProfile,
    Suppression,
    Template,
    database_proxy,
    utcnow,
)
from core.multicore import run_chunks, spare_cores
from core.profiles import find_profile
from core.rendering import (
    TEXT_ENV,
    CompiledPart,
    compile_part,
    derive_text_template,
    html_to_text,
    render_in_scope,
    scope_globals,
    template_variables,
)
from core.templates import find_template

GMAIL_CLIP_BYTES = 102 * 1024
_URL_UNSAFE = str.maketrans({"<": "%3C", ">": "%3E", " ": "%20", '"': "%22"})
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_LISTED_PROBLEMS = 200
EXPANSION_BATCH = 2_000
KEPT_ROWS_LIMIT = 300_000  # recipients kept in memory between pre-flight and expansion
PREFLIGHT_CHUNK = 2_000  # recipients per chunk of pre-flight work (about 0.1 s)
PARALLEL_PREFLIGHT_MIN_ROWS = 20_000


# --- finding and creating ----------------------------------------------------------------


def find_campaign(name: str) -> Campaign:
    found: Campaign | None = Campaign.get_or_none(Campaign.name == name)
    if found is None:
        names = [c.name for c in Campaign.select(Campaign.name).order_by(Campaign.name)]
        raise NotFound(
            f"There is no campaign named {name!r}.",
            hint=("Campaigns: " + ", ".join(names) + ".") if names else "Create one first.",
        )
    return found


def _check_sender(sender: str, what: str = "sender") -> str:
    display, address = parse_sender(sender)
    try:
        valid = validate_address(address)
    except InvalidAddress as exc:
        raise InvalidValue(
            f"The {what} address {address!r} is not valid: {exc}",
            hint='Write it as "Your Name <you@example.com>".',
        ) from None
    return f"{display} <{valid.email}>" if display else valid.email


@dataclass
class DraftSettings:
    list_name: str
    template_name: str
    profile_name: str
    sender: str
    reply_to: str | None = None
    unsubscribe_url: str | None = None
    unsubscribe_mailto: str | None = None
    attachments: list[str] = field(default_factory=list)


def save_draft(name: str, settings: DraftSettings, *, replace: bool = False) -> Campaign:
    """Create (or update, while still a draft) a campaign."""
    name = one_line(name)
    if not name:
        raise InvalidValue("The campaign needs a name.")
    contact_list = find_list(settings.list_name)
    template = find_template(settings.template_name)
    profile = find_profile(settings.profile_name)
    sender = _check_sender(settings.sender)
    reply_to = _check_sender(settings.reply_to, "reply-to") if settings.reply_to else None
    url = (settings.unsubscribe_url or "").strip() or None
    if url:
        if not url.lower().startswith(("https://", "http://")):
            raise InvalidValue(
                "The unsubscribe URL must start with https://.",
                hint="For example https://example.com/unsubscribe?email={{ email|urlencode }}",
            )
        compile_part(url, label="unsubscribe URL", html=False)
    mailto = (settings.unsubscribe_mailto or "").strip() or None
    if mailto:
        mailto = _check_sender(mailto, "unsubscribe mailbox")
    for path in settings.attachments:
        _read_attachment(path)
    values = {
        "contact_list": contact_list,
        "template": template,
        "smtp_profile": profile,
        "sender": sender,
        "reply_to": reply_to,
        "unsubscribe_url": url,
        "unsubscribe_mailto": mailto,
        "attachment_paths": list(settings.attachments),
    }
    with database_proxy.atomic():
        existing: Campaign | None = Campaign.get_or_none(Campaign.name == name)
        if existing is None:
            return Campaign.create(name=name, **values)
        if not replace:
            raise AlreadyExists(f"A campaign named {name!r} already exists.")
        if existing.status != CampaignStatus.DRAFT:
            raise InvalidValue(
                f"Campaign {name!r} has already started; its settings are frozen.",
                hint="Duplicate it to send a new version.",
            )
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        return existing


def _read_attachment(path: str) -> Attachment:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidValue(
            f"Cannot read the attachment {path}: {exc.strerror}.", hint="Check the file."
        ) from None
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidValue(
            f"The attachment {file.name} is {len(data) / 1e6:.1f} MB; the limit is 10 MB.",
            hint="Link to big files instead of attaching them.",
        )
    return Attachment(file.name, data)


# --- composing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    html: str | None
    text: str
    list_unsubscribe: str
    unsubscribe_url: str = ""


class CampaignComposer:
    """Renders and builds every message of one campaign from compiled parts."""

    def __init__(
        self,
        *,
        name: str,
        subject: str,
        html: str,
        text: str | None,
        sender: str,
        reply_to: str | None,
        unsubscribe_url: str | None,
        unsubscribe_mailto: str | None,
        attachments: tuple[Attachment, ...] = (),
    ) -> None:
        # What a helper process needs to build the same composer (pre-flight renders big
        # lists on several cores); attachments are not needed to render.
        self.rendering_spec: dict[str, str | None] = {
            "name": name, "subject": subject, "html": html, "text": text, "sender": sender,
            "reply_to": reply_to, "unsubscribe_url": unsubscribe_url,
            "unsubscribe_mailto": unsubscribe_mailto,
        }  # fmt: skip
        self.name = name
        self.subject = compile_part(subject, label="subject", html=False)
        self.html = compile_part(html, label="HTML", html=True) if html.strip() else None
        self.text: CompiledPart | None = (
            compile_part(text, label="text", html=False) if text else None
        )
        self.text_is_written = bool(text)
        self.unsubscribe = (
            compile_part(unsubscribe_url, label="unsubscribe URL", html=False)
            if unsubscribe_url
            else None
        )
        _display, sender_address = parse_sender(sender)
        self.sender_address = sender_address
        self.mailto = f"mailto:{parse_sender(unsubscribe_mailto or sender)[1]}?subject=unsubscribe"
        self.skeleton: MessageSkeleton = build_skeleton(
            sender=sender, reply_to=reply_to, attachments=attachments
        )
        self.extra = {"campaign": {"name": name, "sender": sender}}
        self.globals = scope_globals(self.subject, self.html, self.text, self.unsubscribe)

    @classmethod
    def for_campaign(cls, campaign: Campaign) -> CampaignComposer:
        """The composer of a started campaign: built from what was frozen at start."""
        if campaign.frozen_html is None and campaign.frozen_text is None:
            return cls.for_draft(campaign)
        settings = campaign.frozen_settings or {}
        attachments = tuple(
            Attachment(a["filename"], base64.b64decode(a["data"]), a.get("content_type", ""))
            for a in settings.get("attachments", [])
        )
        return cls(
            name=campaign.name,
            subject=campaign.frozen_subject or "",
            html=campaign.frozen_html or "",
            text=campaign.frozen_text,
            sender=settings.get("sender", campaign.sender),
            reply_to=settings.get("reply_to", campaign.reply_to),
            unsubscribe_url=settings.get("unsubscribe_url", campaign.unsubscribe_url),
            unsubscribe_mailto=settings.get("unsubscribe_mailto", campaign.unsubscribe_mailto),
            attachments=attachments,
        )

    @classmethod
    def for_draft(cls, campaign: Campaign) -> CampaignComposer:
        """The composer of a draft: built from the template as it is now."""
        template: Template | None = campaign.template
        if template is None:
            raise TemplateProblem(
                f"Campaign {campaign.name!r} has no template.", hint="Choose a template."
            )
        text = template.text or derive_text_template(template.html)
        composer = cls(
            name=campaign.name,
            subject=template.subject,
            html=template.html,
            text=text,
            sender=campaign.sender,
            reply_to=campaign.reply_to,
            unsubscribe_url=campaign.unsubscribe_url,
            unsubscribe_mailto=campaign.unsubscribe_mailto,
            attachments=tuple(_read_attachment(p) for p in campaign.attachment_paths or []),
        )
        composer.text_is_written = bool(template.text)
        return composer

    def variables_for(self, snapshot: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Template variables and the List-Unsubscribe value for one recipient."""
        variables = self._variables(snapshot)
        _url, list_unsubscribe = self._add_unsubscribe({**self.globals, **variables}, variables)
        return variables, list_unsubscribe

    def _add_unsubscribe(self, scope: dict[str, Any], into: dict[str, Any]) -> tuple[str, str]:
        """Render this recipient's unsubscribe URL in ``scope``, set it as
        ``unsubscribe_url`` in ``into``; (URL, List-Unsubscribe value)."""
        if self.unsubscribe is None:
            return self.mailto, f"<{self.mailto}>"
        url = one_line(render_in_scope(self.unsubscribe, scope, recipient=scope["email"]))
        url = url.translate(_URL_UNSAFE)  # it sits inside <…> in List-Unsubscribe
        into["unsubscribe_url"] = url
        return url, f"<{url}>, <{self.mailto}>"

    def _variables(self, snapshot: dict[str, Any]) -> dict[str, Any]:
        return template_variables(
            email=snapshot.get("email", ""),
            name=snapshot.get("name"),
            fields=snapshot.get("fields") or {},
            unsubscribe_url=self.mailto,
            extra=self.extra,
        )

    def render_parts(self, snapshot: dict[str, Any]) -> tuple[str, str | None, str, str, str]:
        """(subject, HTML, text, List-Unsubscribe, unsubscribe URL) of one recipient.

        The parts share one scope (variables over the template globals), built once;
        pre-flight calls this for every recipient, ``render`` wraps it.
        """
        email = snapshot.get("email", "")
        scope = {**self.globals, **self._variables(snapshot)}
        url, list_unsubscribe = self._add_unsubscribe(scope, scope)
        subject = one_line(render_in_scope(self.subject, scope, recipient=email))
        html = render_in_scope(self.html, scope, recipient=email) if self.html else None
        if self.text is not None:
            text = render_in_scope(self.text, scope, recipient=email)
        else:
            text = html_to_text(html or "")
        return subject, html, text, list_unsubscribe, url

    def render(self, snapshot: dict[str, Any]) -> RenderedMessage:
        return RenderedMessage(*self.render_parts(snapshot))

    def build_for(self, snapshot: dict[str, Any], *, to_address: str, message_id: str) -> bytes:
        """The message bytes; anything that cannot be rendered or encoded is a TemplateProblem
        (the sending engine holds that message and goes on with the rest)."""
        rendered = self.render(snapshot)
        try:
            return compose(
                self.skeleton,
                to_address=to_address,
                to_name=snapshot.get("name"),
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                message_id=message_id,
                list_unsubscribe=rendered.list_unsubscribe,
            )
        except (UnicodeError, ValueError, TypeError) as exc:
            raise TemplateProblem(
                f"The message for {to_address} cannot be encoded: {exc}.",
                hint="Check this contact's values for unusual characters.",
            ) from None

    def build(self, message: Message) -> bytes:
        """The full message bytes for a queued row (TemplateProblem → the row is held)."""
        snapshot = message.variables or {}
        return self.build_for(snapshot, to_address=message.to_addr, message_id=message.message_id)


def envelope_sender(campaign: Campaign) -> str:
    """The bare address for MAIL FROM."""
    settings = campaign.frozen_settings or {}
    return parse_sender(settings.get("sender", campaign.sender))[1]


def snapshot_of(email: str, name: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    return {"email": email, "name": name, "fields": fields}


# --- pre-flight and expansion ------------------------------------------------------------


@dataclass
class RecipientProblem:
    email: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"email": self.email, "problem": self.message}


@dataclass
class PreflightReport:
    recipients: int = 0
    suppressed: int = 0
    errors: list[RecipientProblem] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    largest_bytes: int = 0  # see PreflightTally.largest

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "suppressed": self.suppressed,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": self.error_count,
            "warnings": self.warnings,
        }


class PreflightFailed(TemplateProblem):
    def __init__(self, report: PreflightReport) -> None:
        first = report.errors[0] if report.errors else None
        detail = f" First: {first.email}: {first.message}" if first else ""
        super().__init__(
            f"The pre-flight check found {report.error_count} recipient(s) whose message "
            f"cannot be built; nothing was queued.{detail}",
            hint="Fix the template (or the contacts) and start again.",
        )
        self.report = report


RecipientRow = tuple[int, str, str, str | None, str | None]


def _eligible_rows(campaign: Campaign) -> sqlite3.Cursor:
    """A cursor over (contact id, email, key, name, fields JSON) of every recipient allowed
    to get mail."""
    contact, membership, suppression = (
        Contact._meta.table_name,
        ListMembership._meta.table_name,
        Suppression._meta.table_name,
    )
    cursor = database_proxy.execute_sql(
        f"SELECT c.id, c.email, c.email_key, c.name, c.fields FROM {contact} c "
        f"JOIN {membership} m ON m.contact_id = c.id "
        f"WHERE m.contact_list_id = ? AND c.status = ? "
        f"AND c.email_key NOT IN (SELECT email_key FROM {suppression}) ORDER BY c.id",
        (campaign.contact_list_id, ContactStatus.ACTIVE),
    )
    return cursor


def _member_count(campaign: Campaign) -> int:
    return int(
        ListMembership.select()
        .where(ListMembership.contact_list == campaign.contact_list_id)
        .count()
    )


def preflight(
    campaign: Campaign,
    *,
    composer: CampaignComposer | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
    keep_rows: list[RecipientRow] | None = None,
) -> PreflightReport:
    """Render every eligible recipient; collect errors per contact and general warnings.

    Big lists are rendered in chunks shared with helper processes on the other cores
    (``core.multicore``); the report is the same as on one core. With ``keep_rows``, the
    recipients read are kept there (up to ``KEPT_ROWS_LIMIT``) so expansion does not read
    and parse the list a second time.
    """
    composer = composer or CampaignComposer.for_draft(campaign)
    _use_in_this_process(composer)
    members = _member_count(campaign)
    kept = keep_rows
    done = 0

    def chunks() -> Iterator[list[RecipientRow]]:
        nonlocal kept
        cursor = _eligible_rows(campaign)
        while chunk := cursor.fetchmany(PREFLIGHT_CHUNK):
            if kept is not None:
                if len(kept) + len(chunk) <= KEPT_ROWS_LIMIT:
                    kept.extend(chunk)
                else:
                    kept.clear()
                    kept = None
            yield chunk

    def after_chunk(chunk: list[RecipientRow], _tally: PreflightTally) -> None:
        nonlocal done
        done += len(chunk)
        if progress is not None:
            progress(done, members)

    tallies = run_chunks(
        preflight_chunk,
        composer.rendering_spec,
        chunks(),
        helpers=preflight_helpers(members),
        after_chunk=after_chunk,
        stop=(lambda: cancel.cancelled) if cancel is not None else None,
    )
    total = PreflightTally()
    for tally in tallies:
        total.add(tally)
    report = PreflightReport(
        recipients=total.recipients,
        errors=total.errors,
        error_count=total.error_count,
        largest_bytes=total.largest,
    )
    report.suppressed = members - report.recipients
    _warn(report, composer, total.empty_subjects, total.without_link)
    return report


def preflight_helpers(members: int) -> int:
    """Helper processes for a list this big: none for small lists (starting one costs
    about a third of a second), else one per spare core, up to three."""
    if members < PARALLEL_PREFLIGHT_MIN_ROWS:
        return 0
    return min(spare_cores(), 3)


@dataclass
class PreflightTally:
    """What pre-flight found in some recipients; tallies of consecutive chunks add up."""

    recipients: int = 0
    error_count: int = 0
    errors: list[RecipientProblem] = field(default_factory=list)
    empty_subjects: int = 0
    without_link: int = 0
    # UTF-8 size of the largest text+HTML, exact once it could reach Gmail's clip limit;
    # below that, bodies are counted in characters (a lower bound) to skip encoding them.
    largest: int = 0
    rendered_by: set[int] = field(default_factory=set)  # process ids (self-check, tests)

    def add(self, other: PreflightTally) -> None:
        self.recipients += other.recipients
        self.error_count += other.error_count
        room = MAX_LISTED_PROBLEMS - len(self.errors)
        self.errors.extend(other.errors[:room])
        self.empty_subjects += other.empty_subjects
        self.without_link += other.without_link
        self.largest = max(self.largest, other.largest)
        self.rendered_by |= other.rendered_by


# The composer preflight_chunk renders with, per process: one campaign at a time.
_chunk_composer: tuple[tuple[tuple[str, str | None], ...], CampaignComposer] | None = None


def _use_in_this_process(composer: CampaignComposer) -> None:
    """Chunks rendered here use the caller's composer instead of compiling another."""
    global _chunk_composer
    _chunk_composer = (tuple(sorted(composer.rendering_spec.items())), composer)


def preflight_chunk(spec: dict[str, str | None], rows: list[RecipientRow]) -> PreflightTally:
    """Render one chunk of recipients (here or in a helper process, which builds the
    composer from its ``rendering_spec``) and tally what pre-flight reports."""
    key = tuple(sorted(spec.items()))
    if _chunk_composer is None or _chunk_composer[0] != key:
        _use_in_this_process(CampaignComposer(**spec))  # type: ignore[arg-type]
    assert _chunk_composer is not None
    composer = _chunk_composer[1]
    tally = PreflightTally(rendered_by={os.getpid()})
    render, loads = composer.render_parts, json.loads
    largest = 0
    for _cid, email, _key, name, fields_json in rows:
        tally.recipients += 1
        snapshot = snapshot_of(email, name, loads(fields_json) if fields_json else {})
        try:
            subject, html, text, _list_unsubscribe, url = render(snapshot)
            check_recipient_address(email)  # what would stop its To header being written
        except TemplateProblem as exc:
            tally.error_count += 1
            if len(tally.errors) < MAX_LISTED_PROBLEMS:
                tally.errors.append(RecipientProblem(email, exc.message))
            continue
        if not subject:
            tally.empty_subjects += 1
        if not _shows_unsubscribe_link(url, html, text):
            tally.without_link += 1
        size = len(text) + (len(html) if html is not None else 0)
        if size * 4 > max(largest, GMAIL_CLIP_BYTES):  # UTF-8: up to 4 bytes a character
            size = len(text.encode()) + (len(html.encode()) if html is not None else 0)
        if size > largest:
            largest = size
    tally.largest = largest
    return tally


def _shows_unsubscribe_link(url: str, html: str | None, text: str) -> bool:
    """Whether the recipient can see their unsubscribe link in the body (the HTML when
    there is one: that is what mail clients show)."""
    if not url:
        return False
    if html is not None:
        return url in html or str(escape(url)) in html
    return url in text


def _warn(
    report: PreflightReport, composer: CampaignComposer, empty_subjects: int, without_link: int
) -> None:
    if without_link:
        report.warnings.append(
            f"{without_link:,} message(s) have no visible unsubscribe link: add "
            '<a href="{{ unsubscribe_url }}">Unsubscribe</a> (Gmail and Yahoo require one).'
        )
    if composer.unsubscribe is None:
        report.warnings.append(
            "No unsubscribe URL is set, so one-click unsubscribe (RFC 8058) is off; "
            "bulk mail to Gmail and Yahoo needs it."
        )
    if not composer.text_is_written:
        report.warnings.append(
            "No text part was written; Staffetta derives one from the HTML. Check it in the "
            "preview."
        )
    if report.largest_bytes > GMAIL_CLIP_BYTES:
        report.warnings.append(
            f"The largest message is {report.largest_bytes / 1024:.0f} KB; Gmail clips "
            "messages over 102 KB."
        )
    if empty_subjects:
        report.warnings.append(f"{empty_subjects} recipient(s) would get an empty subject.")
    if report.recipients == 0:
        report.warnings.append("Nobody on this list can receive the campaign.")


def _freeze(campaign: Campaign, composer_source: Template) -> None:
    text = composer_source.text or derive_text_template(composer_source.html)
    attachments = []
    for path in campaign.attachment_paths or []:
        item = _read_attachment(path)
        attachments.append(
            {"filename": item.filename, "content_type": item.mime_type,
             "data": base64.b64encode(item.data).decode("ascii")}
        )  # fmt: skip
    profile: SmtpProfile = campaign.smtp_profile
    campaign.frozen_subject = composer_source.subject
    campaign.frozen_html = composer_source.html
    campaign.frozen_text = text
    campaign.frozen_settings = {
        "sender": campaign.sender,
        "reply_to": campaign.reply_to,
        "unsubscribe_url": campaign.unsubscribe_url,
        "unsubscribe_mailto": campaign.unsubscribe_mailto,
        "attachments": attachments,
        "template_name": composer_source.name,
        "profile_name": profile.name,
    }


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
) -> StartResult:
    """Pre-flight, freeze, expand, run. A failed pre-flight raises and changes nothing."""
    if campaign.status != CampaignStatus.DRAFT:
        raise InvalidValue(
            f"Campaign {campaign.name!r} is {campaign.status}, not a draft.",
            hint="Use resume for a paused campaign.",
        )
    composer = CampaignComposer.for_draft(campaign)
    rows: list[RecipientRow] = []
    report = preflight(
        campaign, composer=composer, progress=progress, cancel=cancel, keep_rows=rows
    )
    if cancel is not None and cancel.cancelled:
        raise InvalidValue("Start cancelled; nothing was queued.")
    if not report.ok:
        raise PreflightFailed(report)
    template: Template = campaign.template
    _freeze(campaign, template)
    domain = envelope_sender(campaign).rpartition("@")[2]
    before = Message.select().where(Message.campaign == campaign.id).count()
    now = str(utcnow())
    table = Message._meta.table_name
    sql = (
        f"INSERT OR IGNORE INTO {table} (campaign_id, contact_id, to_addr, to_key, variables, "
        "message_id, status, attempts, queued_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
    )
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        with database_proxy.atomic():
            database_proxy.cursor().executemany(sql, batch)
        batch.clear()

    with database_proxy.atomic():
        campaign.save()
    quote = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) does, in C
    recipients = rows if len(rows) == report.recipients else _eligible_rows(campaign)
    for cid, email, key, name, fields_json in recipients:
        # The snapshot's JSON is spliced from the stored fields JSON (already valid JSON):
        # parsing and dumping it again was a fifth of the expansion time.
        name_json = "null" if name is None else quote(name)
        variables = f'{{"email":{quote(email)},"name":{name_json},"fields":{fields_json or "{}"}}}'
        batch.append(
            (campaign.id, cid, email, key, variables, make_message_id(domain),
             MessageStatus.QUEUED, now, now)
        )  # fmt: skip
        if len(batch) >= EXPANSION_BATCH:
            flush()
    if batch:
        flush()
    with database_proxy.atomic():
        total = Message.select().where(Message.campaign == campaign.id).count()
        campaign.suppressed_count = report.suppressed
        campaign.status = CampaignStatus.RUNNING
        campaign.started_at = campaign.started_at or utcnow()
        campaign.pause_reason = None
        campaign.save()
    return StartResult(report, queued=total - before, already_queued=before)


# --- lifecycle and status -----------------------------------------------------------------


def pause_campaign(campaign: Campaign, reason: str = "Paused by you.") -> None:
    if campaign.status != CampaignStatus.RUNNING:
        raise InvalidValue(f"Campaign {campaign.name!r} is {campaign.status}, not running.")
    with database_proxy.atomic():
        Campaign.update(status=CampaignStatus.PAUSED, pause_reason=reason).where(
            Campaign.id == campaign.id
        ).execute()
    campaign.status, campaign.pause_reason = CampaignStatus.PAUSED, reason


def resume_campaign(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.PAUSED:
        raise InvalidValue(f"Campaign {campaign.name!r} is {campaign.status}, not paused.")
    with database_proxy.atomic():
        Campaign.update(
            status=CampaignStatus.RUNNING, pause_reason=None, consecutive_failures=0
        ).where(Campaign.id == campaign.id).execute()
    campaign.status, campaign.pause_reason = CampaignStatus.RUNNING, None


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


def campaign_counts(campaign: Campaign | int) -> dict[str, int]:
    campaign_id = campaign if isinstance(campaign, int) else campaign.id
    counts = dict.fromkeys(MessageStatus.ALL, 0)
    rows = database_proxy.execute_sql(
        f"SELECT status, COUNT(*) FROM {Message._meta.table_name} WHERE campaign_id = ? "
        "GROUP BY status",
        (campaign_id,),
    )
    for status, count in rows:
        counts[status] = int(count)
    return counts


@dataclass(frozen=True)
class SendTimeline:
    """Sent and failed messages per time bucket, from the first attempt to the last."""

    bucket_seconds: int
    points: list[tuple[int, int]]  # (sent, failed) per bucket, oldest first


def send_timeline(campaign_id: int, buckets: int = 60) -> SendTimeline:
    """What the campaign's chart draws, from recorded attempts (so it survives a restart).

    The bucket width grows with the campaign's span (at least 5 s), so a finished
    campaign shows its whole history and a running one its pace.
    """
    attempt, message = Attempt._meta.table_name, Message._meta.table_name
    span_row = database_proxy.execute_sql(
        f"SELECT MIN(julianday(a.finished_at)), MAX(julianday(a.finished_at)) FROM {attempt} a "
        f"JOIN {message} m ON m.id = a.message_id WHERE m.campaign_id = ? "
        "AND a.outcome IN ('sent', 'failed')",
        (campaign_id,),
    ).fetchone()
    if span_row is None or span_row[0] is None:
        return SendTimeline(5, [])
    first, last = float(span_row[0]), float(span_row[1])
    span_seconds = (last - first) * 86400
    width = max(5, int(span_seconds / buckets) + 1)
    points = [(0, 0)] * (int(span_seconds // width) + 1)
    rows = database_proxy.execute_sql(
        f"SELECT CAST((julianday(a.finished_at) - ?) * 86400 / ? AS INTEGER) AS bucket, "
        "SUM(a.outcome = 'sent'), SUM(a.outcome = 'failed') "
        f"FROM {attempt} a JOIN {message} m ON m.id = a.message_id "
        "WHERE m.campaign_id = ? AND a.outcome IN ('sent', 'failed') GROUP BY bucket",
        (first, width, campaign_id),
    )
    for bucket, sent, failed in rows:
        index = min(max(int(bucket), 0), len(points) - 1)
        points[index] = (points[index][0] + int(sent), points[index][1] + int(failed))
    return SendTimeline(width, points)


def campaign_status(campaign: Campaign) -> dict[str, Any]:
    """The JSON of ``campaign status`` (CLI.md)."""
    fresh: Campaign = Campaign.get_by_id(campaign.id)
    counts = campaign_counts(fresh)
    list_row: ContactList = fresh.contact_list
    return {
        "name": fresh.name,
        "status": fresh.status,
        "total": sum(counts.values()),
        "counts": counts,
        "suppressed": fresh.suppressed_count,
        "pause_reason": fresh.pause_reason,
        "list": list_row.name,
        "started_at": fresh.started_at.isoformat() + "Z" if fresh.started_at else None,
    }


def recipient_snapshot(campaign: Campaign, contact_email: str | None) -> dict[str, Any]:
    """A contact of the campaign's list (the first by default) as a variable snapshot."""
    query = (
        Contact.select()
        .join(ListMembership)
        .where(ListMembership.contact_list == campaign.contact_list_id)
        .order_by(Contact.id)
    )
    if contact_email:
        query = query.where(Contact.email_key == contact_email.strip().lower())
    contact: Contact | None = query.first()
    if contact is None:
        if contact_email:
            raise NotFound(f"{contact_email} is not on the list of campaign {campaign.name!r}.")
        raise NotFound(f"The list of campaign {campaign.name!r} is empty.")
    return snapshot_of(contact.email, contact.name, contact.fields or {})


def quote_email(value: str) -> str:
    return quote(value, safe="")


TEXT_ENV.filters.setdefault("urlencode_email", quote_email)
