"""``staffetta --self-check``: prove a build (source or bundle) has everything it needs.

Reads every shipped resource, exercises the libraries that are imported lazily (so a
bundle may lack them), opens the main window offscreen on a throw-away database with
the first-run data, checks every page and service loaded, sends the built-in test
inbox one message through the real SMTP client and sees it arrive, then stops it.
Prints one line per check; exit 0 only when all pass. CI runs it against the
PyInstaller bundle, so a missing resource or hidden import fails CI instead of a user.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

# Shipped files the app cannot work without; anything else in resources/ is read too.
REQUIRED_RESOURCES = (
    "icons/staffetta.png",
    "email_layout.html",
    "sample_contacts.csv",
    "sample_template.html",
    "sample_template_subject.txt",
    "staffetta.desktop",
)
TEXT_SUFFIXES = {".csv", ".html", ".txt", ".desktop", ".qss", ".css", ".svg", ".json", ".md"}
SUBJECT = "Self-check ✓"
# The public command line (docs/CLI.md); optional command modules are imported by name.
COMMANDS = (
    "import",
    "contacts",
    "template",
    "smtp",
    "campaign",
    "send",
    "queue",
    "sandbox",
    "inbox",
)


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry, f"{name}/")
        elif not entry.name.endswith((".py", ".pyc")):
            yield name, entry


class SelfCheck:
    """Runs the checks in order; each prints ``ok``/``FAIL`` and never raises."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.failures = 0
        self.window: Any = None

    def check(self, name: str, fn: Callable[[], str | None]) -> bool:
        try:
            detail = fn()
        except Exception as exc:  # a self-check reports every failure, whatever it is
            self.failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
            traceback.print_exc(file=sys.stderr)
            return False
        print(f"ok   {name}" + (f" ({detail})" if detail else ""), flush=True)
        return True

    # --- checks ---------------------------------------------------------------------------

    def resources(self) -> str:
        from resources import resource

        found = dict(_walk(resource("")))
        missing = [name for name in REQUIRED_RESOURCES if name not in found]
        assert not missing, f"missing {missing}"
        for name, entry in found.items():
            data = entry.read_bytes()
            assert data, f"{name} is empty"
            if Path(name).suffix in TEXT_SUFFIXES:
                data.decode("utf-8")
        assert found["icons/staffetta.png"].read_bytes()[:4] == b"\x89PNG"
        return f"{len(found)} files readable"

    def libraries(self) -> str:
        from core.addresses import validate_address
        from core.importer import detect_encoding
        from core.rendering import compile_part, html_to_text, render_part
        from resources import read_text

        assert validate_address("anna.rossi@example.com").email == "anna.rossi@example.com"
        part = compile_part(read_text("sample_template.html"), label="body", html=True)
        html = render_part(
            part,
            {
                "first_name": "Anna",
                "plan": "Pro",
                "city": "Forlì",
                "unsubscribe_url": "https://example.com/u",
            },
            recipient="a@b.c",
        )
        assert html_to_text(html).strip()
        accented = "nome;città\nAnna;Forlì\nLuca;Cantù\nElena;Portofino è bella\n"
        assert detect_encoding(accented.encode("cp1252") * 20).lower().replace("-", "") in {
            "cp1252", "windows1252", "latin1", "iso88591", "iso885915",
        }  # fmt: skip
        from core.content.body import compile_body  # markdown-it-py, css-inline (Rust)

        body = compile_body(body_format="markdown", body="<style>h1 { color: red }</style>\n\n# Hi")
        assert 'style="' in body.html and "color: red" in body.html and body.text
        import aiosmtpd.controller  # noqa: F401  (the inbox server, imported lazily)
        import aiosmtplib  # noqa: F401
        import qasync  # noqa: F401

        return (
            "email-validator, jinja2, html2text, charset-normalizer, markdown-it-py, "
            "css-inline, aiosmtpd, qasync"
        )

    def command_line(self) -> str:
        import argparse

        from core.cli import build_parser

        parser = build_parser()
        found: set[str] = set()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                found.update(action.choices)
        missing = [name for name in COMMANDS if name not in found]
        assert not missing, f"commands missing: {missing}"
        return f"{len(found)} commands"

    def keyring(self) -> str:
        """A missing keyring backend must degrade to session-only passwords, not crash."""
        from importlib.metadata import entry_points

        import keyring

        from core.secrets import keyring_available

        # keyring finds its backends through entry points: a bundle without keyring's
        # metadata or backend modules silently falls back to no keyring at all.
        loaded = {ep.name for ep in entry_points(group="keyring.backends") if ep.load()}
        native = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
        assert native in loaded, f"keyring backend {native} missing (found {sorted(loaded)})"
        # The backends import their OS library lazily and just stay unviable without it.
        native_library = {
            "win32": "win32ctypes.pywin32.win32cred",
            "darwin": "keyring.backends.macOS.api",
        }.get(sys.platform, "secretstorage")
        importlib.import_module(native_library)
        backend = keyring.get_keyring()
        usable = keyring_available()
        return f"{len(loaded)} backends; {type(backend).__module__}.{type(backend).__name__}" + (
            "" if usable else ", not usable here: passwords kept for the session only"
        )

    def helper_processes(self) -> str:
        """Pre-flight renders big lists in helper processes too; in the bundle a helper is
        this executable started again by multiprocessing (``freeze_support`` in main.py)."""
        from core.campaigns import PreflightTally, preflight_chunk
        from core.multicore import run_chunks

        spec = {"name": "check", "subject": "Hi {{ name }}", "html": "<p>{{ name }}</p>",
                "text": None, "sender": "Check <check@example.com>", "reply_to": None,
                "unsubscribe_url": None, "unsubscribe_mailto": None}  # fmt: skip
        rows: list[Any] = [
            (i, f"c{i}@example.com", f"c{i}@example.com", f"C {i}", "{}") for i in range(40)
        ]
        total = PreflightTally()
        for tally in run_chunks(preflight_chunk, spec, [rows[i : i + 5] for i in range(0, 40, 5)],
                                helpers=1):  # fmt: skip
            total.add(tally)
        assert total.recipients == 40 and not total.errors, total
        assert len(total.rendered_by) == 2, f"rendered only by {total.rendered_by}"
        return "a helper process rendered its share"

    def database(self) -> str:
        from core.db import open_database
        from core.firstrun import seed_first_run
        from core.models import Contact, Template

        info = open_database(str(self.folder / "staffetta.db"))
        assert info.journal_mode == "wal", info.journal_mode
        seed_first_run()
        contacts, templates = Contact.select().count(), Template.select().count()
        assert contacts and templates, "first-run data not seeded"
        return f"schema {info.schema_version}, {contacts} sample contacts, {templates} template(s)"

    def main_window(self) -> str:
        from PySide6.QtCore import QSettings

        # Window geometry and other QSettings go to the temporary folder, not the user's.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(self.folder))
        from gui.app import app_icon, make_application
        from gui.main_window import PAGES, SERVICES, MainWindow, PlaceholderPage

        make_application([sys.argv[0]])
        assert app_icon() is not None, "app icon not found"
        self.window = MainWindow()
        self.window.show()
        placeholders = [k for k, p in self.window.pages.items() if isinstance(p, PlaceholderPage)]
        assert not placeholders, f"pages not loaded: {placeholders}"
        assert list(self.window.pages) == [key for key, _label, _target in PAGES]
        for key in self.window.pages:
            self.window.show_page(key)
        missing = [key for key, _target in SERVICES if key not in self.window.context.services]
        assert not missing, f"services not started: {missing}"
        return f"{len(self.window.pages)} pages, {len(SERVICES)} services"

    def inbox(self) -> str:
        import aiosmtplib

        service = self.window.context.services["inbox"]
        assert service.error is None, service.error
        assert service.inbox.running, "inbox not running"
        message = EmailMessage()
        message["From"], message["To"] = "check@example.com", "you@example.com"
        message["Subject"] = SUBJECT
        message.set_content("Hello from the self-check.")
        port = service.inbox.port
        asyncio.run(aiosmtplib.send(message, hostname="127.0.0.1", port=port, timeout=10))
        subjects = [m.subject for m in service.store.list()]
        assert SUBJECT in subjects, subjects
        return f"caught a message on {service.inbox.address}"

    def sample_campaign(self) -> str:
        """The first-run campaign, sent for real (compose, queue, worker, SMTP) to the inbox."""
        from core.campaigns import start_campaign
        from core.firstrun import SAMPLE_CAMPAIGN
        from core.models import Campaign
        from core.worker import SendingWorker

        service = self.window.context.services["inbox"]
        before = len(service.store.list())
        campaign = Campaign.get(Campaign.name == SAMPLE_CAMPAIGN)
        queued = start_campaign(campaign)
        worker = SendingWorker(campaign_ids=[campaign.id], until_done=True)
        summary = asyncio.run(asyncio.wait_for(worker.run(), timeout=60))
        caught = len(service.store.list()) - before
        assert summary.sent and not (summary.failed or summary.unknown), summary.as_dict()
        assert caught == summary.sent, f"sent {summary.sent}, the inbox caught {caught}"
        return f"{summary.sent} of {queued.queued} sent and caught in {summary.seconds:.1f} s"

    def shutdown(self) -> str:
        from core.db import close_database
        from core.sandbox import port_is_listening

        inbox = self.window.context.services["inbox"].inbox
        port = inbox.port
        self.window.shutdown()
        self.window.close()
        assert not inbox.running, "inbox still running"
        assert not port_is_listening(port), f"127.0.0.1:{port} still listening"
        close_database()
        return "inbox stopped, database closed"

    def translations(self) -> str:
        """The Italian catalogues load (ours and Qt's), then the window is English again."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        from gui import i18n
        from gui.app import make_application

        app = QApplication.instance() or make_application([sys.argv[0]])
        try:
            assert i18n.install(app, "it") == "it"
            # Not literals: lupdate would copy Qt's own string into our catalogue.
            ours_key, qt_key = ("BodyEditor", "Plain text"), ("QPlatformTheme", "Cancel")
            ours = QCoreApplication.translate(*ours_key)
            qt = QCoreApplication.translate(*qt_key)
            assert ours == "Testo semplice", f"our catalogue did not load ({ours!r})"
            assert qt == "Annulla", f"Qt's catalogue did not load ({qt!r})"
        finally:
            i18n.install(app, i18n.current_language())
        return "Italian: staffetta_it.qm and qtbase_it.qm"

    def run(self) -> int:
        from core import __version__

        build = "bundle" if getattr(sys, "frozen", False) else "source"
        print(f"Staffetta {__version__} ({build}) self-check in {self.folder}", flush=True)
        self.check("resources", self.resources)
        self.check("libraries", self.libraries)
        self.check("command line", self.command_line)
        self.check("keyring", self.keyring)
        self.check("helper processes", self.helper_processes)
        if (
            self.check("database", self.database)
            and self.check("translations", self.translations)
            and self.check("main window", self.main_window)
            and self.check("built-in inbox", self.inbox)
        ):
            self.check("sample campaign", self.sample_campaign)
            self.check("shutdown", self.shutdown)
        elif self.window is not None:
            self.window.shutdown()
        verdict = "passed" if not self.failures else f"FAILED ({self.failures} failed)"
        print(f"self-check {verdict}", flush=True)
        return 0 if not self.failures else 1


def run_self_check() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="staffetta-selfcheck-"))
    os.environ["STAFFETTA_DATA_DIR"] = str(folder)
    try:
        return SelfCheck(folder).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
