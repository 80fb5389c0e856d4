"""SMTP profiles: where to send, how securely and how fast, with presets for common relays."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import AlreadyExists, InvalidValue, NotFound
from core.models import Security, SmtpProfile, database_proxy

PASSWORD_ENV_PREFIX = "STAFFETTA_SMTP_PASSWORD"


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    values: dict[str, Any]
    help: str = ""
    # Other (port, security) pairs the provider accepts, for the port chooser.
    ports: tuple[tuple[int, str], ...] = ()


SES_HOST = "email-smtp.{region}.amazonaws.com"


def ses_host(region: str) -> str:
    """The SES SMTP endpoint of a region, e.g. ``eu-west-1``."""
    region = region.strip().lower()
    if not region or not all(ch.isalnum() or ch == "-" for ch in region):
        raise InvalidValue(f"{region!r} is not an AWS region.", hint="For example eu-west-1.")
    return SES_HOST.format(region=region)


def security_for_port(port: int, host: str = "") -> str:
    """The usual security of a port: implicit TLS on 465, none on this computer, else STARTTLS."""
    if port == 465:
        return Security.TLS
    if host and is_loopback(host):
        return Security.NONE
    return Security.STARTTLS


PRESETS: list[Preset] = [
    Preset(
        "builtin",
        "Built-in test inbox",
        {
            "host": "127.0.0.1",
            "port": 2526,
            "security": Security.NONE,
            "is_sandbox": True,
            "rate": 0.0,
            "max_connections": 4,
        },
        "Catches everything on this computer; read it on the Test inbox page.",
    ),
    Preset(
        "mailtrap",
        "Mailtrap sandbox",
        {
            "host": "sandbox.smtp.mailtrap.io",
            "port": 2525,
            "security": Security.STARTTLS,
            "rate": 0.5,
            "burst": 1,
            "max_connections": 1,
            "per_connection": 50,
        },
        "Mailtrap → Email Testing → Inboxes → your inbox → SMTP Settings shows the "
        "username and password. Ports 2525 or 587 (STARTTLS) and 465 (TLS).",
        ports=((2525, Security.STARTTLS), (587, Security.STARTTLS), (465, Security.TLS)),
    ),
    Preset(
        "gmail",
        "Gmail / Google Workspace",
        {
            "host": "smtp.gmail.com",
            "port": 587,
            "security": Security.STARTTLS,
            "rate": 1.0,
            "burst": 2,
            "max_connections": 2,
            "daily_cap": 2000,
        },
        "Use an app password (Google Account → Security → App passwords).",
        ports=((587, Security.STARTTLS), (465, Security.TLS)),
    ),
    Preset(
        "ses",
        "Amazon SES",
        {
            "host": SES_HOST.format(region="eu-west-1"),
            "port": 587,
            "security": Security.STARTTLS,
            "rate": 14.0,
            "burst": 14,
            "max_connections": 4,
        },
        "SMTP credentials come from the SES console (SMTP settings); change the region "
        "in the host name to yours.",
        ports=((587, Security.STARTTLS), (2587, Security.STARTTLS), (465, Security.TLS)),
    ),
    Preset("custom", "Custom relay", {"port": 587, "security": Security.STARTTLS}),
]


def preset(key: str) -> Preset:
    for p in PRESETS:
        if p.key == key:
            return p
    raise NotFound(f"No preset named {key!r}.")


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class ProfileSettings:
    """Everything a profile can set, with the defaults the GUI shows."""

    host: str
    port: int
    security: str = Security.STARTTLS
    username: str | None = None
    password_env: str | None = None
    allow_insecure_auth: bool = False
    is_sandbox: bool = False
    rate: float = 10.0
    burst: int = 5
    max_connections: int = 4
    per_connection: int = 100
    daily_cap: int = 0
    retry_base: int = 300
    retry_max: int = 4000
    max_attempts: int = 20
    lifetime: int = 5 * 24 * 3600
    max_consecutive_failures: int = 10
    connect_timeout: float = 30.0
    data_timeout: float = 600.0
    ca_file: str | None = None  # a private CA (PEM) trusted besides the system's
    # Daily caps for the first days of sending, then daily_cap (core.audience.warmup).
    warmup: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        if not self.host.strip():
            raise InvalidValue("The SMTP host is empty.", hint="For example smtp.example.com.")
        if not 1 <= self.port <= 65535:
            raise InvalidValue(f"Port {self.port} is not a valid port.", hint="Use 1 to 65535.")
        if self.security not in Security.ALL:
            raise InvalidValue(
                f"Unknown security mode {self.security!r}.", hint="Use none, starttls or tls."
            )
        if (
            self.security == Security.NONE
            and not is_loopback(self.host)
            and not (self.is_sandbox or self.allow_insecure_auth)
        ):
            raise InvalidValue(
                f"Sending to {self.host} without TLS would expose your mail and password.",
                hint="Use --security starttls or tls (only a relay on this computer may "
                "go without).",
            )
        checks = [
            (self.rate >= 0, "The rate cannot be negative (0 means no limit)."),
            (self.burst >= 1, "The burst must be at least 1."),
            (1 <= self.max_connections <= 50, "Connections must be between 1 and 50."),
            (self.per_connection >= 1, "Messages per connection must be at least 1."),
            (self.daily_cap >= 0, "The daily cap cannot be negative (0 means none)."),
            (self.retry_base >= 1, "The first retry delay must be at least 1 second."),
            (self.retry_max >= self.retry_base, "The longest retry delay must be ≥ the first."),
            (self.max_attempts >= 1, "Attempts must be at least 1."),
            (self.lifetime >= 60, "A message's lifetime must be at least 60 seconds."),
            (self.max_consecutive_failures >= 1, "The failure limit must be at least 1."),
            (all(int(n) >= 1 for n in self.warmup), "Each warm-up day's cap must be at least 1."),
        ]
        for ok, message in checks:
            if not ok:
                raise InvalidValue(message)
        if self.ca_file:
            check_ca_file(self.ca_file)


def check_ca_file(path: str) -> None:
    """A CA file must exist and hold at least one PEM certificate OpenSSL can load."""
    import ssl

    if not Path(path).is_file():
        raise InvalidValue(
            f"The CA certificate file {path} does not exist.",
            hint="Choose the PEM file your relay's administrator gave you.",
        )
    try:
        ssl.create_default_context().load_verify_locations(cafile=path)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise InvalidValue(
            f"{path} holds no PEM certificate Staffetta can use ({exc}).",
            hint="It must be a PEM file (text starting with -----BEGIN CERTIFICATE-----).",
        ) from None


def _columns(settings: ProfileSettings) -> dict[str, Any]:
    values = {k: v for k, v in settings.__dict__.items() if k != "extra"}
    values["host"] = settings.host.strip()
    values["username"] = (settings.username or "").strip() or None
    ca_file = (settings.ca_file or "").strip()
    values["ca_file"] = str(Path(ca_file).expanduser().resolve()) if ca_file else None
    return values


def find_profile(name: str) -> SmtpProfile:
    found: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.name == name)
    if found is None:
        names = [p.name for p in SmtpProfile.select(SmtpProfile.name).order_by(SmtpProfile.name)]
        raise NotFound(
            f"There is no SMTP profile named {name!r}.",
            hint=("Profiles: " + ", ".join(names) + ".") if names else "Add one with smtp add.",
        )
    return found


def save_profile(name: str, settings: ProfileSettings, *, replace: bool = False) -> SmtpProfile:
    name = name.strip()
    if not name:
        raise InvalidValue("The profile needs a name.")
    settings.validate()
    with database_proxy.atomic():
        existing: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.name == name)
        if existing is not None and not replace:
            raise AlreadyExists(f"An SMTP profile named {name!r} already exists.")
        if existing is None:
            return SmtpProfile.create(name=name, **_columns(settings))
        for key, value in _columns(settings).items():
            setattr(existing, key, value)
        existing.save()
        return existing


def settings_of(profile: SmtpProfile) -> ProfileSettings:
    names = [f for f in ProfileSettings.__dataclass_fields__ if f != "extra"]
    values = {n: getattr(profile, n) for n in names}
    values["warmup"] = list(values["warmup"] or [])
    return ProfileSettings(**values)


def delete_profile(name: str) -> None:
    find_profile(name).delete_instance()


def password_env_var(profile: SmtpProfile) -> str:
    """The variable a headless run reads the password from when no keyring exists."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in profile.name.upper())
    return f"{PASSWORD_ENV_PREFIX}_{safe}"
