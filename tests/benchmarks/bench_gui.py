"""GUI benchmark: responsiveness while importing and sending, table open times, memory.

Run: ``.venv/bin/python -m tests.benchmarks.bench_gui [--rows 100000] [--send-seconds 15]``
(offscreen; no display needed). Prints a table; never asserts (figures drift between
machines; the targets from issue 5 are in the table).

- lag probe: a 10 ms QTimer on the GUI thread records the longest gap between ticks
  while 100,000 rows are imported through the window's background runner, and while the
  sender runs at full speed on the qasync loop against a local SMTP sink;
- time to open the contacts and queue tables with 100,000 rows (page built, ids loaded,
  first rows painted);
- resident memory with both pages open over 100,000 contacts and 100,000 messages;
- the whole window (every page built, the Campaigns page showing the campaign) probed
  while the sender runs at full speed, and while another process holds the database's
  write lock for 10 s (the window keeps switching pages and saves a draft meanwhile: the
  save waits for the lock on the writer thread, never on the GUI thread).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


class LagProbe:
    """Longest stall of the GUI thread: the biggest gap between 10 ms timer ticks.

    With ``why``, a watchdog thread records where the GUI thread was during each stall
    over 80 ms (printed at the end: what to fix)."""

    def __init__(self, why: bool = False) -> None:
        from PySide6.QtCore import QTimer

        self.max_gap = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self.stalls: dict[str, int] = {}
        if why:
            import threading

            main = threading.main_thread().ident
            threading.Thread(target=self._watch, args=(main,), daemon=True).start()

    def _watch(self, main: int | None) -> None:
        import traceback

        while True:
            time.sleep(0.02)
            if self._timer.isActive() and time.perf_counter() - self._last > 0.08:
                frame = sys._current_frames().get(main or 0)
                if frame is not None:
                    stack = "".join(traceback.format_stack(frame)[-8:])
                    self.stalls[stack] = self.stalls.get(stack, 0) + 1

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


# Holds SQLite's write lock like another program would (a backup tool, a second sender).
LOCK_HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


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
    parser.add_argument("--lock-seconds", type=float, default=10.0)
    parser.add_argument("--why", action="store_true", help="print where the GUI thread stalled")
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
    probe = LagProbe(why=args.why)
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
    contacts.table.viewport().repaint()  # asks for the visible rows (read off the UI thread)
    spin_until(lambda: not contacts.model.loading())
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
        spin_until(lambda: not queue_page.model.loading())
        queue_page.table.viewport().repaint()
        rows.append((f"open queue table ({args.rows:,} rows)",
                     f"{time.perf_counter() - started:.2f} s", "< 1 s"))  # fmt: skip
        rss = psutil.Process().memory_info().rss / 2**20
        rows.append(("RSS, both tables open", f"{rss:,.0f} MB", "< 400 MB"))

        # 4. Send at full speed on the qasync loop, the GUI thread probed; the whole window
        # is open on the Campaigns page and every page refreshes on the sender's events.
        from gui.main_window import MainWindow
        from gui.sender_service import SenderService

        contacts.hide()  # only the window from here on, as in the app
        queue_page.hide()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        window = MainWindow(context, start_services=False)
        window.resize(1280, 800)
        window.show()
        from gui.app import settle_heap

        settle_heap()  # as gui.app.run_gui does once the window is built
        window.show_page("campaigns")
        window.pages["campaigns"].select(campaign.id)  # type: ignore[attr-defined]
        spin_until(lambda: not context.tasks.tasks)
        service = SenderService(context)
        context.services["sender"] = service

        async def idle_for_a_while() -> None:
            await asyncio.sleep(min(args.send_seconds, 10.0))

        # The same window doing nothing: this machine's own noise, the baseline of the rows
        # below (a stall of the idle window is not the window's doing).
        probe.start()
        loop.run_until_complete(idle_for_a_while())
        idle = probe.stop()
        rows.append(("max GUI stall, window idle (baseline)", f"{idle * 1000:,.0f} ms", ""))

        async def send_for_a_while() -> None:
            service.start()
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
        rows.append(("  (ratio to the idle baseline)", f"{stall / max(idle, 1e-3):,.1f}×", ""))
        rows.append(("  (sending rate, local sink)", f"{sent / seconds:,.0f} msg/s", ""))
        rss = psutil.Process().memory_info().rss / 2**20
        rows.append(("RSS after sending", f"{rss:,.0f} MB", "< 400 MB"))
        unsent = Message.select().where(Message.status == "sending").count()
        rows.append(("  (left in 'sending' after stop)", f"{unsent}", "0"))

        # 5. Another process holds the write lock while the window works (and sends).
        from core.campaigns import DraftSettings as Draft

        draft = save_draft("Lock test", Draft("Everyone", "T", "Sink", "Shop <s@example.com>"))
        holder = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(work / "bench.sqlite"), str(args.lock_seconds)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        saved: list[object] = []

        async def work_while_locked() -> None:
            service.start()  # the same service, started again
            from core.ops import campaigns as campaign_ops

            settings = Draft("Everyone", "T", "Sink", "Shop <other@example.com>")
            context.op("save draft", campaign_ops.save, draft.id, "Lock test", settings,
                       on_done=saved.append, on_error=saved.append)  # fmt: skip
            keys = list(window.pages)
            turn = 0
            while holder.poll() is None:
                window.show_page(keys[turn % len(keys)])
                turn += 1
                await asyncio.sleep(0.2)
            while not saved:
                await asyncio.sleep(0.05)
            await service.stop_async()

        probe.start()
        started = time.perf_counter()
        loop.run_until_complete(work_while_locked())
        stall = probe.stop()
        rows.append((f"max GUI stall, write lock held {args.lock_seconds:.0f} s elsewhere",
                     f"{stall * 1000:,.0f} ms", "< 100 ms"))  # fmt: skip
        rows.append(("  (ratio to the idle baseline)", f"{stall / max(idle, 1e-3):,.1f}×", ""))
        rows.append(("  (the draft's save waited)", f"{time.perf_counter() - started:.1f} s",
                     "the lock's time"))  # fmt: skip
        window.shutdown()
        loop.close()

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}{'value':>14}   target")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:>14}   {target}")
    for stack, count in sorted(probe.stalls.items(), key=lambda kv: -kv[1])[:6]:
        print(f"\n--- GUI thread seen stalled here {count} time(s):\n{stack}")
    context.shutdown()
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
