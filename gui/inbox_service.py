"""Runs the built-in test inbox while the window is open."""

from __future__ import annotations

import logging

from core.errors import StaffettaError
from core.models import SmtpProfile
from core.sandbox import (
    BUILTIN_PROFILE_NAME,
    DEFAULT_PORT,
    BuiltinInbox,
    InboxStore,
    point_builtin_profile_at,
)
from gui.context import AppContext

log = logging.getLogger(__name__)


class InboxService:
    def __init__(self, context: AppContext, inbox: BuiltinInbox) -> None:
        self.context = context
        self.inbox = inbox
        self.error: str | None = None
        context.bridge.relay(
            inbox.message_received, lambda _id: context.signals.inbox_changed.emit()
        )

    @property
    def store(self) -> InboxStore:
        return self.inbox.store

    def start(self) -> None:
        profile: SmtpProfile | None = SmtpProfile.get_or_none(
            SmtpProfile.name == BUILTIN_PROFILE_NAME
        )
        wanted = profile.port if profile is not None else DEFAULT_PORT
        if self.inbox.requested_port is None:
            self.inbox.preferred_port = int(wanted)  # keep a port the user chose
        try:
            port = self.inbox.start()
        except StaffettaError as exc:
            self.error = exc.user_text()
            log.warning("test inbox not started: %s", self.error)
            return
        if port != wanted:
            point_builtin_profile_at(port)
            self.context.signals.profiles_changed.emit()

    def shutdown(self) -> None:
        self.inbox.stop()


def start_inbox_service(context: AppContext, *, store: InboxStore | None = None) -> InboxService:
    service = InboxService(context, BuiltinInbox(store))
    service.start()
    return service
