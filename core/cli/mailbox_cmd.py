"""`mailbox set|check|test|list|remove|options`: the return path's IMAP mailboxes (CLI.md)."""

from __future__ import annotations

import argparse
import os
import sys

from core.cli.output import add_json_flag, emit_json, fail, out, say
from core.errors import InvalidValue, SecretUnavailable
from core.models import Security
from core.profiles import find_profile, is_loopback
from core.returnpath.check import check_mailboxes
from core.returnpath.imap import probe_mailbox
from core.returnpath.mailboxes import (
    MailboxSettings,
    ReturnPathOptions,
    account_for,
    describe,
    find_mailbox,
    list_mailboxes,
    load_options,
    remove_mailbox,
    save_mailbox,
    save_options,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "mailbox", help="the IMAP mailboxes where bounces, complaints and unsubscribes arrive"
    )
    actions = p.add_subparsers(dest="mailbox_action", metavar="ACTION", required=True)

    s = actions.add_parser("set", help="set the mailbox of an SMTP profile")
    s.add_argument("profile", metavar="PROFILE")
    s.add_argument("--host", required=True, metavar="H")
    s.add_argument("--port", required=True, type=int, metavar="P")
    s.add_argument("--security", choices=Security.ALL, default=None,
                   help="tls (default; port 993), starttls (port 143) or none (a server on "
                   "this computer only)")  # fmt: skip
    s.add_argument("--username", metavar="U", help="default: the SMTP profile's username")
    s.add_argument("--password-env", metavar="VAR",
                   help="read the password from this environment variable (kept in the "
                   "keyring)")  # fmt: skip
    s.add_argument("--folder", default="INBOX", metavar="FOLDER", help="default INBOX")
    s.add_argument("--move-to", metavar="FOLDER",
                   help="move handled mail to this folder (created if missing) instead of "
                   "only flagging it")  # fmt: skip
    s.add_argument("--delete-handled", action="store_true",
                   help="delete handled mail (never done unless you ask)")  # fmt: skip
    s.add_argument("--ca-file", metavar="PEM", help="trust this certificate authority")
    s.add_argument("--return-path", metavar="ADDR",
                   help="envelope sender (MAIL FROM) for this profile's campaigns, where "
                   "bounces go (default: the campaign's From address)")  # fmt: skip
    s.add_argument("--verp", action=argparse.BooleanOptionalAction, default=False,
                   help="give each message its own return path local+<id>@domain")  # fmt: skip
    s.add_argument("--no-test", action="store_true",
                   help="save without logging in to check the settings")  # fmt: skip
    add_json_flag(s)
    s.set_defaults(func=run_set)

    c = actions.add_parser("check", help="read new mail once and apply it")
    c.add_argument("--profile", metavar="NAME", help="only this profile's mailbox")
    add_json_flag(c)
    c.set_defaults(func=run_check)

    t = actions.add_parser("test", help="log in and open the folder")
    t.add_argument("profile", metavar="PROFILE")
    add_json_flag(t)
    t.set_defaults(func=run_test)

    listing = actions.add_parser("list", help="the mailboxes set")
    add_json_flag(listing)
    listing.set_defaults(func=run_list)

    r = actions.add_parser("remove", help="forget a profile's mailbox (the mail stays)")
    r.add_argument("profile", metavar="PROFILE")
    r.set_defaults(func=run_remove)

    o = actions.add_parser("options", help="soft-bounce limit and window, how often send checks")
    d = ReturnPathOptions()
    o.add_argument("--soft-bounce-limit", type=int, metavar="N",
                   help=f"suppress an address after N soft bounces (default {d.soft_bounce_limit})")  # fmt: skip
    o.add_argument("--soft-bounce-days", type=float, metavar="DAYS",
                   help="soft bounces count only when they came back in the last DAYS, and "
                   f"only until a later message gets through (default {d.soft_bounce_days:g})")  # fmt: skip
    o.add_argument("--check-every", type=float, metavar="MINUTES",
                   help=f"how often send checks the mailboxes (default {d.check_every_minutes:g})")  # fmt: skip
    add_json_flag(o)
    o.set_defaults(func=run_options)


def _password(var: str | None) -> str | None:
    if not var:
        return None
    password = os.environ.get(var)
    if not password:
        raise InvalidValue(
            f"The environment variable {var} is empty or not set.",
            hint=f"export {var}=… before running this command.",
        )
    return password


def run_set(args: argparse.Namespace) -> int:
    profile = find_profile(args.profile)
    security = args.security or (
        Security.NONE if is_loopback(args.host) and args.port not in (993, 143)
        else Security.STARTTLS if args.port == 143
        else Security.TLS
    )  # fmt: skip
    settings = MailboxSettings(
        host=args.host, port=args.port, security=security, username=args.username,
        password_env=args.password_env, folder=args.folder, move_to=args.move_to,
        delete_handled=args.delete_handled, ca_file=args.ca_file,
        return_path=args.return_path, verp=args.verp,
    )  # fmt: skip
    settings.validate()
    password = _password(args.password_env)
    tested = None
    if not args.no_test:
        from core.models import Mailbox

        draft = Mailbox(profile=profile, **{
            k: getattr(settings, k) for k in (
                "host", "port", "security", "username", "password_env", "folder", "ca_file")
        })  # fmt: skip
        try:
            account = account_for(draft, password=password)
        except SecretUnavailable:
            account = None
            say("No password is available yet, so the connection was not tested.")
        if account is not None:
            tested = probe_mailbox(account)
    mailbox, stored = save_mailbox(profile.name, settings, password=password)
    if password and not stored:
        say(
            "No secure keyring is available, so the password was not stored: "
            f"headless runs read it from {args.password_env} each time."
        )
    if args.json:
        emit_json({**describe(mailbox), "password_in_keyring": stored, "test": tested})
    else:
        where = f"{mailbox.host}:{mailbox.port}, {mailbox.security}, folder {mailbox.folder}"
        say(f"Mailbox of {profile.name!r} saved ({where}).")
        if tested is not None:
            say(f"Logged in: {tested['messages']:,} messages in {tested['folder']}.")
    return 0


def _progress(profile: str, done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        sys.stderr.write(f"\r{profile}: {done:,}/{total:,} new mails read")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_check(args: argparse.Namespace) -> int:
    report = check_mailboxes(profile_name=args.profile, progress=_progress)
    counts = report.counts
    if args.json:
        emit_json(report.as_dict())
    else:
        out(
            f"{counts.checked:,} new mails: {counts.bounces:,} bounces, "
            f"{counts.soft_bounces:,} soft bounces, {counts.complaints:,} complaints, "
            f"{counts.unsubscribes:,} unsubscribes, {counts.auto_replies:,} auto-replies, "
            f"{counts.unmatched:,} unmatched (left alone)."
        )
        if counts.suppressed:
            out(f"{counts.suppressed:,} addresses added to the suppression list.")
    for profile, error in report.errors.items():
        fail(f"mailbox of {profile!r}: {error}")
    return 1 if report.errors else 0


def run_test(args: argparse.Namespace) -> int:
    mailbox = find_mailbox(args.profile)
    result = probe_mailbox(account_for(mailbox))
    if args.json:
        emit_json({"profile": args.profile, "ok": True, **result})
    else:
        out(f"Logged in to {mailbox.host}: {result['messages']:,} messages in {result['folder']}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = list_mailboxes()
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        extra = f"  return path {r['return_path']}" if r["return_path"] else ""
        extra += " (VERP)" if r["verp"] else ""
        checked = r["last_checked_at"] or "never checked"
        out(
            f"{r['profile']}\t{r['username']}@{r['host']}:{r['port']}/{r['folder']}\t{checked}{extra}"
        )
        if r["last_error"]:
            out(f"\tlast check failed: {r['last_error']}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    remove_mailbox(args.profile)
    say(f"The mailbox of {args.profile!r} is forgotten (its mail is untouched).")
    return 0


def run_options(args: argparse.Namespace) -> int:
    options = load_options()
    if args.soft_bounce_limit is not None:
        options.soft_bounce_limit = args.soft_bounce_limit
    if args.soft_bounce_days is not None:
        options.soft_bounce_days = args.soft_bounce_days
    if args.check_every is not None:
        options.check_every_minutes = args.check_every
    if (args.soft_bounce_limit, args.soft_bounce_days, args.check_every) != (None, None, None):
        save_options(options)
    if args.json:
        emit_json({"soft_bounce_limit": options.soft_bounce_limit,
                   "soft_bounce_days": options.soft_bounce_days,
                   "check_every_minutes": options.check_every_minutes})  # fmt: skip
    else:
        out(
            f"Suppress after {options.soft_bounce_limit} soft bounces in a row (in the last "
            f"{options.soft_bounce_days:g} days, nothing delivered since); send checks "
            f"the mailboxes every {options.check_every_minutes:g} minutes."
        )
    return 0
