"""The pre-flight check: every recipient rendered once before anything is queued, so no
template error appears mid-campaign; big lists are shared with helper processes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import escape

from core.audience.audience import count_audience, eligible_sql
from core.campaigns.composing import GMAIL_CLIP_BYTES, CampaignComposer, snapshot_of
from core.errors import TemplateProblem
from core.events import CancelToken
from core.mime import (
    check_recipient_address,
)
from core.models import (
    Campaign,
    database_proxy,
)
from core.multicore import run_chunks, spare_cores

MAX_LISTED_PROBLEMS = 200


KEPT_ROWS_LIMIT = 300_000  # recipients kept in memory between pre-flight and expansion


PREFLIGHT_CHUNK = 2_000  # recipients per chunk of pre-flight work (about 0.1 s)


PARALLEL_PREFLIGHT_MIN_ROWS = 20_000


@dataclass
class RecipientProblem:
    email: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"email": self.email, "problem": self.message}


@dataclass
class PreflightReport:
    recipients: int = 0
    suppressed: int = 0
    errors: list[RecipientProblem] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    largest_bytes: int = 0  # see PreflightTally.largest
    members: int = 0  # contacts in the audience, before anyone is skipped
    skipped: dict[str, int] = field(default_factory=dict)  # why (core.audience.audience)
    # Every problem once, with how many recipients have it (the recipient left out of
    # the sentence): 100,000 recipients failing for one typo are one line, not 100,000.
    problem_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "recipients": self.recipients,
            "suppressed": self.suppressed,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": self.error_count,
            "warnings": self.warnings,
            "members": self.members,
            "skipped": self.skipped,
        }


class PreflightFailed(TemplateProblem):
    def __init__(self, report: PreflightReport) -> None:
        first = report.errors[0] if report.errors else None
        detail = f" First: {first.email}: {first.message}" if first else ""
        super().__init__(
            f"The pre-flight check found {report.error_count} recipient(s) whose message "
            f"cannot be built; nothing was queued.{detail}",
            hint="Fix the template (or the contacts) and start again.",
        )
        self.report = report


RecipientRow = tuple[int, str, str, str | None, str | None]


def _eligible_rows(campaign: Campaign, now: datetime | None = None) -> Any:
    """A cursor over (contact id, email, key, name, fields JSON) of every recipient allowed
    to get mail: the audience minus exclusions, suppressions and the frequency cap."""
    sql, params = eligible_sql(campaign, now=now)
    return database_proxy.execute_sql(sql, params)


def preflight(
    campaign: Campaign,
    *,
    composer: CampaignComposer | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
    keep_rows: list[RecipientRow] | None = None,
    now: datetime | None = None,
) -> PreflightReport:
    """Render every eligible recipient; collect errors per contact and general warnings.

    Big lists are rendered in chunks shared with helper processes on the other cores
    (``core.multicore``); the report is the same as on one core. With ``keep_rows``, the
    recipients read are kept there (up to ``KEPT_ROWS_LIMIT``) so expansion does not read
    and parse the list a second time.
    """
    composer = composer or CampaignComposer.for_draft(campaign)
    _use_in_this_process(composer)
    audience = count_audience(campaign, now=now)
    members = audience.members
    kept = keep_rows
    done = 0

    def chunks() -> Iterator[list[RecipientRow]]:
        nonlocal kept
        cursor = _eligible_rows(campaign, now)
        while chunk := cursor.fetchmany(PREFLIGHT_CHUNK):
            if kept is not None:
                if len(kept) + len(chunk) <= KEPT_ROWS_LIMIT:
                    kept.extend(chunk)
                else:
                    kept.clear()
                    kept = None
            yield chunk

    def after_chunk(chunk: list[RecipientRow], _tally: PreflightTally) -> None:
        nonlocal done
        done += len(chunk)
        if progress is not None:
            progress(done, members)

    tallies = run_chunks(
        preflight_chunk,
        composer.rendering_spec,
        chunks(),
        helpers=preflight_helpers(members),
        after_chunk=after_chunk,
        stop=(lambda: cancel.cancelled) if cancel is not None else None,
    )
    total = PreflightTally()
    for tally in tallies:
        total.add(tally)
    report = PreflightReport(
        recipients=total.recipients,
        errors=total.errors,
        error_count=total.error_count,
        largest_bytes=total.largest,
        problem_counts=dict(sorted(total.problem_counts.items(), key=lambda kv: -kv[1])),
    )
    report.suppressed = members - report.recipients
    report.members = members
    report.skipped = audience.skipped
    _warn(report, composer, total.empty_subjects, total.without_link)
    return report


def without_recipient(message: str, email: str) -> str:
    """A problem's sentence without "for <recipient>", so identical problems group."""
    return message.replace(f" for {email}", "")


MAX_DISTINCT_PROBLEMS = 500
OTHER_PROBLEMS = "Other problems (see the first recipients listed)"


def _count_problem(counts: dict[str, int], problem: str, count: int = 1) -> None:
    if problem not in counts and len(counts) >= MAX_DISTINCT_PROBLEMS:
        problem = OTHER_PROBLEMS
    counts[problem] = counts.get(problem, 0) + count


def preflight_helpers(members: int) -> int:
    """Helper processes for a list this big: none for small lists (starting one costs
    about a third of a second), else one per spare core, up to three."""
    if members < PARALLEL_PREFLIGHT_MIN_ROWS:
        return 0
    return min(spare_cores(), 3)


@dataclass
class PreflightTally:
    """What pre-flight found in some recipients; tallies of consecutive chunks add up."""

    recipients: int = 0
    error_count: int = 0
    errors: list[RecipientProblem] = field(default_factory=list)
    empty_subjects: int = 0
    without_link: int = 0
    # UTF-8 size of the largest HTML, exact once it could reach Gmail's clip limit; below
    # that, bodies are counted in characters (a lower bound) to skip encoding them.
    largest: int = 0  # of the HTML part
    rendered_by: set[int] = field(default_factory=set)  # process ids (self-check, tests)
    problem_counts: dict[str, int] = field(default_factory=dict)

    def add(self, other: PreflightTally) -> None:
        self.recipients += other.recipients
        self.error_count += other.error_count
        for problem, count in other.problem_counts.items():
            _count_problem(self.problem_counts, problem, count)
        room = MAX_LISTED_PROBLEMS - len(self.errors)
        self.errors.extend(other.errors[:room])
        self.empty_subjects += other.empty_subjects
        self.without_link += other.without_link
        self.largest = max(self.largest, other.largest)
        self.rendered_by |= other.rendered_by


# The composer preflight_chunk renders with, per process: one campaign at a time.
_chunk_composer: tuple[tuple[tuple[str, Any], ...], CampaignComposer] | None = None


def _use_in_this_process(composer: CampaignComposer) -> None:
    """Chunks rendered here use the caller's composer instead of compiling another."""
    global _chunk_composer
    _chunk_composer = (tuple(sorted(composer.rendering_spec.items())), composer)


def preflight_chunk(spec: dict[str, Any], rows: list[RecipientRow]) -> PreflightTally:
    """Render one chunk of recipients (here or in a helper process, which builds the
    composer from its ``rendering_spec``) and tally what pre-flight reports."""
    key = tuple(sorted(spec.items()))
    if _chunk_composer is None or _chunk_composer[0] != key:
        _use_in_this_process(CampaignComposer(**spec))  # type: ignore[arg-type]
    assert _chunk_composer is not None
    composer = _chunk_composer[1]
    tally = PreflightTally(rendered_by={os.getpid()})
    render, loads = composer.render_parts, json.loads
    files = bool(composer.attachment_parts)
    largest = 0
    for _cid, email, _key, name, fields_json in rows:
        tally.recipients += 1
        snapshot = snapshot_of(email, name, loads(fields_json) if fields_json else {})
        try:
            subject, html, text, _list_unsubscribe, url = render(snapshot)
            check_recipient_address(email)  # what would stop its To header being written
            if files:
                composer.check_recipient_files(snapshot)  # missing or too big: listed
        except TemplateProblem as exc:
            tally.error_count += 1
            _count_problem(tally.problem_counts, without_recipient(exc.message, email))
            if len(tally.errors) < MAX_LISTED_PROBLEMS:
                tally.errors.append(RecipientProblem(email, exc.message))
            continue
        if not subject:
            tally.empty_subjects += 1
        if not _shows_unsubscribe_link(url, html, text):
            tally.without_link += 1
        if html is None:
            continue
        # Gmail clips on the HTML as sent (styles inlined); images in their own parts and
        # the text part do not count.
        size = len(html)
        if size * 4 > max(largest, GMAIL_CLIP_BYTES):  # UTF-8: up to 4 bytes a character
            size = len(html.encode())
        if size > largest:
            largest = size
    tally.largest = largest
    return tally


def _shows_unsubscribe_link(url: str, html: str | None, text: str) -> bool:
    """Whether the recipient can see their unsubscribe link in the body (the HTML when
    there is one: that is what mail clients show)."""
    if not url:
        return False
    if html is not None:
        return url in html or str(escape(url)) in html
    return url in text


def _warn(
    report: PreflightReport, composer: CampaignComposer, empty_subjects: int, without_link: int
) -> None:
    if without_link:
        report.warnings.append(
            f"{without_link:,} message(s) have no visible unsubscribe link: add "
            '<a href="{{ unsubscribe_url }}">Unsubscribe</a> (Gmail and Yahoo require one).'
        )
    if composer.unsubscribe is None:
        report.warnings.append(
            "No unsubscribe URL is set, so one-click unsubscribe (RFC 8058) is off; "
            "bulk mail to Gmail and Yahoo needs it."
        )
    if not composer.text_is_written:
        report.warnings.append(
            "No text part was written; Staffetta derives one from the "
            f"{composer.text_derived_from}. Check it in the preview."
        )
    report.warnings.extend(composer.warnings)
    if report.largest_bytes > GMAIL_CLIP_BYTES:
        report.warnings.append(
            f"The largest message's HTML is {report.largest_bytes / 1024:.0f} KB with its "
            "styles inlined; Gmail clips messages whose HTML is over 102 KB."
        )
    if empty_subjects:
        report.warnings.append(f"{empty_subjects} recipient(s) would get an empty subject.")
    if report.recipients == 0:
        report.warnings.append("Nobody in this audience can receive the campaign.")
