"""Stored templates: a subject, a body (HTML or Markdown, with optional CSS) and an
optional text body, all Jinja."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import AlreadyExists, NotFound, TemplateProblem
from core.models import BodyFormat, Template, database_proxy, utcnow
from core.rendering import compile_part


@dataclass(frozen=True)
class CompiledTemplate:
    """Checks that every part compiles; errors name the part and the line.

    A Markdown body is converted, its CSS inlined and its images looked up on disk, so a
    missing ``logo.png`` is reported when the template is saved, not at campaign start.
    """

    subject: str
    html: str
    text: str | None
    body_format: str = BodyFormat.HTML
    markdown: str | None = None
    css: str | None = None
    base_dir: str | None = None

    def check(self) -> None:
        from core.content.body import compile_body

        compile_part(self.subject, label="subject", html=False)
        if self.text:
            compile_part(self.text, label="text", html=False)
        markdown = self.body_format == BodyFormat.MARKDOWN
        body = compile_body(
            body_format=self.body_format, body=(self.markdown or "") if markdown else self.html,
            text=self.text, css=self.css, base_dir=self.base_dir,
        )  # fmt: skip
        compile_part(body.html, label="HTML", html=True)


def find_template(name: str) -> Template:
    found: Template | None = Template.get_or_none(Template.name == name)
    if found is None:
        names = [t.name for t in Template.select(Template.name).order_by(Template.name)]
        raise NotFound(
            f"There is no template named {name!r}.",
            hint=("Templates: " + ", ".join(names) + ".") if names else "Add one first.",
        )
    return found


def save_template(
    name: str,
    *,
    subject: str,
    html: str = "",
    text: str | None = None,
    replace: bool = False,
    markdown: str | None = None,
    css: str | None = None,
    base_dir: str | None = None,
) -> Template:
    """Create (or with ``replace`` update) a template after checking it compiles.

    Give ``markdown`` instead of ``html`` for a Markdown body.
    """
    name = name.strip()
    if not name:
        raise TemplateProblem("The template needs a name.")
    body_format = BodyFormat.MARKDOWN if markdown is not None else BodyFormat.HTML
    body = markdown if markdown is not None else html
    if not body.strip() and not (text or "").strip():
        raise TemplateProblem(
            "The template has no body.", hint="Write some Markdown, HTML or text."
        )
    values = {
        "subject": subject,
        "html": "" if markdown is not None else html,
        "text": text or None,
        "body_format": body_format,
        "markdown": markdown,
        "css": (css or None) if (css or "").strip() else None,
        "base_dir": base_dir or None,
    }
    CompiledTemplate(**values).check()  # type: ignore[arg-type]
    with database_proxy.atomic():
        existing: Template | None = Template.get_or_none(Template.name == name)
        if existing is not None and not replace:
            raise AlreadyExists(
                f"A template named {name!r} already exists.", hint="Choose another name."
            )
        if existing is None:
            return Template.create(name=name, **values)
        for key, value in values.items():
            setattr(existing, key, value)
        existing.updated_at = utcnow()
        existing.save()
        return existing


def delete_template(name: str) -> None:
    find_template(name).delete_instance()


def list_templates() -> list[Template]:
    """Every template, by name."""
    return list(Template.select().order_by(Template.name))
