"""`send`: the sending worker, headless, with a progress bar on stderr."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time

from core.campaigns import find_campaign
from core.cli.output import add_json_flag, emit_json, say
from core.models import database_proxy
from core.queue import SenderLock, recover_interrupted
from core.sandbox import BuiltinInbox, ensure_inbox_running
from core.worker import ProgressEvent, RunSummary, SendingWorker, ThrottleEvent


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("send", help="run the sending worker (Ctrl-C stops cleanly)")
    p.add_argument("--campaign", metavar="NAME", help="only this campaign")
    p.add_argument(
        "--until-done",
        action="store_true",
        help="exit once every message is final (waits for deferred retries)",
    )
    add_json_flag(p)
    p.set_defaults(func=run_send)


class ProgressBar:
    """One redrawn line on a terminal; a plain line every few seconds into a log or pipe."""

    LOG_EVERY = 5.0

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._last_line = 0.0
        self._unsaid = ""

    def finish(self) -> None:
        """End the bar: a newline on a terminal, the last figures in a log."""
        if self.enabled:
            sys.stderr.write("\n")
        elif self._unsaid:
            say(self._unsaid)

    def progress(self, event: ProgressEvent) -> None:
        left = f", {event.remaining:,} to go" if event.remaining is not None else ""
        eta = f", ETA {event.eta_seconds:,.0f} s" if event.eta_seconds else ""
        text = (
            f"sent {event.sent:,}  failed {event.failed:,}  deferred {event.deferred:,}"
            f"  unknown {event.unknown:,}  {event.rate:,.0f}/s{left}{eta}"
        )
        if not self.enabled:
            self._unsaid = text
            now = time.monotonic()
            if now - self._last_line >= self.LOG_EVERY:
                self._last_line = now
                self._unsaid = ""
                say(text)
            return
        sys.stderr.write(f"\r\x1b[K{text}")
        sys.stderr.flush()

    def throttle(self, event: ThrottleEvent) -> None:
        text = (
            f"slowing down {event.profile}: {event.reason}" if event.slowed
            else f"{event.profile} back to full speed"
        )  # fmt: skip
        self.line(text)

    def line(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
        say(text)


def run_send(args: argparse.Namespace) -> int:
    campaign_ids = [find_campaign(args.campaign).id] if args.campaign else []
    lock = SenderLock(database_proxy.obj.database)
    lock.acquire()
    inbox: BuiltinInbox | None = None
    try:
        recovered = recover_interrupted()
        if recovered:
            say(
                f"{recovered} message(s) were being sent when the last sender stopped; they are "
                "now 'unknown' (see `queue list --status unknown`)."
            )
        inbox = ensure_inbox_running(campaign_ids)
        if inbox is not None:
            say(f"Started the built-in test inbox on {inbox.address} for this run.")
        summary = asyncio.run(_run(campaign_ids, args.until_done))
    finally:
        if inbox is not None:
            inbox.stop()
        lock.release()
    if args.json:
        emit_json(summary.as_dict())
    else:
        say(
            f"Sent {summary.sent:,}, failed {summary.failed:,}, deferred {summary.deferred:,}, "
            f"unknown {summary.unknown:,} in {summary.seconds:,.1f} s."
        )
    for name, reason in summary.paused.items():
        say(f"Campaign {name!r} paused: {reason}")
    return 1 if summary.paused else 0


async def _run(campaign_ids: list[int], until_done: bool) -> RunSummary:
    worker = SendingWorker(campaign_ids=campaign_ids, until_done=until_done)
    bar = ProgressBar()
    worker.events.progress.connect(bar.progress)
    worker.events.throttle.connect(bar.throttle)
    worker.events.campaign.connect(
        lambda e: bar.line(
            f"campaign {e.name!r} {e.status}" + (f": {e.reason}" if e.reason else "")
        )
    )
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        loop.add_signal_handler(signal.SIGINT, worker.stop)
        loop.add_signal_handler(signal.SIGTERM, worker.stop)
    summary = await worker.run()
    bar.finish()
    return summary
