"""RELIABILITY.md's fault matrix, row by row, and the tests that cover each row.

Every row is covered by at least one test against a real server on 127.0.0.1 (aiosmtpd,
the fault servers of ``tests/smtp_servers.py``, Debian's Postfix, Dovecot, PostgreSQL)
or a real file, process or keyring backend; ``MATRIX`` below names them, and the test in
this module fails when one of them is renamed or removed without the table following.

| fault | expected | covered by |
|---|---|---|
| connection refused; greeting never comes | deferred; profile backs off | test_worker_faults: connection_refused…, greeting_that_never_comes…; test_transport |
| 421 at greeting, MAIL or RCPT | deferred; throttled; reconnect later | test_worker_faults: 421_defers_throttles… (each step) |
| 554 greeting; 553 on MAIL; 535 on AUTH | campaign paused; recipients untouched | test_worker_faults: configuration_errors_pause… (each reply) |
| 550 5.1.1 on RCPT | failed; address suppressed | test_worker_faults: 550_511…; test_classify |
| 450 / 451 / 452 on RCPT | deferred; delivered later | test_worker_faults: greylisting… (each code) |
| 451 4.7.x or 421 4.7.28 after the dot | deferred; throttled | test_worker_faults: rate_replies_after_the_dot… |
| 554 5.7.1 after the dot, N times | failed; paused after N | test_worker_faults: permanent_failures_in_a_row…; test_paused_by |
| drop or stall after the dot | unknown; never resent | test_worker_faults: drop_or_stall_after_the_dot…; test_transport |
| drop at MAIL or RCPT | deferred | test_worker_faults: drop_at_mail_or_rcpt…; test_transport_wire (pipelined) |
| garbage, overlong, non-UTF-8 before DATA | reconnect; deferred | test_worker_faults, test_worker_wire, test_transport(_wire) |
| garbage or no code after the dot | unknown; never resent | test_worker_wire: garbage_after_the_final_dot…; test_transport_wire |
| STARTTLS stripped; self-signed | refuse; paused; no plaintext AUTH | test_worker_wire, test_security, test_transport |
| kill -9 while sending | nothing lost; in-flight → unknown | test_crash_safety: kill_9_at_several_points…; test_worker_faults: relay_killed… |
| CR/LF/NUL/U+2028 in CSV; ``{{''.__class__}}`` | no extra header; sandbox refuses | test_importer, test_campaigns, test_mime, test_rendering |
| CSV export of ``=cmd@example.com`` | cell neutralised | test_cli_contacts, test_suppressions, gui/test_queue_page |
| no keyring backend | no plaintext password anywhere | test_security, test_secrets |
| same database by another path | second sender refused | test_sender_lock (symlink, relative, hard link) |
| disk full while importing or sending | one line; nothing lost; goes on | test_disk_full (import, start, send) |
| wrong password | one failed login per profile; paused | test_worker_wire, test_transport_wire |
| message above the relay's SIZE | SIZE= declared; held before upload | test_worker_wire, test_transport_wire, test_postfix |
| later DSN, complaint, unsubscribe | applied once, whatever the checks | test_returnpath_mailbox, test_cli_returnpath |
| PostgreSQL sender killed or cut off | lease expires; only its rows unknown | test_team_senders, test_team_queue |
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WF = "tests/core/test_worker_faults.py"
WW = "tests/core/test_worker_wire.py"
TR = "tests/core/test_transport.py"
TW = "tests/core/test_transport_wire.py"

MATRIX: dict[str, list[str]] = {
    "connection refused; greeting never comes": [
        f"{WF}::test_connection_refused_defers_and_backs_off",
        f"{WF}::test_greeting_that_never_comes_defers",
        f"{TR}::test_connection_refused_is_relay_unreachable",
        f"{TR}::test_a_greeting_that_never_comes_times_out_at_the_connect_timeout",
    ],
    "421 at greeting, MAIL or RCPT": [f"{WF}::test_421_defers_throttles_and_reconnects_later"],
    "554 greeting; 553 on MAIL; 535 on AUTH": [
        f"{WF}::test_configuration_errors_pause_the_campaign_and_leave_recipients_untouched",
    ],
    "550 5.1.1 on RCPT": [
        f"{WF}::test_550_511_fails_and_suppresses_the_address",
        "tests/core/test_classify.py::test_5_1_x_on_rcpt_fails_and_suppresses",
    ],
    "450 / 451 / 452 on RCPT (greylisting)": [f"{WF}::test_greylisting_defers_then_delivers"],
    "451 4.7.x or 421 4.7.28 after the final dot": [
        f"{WF}::test_rate_replies_after_the_dot_defer_and_throttle",
    ],
    "554 5.7.1 after the final dot, N times in a row": [
        f"{WF}::test_permanent_failures_in_a_row_pause_the_campaign",
        "tests/core/test_paused_by.py::test_the_user_the_relay_and_failures_in_a_row_are_told_apart",
    ],
    "drop or stall after the final dot": [
        f"{WF}::test_drop_or_stall_after_the_dot_is_unknown_and_never_resent",
        f"{TR}::test_a_stall_after_the_final_dot_times_out_as_unknown",
        f"{TW}::test_a_drop_after_the_dot_with_the_next_envelope_ahead",
    ],
    "drop at MAIL or RCPT": [
        f"{WF}::test_drop_at_mail_or_rcpt_defers",
        f"{TW}::test_a_drop_at_mail_or_rcpt_defers",
    ],
    "garbage, overlong or non-UTF-8 reply before DATA": [
        f"{WF}::test_garbage_replies_reconnect_and_defer",
        f"{WW}::test_garbage_before_the_content_reconnects_and_defers",
        f"{TR}::test_overlong_or_garbage_replies_defer_and_reconnect",
        f"{TW}::test_garbage_before_the_content_defers_and_reconnects",
    ],
    "garbage or no reply code after the final dot": [
        f"{WW}::test_garbage_after_the_final_dot_is_unknown_and_never_resent",
        f"{TW}::test_garbage_after_the_final_dot_is_unknown",
        "tests/core/test_classify.py::test_garbage_after_the_content_is_unknown_before_it_deferred",
    ],
    "STARTTLS stripped; self-signed certificate": [
        f"{WW}::test_stripped_starttls_pauses_and_nothing_goes_in_plaintext",
        f"{WW}::test_a_self_signed_certificate_pauses_with_what_to_do",
        "tests/core/test_security.py::test_stripped_starttls_pauses_and_never_sends_auth",
        "tests/core/test_security.py::test_self_signed_certificate_is_refused",
        f"{TR}::test_stripped_starttls_is_refused_and_nothing_goes_in_plaintext",
    ],
    "kill -9 at any point while sending": [
        "tests/core/test_crash_safety.py::test_kill_9_at_several_points_loses_nothing",
        f"{WF}::test_relay_killed_and_restarted_mid_campaign_loses_nothing_and_sends_once",
    ],
    "CSV with CR/LF/NUL/U+2028 in fields; template {{''.__class__}}": [
        "tests/core/test_importer.py::test_control_characters_never_survive",
        "tests/core/test_campaigns.py::test_hostile_contact_values_stay_inside_their_header",
        "tests/core/test_mime.py::test_hostile_values_never_add_a_header",
        "tests/core/test_rendering.py::test_sandbox_and_caps_refuse_hostile_templates",
    ],
    "CSV export of =cmd@example.com": [
        "tests/core/test_cli_contacts.py::test_export_neutralises_formula_cells",
        "tests/core/test_suppressions.py::test_export_neutralises_formulas_and_reimports_the_same_list",
        "tests/gui/test_queue_page.py::test_export_failed_writes_the_chosen_file_with_neutralised_cells",
    ],
    "no keyring backend": [
        "tests/core/test_security.py::test_no_keyring_means_no_plaintext_password_anywhere",
        "tests/core/test_secrets.py::test_without_a_keyring_the_password_lives_only_in_this_process",
    ],
    "the same database reached by another path (symlink, relative path, hard link)": [
        "tests/core/test_sender_lock.py::test_the_same_file_by_another_name_is_refused",
        "tests/core/test_sender_lock.py::test_a_second_sender_through_another_name_leaves_the_first_alone",
    ],
    "disk full while importing or sending": [
        "tests/core/test_disk_full.py::test_import_on_a_full_disk_says_so_and_completes_once_there_is_room",
        "tests/core/test_disk_full.py::test_start_on_a_full_disk_says_so_and_starts_once_there_is_room",
        "tests/core/test_disk_full.py::test_send_on_a_full_disk_waits_saying_so_and_goes_on_once_there_is_room",
    ],
    "wrong password": [
        f"{WW}::test_a_wrong_password_is_one_failed_login_per_profile_then_paused",
        f"{WW}::test_a_login_refused_mid_run_is_not_retried_by_the_other_connections",
        f"{TW}::test_a_wrong_password_costs_one_login_attempt_not_one_per_mechanism",
    ],
    "message larger than the relay's advertised SIZE": [
        f"{WW}::test_a_message_above_the_relays_size_is_held_with_the_reason_the_rest_go_out",
        f"{TW}::test_size_is_declared_on_mail_from",
        f"{TW}::test_a_message_above_the_relays_size_is_held_before_anything_is_uploaded",
        "tests/core/test_postfix.py::test_a_message_above_postfixs_size_limit_is_held_before_upload",
    ],
    "a later DSN, complaint or unsubscribe request in the mailbox": [
        "tests/core/test_returnpath_mailbox.py::test_bounces_complaints_and_unsubscribes_are_applied_once",
        "tests/core/test_returnpath_mailbox.py::test_two_checks_at_once_count_each_mail_once",
        "tests/core/test_cli_returnpath.py::test_a_campaign_through_postfix_that_bounces_later",
    ],
    "a sender on PostgreSQL killed, or its machine cut off": [
        "tests/core/test_team_senders.py::test_two_senders_share_the_profiles_and_survive_kills",
        "tests/core/test_team_queue.py::test_a_cut_off_sender_stops_before_its_lease_can_be_taken",
        "tests/core/test_team_queue.py::test_one_sender_at_a_time_holds_a_profile_until_its_lease_expires",
    ],
}


@cache
def _tests_in(path: str) -> frozenset[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    )


def test_every_row_of_the_fault_matrix_is_covered_by_tests_that_exist():
    assert len(MATRIX) == 22  # the rows of RELIABILITY.md's fault matrix, the new ones included
    missing = [
        (row, ref)
        for row, refs in MATRIX.items()
        for ref in refs
        if ref.partition("::")[2] not in _tests_in(ref.partition("::")[0])
    ]
    assert not missing, missing
    assert all(MATRIX.values())
