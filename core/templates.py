"""Stored templates: a subject, an HTML body and an optional text body, all Jinja."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import AlreadyExists, NotFound, TemplateProblem
from core.models import Template, database_proxy, utcnow
from core.rendering import compile_part


@dataclass(frozen=True)
class CompiledTemplate:
    """Checks that every part compiles; errors name the part and the line."""

    subject: str
    html: str
    text: str | None

    def check(self) -> None:
        compile_part(self.subject, label="subject", html=False)
        compile_part(self.html, label="HTML", html=True)
        if self.text:
            compile_part(self.text, label="text", html=False)


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
    name: str, *, subject: str, html: str, text: str | None = None, replace: bool = False
) -> Template:
    """Create (or with ``replace`` update) a template after checking it compiles."""
    name = name.strip()
    if not name:
        raise TemplateProblem("The template needs a name.")
    if not html.strip() and not (text or "").strip():
        raise TemplateProblem("The template has no body.", hint="Write some HTML or text.")
    CompiledTemplate(subject, html, text or None).check()
    with database_proxy.atomic():
        existing: Template | None = Template.get_or_none(Template.name == name)
        if existing is not None and not replace:
            raise AlreadyExists(
                f"A template named {name!r} already exists.", hint="Choose another name."
            )
        if existing is None:
            return Template.create(name=name, subject=subject, html=html, text=text or None)
        existing.subject, existing.html, existing.text = subject, html, text or None
        existing.updated_at = utcnow()
        existing.save()
        return existing


def delete_template(name: str) -> None:
    find_template(name).delete_instance()


def list_templates() -> list[Template]:
    """Every template, by name."""
    return list(Template.select().order_by(Template.name))
