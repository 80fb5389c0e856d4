"""SMTP and IMAP passwords: in the OS keyring, never in the database, logs or exports.

``kind`` tells a profile's SMTP password (``"profile"``) from its mailbox's IMAP one
(``"mailbox"``, see ``core.returnpath``): both are keyed by the profile's name.

Where no secure keyring exists (no Secret Service, as on servers and CI: keyring
raises ``NoKeyringError``), nothing is written anywhere: the password lives in this
process's memory for the session (typed in the window) or comes from an environment
variable in headless mode.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

SERVICE = "Staffetta SMTP"
_session_passwords: dict[str, str] = {}


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    return bool(priority and priority > 0)


def keyring_available() -> bool:
    """True when passwords can be stored securely between sessions."""
    return _keyring_usable()


SMTP = "profile"
IMAP = "mailbox"


def _key(profile_name: str, kind: str = SMTP) -> str:
    return f"{kind}:{profile_name}"


def store_password(profile_name: str, password: str, *, kind: str = SMTP) -> bool:
    """Keep the password: keyring if possible (returns True), else only for this session."""
    _session_passwords[_key(profile_name, kind)] = password
    if not _keyring_usable():
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, _key(profile_name, kind), password)
    except Exception as exc:
        log.warning("keyring refused to store the password: %s", type(exc).__name__)
        return False
    return True


def get_password(
    profile_name: str, *, env_var: str | None = None, kind: str = SMTP
) -> str | None:
    """Session memory, then the named environment variable, then the keyring."""
    key = _key(profile_name, kind)
    if key in _session_passwords:
        return _session_passwords[key]
    if env_var and os.environ.get(env_var):
        return os.environ[env_var]
    if not _keyring_usable():
        return None
    try:
        import keyring

        value = keyring.get_password(SERVICE, key)
    except Exception as exc:
        log.warning("keyring lookup failed: %s", type(exc).__name__)
        return None
    if value is not None:
        _session_passwords[key] = value
    return value


def forget_password(profile_name: str, *, kind: str = SMTP) -> None:
    _session_passwords.pop(_key(profile_name, kind), None)
    if _keyring_usable():
        try:
            import keyring

            keyring.delete_password(SERVICE, _key(profile_name, kind))
        except Exception:
            log.debug("no stored password to delete for %s", profile_name)
