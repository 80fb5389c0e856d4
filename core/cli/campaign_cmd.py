"""`campaign create|test|start|pause|resume|cancel|status` (CLI.md)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime

from core.addresses import InvalidAddress, validate_address
from core.audience.audience import AudienceSpec
from core.audience.schedule import (
    describe_instant,
    local_zone_name,
    parse_duration,
    parse_start_time,
    zone,
)
from core.campaigns import (
    CampaignComposer,
    DraftSettings,
    PreflightFailed,
    campaign_status,
    cancel_campaign,
    envelope_sender,
    find_campaign,
    pause_campaign,
    recipient_snapshot,
    resume_campaign,
    save_draft,
    start_campaign,
)
from core.campaigns.rotation import parse_profile_weight
from core.cli.output import add_json_flag, emit_json, fail, out, say
from core.errors import InvalidValue
from core.mime import make_message_id
from core.models import CampaignStatus, SmtpProfile, iso
from core.returnpath.verp import envelope_sender_for
from core.smtp.transport import send_single


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("campaign", help="create, test, start and follow campaigns")
    actions = p.add_subparsers(dest="campaign_action", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="create a draft campaign")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--list", action="append", default=[], dest="lists", metavar="L",
                        help="a contact list of the audience (repeat for more)")  # fmt: skip
    create.add_argument("--segment", action="append", default=[], dest="segments", metavar="S",
                        help="a segment of the audience (repeat for more)")  # fmt: skip
    create.add_argument("--exclude-list", action="append", default=[], metavar="L",
                        help="leave out the contacts of this list")  # fmt: skip
    create.add_argument("--exclude-segment", action="append", default=[], metavar="S",
                        help="leave out the contacts of this segment")  # fmt: skip
    create.add_argument("--template", required=True, metavar="T")
    create.add_argument(
        "--smtp",
        required=True,
        action="append",
        metavar="S[:WEIGHT]",
        help="the SMTP profile; repeat it to spread the messages over several, by weight "
        "(e.g. --smtp A:3 --smtp B:1); when one is refused or reaches its daily cap, the "
        "others go on",
    )
    create.add_argument("--sender", required=True, metavar='"Name <addr>"')
    create.add_argument("--reply-to", metavar="ADDR")
    create.add_argument(
        "--unsubscribe-url",
        metavar="URL",
        help="per-recipient https URL (Jinja), enables one-click unsubscribe",
    )
    create.add_argument("--unsubscribe-mailto", metavar="ADDR")
    create.add_argument(
        "--attach",
        action="append",
        default=[],
        metavar="FILE_OR_TEMPLATE",
        help="a file for every message, or a per-recipient path: 'invoices/{{ customer_id }}.pdf'",
    )
    create.add_argument("--window", action="append", default=[], dest="windows",
                        metavar='"DAYS HH:MM-HH:MM"',
                        help='send only inside this window, e.g. "mon-fri 09:00-17:30" '
                        "(repeat for more)")  # fmt: skip
    create.add_argument("--tz", metavar="ZONE",
                        help="time zone of the windows (IANA name, default: this computer's)")  # fmt: skip
    create.add_argument("--skip-if-sent-within", metavar="DURATION",
                        help="skip contacts who got any campaign message in this time "
                        "(e.g. 3d, 12h)")  # fmt: skip
    create.add_argument("--replace", action="store_true", help="update a draft of that name")
    add_json_flag(create)
    create.set_defaults(func=run_create)

    test = actions.add_parser("test", help="send one rendered message now")
    test.add_argument("name", metavar="NAME")
    test.add_argument("--to", required=True, metavar="ADDR")
    test.add_argument("--contact", metavar="EMAIL", help="render for this contact")
    add_json_flag(test)
    test.set_defaults(func=run_test)

    start = actions.add_parser("start", help="pre-flight check, then queue every recipient")
    start.add_argument("name", metavar="NAME")
    start.add_argument("--at", metavar="ISO_DATETIME",
                       help="queue now, send from this time (e.g. 2026-03-02 09:00)")  # fmt: skip
    start.add_argument("--tz", metavar="ZONE",
                       help="time zone of --at (default: the campaign's, else this computer's)")  # fmt: skip
    add_json_flag(start)
    start.set_defaults(func=run_start)

    for action, handler, text in (
        ("pause", run_pause, "pause sending"),
        ("resume", run_resume, "resume sending"),
        ("cancel", run_cancel, "cancel every unsent message"),
    ):
        sub = actions.add_parser(action, help=text)
        sub.add_argument("name", metavar="NAME")
        add_json_flag(sub)
        sub.set_defaults(func=handler)

    status = actions.add_parser("status", help="state and counts")
    status.add_argument("name", metavar="NAME")
    add_json_flag(status)
    status.set_defaults(func=run_status)


def run_create(args: argparse.Namespace) -> int:
    audience = AudienceSpec(args.lists, args.segments, args.exclude_list, args.exclude_segment)
    frequency = parse_duration(args.skip_if_sent_within) if args.skip_if_sent_within else 0
    profiles = [parse_profile_weight(text) for text in args.smtp]
    campaign = save_draft(
        args.name,
        DraftSettings(
            list_name=None, template_name=args.template, profile_name=profiles[0][0],
            profiles=profiles if len(profiles) > 1 else [],
            sender=args.sender, reply_to=args.reply_to, unsubscribe_url=args.unsubscribe_url,
            unsubscribe_mailto=args.unsubscribe_mailto, attachments=args.attach,
            audience=audience, windows=args.windows, time_zone=args.tz,
            skip_if_sent_within=frequency,
        ),
        replace=args.replace,
    )  # fmt: skip
    if args.json:
        emit_json({"name": campaign.name, "status": campaign.status, "id": campaign.id,
                   "profiles": [{"name": n, "weight": w} for n, w in profiles]})  # fmt: skip
    else:
        say(f"Draft campaign {campaign.name!r} created.")
    return 0


def run_test(args: argparse.Namespace) -> int:
    try:
        to_address = validate_address(args.to).email
    except InvalidAddress as exc:
        raise InvalidValue(f"--to {args.to!r} is not a valid address: {exc}") from None
    campaign = find_campaign(args.name)
    composer = CampaignComposer.for_campaign(campaign)
    snapshot = recipient_snapshot(campaign, args.contact)
    mail_from = envelope_sender_for(campaign).address
    message_id = make_message_id(envelope_sender(campaign).rpartition("@")[2])
    data = composer.build_test_send(snapshot, to_address=to_address, message_id=message_id)
    profile: SmtpProfile = campaign.smtp_profile
    from core.sandbox import inbox_for_profile  # a test inbox nobody serves: run it now

    inbox = inbox_for_profile(profile)
    try:
        reply = asyncio.run(
            send_single(profile, mail_from=mail_from, rcpt_to=to_address, data=data)
        )
    finally:
        if inbox is not None:
            inbox.stop()
            say(f"Started the built-in test inbox on {inbox.address} for this message.")
    result = {"to": to_address, "message_id": message_id, "code": reply.code,
              "response": reply.message, "contact": snapshot["email"]}  # fmt: skip
    if args.json:
        emit_json(result)
    else:
        out(
            f"Sent to {to_address} (rendered for {snapshot['email']}): {reply.code} {reply.message}"
        )
    return 0


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        sys.stderr.write(f"\rChecking recipients… {done:,}/{total:,}")
        sys.stderr.flush()


def run_start(args: argparse.Namespace) -> int:
    campaign = find_campaign(args.name)
    at = None
    if args.at:
        at = parse_start_time(args.at, args.tz or campaign.time_zone or local_zone_name())
    elif args.tz:
        zone(args.tz)  # a typo is still worth a clear line
    try:
        result = start_campaign(campaign, progress=_progress, at=at)
    except PreflightFailed as failed:
        report = failed.report
        if args.json:
            emit_json({"name": campaign.name, "started": False, **report.as_dict()})
        for problem in report.errors[:20]:
            say(f"  {problem.email}: {problem.message}")
        if report.error_count > 20:
            say(f"  … and {report.error_count - 20} more.")
        return fail(failed.user_text())
    report = result.preflight
    for warning in report.warnings:
        say(f"warning: {warning}")
    scheduled = iso(campaign.scheduled_at)
    if args.json:
        emit_json({"name": campaign.name, "started": True, "status": campaign.status,
                   "scheduled_at": scheduled, "queued": result.queued,
                   "already_queued": result.already_queued, **report.as_dict()})  # fmt: skip
    else:
        skipped = ", ".join(f"{n:,} {_SKIP_WORDS.get(k, k)}" for k, n in report.skipped.items())
        state = "is running"
        if campaign.scheduled_at is not None:
            where = zone(campaign.time_zone or local_zone_name())
            state = f"is scheduled for {describe_instant(campaign.scheduled_at, where)}"
        out(
            f"Campaign {campaign.name!r} {state}: {result.queued:,} messages queued, "
            f"{report.suppressed:,} recipients skipped"
            + (f" ({skipped})" if skipped else "")
            + ". Run `send` (or keep the app open) to deliver them."
        )
    return 0


_SKIP_WORDS = {"excluded": "excluded", "suppressed": "suppressed",
               "frequency_cap": "mailed recently (frequency cap)"}  # fmt: skip


def _lifecycle(args: argparse.Namespace, verb: str) -> int:
    campaign = find_campaign(args.name)
    if verb == "pause":
        pause_campaign(campaign)
    elif verb == "resume":
        resume_campaign(campaign)
    else:
        cancelled = cancel_campaign(campaign)
        say(f"{cancelled:,} unsent messages cancelled.")
    if args.json:
        emit_json(campaign_status(campaign))
    else:
        say(f"Campaign {campaign.name!r} is now {campaign.status}.")
    return 0


def run_pause(args: argparse.Namespace) -> int:
    return _lifecycle(args, "pause")


def run_resume(args: argparse.Namespace) -> int:
    return _lifecycle(args, "resume")


def run_cancel(args: argparse.Namespace) -> int:
    return _lifecycle(args, "cancel")


def run_status(args: argparse.Namespace) -> int:
    status = campaign_status(find_campaign(args.name))
    if args.json:
        emit_json(status)
        return 0
    counts = status["counts"]
    out(f"{status['name']}: {status['status']}, {status['total']:,} messages")
    if status.get("pause_reason"):
        out(f"  paused because: {status['pause_reason']}")
    out("  " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    out(f"  skipped at start: {status['suppressed']:,}" + (
        " (" + ", ".join(f"{n:,} {_SKIP_WORDS.get(k, k)}" for k, n in status["skipped"].items()) + ")"
        if status["skipped"] else ""))  # fmt: skip
    returned = status.get("returned") or {}
    if any(returned.values()):
        out("  came back: " + ", ".join(
            f"{n:,} {k.replace('_', ' ')}" for k, n in returned.items() if n
        ))  # fmt: skip
    where = zone(status["time_zone"] or local_zone_name())
    if status["scheduled_at"] and status["status"] == CampaignStatus.SCHEDULED:
        out(f"  scheduled for {describe_instant(_parse_iso(status['scheduled_at']), where)}")
    outlook = status.get("recipient_windows")
    if status["windows"] and status.get("recipient_zone_field"):
        out(f"  send windows (each recipient's time zone, from their "
            f"{status['recipient_zone_field']!r}; {where} without one): "
            + "; ".join(status["windows"]))  # fmt: skip
        if outlook and outlook["open_now"]:
            out(f"  {outlook['open_now']:,} recipient(s) inside their window now")
        if outlook and outlook["waiting"] and outlook["first_opening"]:
            first = describe_instant(_parse_iso(outlook["first_opening"]),
                                     zone(outlook["first_zone"]))  # fmt: skip
            their = f" at {outlook['local_start']} their time" if outlook["local_start"] else ""
            out(f"  next window opens for {outlook['waiting']:,} recipient(s){their}, "
                f"the first {first} ({outlook['first_zone']})")  # fmt: skip
    elif status["windows"]:
        out(f"  send windows ({where}): " + "; ".join(status["windows"]))
        if not status["window_open"] and status["next_window_at"]:
            out(
                f"  next window opens {describe_instant(_parse_iso(status['next_window_at']), where)}"
            )
    return 0


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
