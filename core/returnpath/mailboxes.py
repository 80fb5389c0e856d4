"""Mailbox settings per SMTP profile, the return-path settings, and the typed options.

The IMAP password goes to the keyring (``core.secrets``, kind ``mailbox``) exactly as
the SMTP one does; where no keyring exists it is read from the environment variable
named with ``--password-env`` (kept as a name, never a value) on each run.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from typing import Any

from core.errors import InvalidValue, NotFound, SecretUnavailable
from core.models import AppSetting, Mailbox, Security, SmtpProfile, database_proxy, iso
from core.profiles import find_profile, is_loopback
from core.returnpath.apply import DEFAULT_SOFT_BOUNCE_DAYS
from core.returnpath.imap import ImapAccount
from core.secrets import IMAP, forget_password, get_password, store_password

PASSWORD_ENV_PREFIX = "STAFFETTA_IMAP_PASSWORD"
SETTINGS_KEY = "returnpath"


@dataclass
class ReturnPathOptions:
    """Application-wide options of the return path (stored in ``AppSetting``)."""

    soft_bounce_limit: int = 3
    """Soft bounces (of different messages, in a row) after which an address is suppressed."""
    soft_bounce_days: float = DEFAULT_SOFT_BOUNCE_DAYS
    """Soft bounces that came back longer ago than this (days) no longer count, nor do any
    followed by a message that got through."""
    check_every_minutes: float = 5.0
    """How often ``send`` and the window read the mailboxes of the profiles in use."""

    def validate(self) -> None:
        if self.soft_bounce_limit < 1:
            raise InvalidValue("The soft-bounce limit must be at least 1.")
        if not 1 <= self.soft_bounce_days <= 3650:
            raise InvalidValue(
                f"Counting soft bounces over {self.soft_bounce_days:g} days is out of range.",
                hint="Use 1 to 3650 days.",
            )
        if not 0.01 <= self.check_every_minutes <= 24 * 60:
            raise InvalidValue(
                f"Checking the mailbox every {self.check_every_minutes:g} minutes is out of range.",
                hint="Use 0.01 to 1440 minutes.",
            )


def load_options() -> ReturnPathOptions:
    row: AppSetting | None = AppSetting.get_or_none(AppSetting.key == SETTINGS_KEY)
    stored = row.value if row is not None and isinstance(row.value, dict) else {}
    known = {f.name for f in fields(ReturnPathOptions)}
    return ReturnPathOptions(**{k: v for k, v in stored.items() if k in known})


def save_options(options: ReturnPathOptions) -> ReturnPathOptions:
    options.validate()
    with database_proxy.atomic():
        AppSetting.insert(key=SETTINGS_KEY, value=asdict(options)).on_conflict(
            conflict_target=[AppSetting.key], update={AppSetting.value: asdict(options)}
        ).execute()
    return options


@dataclass
class MailboxSettings:
    """What ``mailbox set`` and the profile dialog edit."""

    host: str
    port: int
    security: str = Security.TLS
    username: str | None = None
    password_env: str | None = None
    folder: str = "INBOX"
    move_to: str | None = None
    delete_handled: bool = False
    ca_file: str | None = None
    return_path: str | None = None
    verp: bool = False

    def validate(self) -> None:
        from core.addresses import InvalidAddress, validate_address

        if not self.host.strip():
            raise InvalidValue("The IMAP host is empty.", hint="For example imap.example.com.")
        if not 1 <= self.port <= 65535:
            raise InvalidValue(f"Port {self.port} is not a valid port.", hint="Use 1 to 65535.")
        if self.security not in Security.ALL:
            raise InvalidValue(
                f"Unknown security mode {self.security!r}.", hint="Use tls, starttls or none."
            )
        if self.security == Security.NONE and not is_loopback(self.host.strip()):
            raise InvalidValue(
                f"Reading the mailbox on {self.host} without TLS would expose your password "
                "and mail.",
                hint="Use --security tls (port 993) or starttls (port 143); only a server on "
                "this computer may go without.",
            )
        if not self.folder.strip():
            raise InvalidValue("The folder is empty.", hint="Most mailboxes use INBOX.")
        if self.move_to is not None and self.move_to.strip() == self.folder.strip():
            raise InvalidValue("Handled mail cannot be moved to the folder it is read from.")
        if self.move_to and self.delete_handled:
            raise InvalidValue("Handled mail is either moved or deleted, not both.")
        if self.ca_file and not os.path.isfile(self.ca_file):
            raise InvalidValue(f"The certificate authority file {self.ca_file} does not exist.")
        if self.return_path:
            try:
                self.return_path = validate_address(self.return_path).email
            except InvalidAddress as exc:
                raise InvalidValue(
                    f"The return path {self.return_path!r} is not a valid address: {exc}",
                    hint="For example bounces@example.com.",
                ) from None
            if self.verp and "+" in self.return_path.partition("@")[0]:
                raise InvalidValue(
                    "With VERP the return path must not contain '+' already.",
                    hint="Staffetta adds +<message id> itself, e.g. bounces+123@example.com.",
                )


def find_mailbox(profile_name: str) -> Mailbox:
    profile = find_profile(profile_name)
    found: Mailbox | None = Mailbox.get_or_none(Mailbox.profile == profile.id)
    if found is None:
        raise NotFound(
            f"The SMTP profile {profile_name!r} has no mailbox yet.",
            hint=f"Add one with: mailbox set {profile_name!r} --host H --port P.",
        )
    return found


def mailbox_of(profile_id: int) -> Mailbox | None:
    found: Mailbox | None = Mailbox.get_or_none(Mailbox.profile == profile_id)
    return found


def _columns(settings: MailboxSettings) -> dict[str, Any]:
    return {
        "host": settings.host.strip(),
        "port": settings.port,
        "security": settings.security,
        "username": (settings.username or "").strip() or None,
        "password_env": (settings.password_env or "").strip() or None,
        "folder": settings.folder.strip(),
        "move_to": (settings.move_to or "").strip() or None,
        "delete_handled": settings.delete_handled,
        "ca_file": settings.ca_file or None,
        "return_path": settings.return_path or None,
        "verp": settings.verp,
    }


def save_mailbox(
    profile_name: str, settings: MailboxSettings, *, password: str | None = None
) -> tuple[Mailbox, bool]:
    """Create or replace the profile's mailbox; returns it and whether the password went to
    the keyring. A different server or folder starts reading from the beginning."""
    settings.validate()
    profile: SmtpProfile = find_profile(profile_name)
    values = _columns(settings)
    with database_proxy.atomic():
        existing: Mailbox | None = Mailbox.get_or_none(Mailbox.profile == profile.id)
        if existing is None:
            mailbox = Mailbox.create(profile=profile.id, **values)
        else:
            moved = (existing.host, existing.port, existing.username, existing.folder) != (
                values["host"], values["port"], values["username"], values["folder"]
            )  # fmt: skip
            for key, value in values.items():
                setattr(existing, key, value)
            if moved:
                existing.uidvalidity, existing.last_uid = None, 0
            existing.last_error = None
            existing.save()
            mailbox = existing
    stored = store_password(profile.name, password, kind=IMAP) if password else False
    return mailbox, stored


def remove_mailbox(profile_name: str) -> None:
    mailbox = find_mailbox(profile_name)
    with database_proxy.atomic():
        mailbox.delete_instance(recursive=True)
    forget_password(profile_name, kind=IMAP)


def password_env_var(profile_name: str) -> str:
    """The variable a headless run reads the IMAP password from when no keyring exists."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in profile_name.upper())
    return f"{PASSWORD_ENV_PREFIX}_{safe}"


def account_for(mailbox: Mailbox, *, password: str | None = None) -> ImapAccount:
    """The connection settings with the password from the session, env or keyring."""
    profile: SmtpProfile = mailbox.profile
    username = mailbox.username or profile.username or ""
    if password is None:
        password = get_password(profile.name, env_var=mailbox.password_env, kind=IMAP)
    if password is None:
        password = os.environ.get(password_env_var(profile.name))
    if password is None or not username:
        raise SecretUnavailable(
            f"The password of the mailbox of {profile.name!r} is not available"
            + ("" if username else " (and no username is set)")
            + ".",
            hint="Set it with: mailbox set … --username U --password-env VAR (no keyring on "
            f"this computer: export {mailbox.password_env or password_env_var(profile.name)}).",
        )
    return ImapAccount(
        host=mailbox.host,
        port=mailbox.port,
        security=mailbox.security,
        username=username,
        password=password,
        folder=mailbox.folder,
        ca_file=mailbox.ca_file,
    )


def describe(mailbox: Mailbox) -> dict[str, Any]:
    """Plain data for the CLI's JSON and the window (no password, ever)."""
    profile: SmtpProfile = mailbox.profile
    return {
        "profile": profile.name,
        "host": mailbox.host,
        "port": mailbox.port,
        "security": mailbox.security,
        "username": mailbox.username or profile.username,
        "folder": mailbox.folder,
        "move_to": mailbox.move_to,
        "delete_handled": bool(mailbox.delete_handled),
        "return_path": mailbox.return_path,
        "verp": bool(mailbox.verp),
        "last_checked_at": iso(mailbox.last_checked_at),
        "last_error": mailbox.last_error,
    }


def list_mailboxes() -> list[dict[str, Any]]:
    query = Mailbox.select(Mailbox, SmtpProfile).join(SmtpProfile).order_by(SmtpProfile.name)
    return [describe(m) for m in query]
