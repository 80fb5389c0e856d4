"""Reply classification exactly as RELIABILITY.md says, plus the provider quirks table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.smtp import classify
from core.smtp.classify import (
    PROVIDER_QUIRKS,
    Outcome,
    Step,
    classify_connection_problem,
    classify_reply,
    enhanced_code,
    install_user_quirks,
    quirks_from_json,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5.1.1 No such user", "5.1.1"), ("  4.7.28 slow", "4.7.28"), ("No code here", None),
     ("", None), ("250 ok", None), ("6.1.1 not a class", None)],
)  # fmt: skip
def test_enhanced_code_is_read_from_the_start_of_the_text(text: str, expected: str | None):
    assert enhanced_code(text) == expected


@pytest.mark.parametrize("step", [Step.MAIL, Step.RCPT, Step.DATA])
@pytest.mark.parametrize("code", [450, 451, 452])
def test_4xx_is_deferred_and_does_not_throttle_without_a_policy_code(step: Step, code: int):
    verdict = classify_reply(step, code, "4.2.0 Greylisted, try later")
    assert verdict.outcome == Outcome.DEFERRED
    assert not verdict.throttle
    assert not verdict.counts_as_failure


@pytest.mark.parametrize(
    ("step", "code", "text"),
    [(Step.GREETING, 421, "Service not available"), (Step.MAIL, 421, "4.3.2 closing"),
     (Step.RCPT, 454, "4.7.1 Relay access denied for now"), (Step.DATA, 451, "4.7.0 rate limit"),
     (Step.DATA, 421, "4.7.28 Our system has detected an unusual rate")],
)  # fmt: skip
def test_421_454_and_4_7_x_throttle_the_profile_and_defer(step: Step, code: int, text: str):
    verdict = classify_reply(step, code, text)
    assert verdict.outcome == Outcome.DEFERRED
    assert verdict.throttle


def test_421_means_the_connection_is_closing():
    assert classify_reply(Step.RCPT, 421, "4.4.2 bye").reconnect


def test_5_1_x_on_rcpt_fails_and_suppresses():
    verdict = classify_reply(Step.RCPT, 550, "5.1.1 <gone@example.com>: no such user")
    assert verdict.outcome == Outcome.FAILED
    assert verdict.suppress and verdict.counts_as_failure


@pytest.mark.parametrize(
    ("step", "code", "text"),
    [(Step.RCPT, 550, "5.7.1 Relaying denied"), (Step.DATA, 554, "5.7.1 Rejected as spam"),
     (Step.RCPT, 553, "mailbox name not allowed")],
)  # fmt: skip
def test_other_5xx_fail_without_suppressing(step: Step, code: int, text: str):
    verdict = classify_reply(step, code, text)
    assert verdict.outcome == Outcome.FAILED
    assert not verdict.suppress
    assert verdict.counts_as_failure


@pytest.mark.parametrize(
    ("step", "code", "text"),
    [(Step.MAIL, 552, "5.3.4 Message size exceeds fixed limit"),
     (Step.DATA, 552, "5.3.4 Message too big"), (Step.DATA, 554, "5.3.4 Message too big")],
)  # fmt: skip
def test_a_message_too_large_for_the_relay_is_held_not_a_failure_of_the_recipient(
    step: Step, code: int, text: str
):
    """RFC 1870: the size is the message's problem, not the address's; no retry helps."""
    verdict = classify_reply(step, code, text)
    assert verdict.outcome == Outcome.HELD
    assert not verdict.suppress and not verdict.counts_as_failure


def test_garbage_after_the_content_is_unknown_before_it_deferred():
    after = classify_connection_problem(Step.DATA, timeout=False, garbled=True)
    assert after.outcome == Outcome.UNKNOWN and "may have arrived" in after.reason
    before = classify_connection_problem(Step.DATA, timeout=False, garbled=True, body_sent=False)
    assert before.outcome == Outcome.DEFERRED and before.reconnect


@pytest.mark.parametrize(
    ("step", "code", "text"),
    [(Step.AUTH, 535, "5.7.8 Authentication credentials invalid"),
     (Step.MAIL, 553, "5.7.1 Sender address rejected"), (Step.MAIL, 550, "5.1.0 bad sender"),
     (Step.GREETING, 554, "5.7.1 go away"), (Step.STARTTLS, 454, "TLS not available")],
)  # fmt: skip
def test_configuration_errors_pause_and_never_fail_the_recipient(step: Step, code: int, text: str):
    verdict = classify_reply(step, code, text)
    assert verdict.outcome == Outcome.PAUSE
    assert not verdict.suppress and not verdict.counts_as_failure


def test_a_5_1_x_on_mail_is_the_sender_not_the_recipient():
    verdict = classify_reply(Step.MAIL, 550, "5.1.8 Bad sender domain")
    assert verdict.outcome == Outcome.PAUSE
    assert not verdict.suppress


def test_2xx_is_sent():
    assert classify_reply(Step.DATA, 250, "2.0.0 queued as 1234").outcome == Outcome.SENT


def test_a_code_outside_smtp_is_a_broken_relay_and_defers():
    verdict = classify_reply(Step.RCPT, 999, "what")
    assert verdict.outcome == Outcome.DEFERRED and verdict.reconnect


@pytest.mark.parametrize("timeout", [True, False])
def test_drop_or_timeout_inside_data_is_unknown(timeout: bool):
    verdict = classify_connection_problem(Step.DATA, timeout=timeout)
    assert verdict.outcome == Outcome.UNKNOWN
    assert verdict.reconnect


@pytest.mark.parametrize("step", [Step.CONNECT, Step.GREETING, Step.EHLO, Step.MAIL, Step.RCPT])
@pytest.mark.parametrize("timeout", [True, False])
def test_drop_or_timeout_before_data_defers(step: Step, timeout: bool):
    verdict = classify_connection_problem(step, timeout=timeout)
    assert verdict.outcome == Outcome.DEFERRED
    assert verdict.reconnect


# --- provider quirks ----------------------------------------------------------------------


def test_mailtrap_too_many_emails_per_second_is_transient_not_a_failure():
    verdict = classify_reply(Step.DATA, 550, "5.7.0 Too many emails per second. Please upgrade")
    assert verdict.outcome == Outcome.DEFERRED
    assert verdict.throttle
    assert not verdict.counts_as_failure


def test_mailtrap_monthly_limit_pauses():
    verdict = classify_reply(Step.AUTH, 535, "5.7.0 Monthly limit exceeded")
    assert verdict.outcome == Outcome.PAUSE
    assert "Mailtrap" in verdict.reason


@pytest.mark.parametrize("step", [Step.MAIL, Step.DATA])
def test_ses_throttling_failure_throttles(step: Step):
    verdict = classify_reply(step, 454, "Throttling failure: Maximum sending rate exceeded.")
    assert verdict.outcome == Outcome.DEFERRED and verdict.throttle
    assert verdict.reason == "SES throttling"


@pytest.mark.parametrize(
    "text",
    ["4.7.28 Our system has detected an unusual rate of unsolicited mail",
     "4.7.0 Try again later, closing connection. (EHLO)"],
)  # fmt: skip
def test_gmail_421_throttles_and_reconnects(text: str):
    verdict = classify_reply(Step.DATA, 421, text)
    assert verdict.outcome == Outcome.DEFERRED
    assert verdict.throttle and verdict.reconnect
    assert verdict.reason.startswith("Gmail")


def test_every_quirk_row_compiles_and_says_why():
    import re

    for quirk in PROVIDER_QUIRKS:
        re.compile(quirk.pattern)
        assert quirk.provider and quirk.verdict.reason


def test_the_table_can_be_extended_from_a_json_file(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(classify, "_user_quirks", ())
    rows = [{"provider": "Acme", "code": 550, "pattern": "slow down please",
             "outcome": "deferred", "throttle": True}]  # fmt: skip
    (tmp_path / "provider_quirks.json").write_text(json.dumps(rows), encoding="utf-8")
    assert classify_reply(Step.DATA, 550, "5.0.0 slow down please").outcome == Outcome.FAILED
    assert install_user_quirks(tmp_path) == 1
    verdict = classify_reply(Step.DATA, 550, "5.0.0 slow down please")
    assert verdict.outcome == Outcome.DEFERRED and verdict.throttle


def test_every_run_installs_the_user_rows_without_changing_the_shipped_table(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(classify, "_user_quirks", ())
    shipped = classify.PROVIDER_QUIRKS
    rows = [{"provider": "Acme", "code": 550, "pattern": "slow", "outcome": "deferred"}]
    (tmp_path / "provider_quirks.json").write_text(json.dumps(rows), encoding="utf-8")
    for _run in range(3):
        assert install_user_quirks(tmp_path) == 1
    assert classify.PROVIDER_QUIRKS is shipped and isinstance(shipped, tuple)
    assert len(classify.active_quirks()) == len(shipped) + 1  # not one more per run
    (tmp_path / "provider_quirks.json").unlink()  # the user removed the file
    assert install_user_quirks(tmp_path) == 0
    assert classify.active_quirks() == shipped


def test_a_broken_quirks_file_is_ignored(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(classify, "_user_quirks", ())
    (tmp_path / "provider_quirks.json").write_text('[{"provider": "x", "pattern": "("}]')
    assert install_user_quirks(tmp_path) == 0
    assert install_user_quirks(tmp_path / "missing") == 0
    with pytest.raises(ValueError):
        quirks_from_json('[{"provider": "x", "pattern": "a", "outcome": "maybe"}]')
