"""What the template editor shows: the mail rendered for one contact (embedded images
included), and the variables it uses that the chosen list does not have."""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email import policy
from typing import Any

from jinja2 import TemplateSyntaxError

from core.campaigns.composing import GMAIL_CLIP_BYTES, CampaignComposer, snapshot_of
from core.contacts import contact_rows, field_names
from core.content.body import compile_body
from core.content.suggest import unknown_variables
from core.rendering import TEXT_ENV, available_variables

SAMPLE_SENDER = "You <you@example.com>"
BUILT_IN = ("email", "name", "unsubscribe_url", "fields", "campaign")


@dataclass(frozen=True)
class TemplateDraft:
    """The editors' contents, saved or not."""

    subject: str
    body: str
    body_format: str = "html"
    text: str | None = None
    css: str | None = None
    base_dir: str | None = None


@dataclass(frozen=True)
class BodyPreview:
    subject: str
    html: str | None
    text: str
    headers: list[tuple[str, str]]
    size: int  # the whole message, bytes
    html_bytes: int  # what Gmail's 102 KB clip counts
    images: dict[str, bytes] = field(default_factory=dict)  # Content-ID → bytes
    warnings: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)  # values for this contact


def sample_snapshot(contact_id: int | None) -> dict[str, Any]:
    row = contact_rows([contact_id]).get(contact_id) if contact_id is not None else None
    if row is None:
        return snapshot_of("someone@example.com", "Someone", {})
    return snapshot_of(row.email, row.name, row.fields)


def preview(draft: TemplateDraft, *, contact_id: int | None) -> BodyPreview:
    """The message as ``contact_id`` would get it; a TemplateProblem says what is wrong."""
    body = compile_body(
        body_format=draft.body_format, body=draft.body, text=draft.text or None,
        css=draft.css, base_dir=draft.base_dir,
    )  # fmt: skip
    composer = CampaignComposer(
        name="preview", subject=draft.subject, html=body.html, text=body.text,
        sender=SAMPLE_SENDER, reply_to=None, unsubscribe_url=None, unsubscribe_mailto=None,
        images=body.images,
    )  # fmt: skip
    snapshot = sample_snapshot(contact_id)
    rendered = composer.render(snapshot)
    raw = composer.build_for(
        snapshot, to_address=snapshot["email"], message_id="<preview@example.com>"
    )
    head = email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n",
                                    policy=policy.default)  # fmt: skip
    variables = {k: str(v) for k, v in composer.variables_for(snapshot)[0].items()
                 if isinstance(v, str | int | float)}  # fmt: skip
    html_bytes = len((rendered.html or "").encode())
    warnings = list(body.warnings)
    if not draft.subject.strip():
        warnings.append("The subject is empty.")
    if "unsubscribe" not in (draft.body + (draft.text or "")).lower():
        warnings.append(
            'No visible unsubscribe link: add <a href="{{ unsubscribe_url }}">Unsubscribe</a>'
            + (
                " or [Unsubscribe]({{ unsubscribe_url }})."
                if draft.body_format == "markdown"
                else "."
            )
        )
    if not (draft.text or "").strip():
        source = "Markdown" if draft.body_format == "markdown" else "HTML"
        warnings.append(f"No text part: one is made from the {source} (see the Text tab).")
    if html_bytes > GMAIL_CLIP_BYTES:
        warnings.append(
            f"The HTML is {html_bytes / 1024:.0f} KB with its styles inlined; Gmail clips "
            "messages whose HTML is over 102 KB."
        )
    return BodyPreview(
        subject=rendered.subject, html=rendered.html, text=rendered.text,
        headers=[(k, str(v)) for k, v in head.items()], size=len(raw), html_bytes=html_bytes,
        images={i.cid: i.data for i in body.images}, warnings=warnings, variables=variables,
    )  # fmt: skip


def list_variables(list_id: int | None) -> list[str]:
    """The variables a template can use with this list, as the editor offers them."""
    return available_variables(field_names(list_id) if list_id is not None else [])


def misspelt_variables(draft: TemplateDraft, list_id: int | None) -> list[tuple[str, str | None]]:
    """Variables the draft uses that the list does not have, with the closest one
    ("did you mean {{ first_name }}?"). Parts with a syntax error are skipped (the
    syntax error is reported on its own)."""
    headers = field_names(list_id)  # None: the fields of every contact
    known = [*available_variables(headers), *headers, *BUILT_IN]
    found: dict[str, str | None] = {}
    for source in (draft.subject, draft.body, draft.text or ""):
        if "{" not in source:
            continue
        try:
            tree = TEXT_ENV.parse(source)
        except TemplateSyntaxError:
            continue
        for name, suggestion in unknown_variables(tree, known):
            found.setdefault(name, suggestion)
    return sorted(found.items())


@dataclass(frozen=True)
class RecipientFile:
    """How a per-recipient attachment path resolves for one contact."""

    email: str
    path: str  # empty when the path cannot be rendered for this contact
    size: int | None  # None: missing, too big or not renderable (see ``problem``)
    problem: str = ""


def attachment_preview(
    path_template: str, list_id: int | None, *, sample: int = 5
) -> list[RecipientFile]:
    """The file ``path_template`` names for the first contacts of a list (the campaign
    form shows them while the path is typed). A syntax error raises TemplateProblem."""
    from core.contacts import contact_ids
    from core.content.attachments import check_file, compile_path, render_path
    from core.errors import TemplateProblem
    from core.rendering import template_variables

    part = compile_path(path_template)
    ids = contact_ids(list_id)[:sample]
    rows = contact_rows(ids)
    found: list[RecipientFile] = []
    for cid in ids:
        row = rows[cid]
        scope = {**part.globals, **template_variables(email=row.email, name=row.name,
                                                      fields=row.fields)}  # fmt: skip
        try:
            path = render_path(part, scope, recipient=row.email)
        except TemplateProblem as exc:
            found.append(RecipientFile(row.email, "", None, exc.message))
            continue
        try:
            found.append(RecipientFile(row.email, str(path), check_file(path)))
        except TemplateProblem as exc:
            found.append(RecipientFile(row.email, str(path), None, exc.message))
    return found
