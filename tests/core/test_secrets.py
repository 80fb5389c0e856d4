"""Passwords: keyring when there is one; otherwise only this process's memory or an env var."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from core import secrets


class MemoryKeyring(KeyringBackend):
    """A secure-store stand-in with the interface of a real backend."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def fresh_session() -> Iterator[None]:
    previous = keyring.get_keyring()
    secrets._session_passwords.clear()
    yield
    secrets._session_passwords.clear()
    keyring.set_keyring(previous)


def test_with_a_keyring_the_password_is_stored_there():
    store = MemoryKeyring()
    keyring.set_keyring(store)
    assert secrets.keyring_available()
    assert secrets.store_password("relay", "s3cret") is True
    assert store.items == {(secrets.SERVICE, "profile:relay"): "s3cret"}
    secrets._session_passwords.clear()  # a new session reads it back from the keyring
    assert secrets.get_password("relay") == "s3cret"
    secrets.forget_password("relay")
    assert store.items == {}
    assert secrets.get_password("relay") is None


def test_without_a_keyring_the_password_lives_only_in_this_process(monkeypatch):
    keyring.set_keyring(fail.Keyring())  # what CI and servers have: NoKeyringError
    assert not secrets.keyring_available()
    assert secrets.store_password("relay", "typed-in-the-window") is False
    assert secrets.get_password("relay") == "typed-in-the-window"
    secrets._session_passwords.clear()  # the app restarts: asked for again
    assert secrets.get_password("relay") is None


def test_headless_runs_read_the_named_environment_variable(monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("RELAY_PW", "from-env")
    assert secrets.get_password("relay", env_var="RELAY_PW") == "from-env"
    monkeypatch.delenv("RELAY_PW")
    assert secrets.get_password("relay", env_var="RELAY_PW") is None


def test_a_broken_keyring_never_raises_to_the_user():
    class Broken(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.PasswordSetError("no")

    keyring.set_keyring(Broken())
    assert secrets.store_password("relay", "pw") is False  # kept for this session only
    assert secrets.get_password("relay") == "pw"
    secrets._session_passwords.clear()
    assert secrets.get_password("relay") is None
