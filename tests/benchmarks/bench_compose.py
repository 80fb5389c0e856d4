"""Compose and expansion benchmark: render+build msgs/s against ``EmailMessage``, 100k expansion.

Run: ``.venv/bin/python -m tests.benchmarks.bench_compose [--messages N] [--recipients N]``.
Prints a table; never asserts (figures drift between machines; targets are in the table).

Rows:
- ``EmailMessage`` baseline: the same ~1.5 KB text+HTML message rendered with the same
  compiled Jinja templates and built with ``EmailMessage`` (default policy,
  ``set_content`` + ``add_alternative``) + ``as_bytes``, as a straightforward sender would.
- ``email.mime`` baseline: the older classes, for reference.
- Staffetta: ``CampaignComposer.build_for`` (render subject/HTML/text + per-campaign
  skeleton), target >= 2,500 msgs/s on one core.
- Markdown: the same mail written in Markdown with a ``<style>`` block and a logo on disk,
  converted, inlined and embedded once (the "freeze" row, per template), then built per
  recipient: the ratio to the HTML row shows what the layout and inlined styles cost.
- Per-recipient PDF: each message reads its own 50 KB file at build time; the RSS row is
  the growth over all those messages (it stays one message's worth, not the list's).
- Expansion: ``start_campaign`` on a real SQLite file with N recipients, pre-flight render
  of every recipient included, target <= 10 s for 100,000.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from email.headerregistry import Address
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

HTML = """<!doctype html>
<html><body style="font-family: sans-serif">
<h1>Ciao {{ first_name }}!</h1>
<p>Le novità di novembre per {{ city }}: sconti fino al 30% su tutta la collezione
autunno-inverno, spedizione gratuita sopra i 50 euro e un regalo per i clienti {{ plan }}.</p>
<p>Il tuo codice personale è <b>{{ code }}</b>: usalo entro fine mese.</p>
<ul><li>Giacche e cappotti</li><li>Maglioni in lana merino</li><li>Scarpe e accessori</li></ul>
<p><a href="https://shop.example.com/novita?utm_source=mail&amp;c={{ code }}">Scopri le novità</a></p>
<p style="font-size: 11px; color: #888">Ricevi questa email perché sei iscritto
alla newsletter di Negozio Zoë. <a href="{{ unsubscribe_url }}">Annulla l'iscrizione</a></p>
</body></html>
"""
TEXT = """Ciao {{ first_name }}!

Le novità di novembre per {{ city }}: sconti fino al 30% su tutta la collezione
autunno-inverno, spedizione gratuita sopra i 50 euro e un regalo per i clienti {{ plan }}.

Il tuo codice personale è {{ code }}: usalo entro fine mese.

Scopri le novità: https://shop.example.com/novita?utm_source=mail&c={{ code }}

Annulla l'iscrizione: {{ unsubscribe_url }}
"""
SUBJECT = "{{ first_name }}, le novità di novembre per {{ city }}"
SENDER = "Negozio Zoë <shop@example.com>"
UNSUBSCRIBE = "https://shop.example.com/u?e={{ email|urlencode }}"


def snapshot(i: int) -> dict[str, Any]:
    return {
        "email": f"user{i}@example{i % 500}.com",
        "name": f"Zoë Rossi {i}",
        "fields": {"First Name": f"Zoë{i}", "City": "Milano", "Plan": "pro", "Code": f"NOV{i:06d}"},
    }


def staffetta_rate(count: int) -> tuple[float, int]:
    from core.campaigns import CampaignComposer

    composer = CampaignComposer(
        name="bench", subject=SUBJECT, html=HTML, text=TEXT, sender=SENDER, reply_to=None,
        unsubscribe_url=UNSUBSCRIBE, unsubscribe_mailto=None,
    )  # fmt: skip
    snaps = [snapshot(i) for i in range(count)]
    size = len(composer.build_for(snaps[0], to_address=snaps[0]["email"], message_id="<a@b.c>"))
    start = time.perf_counter()
    for i, snap in enumerate(snaps):
        composer.build_for(snap, to_address=snap["email"], message_id=f"<{i}@example.com>")
    return count / (time.perf_counter() - start), size


MARKDOWN = """<style>
.code { font-weight: bold; color: #b91c1c; }
</style>

![Negozio Zoë](logo.png)

# Ciao {{ first_name }}!

Le novità di novembre per {{ city }}: sconti fino al 30% su tutta la collezione
autunno-inverno, spedizione gratuita sopra i 50 euro e un regalo per i clienti {{ plan }}.

Il tuo codice personale è <span class="code">{{ code }}</span>: usalo entro fine mese.

- Giacche e cappotti
- Maglioni in lana merino
- Scarpe e accessori

[Scopri le novità](https://shop.example.com/novita?utm_source=mail&c={{ code }})

Ricevi questa email perché sei iscritto alla newsletter di Negozio Zoë.
[Annulla l'iscrizione]({{ unsubscribe_url }})
"""


def markdown_rates(count: int, folder: Path) -> tuple[float, float, int]:
    """(freeze ms per template, msgs/s, message bytes) for the Markdown template."""
    from core.campaigns import CampaignComposer
    from core.content import markdown as md
    from core.content.body import compile_body
    from core.content.inline_css import inline_css

    (folder / "logo.png").write_bytes(LOGO)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        md.markdown_to_html.cache_clear()
        md.markdown_to_text.cache_clear()
        inline_css.cache_clear()
        body = compile_body(body_format="markdown", body=MARKDOWN, base_dir=str(folder))
    freeze_ms = (time.perf_counter() - start) / rounds * 1000
    composer = CampaignComposer(
        name="bench", subject=SUBJECT, html=body.html, text=body.text, sender=SENDER,
        reply_to=None, unsubscribe_url=UNSUBSCRIBE, unsubscribe_mailto=None, images=body.images,
    )  # fmt: skip
    snaps = [snapshot(i) for i in range(count)]
    size = len(composer.build_for(snaps[0], to_address=snaps[0]["email"], message_id="<a@b.c>"))
    start = time.perf_counter()
    for i, snap in enumerate(snaps):
        composer.build_for(snap, to_address=snap["email"], message_id=f"<{i}@example.com>")
    return freeze_ms, count / (time.perf_counter() - start), size


def attachment_rate(count: int, folder: Path) -> tuple[float, float]:
    """(msgs/s, RSS growth in MB) building messages that each read their own 50 KB PDF."""
    import psutil

    from core.campaigns import CampaignComposer

    invoices = folder / "invoices"
    invoices.mkdir()
    for i in range(count):
        (invoices / f"NOV{i:06d}.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(50_000))
    composer = CampaignComposer(
        name="bench", subject=SUBJECT, html=HTML, text=TEXT, sender=SENDER, reply_to=None,
        unsubscribe_url=UNSUBSCRIBE, unsubscribe_mailto=None,
        attachment_templates=(str(invoices) + "/{{ code }}.pdf",),
    )  # fmt: skip
    snaps = [snapshot(i) for i in range(count)]
    process = psutil.Process()
    composer.build_for(snaps[0], to_address=snaps[0]["email"], message_id="<a@b.c>")
    before = process.memory_info().rss
    start = time.perf_counter()
    for i, snap in enumerate(snaps):
        composer.build_for(snap, to_address=snap["email"], message_id=f"<{i}@example.com>")
    rate = count / (time.perf_counter() - start)
    return rate, (process.memory_info().rss - before) / 1024 / 1024


# A 1x1 PNG with 20 KB of padding in a private chunk: a small logo's weight.
LOGO = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01"
    b"\x00\xc9\xfe\x92\xef" + b"\x00" * 20_000 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _rendered(composer: Any, snap: dict[str, Any]) -> Any:
    return composer.render(snap)


def email_message_rate(count: int) -> float:
    """Same rendering, built with ``EmailMessage`` (default policy)."""
    from core.campaigns import CampaignComposer

    composer = CampaignComposer(
        name="bench", subject=SUBJECT, html=HTML, text=TEXT, sender=SENDER, reply_to=None,
        unsubscribe_url=UNSUBSCRIBE, unsubscribe_mailto=None,
    )  # fmt: skip
    snaps = [snapshot(i) for i in range(count)]
    start = time.perf_counter()
    for i, snap in enumerate(snaps):
        rendered = _rendered(composer, snap)
        msg = EmailMessage()
        msg["From"] = Address("Negozio Zoë", addr_spec="shop@example.com")
        msg["To"] = Address(snap["name"], addr_spec=snap["email"])
        msg["Subject"] = rendered.subject
        msg["Date"] = format_datetime(time_now())
        msg["Message-ID"] = f"<{i}@example.com>"
        msg["List-Unsubscribe"] = rendered.list_unsubscribe
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg.set_content(rendered.text)
        msg.add_alternative(rendered.html, subtype="html")
        msg.as_bytes()
    return count / (time.perf_counter() - start)


def email_mime_rate(count: int) -> float:
    """Same rendering, built with the older ``email.mime`` classes."""
    from core.campaigns import CampaignComposer

    composer = CampaignComposer(
        name="bench", subject=SUBJECT, html=HTML, text=TEXT, sender=SENDER, reply_to=None,
        unsubscribe_url=UNSUBSCRIBE, unsubscribe_mailto=None,
    )  # fmt: skip
    snaps = [snapshot(i) for i in range(count)]
    start = time.perf_counter()
    for i, snap in enumerate(snaps):
        rendered = _rendered(composer, snap)
        msg = MIMEMultipart("alternative")
        msg["From"] = formataddr(("Negozio Zoë", "shop@example.com"))
        msg["To"] = formataddr((snap["name"], snap["email"]))
        msg["Subject"] = rendered.subject
        msg["Message-ID"] = f"<{i}@example.com>"
        msg.attach(MIMEText(rendered.text, "plain", "utf-8"))
        msg.attach(MIMEText(rendered.html, "html", "utf-8"))
        msg.as_bytes()
    return count / (time.perf_counter() - start)


def time_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def expansion_seconds(recipients: int) -> tuple[float, float, int]:
    """(pre-flight + expansion seconds, of which pre-flight, messages queued) on a real file."""
    from core.campaigns import DraftSettings, save_draft, start_campaign
    from core.campaigns import expansion as campaigns  # start_campaign calls its preflight
    from core.db import close_database, open_database
    from core.importer import import_contacts
    from core.models import SmtpProfile
    from core.templates import save_template

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "c.csv"
        with csv_path.open("w", encoding="utf-8") as fh:
            fh.write("Email,First Name,City,Plan,Code\n")
            for i in range(recipients):
                fh.write(f"user{i}@example{i % 500}.com,Zoë{i},Milano,pro,NOV{i:06d}\n")
        open_database(str(Path(tmp) / "bench.db"))
        try:
            import_contacts(csv_path, "L")
            save_template("T", subject=SUBJECT, html=HTML, text=TEXT)
            SmtpProfile.create(name="S", host="127.0.0.1", port=2525, security="none",
                               is_sandbox=True)  # fmt: skip
            campaign = save_draft(
                "C", DraftSettings("L", "T", "S", SENDER, unsubscribe_url=UNSUBSCRIBE)
            )
            timing: dict[str, float] = {}
            original = campaigns.preflight

            def timed_preflight(*args: Any, **kwargs: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    timing["preflight"] = time.perf_counter() - t0

            campaigns.preflight = timed_preflight  # type: ignore[assignment]
            start = time.perf_counter()
            result = start_campaign(campaign)
            seconds = time.perf_counter() - start
            campaigns.preflight = original  # type: ignore[assignment]
        finally:
            close_database()
    return seconds, timing.get("preflight", 0.0), result.queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--recipients", type=int, default=100_000)
    args = parser.parse_args()

    baseline = email_message_rate(max(args.messages // 4, 500))
    legacy = email_mime_rate(max(args.messages // 2, 500))
    ours, size = staffetta_rate(args.messages)
    with tempfile.TemporaryDirectory() as tmp:
        freeze_ms, md_rate, md_size = markdown_rates(args.messages, Path(tmp))
        files = max(args.messages // 2, 500)
        pdf_rate, rss_growth = attachment_rate(files, Path(tmp))
    total, pre, queued = expansion_seconds(args.recipients)

    rows = [
        ("render+build, EmailMessage (baseline)", f"{baseline:,.0f} msg/s", "1.00x", ""),
        ("render+build, email.mime classes", f"{legacy:,.0f} msg/s", f"{legacy / baseline:.2f}x",
         ""),
        (f"render+build, Staffetta ({size:,} B message)", f"{ours:,.0f} msg/s",
         f"{ours / baseline:.2f}x", ">= 2,500 msg/s"),
        ("Markdown + <style> + logo: freeze once per template", f"{freeze_ms:.1f} ms", "", ""),
        (f"render+build, Markdown, inlined, cid logo ({md_size:,} B)", f"{md_rate:,.0f} msg/s",
         f"{md_rate / ours:.2f}x HTML", ""),
        (f"render+build + own 50 KB PDF read ({files:,} files)", f"{pdf_rate:,.0f} msg/s",
         f"{pdf_rate / ours:.2f}x HTML", ""),
        ("  RSS growth over those messages", f"{rss_growth:.1f} MB", "", "one message's worth"),
        (f"start: pre-flight + expansion of {queued:,} recipients", f"{total:.2f} s",
         f"{queued / total:,.0f}/s", "<= 10 s for 100,000"),
        ("  of which pre-flight (render every recipient)", f"{pre:.2f} s", "", ""),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"{'stage':<{width}}  {'figure':>14}  {'ratio':>10}  target")
    for stage, figure, ratio, target in rows:
        print(f"{stage:<{width}}  {figure:>14}  {ratio:>10}  {target}")


if __name__ == "__main__":
    main()
