"""`template add` (and `template list`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.cli.output import add_json_flag, emit_json, out, say
from core.errors import BadInputFile
from core.models import Template
from core.templates import save_template


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("template", help="manage templates")
    actions = p.add_subparsers(dest="template_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="store a template (Jinja: subject, HTML or Markdown body, text)"
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--subject", required=True, metavar="TEXT")
    body = add.add_mutually_exclusive_group(required=True)
    body.add_argument("--html", metavar="FILE", help="the HTML body")
    body.add_argument(
        "--markdown", metavar="FILE", help="a Markdown body, sent in an email-safe layout"
    )
    add.add_argument("--text", metavar="FILE", help="the plain-text body (derived if omitted)")
    add.add_argument(
        "--css", metavar="FILE", help="CSS inlined into style attributes with <style> blocks"
    )
    add.add_argument("--replace", action="store_true", help="overwrite a template of that name")
    add_json_flag(add)
    add.set_defaults(func=run_add)
    listing = actions.add_parser("list", help="list templates")
    add_json_flag(listing)
    listing.set_defaults(func=run_list)


def read_file(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInputFile(f"The {what} file {path} does not exist.") from None
    except UnicodeDecodeError:
        raise BadInputFile(
            f"The {what} file {path} is not UTF-8 text.", hint="Save it as UTF-8."
        ) from None
    except OSError as exc:
        raise BadInputFile(f"Cannot read the {what} file {path}: {exc.strerror}.") from None


def run_add(args: argparse.Namespace) -> int:
    body_path = args.markdown or args.html
    body = read_file(body_path, "Markdown" if args.markdown else "HTML")
    text = read_file(args.text, "text") if args.text else None
    css = read_file(args.css, "CSS") if args.css else None
    # Images given by a relative path (<img src="logo.png">) are read from the body's folder.
    base_dir = str(Path(body_path).resolve().parent)
    template = save_template(
        args.name, subject=args.subject, text=text, replace=args.replace, css=css,
        base_dir=base_dir, **({"markdown": body} if args.markdown else {"html": body}),
    )  # fmt: skip
    from core.content.body import body_of

    for warning in body_of(template).warnings:
        say(f"warning: {warning}")
    if args.json:
        emit_json({"name": template.name, "id": template.id, "format": template.body_format})
    else:
        say(f"Template {template.name!r} saved.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = [
        {"name": t.name, "subject": t.subject, "format": t.body_format}
        for t in Template.select().order_by(Template.name)
    ]
    if args.json:
        emit_json(rows)
    else:
        for row in rows:
            out(f"{row['name']}\t{row['subject']}")
    return 0
