"""The data model. Every table lives here so migrations have one place to look.

States are ``StrEnum``s stored by value (the text in the database is the same as
before they were enums); ``ALL``/``FINAL``/``UNSENT`` are tuples of those values.

Times are naive ``datetime`` in UTC (``core.models.utcnow``). Contact fields and the
per-message variable snapshot are JSON text: contacts have arbitrary columns from
arbitrary spreadsheets, and a snapshot must not change when the contact does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum, nonmember
from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()


def utcnow() -> datetime:
    """Naive UTC now: what every DateTimeField stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, as the CLI's JSON promises."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


class JSONField(TextField):
    """A dict stored as compact JSON text."""

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dict | list):
            return value
        return json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class ContactList(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    created_at = DateTimeField(default=utcnow)


class ContactStatus(StrEnum):
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"
    COMPLAINED = "complained"  # reported a message as spam: never mailed again
    ALL = nonmember((ACTIVE, UNSUBSCRIBED, BOUNCED, COMPLAINED))


class Contact(BaseModel):
    """One person. ``email_key`` (lower-cased normalised address) is the identity."""

    id = AutoField()
    email = CharField()
    email_key = CharField(unique=True)
    name = CharField(null=True)
    fields: Any = JSONField(default=dict)
    status = CharField(default=ContactStatus.ACTIVE, index=True)
    needs_smtputf8 = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class ListMembership(BaseModel):
    id = AutoField()
    contact_list = ForeignKeyField(ContactList, backref="memberships", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="memberships", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact_list", "contact"), True),)


class Suppression(BaseModel):
    """Addresses never to be sent to again (hard bounces, complaints, manual)."""

    id = AutoField()
    email_key = CharField(unique=True)
    reason = TextField(default="")
    created_at = DateTimeField(default=utcnow)


class BodyFormat(StrEnum):
    """How a template's body is written."""

    HTML = "html"
    MARKDOWN = "markdown"


class Template(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    subject = TextField(default="")
    html = TextField(default="")  # the HTML body as written (empty for Markdown)
    text = TextField(null=True)
    body_format = CharField(default=BodyFormat.HTML)
    markdown = TextField(null=True)  # the Markdown body as written
    css = TextField(null=True)  # inlined into the HTML with its <style> blocks
    base_dir = TextField(null=True)  # folder that relative image paths start from
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class Security(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"
    ALL = nonmember((NONE, STARTTLS, TLS))


class SmtpProfile(BaseModel):
    """Where and how fast to send. The password is in the keyring, never here."""

    id = AutoField()
    name = CharField(unique=True)
    host = CharField()
    port = IntegerField()
    security = CharField(default=Security.STARTTLS)
    username = CharField(null=True)
    # Name of an environment variable holding the password (headless runs, no keyring).
    password_env = CharField(null=True)
    # Only an explicit choice of the user allows AUTH without TLS.
    allow_insecure_auth = BooleanField(default=False)
    # Loopback sandboxes (the built-in inbox) may go without TLS.
    is_sandbox = BooleanField(default=False)
    # A private certificate authority (PEM) trusted for this relay, besides the system's.
    ca_file = CharField(null=True)
    rate = FloatField(default=10.0)  # messages per second; 0 = unlimited
    burst = IntegerField(default=5)
    max_connections = IntegerField(default=4)
    per_connection = IntegerField(default=100)  # messages per connection before reconnecting
    daily_cap = IntegerField(default=0)  # 0 = no cap; counted over a rolling 24 h
    retry_base = IntegerField(default=300)  # seconds; Postfix minimal_backoff_time
    retry_max = IntegerField(default=4000)  # seconds; Postfix maximal_backoff_time
    max_attempts = IntegerField(default=20)
    lifetime = IntegerField(default=5 * 24 * 3600)  # seconds; Postfix maximal_queue_lifetime
    max_consecutive_failures = IntegerField(default=10)
    connect_timeout = FloatField(default=30.0)
    data_timeout = FloatField(default=600.0)  # RFC 5321 4.5.3.2: 10 minutes for the final dot
    created_at = DateTimeField(default=utcnow)
    # Warm-up (core.audience.warmup): daily caps for the first days of sending, then
    # ``daily_cap``; day 1 starts with the profile's first message sent.
    warmup: Any = JSONField(default=list)
    warmup_started_at = DateTimeField(null=True)


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # queued, waiting for its start time
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    FINISHED = "finished"
    ALL = nonmember((DRAFT, SCHEDULED, RUNNING, PAUSED, CANCELLED, FINISHED))


class PausedBy(StrEnum):
    """Who paused a campaign (``Campaign.paused_by``); the reason text says why."""

    USER = "user"  # the Pause button, `campaign pause`
    RELAY = "relay"  # the relay refused us for a reason no retry fixes (login, sender, TLS)
    FAILURES = "failures"  # too many permanent failures in a row
    ENGINE = "engine"  # the campaign cannot be sent as it is (its template no longer builds)


class Campaign(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    # The first list of the audience (None when it is made of segments only); the whole
    # audience is in CampaignAudience.
    contact_list = ForeignKeyField(
        ContactList, backref="campaigns", null=True, on_delete="RESTRICT"
    )
    template = ForeignKeyField(Template, backref="campaigns", null=True, on_delete="SET NULL")
    smtp_profile = ForeignKeyField(SmtpProfile, backref="campaigns", on_delete="RESTRICT")
    sender = CharField()
    reply_to = CharField(null=True)
    unsubscribe_url = CharField(null=True)  # a Jinja template, e.g. https://x/u?e={{ email }}
    unsubscribe_mailto = CharField(null=True)
    attachment_paths: Any = JSONField(default=list)  # files attached to every message
    status = CharField(default=CampaignStatus.DRAFT, index=True)
    pause_reason = TextField(null=True)
    paused_by = CharField(null=True)  # a PausedBy while paused, else NULL
    # Frozen at start: later edits of the template do not change queued mail.
    frozen_subject = TextField(null=True)
    frozen_html = TextField(null=True)
    frozen_text = TextField(null=True)
    frozen_settings: Any = JSONField(default=dict)
    suppressed_count = IntegerField(default=0)
    consecutive_failures = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    started_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    # Timing (core.audience.schedule): the start time, the send windows ("mon-fri
    # 09:00-17:30") in ``time_zone`` (an IANA name), and the frequency cap.
    scheduled_at = DateTimeField(null=True)
    send_windows: Any = JSONField(default=list)
    time_zone = CharField(null=True)
    skip_if_sent_within = IntegerField(default=0)  # seconds; 0 = no frequency cap
    # The contact field naming each recipient's own zone: the send windows are read in
    # it (``time_zone`` for a recipient without a valid one). None: one zone for all.
    recipient_zone_field = CharField(null=True)
    # Why audience members got no message at start: {"excluded": n, "suppressed": n, ...}
    skipped_counts: Any = JSONField(default=dict)


class AudienceRole(StrEnum):
    INCLUDE = "include"
    EXCLUDE = "exclude"
    ALL = nonmember((INCLUDE, EXCLUDE))


class Segment(BaseModel):
    """A saved filter over all contacts (``core.audience.segments``): conditions such as
    ``{"field": "city", "op": "=", "value": "Milano"}``, all of which (or any) must hold."""

    id = AutoField()
    name = CharField(unique=True)
    match_any = BooleanField(default=False)
    conditions: Any = JSONField(default=list)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class CampaignAudience(BaseModel):
    """One list or segment included in (or excluded from) a campaign's audience."""

    id = AutoField()
    campaign = ForeignKeyField(Campaign, backref="audience_parts", on_delete="CASCADE")
    role = CharField(default=AudienceRole.INCLUDE)
    contact_list = ForeignKeyField(ContactList, null=True, on_delete="RESTRICT")
    segment = ForeignKeyField(Segment, null=True, on_delete="RESTRICT")


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DEFERRED = "deferred"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"
    HELD = "held"
    CANCELLED = "cancelled"
    BOUNCED = "bounced"  # accepted by the relay, then a hard bounce came back (core.returnpath)
    ALL = nonmember((QUEUED, SENDING, DEFERRED, SENT, FAILED, UNKNOWN, HELD, CANCELLED, BOUNCED))
    FINAL = nonmember((SENT, FAILED, CANCELLED, BOUNCED))
    UNSENT = nonmember((QUEUED, DEFERRED, HELD, UNKNOWN))


class Message(BaseModel):
    """One queued email to one recipient: the unit of the queue's state machine."""

    id = AutoField()
    campaign = ForeignKeyField(Campaign, backref="messages", null=True, on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="messages", null=True, on_delete="SET NULL")
    to_addr = CharField()
    to_key = CharField(index=True)
    variables: Any = JSONField(default=dict)  # snapshot of the recipient's fields at expansion
    message_id = CharField(unique=True)  # fixed at queue time, reused on every retry
    status = CharField(default=MessageStatus.QUEUED)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(null=True)
    queued_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    last_step = CharField(null=True)
    last_code = IntegerField(null=True)
    last_enhanced = CharField(null=True)
    last_response = TextField(null=True)
    # The profile that sends (or sent) it: chosen by weight at expansion when the campaign
    # has several (``CampaignProfile``), set at claim otherwise; history says who sent what.
    smtp_profile = ForeignKeyField(SmtpProfile, null=True, on_delete="SET NULL")
    # The sender process (``Sender.id``) that claimed it last: while the row is `sending`,
    # the one holding it, so a dead sender's rows, and only those, become `unknown`.
    sender_id = CharField(null=True)

    class Meta:
        indexes = (
            (("campaign", "to_key"), True),  # expansion is idempotent per recipient
            # Due retries per campaign, in time order: a claim reads only its own
            # campaigns' rows (a paused campaign's backlog is never walked), and a
            # status alone (the queue page's filter, start-up's recovery) uses the prefix.
            (("status", "campaign", "next_attempt_at"), False),
            (("campaign", "status"), False),
        )


class Attempt(BaseModel):
    """One try at delivering a message, with the SMTP step and the relay's reply."""

    id = AutoField()
    message = ForeignKeyField(Message, backref="attempt_rows", on_delete="CASCADE")
    attempt_uid = CharField(unique=True)
    started_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    step = CharField(null=True)  # connect, ehlo, starttls, auth, mail, rcpt, data, dot
    code = IntegerField(null=True)
    enhanced_code = CharField(null=True)
    response = TextField(null=True)
    outcome = CharField(null=True)  # the message status this attempt led to


class CampaignProfile(BaseModel):
    """The SMTP profiles of a campaign that sends through several, with their weights.

    A campaign with one profile has no rows here (``Campaign.smtp_profile`` is it). A
    profile the relay refused for the campaign (authentication, policy) is taken out of
    the rotation with the reason, and its unsent messages go to the others.
    """

    id = AutoField()
    campaign = ForeignKeyField(Campaign, backref="profile_rows", on_delete="CASCADE")
    smtp_profile = ForeignKeyField(SmtpProfile, backref="campaign_rows", on_delete="RESTRICT")
    weight = IntegerField(default=1)
    position = IntegerField(default=0)
    paused_reason = TextField(null=True)

    class Meta:
        indexes = ((("campaign", "smtp_profile"), True),)


class Sender(BaseModel):
    """A sending process on a team database: alive while its heartbeat is fresh.

    ``expires_at`` is renewed by every heartbeat; once it has passed, any other sender
    turns this one's in-flight rows `unknown` and the row records when (``stopped_at``).
    """

    id = CharField(primary_key=True)  # random, one per run of `send`
    name = CharField()
    host = CharField()
    pid = IntegerField()
    started_at = DateTimeField(default=utcnow)
    heartbeat_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    sent_last_minute = IntegerField(default=0)
    stopped_at = DateTimeField(null=True)
    stop_reason = TextField(null=True)


class ProfileLease(BaseModel):
    """One sender at a time sends through a profile (its rate, connections and daily cap
    are the account's): the holder renews ``expires_at`` with its heartbeat."""

    smtp_profile = ForeignKeyField(SmtpProfile, primary_key=True, on_delete="CASCADE")
    sender_id = CharField()
    acquired_at = DateTimeField(default=utcnow)
    heartbeat_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()


class Mailbox(BaseModel):
    """The IMAP mailbox where an SMTP profile's bounces, complaints and replies arrive
    (``core.returnpath``), and the envelope sender that sends them there. The password
    is in the keyring, never here."""

    id = AutoField()
    profile = ForeignKeyField(SmtpProfile, unique=True, backref="mailboxes", on_delete="CASCADE")
    host = CharField()
    port = IntegerField()
    security = CharField(default=Security.TLS)
    username = CharField(null=True)
    password_env = CharField(null=True)
    folder = CharField(default="INBOX")
    move_to = CharField(null=True)  # handled mail is moved there instead of only flagged
    delete_handled = BooleanField(default=False)  # only when the user asks
    ca_file = CharField(null=True)
    # MAIL FROM for this profile's campaigns (None: the campaign's From address); with
    # VERP each message gets its own, ``local+<message id>@domain``.
    return_path = CharField(null=True)
    verp = BooleanField(default=False)
    uidvalidity = IntegerField(null=True)
    last_uid = IntegerField(default=0)  # the highest UID already read in ``folder``
    last_checked_at = DateTimeField(null=True)
    last_error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)


class ProcessedMail(BaseModel):
    """One mail read from a mailbox, kept so that no check counts it twice."""

    id = AutoField()
    mailbox = ForeignKeyField(Mailbox, backref="processed", on_delete="CASCADE")
    uidvalidity = IntegerField()
    uid = IntegerField()
    mail_message_id = CharField(null=True, index=True)
    kind = CharField()  # core.returnpath.ReturnKind
    handled = BooleanField(default=False)  # flagged/moved on the server
    subject = TextField(default="")
    processed_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("mailbox", "uidvalidity", "uid"), True),)


class ReturnEvent(BaseModel):
    """What one returned mail said about one message or address: a bounce, a complaint,
    an unsubscribe request."""

    id = AutoField()
    mail = ForeignKeyField(ProcessedMail, backref="events", on_delete="CASCADE")
    kind = CharField()
    message = ForeignKeyField(Message, backref="return_events", null=True, on_delete="SET NULL")
    email_key = CharField(index=True)
    status_code = CharField(null=True)  # enhanced status, e.g. 5.1.1
    diagnostic = TextField(default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("message", "kind"), False),)


class AppSetting(BaseModel):
    """Typed settings (``core.settings``) stored as JSON by key."""

    key = CharField(primary_key=True)
    value: Any = JSONField(default=dict)


ALL_MODELS: list[type[BaseModel]] = [
    ContactList,
    Contact,
    ListMembership,
    Suppression,
    Template,
    SmtpProfile,
    Campaign,
    Segment,
    CampaignAudience,
    Message,
    Attempt,
    AppSetting,
    CampaignProfile,
    Sender,
    ProfileLease,
    Mailbox,
    ProcessedMail,
    ReturnEvent,
]
