"""The Test inbox's checks over raw bytes: what a marketer reads must match the message."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from core.inbox_checks import GMAIL_CLIP_BYTES, analyse, links_in


def marketing_message(**headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = (
        "Negozio <shop@example.com>",
        "zoë@example.com",
        "Novità ✓",
    )
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("Ciao Zoë, è arrivato! https://example.com/text-only.\n")
    msg.add_alternative(
        '<p>Ciao Zoë</p><a href="https://example.com/offer?id=1">Offer</a>'
        "<a href='https://example.com/unsubscribe'>Unsubscribe</a>"
        '<a href="https://example.com/offer?id=1">again</a>',
        subtype="html",
    )
    return msg


def test_a_complete_campaign_message_passes_every_check():
    raw = marketing_message(
        List_Unsubscribe="<https://example.com/u?e=z>, <mailto:u@example.com>",
        List_Unsubscribe_Post="List-Unsubscribe=One-Click",
    ).as_bytes()
    report = analyse(raw)
    assert (report.subject, report.to) == ("Novità ✓", "zoë@example.com")
    assert "Ciao Zoë" in (report.html or "") and "è arrivato" in (report.text or "")
    assert report.one_click and report.has_text and not report.clipped_by_gmail
    assert all(ok for ok, _ in report.checks), report.checks
    assert report.links == [
        "https://example.com/offer?id=1",
        "https://example.com/unsubscribe",
        "https://example.com/text-only",
    ]
    assert ("Subject", "Novità ✓") in report.headers
    assert report.size == len(raw)


def test_missing_unsubscribe_headers_and_text_part_fail_their_checks():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "b@example.com", "Only HTML"
    msg.set_content("<p>" + "x" * (GMAIL_CLIP_BYTES + 10) + "</p>", subtype="html")
    report = analyse(msg.as_bytes())
    assert report.text is None and not report.has_text
    assert report.clipped_by_gmail and report.html_size > GMAIL_CLIP_BYTES
    # no List-Unsubscribe, no one-click, clipped, no text part, no unsubscribe link
    assert [ok for ok, _ in report.checks] == [False] * 5, report.checks
    assert any("Gmail clips it" in text for _, text in report.checks)


def test_one_click_needs_the_post_header_and_an_https_link():
    assert not analyse(
        marketing_message(List_Unsubscribe="<https://x.example/u>").as_bytes()
    ).one_click
    http_only = marketing_message(
        List_Unsubscribe="<mailto:u@example.com>",
        List_Unsubscribe_Post="List-Unsubscribe=One-Click",
    )
    assert not analyse(http_only.as_bytes()).one_click


def test_the_size_check_measures_the_html_not_the_attachments_or_text():
    msg = marketing_message()
    msg.add_attachment(b"\0" * (GMAIL_CLIP_BYTES * 2), maintype="application", subtype="pdf",
                       filename="catalogue.pdf")  # fmt: skip
    report = analyse(msg.as_bytes())
    assert report.size > GMAIL_CLIP_BYTES * 2 and not report.clipped_by_gmail


def test_broken_charsets_and_headers_do_not_break_the_viewer():
    raw = (
        b"From: a@example.com\r\nTo: b@example.com\r\nSubject: =?x-nope?q?caf=E9?=\r\n"
        b"Date: not a date\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="x-no-such-charset"\r\n'
        b"Content-Transfer-Encoding: 8bit\r\n\r\ncaf\xe9 https://example.com/a\r\n"
    )
    report = analyse(raw)
    assert report.text is not None and report.text.startswith("caf")
    assert report.links == ["https://example.com/a"]
    assert any(name == "Date" for name, _ in report.headers)


def test_links_in_keeps_document_order_and_drops_duplicates():
    html = '<a href="https://a.example/">a</a><a HREF=https://b.example/x>b</a><a href="https://a.example/">'
    assert links_in(html, "see https://c.example/y, then https://a.example/") == [
        "https://a.example/",
        "https://b.example/x",
        "https://c.example/y",
    ]


def _html_only(html: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "shop@example.com", "b@example.com", "News"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(html, subtype="html")
    return msg.as_bytes()


def _body_check(raw: bytes) -> tuple[bool, str]:
    return analyse(raw).checks[4]


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://example.com/x?id=1">Unsubscribe</a>',
        '<a href="https://example.com/x?id=1">Se désinscrire</a>',
        '<a href="https://example.com/x?id=1">SE DÉSABONNER</a>',
        '<a href="https://example.com/x?id=1">Clicca qui per <b>disiscriverti</b></a>',
        "<a href='https://example.com/x?id=1'>Annulla l’iscrizione</a>",
        '<a href="https://example.com/x?id=1">Newsletter abbestellen</a>',
        '<a href="https://example.com/x?id=1">Abmelden</a>',
        '<a href="https://example.com/x?id=1">Darse de baja</a>',
        '<a href="https://example.com/x?id=1">Cancelar suscripción</a>',
        '<a href="https://example.com/x?id=1">Descadastre-se</a>',
        '<a href="https://example.com/x?id=1">Cancelar inscrição</a>',
        '<a href="https://example.com/x?id=1">Afmelden</a>',
        '<a href="https://example.com/x?id=1">Uitschrijven</a>',
        '<a href="https://example.com/desinscription?id=1">ici</a>',
        '<a href="https://example.com/afmelden?id=1">hier</a>',
    ],
)
def test_an_unsubscribe_link_is_recognised_in_common_languages(link: str):
    ok, text = _body_check(_html_only(f"<p>Bonjour</p><p>{link}</p>"))
    assert ok and text == "Unsubscribe link in the body"


def test_a_link_to_the_list_unsubscribe_address_counts_whatever_it_says():
    raw = _html_only(
        '<p>News</p><a href="https://example.com/l/9f2c">Click here</a>',
        List_Unsubscribe="<https://example.com/l/9f2c>, <mailto:u@example.com>",
    )
    assert _body_check(raw)[0]


def test_a_body_without_a_way_out_fails_the_check_in_any_language():
    raw = _html_only(
        '<p>Bonjour, découvrez nos offres</p><a href="https://example.com/offre">Voir</a>'
        '<a href="https://example.com/l/1">Profitez-en</a>',
        List_Unsubscribe="<https://example.com/l/other>",
    )
    ok, text = _body_check(raw)
    assert not ok and text == "No unsubscribe link in the body"


def test_long_display_names_read_as_written():
    from core.mime import address_header, registry_address_header

    long_name = "Zoë Müller-Lüdenscheidt von und zu Hohenzollern-Sigmaringen und Ansbach Bayreuth"
    quoted = "Dott.ssa Maria Antonietta Bianchi-Ferraris della Gherardesca (Ufficio Acquisti)"
    raw = (
        address_header("To", long_name, "zoe@example.com")
        + registry_address_header("From", quoted, "shop@example.com")
        + address_header("Cc", quoted, "maria@example.com")
        + "Subject: x\r\n\r\nbody\r\n"
    ).encode()
    report = analyse(raw)
    assert report.to == f"{long_name} <zoe@example.com>"
    assert quoted in report.sender and report.sender.endswith("<shop@example.com>")
    assert ("Cc", f'"{quoted}" <maria@example.com>') in report.headers
    assert ("To", f"{long_name} <zoe@example.com>") in report.headers
