"""Finding and saving campaign drafts: the settings a campaign is created with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.addresses import InvalidAddress, validate_address
from core.audience.audience import AudienceSpec
from core.audience.audience import resolve as resolve_audience
from core.audience.audience import store as store_audience
from core.audience.schedule import WindowSchedule, local_zone_name
from core.audience.segments import zone_field as segment_zone_field
from core.campaigns.rotation import save_rotation
from core.content.attachments import (
    MAX_ATTACHMENT_BYTES,
    absolute_path_template,
    compile_path,
    is_path_template,
)
from core.errors import AlreadyExists, InvalidValue, NotFound
from core.mime import (
    Attachment,
    one_line,
    parse_sender,
)
from core.models import (
    Campaign,
    CampaignStatus,
    database_proxy,
)
from core.profiles import find_profile
from core.rendering import (
    compile_part,
)
from core.templates import find_template

__all__ = ["MAX_ATTACHMENT_BYTES", "DraftSettings", "find_campaign", "save_draft"]


def find_campaign(name: str) -> Campaign:
    found: Campaign | None = Campaign.get_or_none(Campaign.name == name)
    if found is None:
        names = [c.name for c in Campaign.select(Campaign.name).order_by(Campaign.name)]
        raise NotFound(
            f"There is no campaign named {name!r}.",
            hint=("Campaigns: " + ", ".join(names) + ".") if names else "Create one first.",
        )
    return found


def _check_sender(sender: str, what: str = "sender") -> str:
    display, address = parse_sender(sender)
    try:
        valid = validate_address(address)
    except InvalidAddress as exc:
        raise InvalidValue(
            f"The {what} address {address!r} is not valid: {exc}",
            hint='Write it as "Your Name <you@example.com>".',
        ) from None
    return f"{display} <{valid.email}>" if display else valid.email


@dataclass
class DraftSettings:
    list_name: str | None
    template_name: str
    profile_name: str
    sender: str
    reply_to: str | None = None
    unsubscribe_url: str | None = None
    unsubscribe_mailto: str | None = None
    # Files attached to every message; a path with Jinja tags (``invoices/{{ id }}.pdf``)
    # names each recipient's own file, checked by pre-flight and read at send time.
    attachments: list[str] = field(default_factory=list)
    # The audience beyond ``list_name``: more lists, segments, and what to leave out.
    audience: AudienceSpec = field(default_factory=AudienceSpec)
    # Timing: send windows ("mon-fri 09:00-17:30") in ``time_zone`` (None: the
    # computer's zone), and the frequency cap in seconds (0: none).
    windows: list[str] = field(default_factory=list)
    time_zone: str | None = None
    skip_if_sent_within: int = 0
    # The windows in each recipient's own zone, named by this field (None: ``time_zone``).
    recipient_zone_field: str | None = None

    def full_audience(self) -> AudienceSpec:
        lists = [self.list_name] if self.list_name else []
        spec = self.audience
        return AudienceSpec(
            list(dict.fromkeys([*lists, *spec.lists])), list(spec.segments),
            list(spec.exclude_lists), list(spec.exclude_segments),
        )  # fmt: skip

    # Several profiles, with weights: [(name, weight), …]; the first is ``profile_name``'s
    # place. Empty or one entry: the campaign sends through ``profile_name`` alone.
    profiles: list[tuple[str, int]] = field(default_factory=list)


def save_draft(name: str, settings: DraftSettings, *, replace: bool = False) -> Campaign:
    """Create (or update, while still a draft) a campaign."""
    name = one_line(name)
    if not name:
        raise InvalidValue("The campaign needs a name.")
    audience = resolve_audience(settings.full_audience())
    contact_list = audience.include_lists[0] if audience.include_lists else None
    zone_name = (settings.time_zone or "").strip() or None
    windows = WindowSchedule.parse(settings.windows, zone_name or local_zone_name()).specs()
    zone_field = (settings.recipient_zone_field or "").strip() or None
    if zone_field is not None:
        zone_field = segment_zone_field(zone_field)
    if settings.skip_if_sent_within < 0:
        raise InvalidValue("The frequency cap cannot be negative.")
    template = find_template(settings.template_name)
    rotation = [(find_profile(n), w) for n, w in settings.profiles] if settings.profiles else []
    profile = rotation[0][0] if rotation else find_profile(settings.profile_name)
    sender = _check_sender(settings.sender)
    reply_to = _check_sender(settings.reply_to, "reply-to") if settings.reply_to else None
    url = (settings.unsubscribe_url or "").strip() or None
    if url:
        if not url.lower().startswith(("https://", "http://")):
            raise InvalidValue(
                "The unsubscribe URL must start with https://.",
                hint="For example https://example.com/unsubscribe?email={{ email|urlencode }}",
            )
        compile_part(url, label="unsubscribe URL", html=False)
    mailto = (settings.unsubscribe_mailto or "").strip() or None
    if mailto:
        mailto = _check_sender(mailto, "unsubscribe mailbox")
    attachments = [absolute_path_template(path) for path in settings.attachments]
    for path in attachments:
        if is_path_template(path):
            compile_path(path)
        else:
            _read_attachment(path)
    values = {
        "contact_list": contact_list,
        "template": template,
        "smtp_profile": profile,
        "sender": sender,
        "reply_to": reply_to,
        "unsubscribe_url": url,
        "unsubscribe_mailto": mailto,
        "attachment_paths": attachments,
        "send_windows": windows,
        "time_zone": zone_name or (local_zone_name() if windows else None),
        "skip_if_sent_within": int(settings.skip_if_sent_within),
        "recipient_zone_field": zone_field,
    }
    with database_proxy.atomic():
        existing: Campaign | None = Campaign.get_or_none(Campaign.name == name)
        if existing is None:
            created: Campaign = Campaign.create(name=name, **values)
            store_audience(created.id, audience)
            save_rotation(created, rotation)
            return created
        if not replace:
            raise AlreadyExists(f"A campaign named {name!r} already exists.")
        if existing.status != CampaignStatus.DRAFT:
            raise InvalidValue(
                f"Campaign {name!r} has already started; its settings are frozen.",
                hint="Duplicate it to send a new version.",
            )
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        store_audience(existing.id, audience)
        save_rotation(existing, rotation)
        return existing


def static_attachment_paths(paths: list[str] | None) -> list[str]:
    """The attachments that are the same file for everyone."""
    return [p for p in paths or [] if not is_path_template(p)]


def attachment_path_templates(paths: list[str] | None) -> tuple[str, ...]:
    """The attachments named per recipient (paths with Jinja tags)."""
    return tuple(p for p in paths or [] if is_path_template(p))


def _read_attachment(path: str) -> Attachment:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidValue(
            f"Cannot read the attachment {path}: {exc.strerror}.", hint="Check the file."
        ) from None
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidValue(
            f"The attachment {file.name} is {len(data) / 1e6:.1f} MB; the limit is 10 MB.",
            hint="Link to big files instead of attaching them.",
        )
    return Attachment(file.name, data)
