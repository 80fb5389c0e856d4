"""Building a started campaign against a given relay, and running the worker on it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Campaign, Message, MessageStatus
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from core.worker import MessageEvent, RunSummary, SendingWorker

HTML = '<p>Ciao {{ first_name }} from {{ city }}!</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>'


def make_campaign(
    tmp_path: Path,
    port: int,
    recipients: list[str],
    *,
    name: str = "Launch",
    more_profiles: list[tuple[str, int, int, dict[str, Any]]] | None = None,
    weight: int = 1,
    **profile: Any,
) -> Campaign:
    """Contacts, template, profile (fast retries) and a started campaign, all real rows.

    ``more_profiles``: (name, port, weight, settings) of further profiles to spread the
    campaign over, with ``weight`` for the first one."""
    csv_path = tmp_path / f"{name}.csv"
    rows = ["email,first_name,city"] + [f"{r},Name{i},Roma" for i, r in enumerate(recipients)]
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_contacts(csv_path, f"{name} list")
    save_template(f"{name} template", subject="Hi {{ first_name }}", html=HTML)
    settings = ProfileSettings(
        host="127.0.0.1", port=port, security="none", is_sandbox=True, rate=0, burst=10,
        max_connections=2, retry_base=1, retry_max=2, max_attempts=5, lifetime=3600,
        connect_timeout=2, data_timeout=2,
    )  # fmt: skip
    base = dict(vars(settings))
    for key, value in profile.items():
        setattr(settings, key, value)
    save_profile(f"{name} relay", settings)
    rotation = [(f"{name} relay", weight)]
    for extra_name, extra_port, extra_weight, extra in more_profiles or []:
        other = ProfileSettings(**{**base, "port": extra_port})
        for key, value in extra.items():
            setattr(other, key, value)
        save_profile(extra_name, other)
        rotation.append((extra_name, extra_weight))
    campaign = save_draft(
        name,
        DraftSettings(
            list_name=f"{name} list", template_name=f"{name} template",
            profile_name=f"{name} relay", sender="Shop <shop@example.com>",
            unsubscribe_url="https://example.com/u?e={{ email|urlencode }}",
            profiles=rotation if len(rotation) > 1 else [],
        ),
    )  # fmt: skip
    start_campaign(campaign)
    return Campaign.get_by_id(campaign.id)


def run_worker(
    *,
    until_done: bool = True,
    seconds: float = 20.0,
    worker: SendingWorker | None = None,
    stop_after: int | None = None,
) -> tuple[SendingWorker, RunSummary]:
    """Run the worker to completion, or stop it after ``seconds`` (whichever first).

    ``stop_after``: stop once that many outcomes of a try are recorded (releases do not
    count), so a test of the first try does not depend on how fast a loaded machine is."""
    worker = worker or SendingWorker(until_done=until_done)
    if stop_after is not None:
        tried = []

        def count(event: MessageEvent) -> None:
            if event.status != MessageStatus.QUEUED:
                tried.append(event)
                if len(tried) >= stop_after:
                    worker.stop()

        worker.events.message.connect(count)

    async def main() -> RunSummary:
        task = asyncio.create_task(worker.run())
        done, _ = await asyncio.wait({task}, timeout=seconds)
        if not done:
            worker.stop()
        return await task

    return worker, asyncio.run(main())


def statuses() -> dict[str, str]:
    return {m.to_addr: m.status for m in Message.select()}


def other_connection(db: Any) -> Any:
    """A second connection to the test's database (a SQLite file ``Path`` or a PostgreSQL
    URL), autocommit, as another process would see it."""
    if isinstance(db, str) and db.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(db, autocommit=True)
    import sqlite3

    return sqlite3.connect(str(db), check_same_thread=False, isolation_level=None)
