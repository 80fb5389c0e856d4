"""GUI benchmark: responsiveness while importing and sending, table open times, memory.

Run: ``.venv/bin/python -m tests.benchmarks.bench_gui [--rows 100000] [--send-seconds 15]``
(offscreen; no display needed). Prints a table; never asserts (figures drift between
machines; the targets from issue 5 are in the table).

- lag probe: a 10 ms QTimer on the GUI thread records the longest gap between ticks
  while 100,000 rows are imported through the window's background runner, and while the
  sender runs at full speed on the qasync loop against a local SMTP sink;
- time to open the contacts and queue tables with 100,000 rows (page built, ids loaded,
  first rows painted);
- resident memory with both pages open over 100,000 contacts and 100,000 messages.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


class LagProbe:
    """Longest stall of the GUI thread: the biggest gap between 10 ms timer ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.max_gap = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self._last)
        self._last = now

    def start(self) -> None:
        self.max_gap, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.max_gap


def spin_until(predicate: Callable[[], bool], timeout: float = 300) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError
        QApplication.processEvents()
        time.sleep(0.001)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["email", "first_name", "last_name", "city"])
        for i in range(rows):
            writer.writerow([f"user{i}@example{i % 300}.com", f"Nome{i}", "Rossi", "Milano"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--send-seconds", type=float, default=15.0)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="staffetta-bench-gui-"))
    os.environ["STAFFETTA_DATA_DIR"] = str(work / "data")

    import psutil
    import qasync
    from PySide6.QtWidgets import QApplication

    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.db import close_database, open_database
    from core.importer import import_contacts
    from core.models import Message
    from core.profiles import ProfileSettings, save_profile
    from core.templates import save_template
    from gui.context import AppContext
    from tests.smtp_servers import FaultServer

    app = QApplication.instance() or QApplication([sys.argv[0]])
    open_database(str(work / "bench.sqlite"))
    context = AppContext.create()
    probe = LagProbe()
    rows: list[tuple[str, str, str]] = []

    # 1. Import through the window's background runner, the GUI thread probed.
    source = work / "contacts.csv"
    write_csv(source, args.rows)
    done: list[object] = []
    probe.start()
    started = time.perf_counter()
    context.tasks.submit("import", import_contacts, source, "Everyone", on_done=done.append)
    spin_until(lambda: bool(done))
    seconds = time.perf_counter() - started
    rows.append(("max GUI stall while importing", f"{probe.stop() * 1000:,.0f} ms", "< 100 ms"))
    rows.append(("  (import itself)", f"{args.rows / seconds:,.0f} rows/s", ""))

    # 2. Open the contacts table.
    from gui.pages.contacts_page import ContactsPage

    started = time.perf_counter()
    contacts = ContactsPage(context)
    contacts.resize(1100, 700)
    contacts.show()
    contacts.on_shown()
    spin_until(lambda: contacts.model.rowCount() >= args.rows and not contacts.loading)
    contacts.table.viewport().repaint()
    rows.append((f"open contacts table ({args.rows:,} rows)",
                 f"{time.perf_counter() - started:.2f} s", "< 1 s"))  # fmt: skip

    # 3. A campaign of 100,000 messages, then open the queue table.
    with FaultServer() as sink:
        save_template("T", subject="Hi {{ first_name }}",
                      html='<p>Ciao {{ first_name }}</p><a href="{{ unsubscribe_url }}">u</a>')  # fmt: skip
        save_profile("Sink", ProfileSettings(host="127.0.0.1", port=sink.port, security="none",
                                             is_sandbox=True, rate=0, burst=50,
                                             max_connections=4))  # fmt: skip
        campaign = save_draft("Bench", DraftSettings("Everyone", "T", "Sink", "Shop <s@example.com>",
                                                     unsubscribe_url="https://example.com/u"))  # fmt: skip
        started = time.perf_counter()
        start_campaign(campaign)
        expansion = time.perf_counter() - started
        rows.append(("  (campaign expansion)", f"{expansion:.2f} s", ""))

        from gui.pages.queue_page import QueuePage

        started = time.perf_counter()
        queue_page = QueuePage(context)
        queue_page.resize(1100, 700)
        queue_page.show()
        spin_until(lambda: queue_page.model.rowCount() >= args.rows and not queue_page.loading)
        queue_page.table.viewport().repaint()
        rows.append((f"open queue table ({args.rows:,} rows)",
                     f"{time.perf_counter() - started:.2f} s", "< 1 s"))  # fmt: skip
        rss = psutil.Process().memory_info().rss / 2**20
        rows.append(("RSS, both tables open", f"{rss:,.0f} MB", "< 400 MB"))

        # 4. Send at full speed on the qasync loop, the GUI thread probed; the queue page
        # refreshes on the sender's events as in the app.
        from gui.sender_service import SenderService

        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        service = SenderService(context)
        context.services["sender"] = service
        service.start()

        async def send_for_a_while() -> None:
            await asyncio.sleep(args.send_seconds)
            await service.stop_async()

        sent_before = len(sink.delivered)
        probe.start()
        started = time.perf_counter()
        loop.run_until_complete(send_for_a_while())
        seconds = time.perf_counter() - started
        stall = probe.stop()
        sent = len(sink.delivered) - sent_before
        rows.append(("max GUI stall while sending", f"{stall * 1000:,.0f} ms", "< 100 ms"))
        rows.append(("  (sending rate, local sink)", f"{sent / seconds:,.0f} msg/s", ""))
        rss = psutil.Process().memory_info().rss / 2**20
        rows.append(("RSS after sending", f"{rss:,.0f} MB", "< 400 MB"))
        unsent = Message.select().where(Message.status == "sending").count()
        rows.append(("  (left in 'sending' after stop)", f"{unsent}", "0"))
        loop.close()

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}{'value':>14}   target")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:>14}   {target}")
    context.shutdown()
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
