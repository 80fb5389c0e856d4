"""`segment add|list|count|show|remove` (CLI.md "Audiences and timing")."""

from __future__ import annotations

import argparse

from core.audience.segments import (
    count_segment,
    delete_segment,
    find_segment,
    matching_ids,
    rule_of,
    save_segment,
    segment_summaries,
)
from core.cli.output import add_json_flag, emit_json, out, say
from core.contacts import contact_rows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("segment", help="saved filters over all contacts")
    actions = p.add_subparsers(dest="segment_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="save a segment")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--where", action="append", required=True, metavar='"FIELD OP VALUE"',
                     help="a condition, e.g. \"city = Milano\" (repeat for more); FIELD is email, "
                     "domain, name, status, list or an imported column; OP is = != contains "
                     "starts-with ends-with in empty not-empty > < >= <=")  # fmt: skip
    add.add_argument("--any", action="store_true", help="any condition may hold (default: all)")
    add.add_argument("--replace", action="store_true", help="change the segment of that name")
    add_json_flag(add)
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="list segments")
    add_json_flag(listing)
    listing.set_defaults(func=run_list)

    count = actions.add_parser("count", help="how many contacts match")
    count.add_argument("name", metavar="NAME")
    add_json_flag(count)
    count.set_defaults(func=run_count)

    show = actions.add_parser("show", help="the first matching contacts")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--limit", type=int, default=20, metavar="N")
    add_json_flag(show)
    show.set_defaults(func=run_show)

    remove = actions.add_parser("remove", help="delete a segment")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)


def run_add(args: argparse.Namespace) -> int:
    segment = save_segment(args.name, args.where, match_any=args.any, replace=args.replace)
    rule = rule_of(segment)
    if args.json:
        emit_json({"name": segment.name, "match": "any" if rule.match_any else "all",
                   "where": rule.texts()})  # fmt: skip
    else:
        joiner = " or " if rule.match_any else " and "
        say(f"Segment {segment.name!r} saved: {joiner.join(rule.texts())}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = segment_summaries()
    if args.json:
        emit_json(rows)
    else:
        for row in rows:
            joiner = " or " if row["match"] == "any" else " and "
            out(f"{row['name']}\t{joiner.join(row['where'])}")
    return 0


def run_count(args: argparse.Namespace) -> int:
    count = count_segment(args.name)
    if args.json:
        emit_json({"name": args.name, "count": count})
    else:
        out(f"{count:,}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    ids = matching_ids(rule_of(find_segment(args.name)), limit=max(0, args.limit))
    rows = contact_rows(ids)
    contacts = [rows[i].as_dict() for i in ids if i in rows]
    if args.json:
        emit_json(contacts)
    else:
        for c in contacts:
            out(f"{c['email']}\t{c['name'] or ''}\t{c['status']}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    delete_segment(args.name)
    say(f"Segment {args.name!r} deleted.")
    return 0
