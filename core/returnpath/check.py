"""Reading a mailbox once (``mailbox check``), and every few minutes while sending.

A check reads only what is new: UIDs above the mailbox's high-water mark (reset when
the server's UIDVALIDITY changes) that do not carry ``$StaffettaProcessed``. Each
batch is applied and recorded in the database first, then flagged (or moved, or
deleted if the user asked) on the server: if the flagging fails, the database still
knows the mail, so nothing is counted twice; if the database write fails, nothing was
flagged, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.errors import NotFound, StaffettaError
from core.models import Campaign, CampaignStatus, Mailbox, SmtpProfile, database_proxy, utcnow
from core.returnpath.apply import CheckCounts, process_batch
from core.returnpath.imap import MailboxSession
from core.returnpath.mailboxes import account_for, find_mailbox, load_options

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (mails done, mails new) of one mailbox


@dataclass
class CheckReport:
    """Counts over every mailbox checked, and the mailboxes that could not be read."""

    counts: CheckCounts = field(default_factory=CheckCounts)
    profiles: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.counts.as_dict(),
            "profiles": self.profiles,
            "errors": [{"profile": p, "error": e} for p, e in self.errors.items()],
        }

    @property
    def changed_anything(self) -> bool:
        c = self.counts
        return bool(c.bounces or c.soft_bounces or c.complaints or c.unsubscribes)


def check_mailbox(
    mailbox: Mailbox,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    now: Callable[[], datetime] = utcnow,
) -> CheckCounts:
    """Read the new mail of one mailbox and apply it. Raises ``MailboxProblem``.

    Checks of one mailbox in this process run one at a time (the window's timer and its
    button, say); one in another program is told apart by the records' unique key.
    ``now`` (naive UTC, injectable) dates what is recorded and places the soft-bounce
    window."""
    with _lock_of(mailbox.id):
        return _check_mailbox(
            Mailbox.get_by_id(mailbox.id), password=password, progress=progress, now=now
        )


_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_of(mailbox_id: int) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(mailbox_id, threading.Lock())


def _check_mailbox(
    mailbox: Mailbox,
    *,
    password: str | None,
    progress: Progress | None,
    now: Callable[[], datetime],
) -> CheckCounts:
    options = load_options()
    account = account_for(mailbox, password=password)
    counts = CheckCounts()
    try:
        with MailboxSession(account) as session:
            if mailbox.move_to:
                session.ensure_folder(mailbox.move_to)
            after = mailbox.last_uid if mailbox.uidvalidity == session.uidvalidity else 0
            uids = session.new_uids(after)
            done = 0
            if progress is not None:
                progress(0, len(uids))
            for mails in session.fetch(uids):
                batch = process_batch(
                    mailbox, session.uidvalidity, mails,
                    soft_bounce_limit=options.soft_bounce_limit,
                    soft_bounce_days=options.soft_bounce_days, now=now,
                )  # fmt: skip
                session.mark_handled(
                    batch.handled_uids, move_to=mailbox.move_to, delete=mailbox.delete_handled
                )
                counts.add(batch.counts)
                done += len(mails)
                if progress is not None:
                    progress(done, len(uids))
    except StaffettaError as exc:
        _record(mailbox, error=exc.user_text())
        raise
    _record(mailbox, error=None)
    return counts


def _record(mailbox: Mailbox, *, error: str | None) -> None:
    with database_proxy.atomic():
        Mailbox.update(last_checked_at=utcnow(), last_error=error).where(
            Mailbox.id == mailbox.id
        ).execute()


def mailboxes_for(profile_ids: Iterable[int] | None = None) -> list[Mailbox]:
    query = Mailbox.select(Mailbox, SmtpProfile).join(SmtpProfile).order_by(SmtpProfile.name)
    if profile_ids is not None:
        query = query.where(Mailbox.profile.in_(list(profile_ids)))
    return list(query)


def check_mailboxes(
    *,
    profile_name: str | None = None,
    profile_ids: Iterable[int] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> CheckReport:
    """Check one profile's mailbox (its problems raise) or every one (problems are
    collected per profile and the others still checked)."""
    report = CheckReport()
    if profile_name is not None:
        boxes = [find_mailbox(profile_name)]
    else:
        boxes = mailboxes_for(profile_ids)
        if not boxes and profile_ids is None:
            raise NotFound(
                "No SMTP profile has a mailbox yet.",
                hint="Add one with: mailbox set PROFILE --host H --port P --username U "
                "--password-env VAR.",
            )
    for box in boxes:
        name = box.profile.name
        step = (lambda done, total, n=name: progress(n, done, total)) if progress else None
        try:
            counts = check_mailbox(box, progress=step)
        except StaffettaError as exc:
            if profile_name is not None:
                raise
            report.errors[name] = exc.user_text()
            log.warning("mailbox of %s: %s", name, exc.user_text())
            continue
        report.counts.add(counts)
        report.profiles[name] = counts.as_dict()
    return report


RECENT_DAYS = 7  # bounces come back for days: relays retry for up to 5 (Postfix)


def profiles_in_use(campaign_ids: Iterable[int] = ()) -> list[int]:
    """Profiles of the running or paused campaigns and of those finished in the last
    week, whose bounces are still coming back (of ``campaign_ids`` if given)."""
    recent = utcnow() - timedelta(days=RECENT_DAYS)
    query = Campaign.select(Campaign.smtp_profile).where(
        Campaign.status.in_([CampaignStatus.RUNNING, CampaignStatus.PAUSED])
        | ((Campaign.status == CampaignStatus.FINISHED) & (Campaign.finished_at >= recent))
    )
    ids = list(campaign_ids)
    if ids:
        query = query.where(Campaign.id.in_(ids))
    return sorted({pid for (pid,) in query.tuples()})


class MailboxWatcher:
    """Checks the mailboxes of the profiles in use every ``every`` seconds while sending.

    The first check runs at once (bounces that came in since the last run are applied
    before more mail leaves), the next ones every ``every`` seconds on ``clock``. The
    check itself is blocking IMAP and database work, so it runs in a thread; a mailbox
    that cannot be read is reported through ``on_report`` and tried again next time.
    ``clock`` and ``sleep`` are injectable so tests drive time without waiting.
    """

    def __init__(
        self,
        *,
        profile_ids: Callable[[], list[int]],
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        check: Callable[[list[int]], CheckReport] | None = None,
        on_report: Callable[[CheckReport], None] | None = None,
    ) -> None:
        self.profile_ids = profile_ids
        self.every = every if every is not None else load_options().check_every_minutes * 60
        self.clock = clock
        self.sleep = sleep
        self.check = check or (lambda ids: check_mailboxes(profile_ids=ids))
        self.on_report = on_report
        self.reports: list[CheckReport] = []
        self._stopped = asyncio.Event()

    def stop(self) -> None:
        self._stopped.set()

    async def run(self) -> None:
        next_at = self.clock()
        while not self._stopped.is_set():
            now = self.clock()
            if now >= next_at:
                await self.check_now()
                next_at = now + self.every
                continue
            await self.sleep(min(1.0, next_at - now))

    async def check_now(self) -> CheckReport | None:
        ids = await asyncio.to_thread(self.profile_ids)
        if not ids:
            return None
        try:
            report = await asyncio.to_thread(self.check, ids)
        except StaffettaError as exc:
            report = CheckReport(errors={"*": exc.user_text()})
        self.reports.append(report)
        if self.on_report is not None:
            self.on_report(report)
        return report


@contextlib.asynccontextmanager
async def mailboxes_watched(
    campaign_ids: list[int], *, on_report: Callable[[CheckReport], None] | None = None
) -> AsyncIterator[MailboxWatcher]:
    """While the block runs (a ``send``), check the mailboxes of the profiles in use."""
    watcher = MailboxWatcher(profile_ids=lambda: profiles_in_use(campaign_ids), on_report=on_report)
    task = asyncio.create_task(watcher.run(), name="mailbox-watcher")
    try:
        yield watcher
    finally:
        watcher.stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def describe_report(report: CheckReport) -> list[str]:
    """Lines for a person: what changed, and which mailboxes could not be read."""
    c = report.counts
    lines = []
    if report.changed_anything:
        lines.append(
            f"mailbox: {c.bounces:,} bounces, {c.soft_bounces:,} soft bounces, "
            f"{c.complaints:,} complaints, {c.unsubscribes:,} unsubscribes applied"
        )
    lines += [f"mailbox of {p!r} not checked: {e}" for p, e in report.errors.items()]
    return lines


def total(reports: Iterable[CheckReport]) -> CheckCounts:
    counts = CheckCounts()
    for report in reports:
        counts.add(report.counts)
    return counts
