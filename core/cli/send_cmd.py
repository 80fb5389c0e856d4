"""`send`: the sending worker, headless, with a progress bar on stderr."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.campaigns import find_campaign
from core.cli.output import add_json_flag, emit_json, say
from core.db import is_postgres
from core.errors import InvalidValue
from core.paths import database_location
from core.returnpath.check import CheckReport, describe_report, mailboxes_watched, total
from core.session import SendSession
from core.worker import ProgressEvent, RunSummary, ThrottleEvent, WorkerStateEvent

if TYPE_CHECKING:
    from core.team.senders import TeamSender


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("send", help="run the sending worker (Ctrl-C stops cleanly)")
    p.add_argument("--campaign", metavar="NAME", help="only this campaign")
    p.add_argument(
        "--until-done",
        action="store_true",
        help="exit once every message is final (waits for deferred retries)",
    )
    p.add_argument(
        "--name",
        metavar="NAME",
        help="on a team database: how `workers` shows this sender (default HOST:PID)",
    )
    p.add_argument(
        "--lease",
        metavar="SECONDS",
        type=float,
        default=None,
        help="on a team database: how long a sender that stops answering keeps its "
        "profiles before another sender takes them over (default 30)",
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
        self._detail = ""

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

    def state(self, event: WorkerStateEvent) -> None:
        """Say why nothing goes out (relay unreachable, disk full...), once per change:
        counters alone do not tell an offline run from a slow one."""
        if event.detail == self._detail:
            return
        if event.detail:
            self.line(f"{event.state}: {event.detail}")
        elif self._detail and event.state == "sending":
            self.line("sending again")
        self._detail = event.detail

    def line(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
        say(text)


class StopRequest:
    """Ctrl-C (SIGINT) and SIGTERM during `send` ask the worker to stop; they never raise
    ``KeyboardInterrupt`` in the middle of taking the lock, recovering or starting the
    inbox (an exception there could leave a thread or the lock behind). Before the worker
    runs, the request is remembered and the worker stops as soon as it starts."""

    def __init__(self) -> None:
        self.requested = False
        self._stop: Callable[[], object] | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopRequest:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                self._previous[sig] = signal.signal(sig, self._on_signal)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)

    def _on_signal(self, _signum: int, _frame: object) -> None:
        self.requested = True
        if self._stop is not None:
            self._stop()

    def attach(self, stop: Callable[[], object], loop: asyncio.AbstractEventLoop) -> None:
        """From now on a signal calls ``stop`` on ``loop`` (signal-safe); at once if one
        came before."""
        self._stop = lambda: loop.call_soon_threadsafe(stop)
        if self.requested:
            loop.call_soon(stop)


def run_send(args: argparse.Namespace) -> int:
    with StopRequest() as stop:
        return _send(args, stop)


def _send(args: argparse.Namespace, stop: StopRequest) -> int:
    campaign_ids = [find_campaign(args.campaign).id] if args.campaign else []
    team = _team_sender(args) if is_postgres() else None
    session = SendSession(campaign_ids=campaign_ids, until_done=args.until_done, team=team)
    opened = session.open()
    try:
        if opened.recovered:
            who = "their sender" if team is not None else "the last sender"
            say(
                f"{opened.recovered} message(s) were being sent when {who} stopped; "
                "they are now 'unknown' (see `queue list --status unknown`)."
            )
        if team is not None:
            say(f"Sending as {team.name} on the team database; `workers` lists the others.")
        if opened.inbox_address is not None:
            say(f"Started the built-in test inbox on {opened.inbox_address} for this run.")
        summary, returned = asyncio.run(_run(session, stop))
    finally:
        session.close()
    return _report(args, summary, returned)


def _team_sender(args: argparse.Namespace) -> TeamSender:
    """One of the team's senders on a PostgreSQL queue: no lock, leases per profile."""
    from core.team.senders import LEASE_SECONDS, TeamSender

    if args.lease is not None and not 1 <= args.lease <= 3600:
        raise InvalidValue("--lease must be between 1 and 3600 seconds.")
    return TeamSender(
        database_location(args.db), name=args.name, lease_seconds=args.lease or LEASE_SECONDS
    )


def _report(args: argparse.Namespace, summary: RunSummary, returned: dict[str, int]) -> int:
    if args.json:
        emit_json({**summary.as_dict(), "mailbox": returned})
    else:
        say(
            f"Sent {summary.sent:,}, failed {summary.failed:,}, deferred {summary.deferred:,}, "
            f"unknown {summary.unknown:,} in {summary.seconds:,.1f} s."
        )
    for name, reason in summary.paused.items():
        say(f"Campaign {name!r} paused: {reason}")
    return 1 if summary.paused else 0


async def _run(session: SendSession, request: StopRequest) -> tuple[RunSummary, dict[str, int]]:
    """The session's run, with the mailboxes of the profiles in use checked meanwhile
    (``core.returnpath.check.MailboxWatcher``); returns what those checks applied."""
    worker = session.worker
    bar = ProgressBar()
    worker.events.progress.connect(bar.progress)
    worker.events.throttle.connect(bar.throttle)
    worker.events.state.connect(bar.state)
    worker.events.campaign.connect(
        lambda e: bar.line(
            f"campaign {e.name!r} {e.status}" + (f": {e.reason}" if e.reason else "")
        )
    )
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Future[RunSummary | None]] = []

    def stop() -> None:  # Ctrl-C: one grace period for what is on its way, as in the window
        if not stopping:
            stopping.append(asyncio.ensure_future(session.stop_and_wait()))

    request.attach(stop, loop)

    def mailbox_report(report: CheckReport) -> None:
        for text in describe_report(report):
            bar.line(text)

    async with mailboxes_watched(session.campaign_ids, on_report=mailbox_report) as watcher:
        try:
            summary = await session.run()
        except asyncio.CancelledError:  # still sending after the grace period
            summary = worker.summary
        if stopping:
            await asyncio.gather(*stopping, return_exceptions=True)
    bar.finish()
    return summary, total(watcher.reports).as_dict()
