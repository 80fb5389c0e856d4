"""`smtp add` and `smtp list`: SMTP profiles (passwords go to the keyring, never the database)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from core.audience.warmup import allowance, parse_warmup
from core.cli.output import add_json_flag, emit_json, out, say
from core.errors import InvalidValue
from core.models import Security, SmtpProfile
from core.profiles import PRESETS, ProfileSettings, preset, save_profile, security_for_port
from core.secrets import store_password


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("smtp", help="manage SMTP profiles")
    actions = p.add_subparsers(dest="smtp_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="store an SMTP profile")
    d = ProfileSettings(host="", port=587)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--preset", choices=[p.key for p in PRESETS], metavar="KEY",
                     help="start from the window's preset (" + ", ".join(
                         f"{p.key}: {p.label}" for p in PRESETS) + "); flags given "
                     "override it")  # fmt: skip
    add.add_argument("--host", metavar="H", help="required unless the preset names one")
    add.add_argument("--port", type=int, metavar="P", help="required unless the preset gives one")
    add.add_argument("--security", choices=Security.ALL, default=None,
                     help="none (local relays only), starttls or tls (default: starttls, "
                     "tls on port 465, none for a relay on this computer)")  # fmt: skip
    add.add_argument("--username", metavar="U")
    add.add_argument("--password-env", metavar="VAR",
                     help="read the password from this environment variable")  # fmt: skip
    add.add_argument("--allow-insecure-auth", action="store_true",
                     help="allow sending the password without TLS (not recommended)")  # fmt: skip
    add.add_argument("--ca-file", metavar="PEM",
                     help="also trust this certificate authority (PEM file) for this relay, "
                     "e.g. a company's private CA")  # fmt: skip
    add.add_argument("--rate", type=float, metavar="PER_SECOND",
                     help=f"messages per second, 0 = no limit (default {d.rate:g})")  # fmt: skip
    for flag, field_name in _TUNABLE_FLAGS.items():
        default = getattr(d, field_name)
        add.add_argument(flag, type=type(default), dest=field_name, metavar="N",
                         help=_FLAG_HELP.get(flag, "") + f" (default {default})")  # fmt: skip
    add.add_argument("--warmup", default="", metavar="N,N,N…",
                     help="daily caps for the first days of sending, then --daily-cap "
                     "(e.g. 50,100,250,500)")  # fmt: skip
    add.add_argument("--replace", action="store_true", help="overwrite a profile of that name")
    add_json_flag(add)
    add.set_defaults(func=run_add)
    listing = actions.add_parser("list", help="list SMTP profiles")
    add_json_flag(listing)
    listing.set_defaults(func=run_list)


_TUNABLE_FLAGS = {
    "--burst": "burst", "--max-connections": "max_connections",
    "--per-connection": "per_connection", "--daily-cap": "daily_cap",
    "--retry-base": "retry_base", "--retry-max": "retry_max",
    "--max-attempts": "max_attempts", "--lifetime": "lifetime",
    "--max-failures": "max_consecutive_failures",
}  # fmt: skip
_FLAG_HELP = {"--max-failures": "pause the campaign after N permanent failures in a row"}


def settings_from_args(args: argparse.Namespace) -> ProfileSettings:
    """The profile's settings: the defaults, then the preset (the same table the window's
    profile dialog uses), then every flag given."""
    values: dict[str, Any] = {}
    if args.preset:
        values.update(preset(args.preset).values)
    for name in ("host", "port", "security", "rate", *_TUNABLE_FLAGS.values()):
        given = getattr(args, name)
        if given is not None:
            values[name] = given
    if not values.get("host") or not values.get("port"):
        raise InvalidValue(
            "Say where the relay is.", hint="Give --host and --port, or a --preset that has them."
        )
    values.setdefault("security", security_for_port(values["port"], values["host"]))
    # A relay of yours, even on this computer: never swapped for the test inbox.
    values["is_sandbox"] = False
    values.update(username=args.username, password_env=args.password_env,
                  allow_insecure_auth=args.allow_insecure_auth, ca_file=args.ca_file,
                  warmup=parse_warmup(args.warmup))  # fmt: skip
    return ProfileSettings(**values)


def run_add(args: argparse.Namespace) -> int:
    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            raise InvalidValue(
                f"The environment variable {args.password_env} is empty or not set.",
                hint=f"export {args.password_env}=… before running this command.",
            )
    settings = settings_from_args(args)
    security = settings.security
    profile = save_profile(args.name, settings, replace=args.replace)
    stored = store_password(profile.name, password) if password else False
    if password and not stored:
        say(
            "No secure keyring is available, so the password was not stored: "
            f"headless runs read it from {args.password_env} each time."
        )
    if args.json:
        emit_json({"name": profile.name, "host": profile.host, "port": profile.port,
                   "security": profile.security, "password_in_keyring": stored,
                   "warmup": list(profile.warmup or []), "daily_cap": profile.daily_cap})  # fmt: skip
    else:
        say(f"SMTP profile {profile.name!r} saved ({profile.host}:{profile.port}, {security}).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = [
        {"name": p.name, "host": p.host, "port": p.port, "security": p.security,
         "username": p.username, "rate": p.rate, "daily_cap": p.daily_cap,
         "warmup": list(p.warmup or []), **allowance(p).as_dict()}
        for p in SmtpProfile.select().order_by(SmtpProfile.name)
    ]  # fmt: skip
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            cap = ""
            if r["cap_today"] is not None:
                day = f", warm-up day {r['warmup_day']}" if r["warmup_day"] else ""
                cap = f"\ttoday: {r['left_today']:,} of {r['cap_today']:,} left{day}"
            out(f"{r['name']}\t{r['host']}:{r['port']}\t{r['security']}{cap}")
    return 0
