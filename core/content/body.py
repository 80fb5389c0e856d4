"""A template's body made into mail, once per template (module docstring of core.content)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.content.images import InlineImage, embed_images
from core.content.inline_css import inline_css
from core.content.markdown import markdown_to_html, markdown_to_text
from core.models import BodyFormat
from core.rendering import compile_part, derive_text_template

if TYPE_CHECKING:
    from core.models import Template


@dataclass(frozen=True)
class EmailBody:
    """The HTML and text Jinja templates a campaign sends, and what goes with them."""

    html: str  # styles inlined, local images pointing at their Content-ID
    text: str | None  # written, or made from Markdown or HTML; None: derive per recipient
    images: tuple[InlineImage, ...] = ()
    warnings: tuple[str, ...] = ()
    text_is_written: bool = False


def compile_body(
    *,
    body_format: str,
    body: str,
    text: str | None = None,
    css: str | None = None,
    base_dir: str | None = None,
    embed: bool = True,
) -> EmailBody:
    """The body as it will be sent; a syntax error names the line of what was written.

    ``embed=False`` leaves local images as file paths (nothing is read from disk).
    """
    markdown = body_format == BodyFormat.MARKDOWN
    if body.strip():
        compile_part(body, label="Markdown" if markdown else "HTML", html=True)
    html = markdown_to_html(body) if markdown else body
    inlined = inline_css(html, css)
    warnings = list(inlined.warnings)
    final = inlined.html
    images: tuple[InlineImage, ...] = ()
    if embed and final.strip():
        embedded = embed_images(final, base_dir)
        final, images = embedded.html, embedded.images
        warnings.extend(embedded.warnings)
    if text:
        text_template: str | None = text
    elif markdown:
        text_template = markdown_to_text(body)
    else:
        text_template = derive_text_template(html) if html.strip() else None
    return EmailBody(final, text_template, images, tuple(warnings), text_is_written=bool(text))


def body_of(template: Template, *, embed: bool = True) -> EmailBody:
    """``compile_body`` for a stored template."""
    markdown = template.body_format == BodyFormat.MARKDOWN
    return compile_body(
        body_format=template.body_format,
        body=(template.markdown or "") if markdown else template.html,
        text=template.text,
        css=template.css,
        base_dir=template.base_dir,
        embed=embed,
    )
