"""Template operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import AlreadyExists, NotFound, TemplateProblem
from core.models import Campaign, CampaignStatus, Template, database_proxy, utcnow
from core.ops.changes import Changes, OpResult
from core.templates import CompiledTemplate, save_template


@dataclass(frozen=True)
class TemplateData:
    id: int
    name: str
    subject: str
    html: str
    text: str | None
    updated_at: datetime
    used_by: int  # campaigns that use it


def list_templates() -> list[tuple[int, str]]:
    """(id, name) of every template, by name."""
    return [(i, n) for i, n in Template.select(Template.id, Template.name).order_by(Template.name).tuples()]


def get_template(template_id: int) -> TemplateData:
    t: Template | None = Template.get_or_none(Template.id == template_id)
    if t is None:
        raise NotFound("This template no longer exists.", hint="Someone deleted it meanwhile.")
    used = Campaign.select().where(Campaign.template == t.id).count()
    return TemplateData(t.id, t.name, t.subject, t.html, t.text, t.updated_at, int(used))


def unique_name(base: str) -> str:
    names = {n for (n,) in Template.select(Template.name).tuples()}
    name, n = base, 2
    while name in names:
        name, n = f"{base} {n}", n + 1
    return name


def save(template_id: int | None, name: str, *, subject: str, html: str,
         text: str | None) -> OpResult[int]:  # fmt: skip
    """Save ``template_id`` (or a new template) under ``name``; renaming onto another
    template's name is refused instead of overwriting it."""
    name = name.strip()
    with database_proxy.atomic():
        clash: Template | None = Template.get_or_none(Template.name == name)
        if clash is not None and clash.id != template_id:
            raise AlreadyExists(
                f"Another template is already named {name!r}.",
                hint="Choose a different name; nothing was saved.",
            )
        if template_id is None:
            created = save_template(name, subject=subject, html=html, text=text)
            return OpResult(created.id, Changes(templates=True))
        current: Template | None = Template.get_or_none(Template.id == template_id)
        if current is None:
            raise NotFound("This template no longer exists.", hint="Save it as a new one.")
        if not name:
            raise TemplateProblem("The template needs a name.")
        if not html.strip() and not (text or "").strip():
            raise TemplateProblem("The template has no body.", hint="Write some HTML or text.")
        CompiledTemplate(subject, html, text or None).check()
        Template.update(name=name, subject=subject, html=html, text=text or None,
                        updated_at=utcnow()).where(Template.id == template_id).execute()  # fmt: skip
    drafts = Campaign.select().where(
        (Campaign.template == template_id) & (Campaign.status == CampaignStatus.DRAFT)
    ).exists()
    return OpResult(template_id, Changes(templates=True, campaigns=bool(drafts)))


def create(base_name: str, *, subject: str, html: str, text: str | None = None) -> OpResult[int]:
    return save(None, unique_name(base_name), subject=subject, html=html, text=text)


def delete(template_id: int) -> Changes:
    with database_proxy.atomic():
        Template.delete().where(Template.id == template_id).execute()
    return Changes(templates=True, campaigns=True)
