"""Return-path and suppression-list operations for the window: plain data out,
``Changes`` back (``core.returnpath``, ``core.suppressions``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core import suppressions as core_suppressions
from core.errors import SecretUnavailable
from core.models import Contact, Mailbox, SmtpProfile
from core.ops.changes import Changes, OpResult
from core.returnpath import mailboxes as core_mailboxes
from core.returnpath.check import CheckReport, check_mailboxes, profiles_in_use
from core.returnpath.imap import probe_mailbox
from core.returnpath.mailboxes import MailboxSettings, ReturnPathOptions
from core.returnpath.reports import message_returns, returned_counts
from core.suppressions import SuppressionEntry, SuppressionImport

# What applying returned mail can change: messages (bounced), contacts, the list.
RETURNED = Changes(campaigns=True, queue=True, contacts=True, suppressions=True)


@dataclass(frozen=True)
class MailboxData:
    profile_id: int
    profile_name: str
    settings: MailboxSettings
    last_checked_at: str | None
    last_error: str | None
    has_password: bool


def get_mailbox(profile_id: int) -> MailboxData | None:
    """The profile's mailbox settings (never the password), or None."""
    mailbox = core_mailboxes.mailbox_of(profile_id)
    if mailbox is None:
        return None
    profile: SmtpProfile = mailbox.profile
    described = core_mailboxes.describe(mailbox)
    settings = MailboxSettings(
        host=mailbox.host, port=mailbox.port, security=mailbox.security,
        username=mailbox.username, password_env=mailbox.password_env, folder=mailbox.folder,
        move_to=mailbox.move_to, delete_handled=bool(mailbox.delete_handled),
        ca_file=mailbox.ca_file, return_path=mailbox.return_path, verp=bool(mailbox.verp),
    )  # fmt: skip
    try:
        core_mailboxes.account_for(mailbox)
        has_password = True
    except SecretUnavailable:
        has_password = False
    return MailboxData(profile.id, profile.name, settings, described["last_checked_at"],
                       described["last_error"], has_password)  # fmt: skip


def save_mailbox(
    profile_name: str, settings: MailboxSettings, *, password: str | None = None
) -> OpResult[bool]:
    """Save (value: whether the password went to the keyring)."""
    _mailbox, stored = core_mailboxes.save_mailbox(profile_name, settings, password=password)
    return OpResult(stored, Changes(profiles=True))


def remove_mailbox(profile_name: str) -> Changes:
    core_mailboxes.remove_mailbox(profile_name)
    return Changes(profiles=True)


def test_connection(
    settings: MailboxSettings, *, profile_name: str, password: str | None = None
) -> dict[str, Any]:
    """Log in with settings not saved yet (the dialog's "Test connection"). Blocking
    network work: run it with ``io=True``."""
    settings.validate()
    profile: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.name == profile_name)
    draft = Mailbox(
        host=settings.host, port=settings.port, security=settings.security,
        username=settings.username, password_env=settings.password_env,
        folder=settings.folder, ca_file=settings.ca_file,
    )  # fmt: skip
    if profile is not None:
        draft.profile = profile
    if password is None and profile is None:
        raise SecretUnavailable("Type the mailbox password to test the connection.")
    if profile is None:
        from core.returnpath.imap import ImapAccount

        account = ImapAccount(settings.host, settings.port, settings.security,
                              settings.username or "", password or "", settings.folder,
                              settings.ca_file)  # fmt: skip
    else:
        account = core_mailboxes.account_for(draft, password=password or None)
    return probe_mailbox(account)


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def check_now(profile_ids: Sequence[int] | None = None) -> OpResult[CheckReport]:
    """Read the mailboxes (all, or these profiles') now and apply what came back."""
    ids = list(profile_ids) if profile_ids is not None else None
    report = check_mailboxes(profile_ids=ids)
    return OpResult(report, RETURNED if report.changed_anything else Changes(profiles=True))


def profiles_to_watch() -> list[int]:
    """Profiles whose mailbox the window checks every few minutes while sending."""
    return profiles_in_use()


def options() -> ReturnPathOptions:
    return core_mailboxes.load_options()


def save_options(value: ReturnPathOptions) -> OpResult[ReturnPathOptions]:
    return OpResult(core_mailboxes.save_options(value), Changes(settings=True))


def report_dict(report: CheckReport) -> dict[str, Any]:
    return {**asdict(report.counts), "errors": dict(report.errors)}


# --- what came back, for the pages ---------------------------------------------------


def campaign_returns(campaign_id: int) -> dict[str, int]:
    """bounces, soft_bounces, complaints, unsubscribes of one campaign."""
    return returned_counts(campaign_id)


def returns_of_message(message_id: int) -> list[dict[str, Any]]:
    """Every report about one message (kind, status, diagnostic, at), oldest first."""
    return message_returns(message_id)


def why_not_mailed(contact_id: int) -> str | None:
    """Why a contact gets no mail (suppression reason or status), or None if it does."""
    contact: Contact | None = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None
    reason = core_suppressions.suppression_reason(contact.email_key)
    if reason:
        return reason
    if contact.status != "active":
        return f"marked {contact.status}"
    return None


# --- the suppression list -------------------------------------------------------------


def suppression_list(search: str = "") -> list[SuppressionEntry]:
    return core_suppressions.list_suppressions(search)


def import_suppressions(path: str | Path, reason: str | None = None) -> OpResult[SuppressionImport]:
    report = core_suppressions.import_suppressions(path, reason=reason)
    return OpResult(report, Changes(suppressions=True, contacts=True))


def export_suppressions(path: str | Path) -> int:
    return core_suppressions.export_suppressions(path)


def suppression_detail(value: str) -> core_suppressions.SuppressionDetail | None:
    """Why this address (or @domain) gets no mail: reason, date, campaign, the relay's
    words and what came back before; None when it is not suppressed."""
    return core_suppressions.suppression_detail(value)


def remove_suppressions(values: Sequence[str]) -> OpResult[core_suppressions.Removal]:
    removal = core_suppressions.remove_suppressions(values)
    return OpResult(removal, Changes(suppressions=True, contacts=True))


def add_suppressions(values: Sequence[str], reason: str = "added by you") -> OpResult[int]:
    """Add addresses or @domain entries typed in the window; value: how many were new."""
    from core.addresses import InvalidAddress
    from core.errors import InvalidValue
    from core.models import Suppression, database_proxy, utcnow

    keys = []
    for value in values:
        if not value.strip():
            continue
        try:
            keys.append(core_suppressions.normalise_entry(value))
        except InvalidAddress as exc:
            raise InvalidValue(f"{value.strip()!r} is not an address or @domain: {exc}") from None
    with database_proxy.atomic():
        before = Suppression.select().count()
        for key in keys:
            Suppression.insert(
                email_key=key, reason=reason, created_at=utcnow()
            ).on_conflict_ignore().execute()
        added = Suppression.select().count() - before
    return OpResult(int(added), Changes(suppressions=True, contacts=True))
