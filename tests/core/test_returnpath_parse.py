"""Returned mail is told apart as the RFCs and the big providers write it (no server)."""

from __future__ import annotations

import pytest

from core.returnpath.parse import ReturnKind, is_hard, read_returned_mail
from core.returnpath.verp import EnvelopeSender, verp_message_ids
from tests.core.returnpath_helpers import (
    AUTO_REPLY_SAMPLES,
    BOUNCE_SAMPLES,
    COMPLAINT_SAMPLES,
    MALFORMED_SAMPLES,
    SAMPLES,
    sample,
)

MID = "<18c2f.000001.9f3e@example.com>"


@pytest.mark.parametrize("name", BOUNCE_SAMPLES)
def test_hard_bounces_name_the_recipient_and_the_original(name: str):
    mail = read_returned_mail(sample(name, message_id=MID, rcpt="ann@example.org"))
    assert mail.kind == ReturnKind.BOUNCE, (mail.detector, mail.note)
    assert [f.recipient for f in mail.failures] == ["ann@example.org"]
    assert all(f.hard for f in mail.failures)
    assert MID in mail.original_ids
    assert mail.failures[0].diagnostic  # what the queue page shows


def test_a_postfix_dsn_keeps_status_and_diagnostic():
    mail = read_returned_mail(sample("postfix_dsn", rcpt="ann@example.org"))
    failure = mail.failures[0]
    assert mail.detector == "dsn"
    assert failure.status == "5.1.1"
    assert "User unknown in virtual mailbox table" in failure.diagnostic
    assert not failure.diagnostic.startswith("smtp;")


def test_non_standard_bounces_are_found_by_the_fallback_scanner():
    exim = read_returned_mail(sample("exim_bounce"))
    yahoo = read_returned_mail(sample("yahoo_bounce"))
    assert (exim.detector, yahoo.detector) == ("flufl", "flufl")
    assert exim.failures[0].status == "5.1.1"
    assert "mailbox is disabled" in yahoo.failures[0].diagnostic


def test_exchange_ndr_status_5_1_10_is_hard():
    mail = read_returned_mail(sample("exchange_ndr"))
    assert mail.failures[0].status == "5.1.10"
    assert "RecipientNotFound" in mail.failures[0].diagnostic


@pytest.mark.parametrize("name", ["postfix_mailbox_full", "gmail_policy_block"])
def test_full_mailboxes_and_policy_refusals_are_soft(name: str):
    mail = read_returned_mail(sample(name))
    assert mail.kind == ReturnKind.SOFT_BOUNCE
    assert not mail.failures[0].hard


@pytest.mark.parametrize(
    ("status", "diagnostic", "hard"),
    [
        ("5.1.1", "", True), ("5.2.1", "", True), ("5.4.4", "", True),
        ("5.2.2", "", False), ("5.7.1", "", False), ("4.2.2", "", False),
        ("5.0.0", "550 user unknown", True), ("5.0.0", "552 mailbox full", False),
        (None, "550 no such user", True), (None, "452 try again later", False),
    ],
)  # fmt: skip
def test_hard_or_soft_by_enhanced_status(status: str | None, diagnostic: str, hard: bool):
    assert is_hard(status, diagnostic) is hard


@pytest.mark.parametrize("name", COMPLAINT_SAMPLES)
def test_arf_complaints(name: str):
    mail = read_returned_mail(sample(name, message_id=MID, rcpt="ann@example.org"))
    assert mail.kind == ReturnKind.COMPLAINT
    assert mail.feedback_type == "abuse"
    assert mail.complained_recipient == "ann@example.org"
    assert MID in mail.original_ids


def test_a_not_spam_report_is_no_complaint():
    raw = sample("arf_yahoo").replace(b"Feedback-Type: abuse", b"Feedback-Type: not-spam")
    assert read_returned_mail(raw).kind == ReturnKind.OTHER


@pytest.mark.parametrize("name", AUTO_REPLY_SAMPLES)
def test_out_of_office_replies_are_auto_replies_even_though_they_quote_the_original(name: str):
    mail = read_returned_mail(sample(name, message_id=MID))
    assert mail.kind == ReturnKind.AUTO_REPLY
    assert MID in mail.original_ids  # it does refer to our message; it must change nothing


def test_an_unsubscribe_request_names_its_sender_and_the_mailto():
    mail = read_returned_mail(sample("unsubscribe", rcpt="ann@example.org", mailto="u@example.com"))
    assert mail.kind == ReturnKind.UNSUBSCRIBE
    assert mail.sender == "ann@example.org"
    assert "u@example.com" in mail.addressed_to


def test_a_human_reply_is_left_alone():
    mail = read_returned_mail(sample("human_reply", message_id=MID))
    assert mail.kind == ReturnKind.OTHER
    assert MID in mail.original_ids


@pytest.mark.parametrize("name", MALFORMED_SAMPLES)
def test_malformed_mail_is_other_never_an_exception(name: str):
    assert read_returned_mail(sample(name)).kind == ReturnKind.OTHER


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00" * 100, b"\xff\xfe" * 500, b"Content-Type: multipart/report\r\n\r\n--\r\n",
     b"From: <\r\n\r\n", bytes(range(256)) * 4],
)  # fmt: skip
def test_garbage_never_raises(raw: bytes):
    assert read_returned_mail(raw).kind == ReturnKind.OTHER


def test_every_sample_is_covered_by_a_test():
    covered = {*BOUNCE_SAMPLES, *COMPLAINT_SAMPLES, *AUTO_REPLY_SAMPLES, *MALFORMED_SAMPLES,
               "postfix_mailbox_full", "gmail_policy_block", "unsubscribe", "human_reply"}  # fmt: skip
    assert {p.stem for p in SAMPLES.glob("*.eml")} == covered


def test_verp_addresses_name_their_message():
    sender = EnvelopeSender("bounces@example.com", verp=True)
    assert sender.for_message(42) == "bounces+42@example.com"
    assert EnvelopeSender("bounces@example.com").for_message(42) == "bounces@example.com"
    assert verp_message_ids(["Bounces+42@Example.com", "news+abc@example.com", "x@y.z"]) == [42]


def test_a_big_returned_newsletter_is_not_read_past_its_headers():
    newsletter = b"<p>" + b"Lorem ipsum dolor sit amet. " * 8000 + b"</p>\n"
    raw = sample("postfix_dsn", message_id=MID).replace(
        b"Hello, here is our December news.", newsletter
    )
    assert len(raw) > 200_000
    for text in (raw, raw.replace(b"\n", b"\r\n")):  # as stored, and as IMAP returns it
        mail = read_returned_mail(text)
        assert mail.kind == ReturnKind.BOUNCE and mail.original_ids == [MID]
        assert mail.failures[0].status == "5.1.1"
