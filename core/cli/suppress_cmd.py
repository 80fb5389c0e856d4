"""`suppress import|list|export|remove`: the suppression list, shared by every campaign."""

from __future__ import annotations

import argparse

from core.cli.output import add_json_flag, emit_json, fail, out, say
from core.suppressions import (
    export_suppressions,
    import_suppressions,
    list_suppressions,
    remove_suppressions,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("suppress", help="the suppression list (never mailed again)")
    actions = p.add_subparsers(dest="suppress_action", metavar="ACTION", required=True)

    i = actions.add_parser("import", help="add the addresses (or @domains) of a CSV file")
    i.add_argument("csv", metavar="CSV")
    i.add_argument("--reason", metavar="TEXT", help="why (default: the file's reason column "
                   "or 'imported from FILE')")  # fmt: skip
    add_json_flag(i)
    i.set_defaults(func=run_import)

    listing = actions.add_parser("list", help="every entry with its reason")
    listing.add_argument(
        "--search", default="", metavar="TEXT", help="only entries containing TEXT"
    )
    add_json_flag(listing)
    listing.set_defaults(func=run_list)

    e = actions.add_parser("export", help="write the list to a CSV file")
    e.add_argument("file", metavar="FILE")
    e.set_defaults(func=run_export)

    r = actions.add_parser("remove", help="take addresses or @domains off the list")
    r.add_argument("emails", nargs="+", metavar="EMAIL")
    add_json_flag(r)
    r.set_defaults(func=run_remove)


def run_import(args: argparse.Namespace) -> int:
    report = import_suppressions(args.csv, reason=args.reason)
    if args.json:
        emit_json(report.as_dict())
        return 0
    out(
        f"{report.imported:,} entries added ({report.domains:,} domains), "
        f"{report.already:,} already on the list, {len(report.invalid):,} invalid."
    )
    for row in report.invalid[:50]:
        say(f"  line {row['row']}: {row['value']!r}: {row['reason']}")
    if len(report.invalid) > 50:
        say(f"  … and {len(report.invalid) - 50} more (use --json for all of them).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    entries = list_suppressions(args.search)
    if args.json:
        emit_json([e.as_dict() for e in entries])
        return 0
    for entry in entries:
        out(f"{entry.email}\t{entry.created_at or ''}\t{entry.reason}")
    say(f"{len(entries):,} entries.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    count = export_suppressions(args.file)
    say(f"Exported {count:,} entries to {args.file}.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    result = remove_suppressions(args.emails)
    if args.json:
        emit_json({"removed": result.removed, "not_found": result.not_found,
                   "reactivated": result.reactivated, "still_blocked": result.still_blocked})  # fmt: skip
    else:
        say(f"{len(result.removed):,} entries removed.")
        if result.reactivated:
            say(f"{result.reactivated:,} bounced contacts are active again.")
    for key, status in result.still_blocked.items():
        say(f"{key} stays {status}: that was the person's own wish (change it on the contact).")
    if result.not_found:
        return fail("Not on the suppression list: " + ", ".join(result.not_found) + ".")
    return 0
