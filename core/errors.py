"""Errors the user can act on.

Everything raised from here is shown as one clear sentence plus what to do (CLI: one
line on stderr, exit 1; GUI: a message box). Any other exception is a bug and goes
to the crash dialog / log.
"""

from __future__ import annotations


class StaffettaError(Exception):
    """A problem the user can fix. ``str()`` is the sentence shown; ``hint`` says what to do."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def user_text(self) -> str:
        return f"{self.message} {self.hint}".strip()


class BadInputFile(StaffettaError):
    """A file the user gave us cannot be read as what it should be."""


class NotFound(StaffettaError):
    """A list, template, profile, campaign or message named by the user does not exist."""


class AlreadyExists(StaffettaError):
    """A name that must be unique is already taken."""


class InvalidValue(StaffettaError):
    """A setting or argument is out of range or malformed."""


class TemplateProblem(StaffettaError):
    """A template does not compile or does not render for some contact."""


class SmtpConfigurationError(StaffettaError):
    """The relay refused us for a reason no retry can fix (auth, TLS, sender refused)."""


class AuthenticationRefused(SmtpConfigurationError):
    """The relay rejected the username or password."""


class RelayUnreachable(StaffettaError):
    """The relay could not be reached at all."""


class SenderBusy(StaffettaError):
    """Another sender already holds this queue."""


class DatabaseProblem(StaffettaError):
    """The database file cannot be opened, is locked, or is from a newer version."""


class DiskFull(DatabaseProblem):
    """The disk holding the database (or a file being written) has no room left.

    Nothing already committed is lost: SQLite rolls back the transaction that did not
    fit, and the same work can run again once there is space."""


class SecretUnavailable(StaffettaError):
    """A password is needed but no keyring or environment variable provides it."""
