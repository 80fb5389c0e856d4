"""Team database operations for the window: plain data out (``core.team``).

Opening a team database is checked first (``connect``: reachable, login accepted, a
schema this version can use) on an I/O thread, before the window lets go of the
database it has; the password typed is kept in the keyring only once it worked. The
senders view reads ``senders`` (who is sending what) on a reader thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.db import is_postgres, is_postgres_location, redacted
from core.errors import InvalidValue
from core.models import database_proxy

if TYPE_CHECKING:  # psycopg loads only for a team database
    from core.team.database import TeamAddress, TeamCheck
    from core.team.senders import Clock, TeamMember


@dataclass(frozen=True)
class OpenedDatabase:
    """What the window says about the database it has open."""

    team: bool
    location: str  # as it may be shown (no password): a file path or a URL
    title: str  # "staffetta on db.example.com:5432" or the file's name
    user: str = ""


def address_url(host: str, port: int, database: str, user: str) -> str:
    """The URL of the address typed in the window's fields (``InvalidValue`` if incomplete)."""
    from core.team.database import TeamAddress

    missing = [
        label
        for label, value in (("host", host), ("database", database), ("user", user))
        if not value.strip()
    ]
    if missing:
        raise InvalidValue(
            f"The team database needs a {' and a '.join(missing)}.",
            hint="Fill them in, or paste the address (postgresql://USER@HOST:PORT/DATABASE).",
        )
    return TeamAddress(host.strip(), int(port), database.strip(), user.strip()).url


def parse_address(location: str) -> TeamAddress:
    """The parts of a ``postgresql://`` address (``InvalidValue`` for anything else)."""
    from core.team.database import parse_address as parse

    return parse(location)


def has_kept_password(location: str) -> bool:
    """Whether a password is kept for this address (never the password itself)."""
    from core.team.database import stored_password

    return stored_password(location) is not None


def keyring_available() -> bool:
    """Whether a password typed now is kept after the app quits."""
    from core import secrets

    return secrets.keyring_available()


def connect(location: str, password: str = "") -> TeamCheck:
    """Try the team database at ``location`` (with ``password``, else the kept one); when
    it can be used, keep the password typed (keyring, or this session without one)."""
    from core.team.database import check_team_database, remember_password

    found = check_team_database(location, password or None)
    if password:
        remember_password(found.location, password)
    return found


def current_database() -> OpenedDatabase:
    """The database the window has open."""
    location = str(database_proxy.obj.database)
    if not is_postgres():
        from pathlib import Path

        return OpenedDatabase(False, location, Path(location).name)
    from core.team.database import parse_address

    address = parse_address(location)
    return OpenedDatabase(True, redacted(location), address.shown, address.user)


def is_team_location(location: str) -> bool:
    return is_postgres_location(location)


def senders(clock: Clock | None = None) -> list[TeamMember]:
    """Who is sending what on the team database (nothing on a desktop database)."""
    if not is_postgres():
        return []
    from core.team.senders import team_view

    return team_view(clock)


@dataclass(frozen=True)
class SenderWork:
    """What a sender still has to do on the open database."""

    in_flight: int  # its messages in `sending` (on their way to a relay)
    queued: int  # queued or deferred messages of running campaigns, for its profiles

    @property
    def pending(self) -> bool:
        return bool(self.in_flight or self.queued)


def sender_work(sender_id: str | None, profile_ids: Collection[int] | None) -> SenderWork:
    """The work of one sender: on a team database (``sender_id``) the rows it holds in
    `sending` and what is queued for the profiles it holds a lease on (``profile_ids``);
    on a desktop database (None, None) one sender works the queue, so every `sending`
    row and every profile are its own."""
    from peewee import fn

    from core.models import Campaign, CampaignStatus, Message, MessageStatus

    sending = Message.select().where(Message.status == MessageStatus.SENDING)
    if sender_id is not None:
        sending = sending.where(Message.sender_id == sender_id)
    in_flight = int(sending.count())
    if profile_ids is not None and not profile_ids:
        return SenderWork(in_flight, 0)
    waiting = (
        Message.select()
        .join(Campaign, on=Message.campaign == Campaign.id)
        .where(
            (Campaign.status == CampaignStatus.RUNNING)
            & Message.status.in_([MessageStatus.QUEUED, MessageStatus.DEFERRED])
        )
    )
    if profile_ids is not None:
        # A message names its profile when its campaign has several; else the campaign's.
        profile = fn.COALESCE(Message.smtp_profile, Campaign.smtp_profile)
        waiting = waiting.where(profile.in_(sorted(profile_ids)))
    return SenderWork(in_flight, int(waiting.count()))
