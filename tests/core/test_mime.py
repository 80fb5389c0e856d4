"""The fast composer's bytes parse to the same headers and parts as the email package's own."""

from __future__ import annotations

import email
import email.utils
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage

import pytest

from core.errors import TemplateProblem
from core.mime import Attachment, build_skeleton, compose, make_message_id


def ours(**overrides):
    skeleton = build_skeleton(
        sender=overrides.pop("sender", "Zoë's Shop <shop@example.com>"),
        reply_to=overrides.pop("reply_to", "Help Desk <help@example.com>"),
        attachments=overrides.pop("attachments", ()),
    )
    args = {
        "to_address": "zoe@example.com", "to_name": "Zoë Müller, \"the\" boss",
        "subject": "Ciao Zoë! Le novità di novembre, con un oggetto molto lungo che va piegato",
        "text": "Hello Zoë\n.line starting with a dot\nFrom here\n" + "é" * 200,
        "html": "<p>Hello <b>Zoë</b></p>\n" + "<p>" + "x" * 300 + "</p>",
        "message_id": "<abc123@example.com>",
        "list_unsubscribe": "<https://example.com/u?e=zoe>, <mailto:u@example.com?subject=unsubscribe>",
    }  # fmt: skip
    args.update(overrides)
    return compose(skeleton, **args), args


def reference(args) -> EmailMessage:
    """The same message built the slow, canonical way."""
    msg = EmailMessage()
    msg["From"] = Address("Zoë's Shop", addr_spec="shop@example.com")
    msg["To"] = Address(args["to_name"], addr_spec=args["to_address"])
    msg["Subject"] = args["subject"]
    msg["Reply-To"] = Address("Help Desk", addr_spec="help@example.com")
    msg["Message-ID"] = args["message_id"]
    msg["List-Unsubscribe"] = args["list_unsubscribe"]
    msg.set_content(args["text"])
    msg.add_alternative(args["html"], subtype="html")
    return email.message_from_bytes(msg.as_bytes(policy=policy.SMTP), policy=policy.default)


def test_round_trip_matches_the_email_package():
    raw, args = ours()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    expected = reference(args)
    for header in ("From", "To", "Subject", "Reply-To", "Message-ID", "List-Unsubscribe"):
        assert str(parsed[header]).strip() == str(expected[header]).strip(), header
    assert parsed["To"].addresses[0].display_name == 'Zoë Müller, "the" boss'
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Date"] is not None and parsed["MIME-Version"] == "1.0"
    assert parsed.get_content_type() == "multipart/alternative"
    ours_parts = [(p.get_content_type(), p.get_content_charset(), p.get_content().replace("\r\n", "\n").rstrip("\n"))
                  for p in parsed.iter_parts()]  # fmt: skip
    ref_parts = [(p.get_content_type(), p.get_content_charset(), p.get_content().replace("\r\n", "\n").rstrip("\n"))
                 for p in expected.iter_parts()]  # fmt: skip
    assert ours_parts == ref_parts
    assert parsed.defects == [] and all(not p.defects for p in parsed.walk())


def test_wire_format_is_crlf_7bit_and_folded():
    raw, _ = ours()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(byte < 128 for byte in raw)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 78, line


@pytest.mark.parametrize(
    "evil",
    [
        "Evil\r\nBcc: victim@example.com",
        "Evil\nBcc: v@x.com",
        "nul\x00here",
        "ls\u2028Bcc: v@x.com",
        "tab\tand\x0bvt",
    ],
)
def test_hostile_values_never_add_a_header(evil: str):
    raw, _ = ours(to_name=evil, subject=evil)
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert "Bcc" not in parsed
    assert b"\x00" not in raw
    names = [k.lower() for k in parsed]
    assert len(names) == len(set(names))
    assert "\n" not in str(parsed["Subject"]) and "\x00" not in str(parsed["Subject"])


def test_an_address_with_angle_brackets_is_refused():
    with pytest.raises(TemplateProblem):
        ours(to_address="a@example.com> , <b@example.com")


def test_no_one_click_without_https_url():
    raw, _ = ours(list_unsubscribe="<mailto:u@example.com?subject=unsubscribe>")
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["List-Unsubscribe-Post"] is None


def test_attachments_make_multipart_mixed():
    raw, _ = ours(attachments=(Attachment("prezzi è.pdf", b"%PDF-1.4 data" * 100),))
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    parts = list(parsed.iter_parts())
    assert parts[0].get_content_type() == "multipart/alternative"
    assert parts[1].get_filename() == "prezzi è.pdf"
    assert parts[1].get_content() == b"%PDF-1.4 data" * 100


def test_message_ids_are_unique_and_well_formed():
    ids = {make_message_id("example.com") for _ in range(1000)}
    assert len(ids) == 1000
    assert all(i.startswith("<") and i.endswith("@example.com>") for i in ids)


def test_message_ids_sort_in_the_order_they_were_made():
    """Expansion appends to the unique Message-ID index instead of writing all over it."""
    made = [make_message_id("example.com") for _ in range(2000)]
    assert made == sorted(made)


NAMES = [
    "",
    "Plain Name",
    'Quote "q" and \\ backslash',
    "Comma, Semicolon; Colon: <angle>",
    "Zoë",
    "😀 Emoji Person",
    "עברית Ltd",
    "Zoë Müller-Lüdenscheidt von Hohenzollern und Söhne, Großhandel für Küchengeräte GmbH",
    "A rather long plain ASCII display name that will not fit on one line at all, really",
]
SUBJECTS = [
    "simple",
    "Ciao Zoë",
    "😀 " * 30,
    "x" * 200,
    "  leading and trailing  ",
    "Ünïcödé " + "word " * 40,
    "tab\there",
    "😀" * 40,  # 4-byte characters back to back: no encoded word may cut one in two
    "e\u0301" * 60,  # combining accents
]
BODIES = [
    "plain ascii\nsecond line\n",
    "From the start\n.dot line\n..two dots\ntrailing spaces   \n\ttab\n",
    "é" * 500 + "\n" + "x" * 1200 + "\n",
    "windows\r\nline ends\r\nand a lone\rCR\n",
    "no final newline",
    "😀 emoji and עברית",
]


def rfc2047_display_name(raw: bytes) -> str:
    """The To display name decoded the RFC 2047 way (whitespace between adjacent encoded
    words ignored), as mail clients do. ``policy.default``'s parser keeps that whitespace,
    so for a long non-ASCII name neither our bytes nor the email package's own decode
    back to the original with it."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    value = email.message_from_string(head + "\r\n\r\n", policy=policy.compat32)["To"]
    unfolded = value.replace("\r\n", "")
    phrase = unfolded.rsplit("<", 1)[0].strip() if "<" in unfolded else ""
    if phrase.startswith('"') and phrase.endswith('"'):
        return email.utils.unquote(phrase)
    return str(make_header(decode_header(phrase)))


@pytest.mark.parametrize("name", NAMES)
def test_display_names_round_trip_like_the_email_package(name: str):
    raw, args = ours(to_name=name)
    parsed = email.message_from_bytes(raw, policy=policy.default)
    expected = reference(args)
    got = parsed["To"].addresses
    want = expected["To"].addresses
    assert len(got) == 1 and got[0].addr_spec == "zoe@example.com"
    assert rfc2047_display_name(raw) == name
    if name.isascii() or len(name) < 30:
        assert got[0].display_name == name
    if want and want[0].display_name == name:  # where the email package round-trips itself
        assert (got[0].display_name, got[0].addr_spec) == (want[0].display_name, want[0].addr_spec)
    assert parsed.defects == [] and parsed["To"].defects == ()
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"))


@pytest.mark.parametrize("subject", SUBJECTS)
def test_subjects_round_trip_like_the_email_package(subject: str):
    raw, args = ours(subject=subject)
    parsed = email.message_from_bytes(raw, policy=policy.default)
    expected = reference({**args, "subject": " ".join(subject.split())})
    assert str(parsed["Subject"]) == str(expected["Subject"]) == " ".join(subject.split())
    for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        # Folded under 78 wherever a space or an encoded word allows (a 200-letter word cannot).
        assert len(line) <= (998 if subject.isascii() else 78), line


@pytest.mark.parametrize("body", BODIES)
def test_bodies_round_trip_like_the_email_package(body: str):
    raw, args = ours(text=body, html="<p>" + body + "</p>")
    parsed = email.message_from_bytes(raw, policy=policy.default)
    expected = reference(args)

    def contents(message: EmailMessage) -> list[tuple[str, str | None, str]]:
        return [(p.get_content_type(), p.get_content_charset(),
                 p.get_content().replace("\r\n", "\n").replace("\r", "\n").rstrip("\n"))
                for p in message.iter_parts()]  # fmt: skip

    assert contents(parsed) == contents(expected)
    assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))


def test_headers_the_engine_relies_on():
    raw, _ = ours()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Date"].datetime.tzinfo is not None
    assert parsed["Message-ID"] == "<abc123@example.com>"
    assert str(parsed["From"]) == "Zoë's Shop <shop@example.com>"
    assert raw.startswith(b"From: ") and b"\r\n\r\n" in raw
    for name in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Reply-To",
                 "List-Unsubscribe", "List-Unsubscribe-Post"):  # fmt: skip
        assert len(parsed.get_all(name)) == 1, name


def test_text_only_message_is_a_single_part():
    raw, _ = ours(html=None, text="Solo testo, Zoë\n")
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "text/plain" and not parsed.is_multipart()
    assert parsed.get_content_charset() == "utf-8"
    assert parsed.get_content().replace("\r\n", "\n") == "Solo testo, Zoë\n"


def test_internationalised_address_survives_for_smtputf8():
    raw, _ = ours(to_address="zoë@exämple.com", to_name="Zoë")
    parsed = email.message_from_string(raw.decode("utf-8"), policy=policy.default)
    assert parsed["To"].addresses[0].addr_spec == "zoë@exämple.com"
    assert parsed["To"].addresses[0].display_name == "Zoë"


def test_from_and_reply_to_come_from_the_header_registry():
    skeleton = build_skeleton(sender='"Zoë, Shop" <shop@example.com>', reply_to="help@example.com")
    msg = EmailMessage()
    msg["From"] = Address("Zoë, Shop", addr_spec="shop@example.com")
    msg["Reply-To"] = Address(addr_spec="help@example.com")
    assert skeleton.from_header == msg["From"].fold(policy=policy.SMTP)
    assert skeleton.reply_to_header == msg["Reply-To"].fold(policy=policy.SMTP)


def test_emoji_sequences_survive_but_bidi_overrides_do_not():
    raw, _ = ours(subject="👩\u200d💻 news \u202eevil")
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "👩\u200d💻 news evil"
