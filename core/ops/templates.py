"""Template operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from typing import Any

from core.errors import AlreadyExists, NotFound, TemplateProblem
from core.models import BodyFormat, Campaign, CampaignStatus, Template, database_proxy
from core.ops.campaigns import TestSendResult
from core.ops.changes import Changes, OpResult
from core.templates import save_template

GMAIL_CLIP = 102 * 1024
SAMPLE_SENDER = "You <you@example.com>"


@dataclass(frozen=True)
class TemplateSource:
    """What the editor holds (saved or not): enough to check, preview and test-send it."""

    subject: str
    body: str  # HTML or Markdown, as ``body_format`` says
    text: str | None = None
    body_format: str = BodyFormat.HTML
    css: str | None = None
    base_dir: str | None = None

    @property
    def is_markdown(self) -> bool:
        return self.body_format == BodyFormat.MARKDOWN


@dataclass(frozen=True)
class TemplateData:
    id: int
    name: str
    source: TemplateSource
    updated_at: datetime
    used_by: int  # campaigns that use it


def list_templates() -> list[tuple[int, str]]:
    """(id, name) of every template, by name."""
    query = Template.select(Template.id, Template.name).order_by(Template.name)
    return [(i, n) for i, n in query.tuples()]


def _source(t: Template) -> TemplateSource:
    markdown = t.body_format == BodyFormat.MARKDOWN
    return TemplateSource(
        subject=t.subject, body=(t.markdown or "") if markdown else t.html, text=t.text,
        body_format=t.body_format, css=t.css, base_dir=t.base_dir,
    )  # fmt: skip


def get_template(template_id: int) -> TemplateData:
    t: Template | None = Template.get_or_none(Template.id == template_id)
    if t is None:
        raise NotFound("This template no longer exists.", hint="Someone deleted it meanwhile.")
    used = Campaign.select().where(Campaign.template == t.id).count()
    return TemplateData(t.id, t.name, _source(t), t.updated_at, int(used))


def unique_name(base: str) -> str:
    names = {n for (n,) in Template.select(Template.name).tuples()}
    name, n = base, 2
    while name in names:
        name, n = f"{base} {n}", n + 1
    return name


def _save_values(source: TemplateSource) -> dict[str, Any]:
    return {
        "subject": source.subject, "text": source.text or None, "css": source.css,
        "base_dir": source.base_dir,
        **({"markdown": source.body} if source.is_markdown else {"html": source.body}),
    }  # fmt: skip


def save(template_id: int | None, name: str, source: TemplateSource) -> OpResult[int]:
    """Save ``template_id`` (or a new template) under ``name``. Renaming onto another
    template's name is refused instead of overwriting that template."""
    name = name.strip()
    with database_proxy.atomic():
        clash: Template | None = Template.get_or_none(Template.name == name)
        if clash is not None and clash.id != template_id:
            raise AlreadyExists(
                f"Another template is already named {name!r}.",
                hint="Choose a different name; nothing was saved.",
            )
        if template_id is None:
            created = save_template(name, **_save_values(source))
            return OpResult(created.id, Changes(templates=True))
        current: Template | None = Template.get_or_none(Template.id == template_id)
        if current is None:
            raise NotFound("This template no longer exists.", hint="Save it as a new one.")
        if not name:
            raise TemplateProblem("The template needs a name.")
        if current.name != name:
            Template.update(name=name).where(Template.id == template_id).execute()
        values = _save_values(source)
        if values["base_dir"] is None:  # images keep being read from the template's folder
            values["base_dir"] = current.base_dir
        save_template(name, replace=True, **values)
    drafts = Campaign.select().where(
        (Campaign.template == template_id) & (Campaign.status == CampaignStatus.DRAFT)
    ).exists()
    return OpResult(template_id, Changes(templates=True, campaigns=bool(drafts)))


def create(base_name: str, source: TemplateSource) -> OpResult[int]:
    return save(None, unique_name(base_name), source)


def delete(template_id: int) -> Changes:
    with database_proxy.atomic():
        Template.delete().where(Template.id == template_id).execute()
    return Changes(templates=True, campaigns=True)


# --- preview -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A template problem as plain data: the sentence, and where (part, line) if known."""

    message: str
    part: str | None = None
    line: int | None = None
    syntax: bool = False


@dataclass(frozen=True)
class Preview:
    contact_id: int | None
    rendered_for: str
    subject: str = ""
    html: str | None = None
    text: str = ""
    headers: str = ""
    size: int = 0
    variables: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problem: Problem | None = None
    images: dict[str, bytes] = field(default_factory=dict)  # Content-ID → bytes (embedded)


def _composer(source: TemplateSource, sender: str = SAMPLE_SENDER) -> Any:
    from core.campaigns import CampaignComposer
    from core.content.body import compile_body

    body = compile_body(body_format=source.body_format, body=source.body, text=source.text,
                        css=source.css, base_dir=source.base_dir)  # fmt: skip
    composer = CampaignComposer(
        name="preview", subject=source.subject, html=body.html, text=body.text, sender=sender,
        reply_to=None, unsubscribe_url=None, unsubscribe_mailto=None, images=body.images,
    )  # fmt: skip
    composer.text_is_written = body.text_is_written
    composer.warnings = body.warnings
    return composer


def _snapshot(contact_id: int | None) -> dict[str, Any]:
    from core.campaigns import snapshot_of
    from core.contacts import contact_rows

    row = contact_rows([contact_id]).get(contact_id) if contact_id is not None else None
    if row is None:
        return snapshot_of("someone@example.com", "Someone", {})
    return snapshot_of(row.email, row.name, row.fields)


def _problem(exc: TemplateProblem) -> Problem:
    from core.rendering import TemplateSyntaxProblem

    syntax = isinstance(exc, TemplateSyntaxProblem)
    part = getattr(exc, "part", None)
    line = getattr(exc, "line", None)
    return Problem(exc.user_text(), part if isinstance(part, str) else None,
                   line if isinstance(line, int) else None, syntax)  # fmt: skip


def preview(source: TemplateSource, contact_id: int | None) -> Preview:
    """Render the editor's template for one contact (a problem is data, not an error)."""
    snapshot = _snapshot(contact_id)
    email_address = snapshot["email"]
    try:
        composer = _composer(source)
        rendered = composer.render(snapshot)
        raw = composer.build_for(snapshot, to_address=email_address,
                                 message_id="<preview@example.com>")  # fmt: skip
        variables = composer.variables_for(snapshot)[0]
    except TemplateProblem as exc:
        return Preview(contact_id, email_address, problem=_problem(exc))
    head = email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n",
                                    policy=policy.default)  # fmt: skip
    warnings = list(composer.warnings)
    if not source.subject.strip():
        warnings.append("The subject is empty.")
    if "unsubscribe" not in source.body.lower():
        warnings.append(
            'No visible unsubscribe link: add <a href="{{ unsubscribe_url }}">Unsubscribe</a>.'
        )
    if not (source.text or "").strip():
        warnings.append(
            f"No text part: one is made from the {'Markdown' if source.is_markdown else 'HTML'} "
            "(see the Text tab)."
        )
    if len(raw) > GMAIL_CLIP:
        warnings.append(f"The message is {len(raw) / 1024:.0f} KB; Gmail clips messages over 102 KB.")
    return Preview(
        contact_id, email_address, rendered.subject, rendered.html, rendered.text,
        "\n".join(f"{k}: {v}" for k, v in head.items()), len(raw),
        {k: str(v)[:200] for k, v in variables.items() if not isinstance(v, dict)}, warnings,
        images={i.cid: i.data for i in composer.images},
    )  # fmt: skip


def test_send(
    source: TemplateSource, *, profile_name: str, sender: str, addresses: list[str],
    contact_id: int | None, list_id: int | None = None,
) -> OpResult[TestSendResult]:  # fmt: skip
    """Render the editor's template (saved or not) for one contact and send it to each
    address through ``profile_name`` (the template editor's Test send)."""
    from core.campaigns.drafts import _check_sender
    from core.ops.campaigns import send_tests
    from core.profiles import find_profile

    composer = _composer(source, _check_sender(sender))
    result = send_tests(
        profile=find_profile(profile_name), composer=composer,
        sender=composer.sender_address, addresses=addresses, contact_id=contact_id,
        list_id=list_id,
    )  # fmt: skip
    return OpResult(result, Changes(inbox=True))
