"""SMTP profile operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from core import profiles as core_profiles
from core import secrets
from core.audience.warmup import Allowance
from core.audience.warmup import allowance as warmup_allowance
from core.errors import AlreadyExists, InvalidValue, NotFound
from core.models import SmtpProfile, database_proxy
from core.ops.changes import Changes, OpResult
from core.profiles import ProfileSettings
from core.smtp import transport


@dataclass(frozen=True)
class ProfileData:
    id: int
    name: str
    settings: ProfileSettings


def list_profiles() -> list[ProfileData]:
    return [
        ProfileData(p.id, p.name, core_profiles.settings_of(p))
        for p in SmtpProfile.select().order_by(SmtpProfile.name)
    ]


def get_profile(profile_id: int) -> ProfileData:
    p: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.id == profile_id)
    if p is None:
        raise NotFound("This SMTP profile no longer exists.")
    return ProfileData(p.id, p.name, core_profiles.settings_of(p))


def save(name: str, settings: ProfileSettings, *, replace: bool = False) -> OpResult[int]:
    profile = core_profiles.save_profile(name, settings, replace=replace)
    return OpResult(profile.id, Changes(profiles=True))


def delete(name: str) -> Changes:
    core_profiles.delete_profile(name)
    return Changes(profiles=True)


# --- the Settings page's profile form (gui-b) ------------------------------------------


@dataclass(frozen=True)
class SavedProfile:
    id: int
    name: str
    password_kept: str  # "keyring", "session" or "" (no new password given)


def password_stored(name: str) -> bool:
    """Whether a password is known for the profile (keyring or this session)."""
    return bool(name) and secrets.get_password(name) is not None


def save_from_form(
    profile_id: int | None, name: str, settings: ProfileSettings, password: str = ""
) -> OpResult[SavedProfile]:
    """Create or update a profile from the form; a rename keeps its password.

    Refuses a name another profile has (never overwrites it) and settings that would not
    work (``ProfileSettings.validate``), each with one sentence.
    """
    name = name.strip()
    if not name:
        raise InvalidValue("The profile needs a name.", hint="Type a name you will recognise.")
    clash: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.name == name)
    if clash is not None and clash.id != profile_id:
        raise AlreadyExists(
            f"Another SMTP profile is already called {name!r}.", hint="Choose another name."
        )
    settings.validate()
    old: SmtpProfile | None = (
        SmtpProfile.get_or_none(SmtpProfile.id == profile_id) if profile_id is not None else None
    )
    old_name = old.name if old is not None else None
    with database_proxy.atomic():
        if old is not None and old.name != name:
            old.name = name
            old.save()
        profile = core_profiles.save_profile(name, settings, replace=True)
    if old_name is not None and old_name != name:
        previous = secrets.get_password(old_name)
        secrets.forget_password(old_name)
        if previous is not None and not password:
            secrets.store_password(name, previous)
        imap = secrets.get_password(old_name, kind=secrets.IMAP)  # its mailbox's, too
        secrets.forget_password(old_name, kind=secrets.IMAP)
        if imap is not None:
            secrets.store_password(name, imap, kind=secrets.IMAP)
    kept = ""
    if password:
        kept = "keyring" if secrets.store_password(name, password) else "session"
    return OpResult(SavedProfile(profile.id, name, kept), Changes(profiles=True))


def delete_unused(profile_id: int) -> Changes:
    """Delete a profile no campaign uses, and forget its password."""
    profile: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.id == profile_id)
    if profile is None:
        raise NotFound("This SMTP profile no longer exists.")
    if profile.campaigns.exists():
        raise InvalidValue(
            f"Campaigns use {profile.name!r}, so it cannot be deleted.",
            hint="Change their profile or delete them first.",
        )
    core_profiles.delete_profile(profile.name)
    secrets.forget_password(profile.name)
    secrets.forget_password(profile.name, kind=secrets.IMAP)  # its mailbox's (row cascaded)
    return Changes(profiles=True)


def check_connection(name: str, settings: ProfileSettings, password: str = "") -> str:
    """Connect, start TLS, log in and say goodbye (nothing sent): the verdict sentence.

    Runs on an I/O thread with its own event loop, never the window's.
    """
    settings.validate()
    values = {k: v for k, v in settings.__dict__.items() if k != "extra"}
    profile = SmtpProfile(name=name.strip() or "unsaved", **values)
    secret = password or secrets.get_password(profile.name)
    transport.require_password(profile, secret)
    return asyncio.run(transport.test_connection(profile, secret))


def allowance(profile_id: int) -> Allowance:
    """Today's cap (the warm-up step or the daily cap) and what is left of it."""
    p: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.id == profile_id)
    if p is None:
        raise NotFound("This SMTP profile no longer exists.")
    return warmup_allowance(p)


def describe_allowance(value: Allowance, steps: int) -> str:
    """``Today: 40 of 50 left (warm-up day 1 of 4)`` for the profile form."""
    if value.cap is None:
        return f"No cap today ({value.sent:,} sent in the last 24 hours)."
    day = f" (warm-up day {value.warmup_day} of {steps})" if value.warmup_day else ""
    return f"Today: {value.left or 0:,} of {value.cap:,} left{day}."
