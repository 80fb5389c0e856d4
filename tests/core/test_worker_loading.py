"""A message is never held for the engine's own ordering ("Campaign N is not loaded")."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Campaign, Message
from core.queue import retry
from core.templates import save_template
from core.worker import SendingWorker
from tests.core.engine_helpers import HTML, make_campaign, run_worker
from tests.smtp_servers import FaultServer, delivered_to


def another_campaign(
    tmp_path: Path, name: str, recipients: list[str], profile: str, *, attachment_mb: int = 0
) -> Campaign:
    """A second campaign through the same SMTP profile as an existing one. A big
    attachment makes loading it (decoding and encoding the attachment) take a while."""
    attachments = []
    if attachment_mb:
        blob = tmp_path / f"{name}.bin"
        blob.write_bytes(os.urandom(attachment_mb * 1024 * 1024))
        attachments.append(str(blob))
    csv_path = tmp_path / f"{name}.csv"
    rows = ["email,first_name,city"] + [f"{r},N{i},Roma" for i, r in enumerate(recipients)]
    csv_path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_contacts(csv_path, f"{name} list")
    save_template(f"{name} template", subject="Hi {{ first_name }}", html=HTML)
    campaign = save_draft(
        name,
        DraftSettings(
            list_name=f"{name} list", template_name=f"{name} template", profile_name=profile,
            sender="Shop <shop@example.com>",
            unsubscribe_url="https://example.com/u?e={{ email|urlencode }}",
            attachments=attachments,
        ),
    )  # fmt: skip
    start_campaign(campaign)
    return Campaign.get_by_id(campaign.id)


def addresses(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}@example.com" for i in range(n)]


def test_several_running_campaigns_on_one_profile_all_send_nothing_held(db, tmp_path: Path):
    with FaultServer() as server:
        # The first campaign has less than one claim's worth, so the first claim reaches
        # into the others while the worker is still loading them (B's 6 MB attachment).
        make_campaign(tmp_path, server.port, addresses("a", 1), name="A", data_timeout=120)
        another_campaign(tmp_path, "B", addresses("b", 3), "A relay", attachment_mb=6)
        another_campaign(tmp_path, "C", addresses("c", 8), "A relay")
        _worker, summary = run_worker(seconds=30)
    held = [(m.to_addr, m.last_response) for m in Message.select().where(Message.status == "held")]
    assert held == []
    assert summary.sent == 12
    assert len(delivered_to(server)) == 12


def test_unknown_messages_retried_in_several_campaigns_are_all_sent(db, tmp_path: Path):
    """The reported scenario: every campaign finished, unknown rows retried in each."""
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, addresses("a", 10), name="A", data_timeout=120)
        another_campaign(tmp_path, "B", addresses("b", 4), "A relay", attachment_mb=6)
        another_campaign(tmp_path, "C", addresses("c", 10), "A relay")
        run_worker(seconds=30)
        assert {c.status for c in Campaign.select()} == {"finished"}
        # As if a crash had left some of each campaign unknown, and the user resends them.
        picked = [m.id for m in Message.select().where(Message.to_addr.endswith("3@example.com"))]
        picked += [m.id for m in Message.select().where(Message.to_addr.contains("7@"))]
        Message.update(status="unknown").where(Message.id.in_(picked)).execute()
        assert retry(status="unknown") == len(picked) == 5
        _worker, summary = run_worker(seconds=30)
    assert [m.last_response for m in Message.select().where(Message.status == "held")] == []
    assert summary.sent == 5
    assert {c.status for c in Campaign.select()} == {"finished"}


def test_a_campaign_started_while_another_sends_is_never_held(db, tmp_path: Path):
    """The window's case: a second campaign starts while the worker sends the first."""
    with FaultServer() as server:
        make_campaign(
            tmp_path, server.port, addresses("a", 40), name="A", rate=50, burst=1, data_timeout=120
        )
        worker = SendingWorker(until_done=False)
        started = threading.Event()

        def start_second() -> None:
            # A second connection to the same file, as the window's worker thread has.
            another_campaign(tmp_path, "B", addresses("b", 6), "A relay", attachment_mb=6)
            started.set()

        async def main() -> None:
            task = asyncio.create_task(worker.run())
            while worker.summary.sent < 35:
                await asyncio.sleep(0.01)
            await asyncio.to_thread(start_second)
            for _ in range(3000):
                if worker.summary.sent + worker.summary.held >= 46:
                    break
                await asyncio.sleep(0.01)
            worker.stop()
            await asyncio.wait_for(task, 60)

        asyncio.run(main())
    assert started.is_set()
    assert [m.last_response for m in Message.select().where(Message.status == "held")] == []
    assert worker.summary.sent == 46
    assert len(delivered_to(server)) == 46
