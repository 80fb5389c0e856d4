"""The fast composer's bytes parse to the same headers and parts as the email package's own."""

from __future__ import annotations

import email
from email import policy
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
