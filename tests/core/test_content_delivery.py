"""Done-when for content: a Markdown template with a logo on disk, a <style> block and a
per-recipient PDF, run from the command line (separate processes) into the built-in test
inbox and through a real SMTP relay (aiosmtpd on 127.0.0.1), read back as a mail client
reads it."""

from __future__ import annotations

import asyncio
import email
import json
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from markupsafe import escape

from tests.conftest import free_port
from tests.core.test_cli_engine import Cli
from tests.core.test_content import PNG

MARKDOWN = """<style>
.code { font-weight: bold; color: #b91c1c; }
h1 { letter-spacing: 1px; }
</style>

![Negozio Zoë](images/logo.png)

# Ciao {{ first_name }}!

La tua fattura di novembre è allegata. Il codice cliente è <span class="code">{{ customer_id }}</span>.

{% if plan == "gold" %}
Da cliente **gold** hai la spedizione gratuita.
{% endif %}

- Giacche e cappotti
- Maglioni in lana merino

[Annulla l'iscrizione]({{ unsubscribe_url }})
"""

CONTACTS = (
    "email,first_name,customer_id,plan\n"
    "zoe@example.com,Zoë *<b>,C-1,gold\n"
    "ann@example.org,Ann,C-2,\n"
    "max@example.net,Max,C-3,\n"
)


class Relay:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued"


@pytest.fixture
def relay() -> Iterator[tuple[Relay, int]]:
    handler, port, loop = Relay(), free_port(), asyncio.new_event_loop()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="relay",
                            loop=loop)  # fmt: skip
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
        loop.close()


def prepare(cli: Cli, tmp: Path) -> Path:
    (tmp / "images").mkdir()
    (tmp / "images" / "logo.png").write_bytes(PNG)
    (tmp / "news.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp / "c.csv").write_text(CONTACTS, encoding="utf-8")
    invoices = tmp / "invoices"
    invoices.mkdir()
    for customer in ("C-1", "C-2"):  # C-3 is missing
        (invoices / f"{customer}.pdf").write_bytes(f"%PDF-1.4 invoice {customer}".encode())
    cli("import", str(tmp / "c.csv"), "--list", "Clienti")
    cli("template", "add", "Novembre", "--subject", "Fattura per {{ first_name }}",
        "--markdown", str(tmp / "news.md"))  # fmt: skip
    return invoices


def own_inbox_port(db: Path) -> None:
    """The built-in inbox on a free port: another test run on this machine may be using
    2526, and ``send`` would then deliver into that one."""
    from core.db import close_database, open_database
    from core.sandbox import ensure_builtin_profile, point_builtin_profile_at

    open_database(str(db))
    try:
        ensure_builtin_profile()
        point_builtin_profile_at(free_port())
    finally:
        close_database()


def check_message(raw: bytes, *, to: str, name: str, customer: str) -> None:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"].addresses[0].addr_spec == to
    html_part = message.get_body(("html",))
    text_part = message.get_body(("plain",))
    assert html_part is not None and text_part is not None
    html, text = html_part.get_content(), text_part.get_content().replace("\r\n", "\n")
    # Styles inlined (the <style> block's rules and the layout's), media queries kept.
    body = html.split("</head>", 1)[1]
    assert "<style" not in body and "@media only screen" in html
    assert 'class="code" style="font-weight: bold;color: #b91c1c;"' in html
    assert "letter-spacing: 1px;" in html and "max-width: 600px" in html
    # The logo from disk is a related part that the HTML shows through its Content-ID.
    related = [p for p in message.walk() if p.get_content_type() == "multipart/related"]
    assert len(related) == 1
    image = next(p for p in message.walk() if p.get_content_type() == "image/png")
    assert image.get_content() == PNG
    assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html
    # The recipient's values are text in both parts, never markup.
    assert f"Ciao {escape(name)}!</h1>" in html
    assert text.startswith(f"Negozio Zoë\n\nCiao {name}!\n")
    assert "**" not in text and "<span" not in text and "color" not in text
    assert f"Il codice cliente è {customer}." in text
    assert ("Da cliente gold" in text) == (customer == "C-1")
    assert "Annulla l'iscrizione <" in text
    # And this recipient's own invoice, no one else's.
    files = [(p.get_filename(), p.get_content()) for p in message.iter_attachments()]
    assert files == [(f"{customer}.pdf", f"%PDF-1.4 invoice {customer}".encode())]


def test_markdown_logo_style_and_own_pdf_arrive_in_the_builtin_inbox(
    tmp_path: Path, isolated_data_dir: Path
):
    cli = Cli(tmp_path, isolated_data_dir)
    invoices = prepare(cli, tmp_path)
    own_inbox_port(cli.db)
    cli("campaign", "create", "Fatture", "--list", "Clienti", "--template", "Novembre",
        "--smtp", "Built-in test inbox", "--sender", "Negozio Zoë <shop@example.com>",
        "--attach", str(invoices) + "/{{ customer_id }}.pdf")  # fmt: skip

    refused = cli("campaign", "start", "Fatture", ok=False)
    assert refused.returncode == 1
    assert (
        "max@example.net: The attachment" in refused.stderr
        and "C-3.pdf does not exist" in refused.stderr
    )
    assert "zoe@example.com" not in refused.stderr and "nothing was queued" in refused.stderr
    assert cli.json("campaign", "status", "Fatture")["total"] == 0

    (invoices / "C-3.pdf").write_bytes(b"%PDF-1.4 invoice C-3")
    cli("campaign", "start", "Fatture")
    sent = cli.json("send", "--campaign", "Fatture", "--until-done")
    assert sent["sent"] == 3
    caught = {m["to"]: m["id"] for m in cli.json("inbox")}
    assert set(caught) == {"zoe@example.com", "ann@example.org", "max@example.net"}
    raw = cli("inbox", "show", str(caught["zoe@example.com"])).stdout.encode()
    check_message(raw, to="zoe@example.com", name="Zoë *<b>", customer="C-1")
    raw = cli("inbox", "show", str(caught["max@example.net"])).stdout.encode()
    check_message(raw, to="max@example.net", name="Max", customer="C-3")


def test_the_same_campaign_through_a_real_relay(
    tmp_path: Path, isolated_data_dir: Path, relay: tuple[Relay, int]
):
    handler, port = relay
    cli = Cli(tmp_path, isolated_data_dir)
    invoices = prepare(cli, tmp_path)
    (invoices / "C-3.pdf").write_bytes(b"%PDF-1.4 invoice C-3")
    cli("smtp", "add", "Relay", "--host", "127.0.0.1", "--port", str(port), "--rate", "0")
    cli("campaign", "create", "Fatture", "--list", "Clienti", "--template", "Novembre",
        "--smtp", "Relay", "--sender", "Negozio Zoë <shop@example.com>",
        "--unsubscribe-url", "https://shop.example.com/u?e={{ email|urlencode }}",
        "--attach", str(invoices) + "/{{ customer_id }}.pdf")  # fmt: skip
    started = json.loads(cli("campaign", "start", "Fatture", "--json").stdout)
    assert started["queued"] == 3 and started["errors"] == []
    assert cli.json("send", "--campaign", "Fatture", "--until-done")["sent"] == 3
    by_rcpt = {e.rcpt_tos[0]: e for e in handler.envelopes}
    assert set(by_rcpt) == {"zoe@example.com", "ann@example.org", "max@example.net"}
    for to, name, customer in (("zoe@example.com", "Zoë *<b>", "C-1"),
                               ("ann@example.org", "Ann", "C-2")):  # fmt: skip
        check_message(by_rcpt[to].original_content, to=to, name=name, customer=customer)
    message = email.message_from_bytes(
        by_rcpt["ann@example.org"].original_content, policy=policy.default
    )
    assert (
        "https://shop.example.com/u?e=ann%40example.org"
        in message.get_body(("html",)).get_content()
    )
