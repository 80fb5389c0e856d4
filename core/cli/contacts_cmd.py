"""`import` and `contacts [export]` commands."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from core.cli.output import add_json_flag, emit_json, out, say
from core.contacts import export_contacts, iter_contacts
from core.errors import InvalidValue
from core.importer import ImportProgress, import_contacts


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("import", help="import contacts from a CSV file into a list")
    p.add_argument("csv", metavar="CSV", help="the CSV file")
    p.add_argument("--list", required=True, dest="list_name", metavar="NAME",
                   help="the contact list (created if new)")  # fmt: skip
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="map a column to email, name, another field name, or - to skip it",
    )
    p.add_argument("--encoding", metavar="ENC", help="file encoding (detected if not given)")
    p.add_argument("--delimiter", metavar="CHAR", help="field delimiter (detected if not given)")
    p.add_argument("--check-dns", action="store_true", help="also check that domains take mail")
    add_json_flag(p)
    p.set_defaults(func=run_import)

    c = subparsers.add_parser("contacts", help="list or export contacts")
    c.add_argument("--list", dest="list_name", metavar="NAME", help="only this list")
    add_json_flag(c)
    c.set_defaults(func=run_contacts)
    actions = c.add_subparsers(dest="contacts_action", metavar="ACTION")
    e = actions.add_parser("export", help="write contacts to a CSV file")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--list", dest="export_list", metavar="NAME", help="only this list")
    e.set_defaults(func=run_export)


def _parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise InvalidValue(
                f"--map {pair!r} is not COLUMN=FIELD.", hint="For example --map 'E-Mail=email'."
            )
        mapping[column.strip()] = target.strip()
    return mapping


def _progress_printer() -> Any:
    if not sys.stderr.isatty():
        return None

    def show(p: ImportProgress) -> None:
        share = p.bytes_read / p.total_bytes if p.total_bytes else 1.0
        sys.stderr.write(f"\rImporting… {p.rows:,} rows ({share:.0%})")
        sys.stderr.flush()

    return show


def run_import(args: argparse.Namespace) -> int:
    report = import_contacts(
        args.csv,
        args.list_name,
        mapping=_parse_mapping(args.map),
        encoding=args.encoding,
        delimiter=args.delimiter,
        check_dns=args.check_dns,
        progress=_progress_printer(),
    )
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        emit_json(report.as_dict())
        return 0
    delimiter = {"\t": "tab"}.get(report.delimiter, report.delimiter)
    out(
        f"List {report.list_name!r}: {report.imported} imported, {report.updated} updated, "
        f"{report.duplicates} duplicates, {report.invalid_count} invalid "
        f"(encoding {report.encoding}, delimiter {delimiter!r})."
    )
    for row in report.invalid[:50]:
        say(f"  line {row.row}: {row.value!r}: {row.reason}")
    if report.invalid_count > 50:
        say(f"  … and {report.invalid_count - 50} more (use --json for all of them).")
    return 0


def run_contacts(args: argparse.Namespace) -> int:
    rows = iter_contacts(args.list_name)
    if args.json:
        emit_json([r.as_dict() for r in rows])
        return 0
    count = 0
    for r in rows:
        status = r.as_dict()["status"]
        out(f"{r.email}\t{r.name or ''}\t{status}")
        count += 1
    say(f"{count} contacts.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    count = export_contacts(args.file, args.export_list or args.list_name)
    say(f"Exported {count} contacts to {args.file}.")
    return 0
