"""SMTP profile operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

from dataclasses import dataclass

from core import profiles as core_profiles
from core.errors import NotFound
from core.models import SmtpProfile
from core.ops.changes import Changes, OpResult
from core.profiles import ProfileSettings


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
