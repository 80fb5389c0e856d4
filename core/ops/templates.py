"""Template operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import AlreadyExists, NotFound, TemplateProblem
from core.models import BodyFormat, Campaign, CampaignStatus, Template, database_proxy, utcnow
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
    body_format: str = BodyFormat.HTML  # "html" or "markdown"
    markdown: str | None = None
    css: str | None = None
    base_dir: str | None = None  # where relative image paths are read from

    @property
    def body(self) -> str:
        """The body as written: the Markdown of a Markdown template, else the HTML."""
        return (self.markdown or "") if self.body_format == BodyFormat.MARKDOWN else self.html


def list_templates() -> list[tuple[int, str]]:
    """(id, name) of every template, by name."""
    return [
        (i, n)
        for i, n in Template.select(Template.id, Template.name).order_by(Template.name).tuples()
    ]


def get_template(template_id: int) -> TemplateData:
    t: Template | None = Template.get_or_none(Template.id == template_id)
    if t is None:
        raise NotFound("This template no longer exists.", hint="Someone deleted it meanwhile.")
    used = Campaign.select().where(Campaign.template == t.id).count()
    return TemplateData(t.id, t.name, t.subject, t.html, t.text, t.updated_at, int(used),
                        t.body_format, t.markdown, t.css, t.base_dir)  # fmt: skip


def unique_name(base: str) -> str:
    names = {n for (n,) in Template.select(Template.name).tuples()}
    name, n = base, 2
    while name in names:
        name, n = f"{base} {n}", n + 1
    return name


def save(template_id: int | None, name: str, *, subject: str, html: str,
         text: str | None, markdown: str | None = None, css: str | None = None,
         ) -> OpResult[int]:  # fmt: skip
    """Save ``template_id`` (or a new template) under ``name``; renaming onto another
    template's name is refused instead of overwriting it.

    Give ``markdown`` (and ``html=""``) for a Markdown body; the folder images are read
    from stays the template's own.
    """
    name = name.strip()
    body_format = BodyFormat.MARKDOWN if markdown is not None else BodyFormat.HTML
    css = css if (css or "").strip() else None
    with database_proxy.atomic():
        clash: Template | None = Template.get_or_none(Template.name == name)
        if clash is not None and clash.id != template_id:
            raise AlreadyExists(
                f"Another template is already named {name!r}.",
                hint="Choose a different name; nothing was saved.",
            )
        if template_id is None:
            created = save_template(name, subject=subject, html=html, text=text,
                                    markdown=markdown, css=css)  # fmt: skip
            return OpResult(created.id, Changes(templates=True))
        current: Template | None = Template.get_or_none(Template.id == template_id)
        if current is None:
            raise NotFound("This template no longer exists.", hint="Save it as a new one.")
        if not name:
            raise TemplateProblem("The template needs a name.")
        body = markdown if markdown is not None else html
        if not body.strip() and not (text or "").strip():
            raise TemplateProblem(
                "The template has no body.", hint="Write some Markdown, HTML or text."
            )
        html = "" if markdown is not None else html
        CompiledTemplate(subject, html, text or None, body_format, markdown, css,
                         current.base_dir).check()  # fmt: skip
        Template.update(name=name, subject=subject, html=html, text=text or None,
                        body_format=body_format, markdown=markdown, css=css,
                        updated_at=utcnow()).where(Template.id == template_id).execute()  # fmt: skip
    drafts = (
        Campaign.select()
        .where((Campaign.template == template_id) & (Campaign.status == CampaignStatus.DRAFT))
        .exists()
    )
    return OpResult(template_id, Changes(templates=True, campaigns=bool(drafts)))


def create(base_name: str, *, subject: str, html: str, text: str | None = None,
           markdown: str | None = None, css: str | None = None) -> OpResult[int]:  # fmt: skip
    return save(None, unique_name(base_name), subject=subject, html=html, text=text,
                markdown=markdown, css=css)  # fmt: skip


def delete(template_id: int) -> Changes:
    with database_proxy.atomic():
        Template.delete().where(Template.id == template_id).execute()
    return Changes(templates=True, campaigns=True)
