"""Screenshots of every page at 1280×800:
``python -m gui.screenshots [--out DIR] [--contacts N] [--sent]``.

Runs on a throw-away database with the sample data (and optionally N generated
contacts, long names included), so the pictures show what a new user sees. With
``--sent`` the sample campaign goes to the built-in inbox and a second campaign to a
local relay that fails in the usual ways (an unknown user, a greylisting deferral), so
the campaign, queue and inbox pages show real outcomes. Use it under ``xvfb-run`` or
with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def _generate_contacts(path: Path, count: int) -> None:
    long_name = "Maria Alessandra Beatrice Cristina de' Medici-Sforza di Castelnuovo"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,last_name,city,plan\n")
        for i in range(count):
            first = long_name if i % 97 == 0 else f"Person{i}"
            fh.write(f"person{i:06d}@example.com,{first},Rossi,Milano,pro\n")


class _FailingRelay:
    """An aiosmtpd handler that refuses and defers some recipients, like real relays do."""

    REPLIES = {
        "marco.bianchi@example.com": "550 5.1.1 <marco.bianchi@example.com>: user unknown",
        "jose.nunez@example.net": "451 4.7.1 Greylisted, please try again in 5 minutes",
        "li.wei@example.com": "552 5.2.2 Mailbox full",
    }

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        reply = self.REPLIES.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 2.0.0 Ok: queued"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _send_sample_campaigns(relay_port: int) -> None:
    """The sample campaign to the built-in inbox, and a copy through a failing relay."""
    import asyncio

    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.firstrun import SAMPLE_CAMPAIGN
    from core.models import Campaign
    from core.profiles import ProfileSettings, save_profile
    from core.worker import SendingWorker

    sample = Campaign.get(Campaign.name == SAMPLE_CAMPAIGN)
    relay = save_profile("Company relay", ProfileSettings(
        host="127.0.0.1", port=relay_port, security="none", rate=0,
    ))  # fmt: skip
    failing = save_draft("Spring newsletter (company relay)", DraftSettings(
        list_name=sample.contact_list.name, template_name=sample.template.name,
        profile_name=relay.name, sender=sample.sender, unsubscribe_url=sample.unsubscribe_url,
    ))  # fmt: skip
    ids = [sample.id, failing.id]
    queued = sum(start_campaign(campaign).queued for campaign in (sample, failing))

    async def send() -> None:
        """Until every message had its first try (sent, refused or deferred)."""
        worker = SendingWorker(campaign_ids=ids)
        outcomes: list[object] = []
        all_tried = asyncio.Event()

        def record(event: object) -> None:
            outcomes.append(event)
            if len(outcomes) >= queued:
                all_tried.set()

        worker.events.message.connect(record)
        running = asyncio.create_task(worker.run())
        await all_tried.wait()
        worker.stop()
        await running

    asyncio.run(asyncio.wait_for(send(), 60))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--contacts", type=int, default=0, help="also import N generated contacts")
    parser.add_argument(
        "--sent", action="store_true", help="send the sample campaign, and one to a failing relay"
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="staffetta-shots-"))
    os.environ["STAFFETTA_DATA_DIR"] = str(workdir)

    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir))

    from core.db import open_database
    from core.firstrun import seed_first_run
    from core.importer import import_contacts
    from gui.app import make_application

    app = make_application([sys.argv[0]])
    open_database(str(workdir / "staffetta.db"))
    seed_first_run()
    if args.contacts:
        csv_path = workdir / "many.csv"
        _generate_contacts(csv_path, args.contacts)
        import_contacts(csv_path, f"{args.contacts:,} generated")

    from gui.main_window import PAGES, MainWindow

    window = MainWindow()
    window.resize(1280, 800)
    window.show()

    def settle(ms: int = 600) -> None:
        from PySide6.QtCore import QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(ms)
        while not deadline.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    settle(1500)
    if args.sent:
        from aiosmtpd.controller import Controller

        relay = Controller(_FailingRelay(), hostname="127.0.0.1", port=_free_port())
        relay.start()
        try:
            _send_sample_campaigns(relay.port)
        finally:
            relay.stop()
        # Sent behind the app's back (as a script would): tell the pages, as the sender does.
        window.context.signals.profiles_changed.emit()
        window.context.signals.queue_changed.emit()
        window.context.signals.campaigns_changed.emit()
        settle(1500)
    for key, _label, _target in PAGES:
        window.show_page(key)
        settle()
        page: Any = window.pages[key]
        if args.sent and key == "campaigns":
            page.table.selectRow(0)  # the newest: the one through the failing relay
            settle()
        if args.sent and key in ("queue", "inbox"):
            # A refused message in the queue (its reply in the details), a caught one in the inbox.
            (page.table if key == "queue" else page.messages).selectRow(9 if key == "queue" else 0)
            settle()
        target = out / f"{key}.png"
        window.grab().save(str(target))
        print(target)
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
