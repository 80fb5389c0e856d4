"""Turning a campaign and one recipient into a message: subject, parts, headers, unsubscribe."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from core.campaigns.drafts import (
    _read_attachment,
    attachment_path_templates,
    static_attachment_paths,
)
from core.content.attachments import check_file, compile_path, read_file, render_path
from core.content.body import body_of
from core.content.images import InlineImage
from core.errors import TemplateProblem
from core.mime import (
    Attachment,
    MessageSkeleton,
    RelatedImage,
    build_skeleton,
    compose,
    list_id_value,
    one_line,
    parse_sender,
)
from core.models import (
    Campaign,
    Message,
    Template,
)
from core.rendering import (
    TEXT_ENV,
    CompiledPart,
    compile_part,
    html_to_text,
    render_in_scope,
    scope_globals,
    template_variables,
)

GMAIL_CLIP_BYTES = 102 * 1024


_URL_UNSAFE = str.maketrans({"<": "%3C", ">": "%3E", " ": "%20", '"': "%22"})


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    html: str | None
    text: str
    list_unsubscribe: str
    unsubscribe_url: str = ""


class CampaignComposer:
    """Renders and builds every message of one campaign from compiled parts."""

    def __init__(
        self,
        *,
        name: str,
        subject: str,
        html: str,
        text: str | None,
        sender: str,
        reply_to: str | None,
        unsubscribe_url: str | None,
        unsubscribe_mailto: str | None,
        attachments: tuple[Attachment, ...] = (),
        images: tuple[InlineImage, ...] = (),
        attachment_templates: tuple[str, ...] = (),
        html_label: str = "HTML",
        list_id: tuple[str, str] | None = None,
    ) -> None:
        """``list_id``: (description, id) of the campaign's ``List-Id`` header (RFC 2919)."""
        # What a helper process needs to build the same composer (pre-flight renders big
        # lists on several cores); common attachments and images are not needed to render.
        self.rendering_spec: dict[str, Any] = {
            "name": name, "subject": subject, "html": html, "text": text, "sender": sender,
            "reply_to": reply_to, "unsubscribe_url": unsubscribe_url,
            "unsubscribe_mailto": unsubscribe_mailto,
            "attachment_templates": tuple(attachment_templates),
            "html_label": html_label,  # "Markdown": errors name what the author wrote
        }  # fmt: skip
        self.images = images
        # Each recipient's own files (core.content.attachments): rendered, checked by
        # pre-flight, read when the message is built (``reads_files``: off the loop).
        self.attachment_parts = tuple(compile_path(p) for p in attachment_templates)
        self.reads_files = bool(self.attachment_parts)
        self.warnings: tuple[str, ...] = ()  # about the body itself (inlining, images)
        self.text_derived_from = "HTML"
        self.name = name
        self.subject = compile_part(subject, label="subject", html=False)
        self.html = compile_part(html, label=html_label, html=True) if html.strip() else None
        self.text: CompiledPart | None = (
            compile_part(text, label="text", html=False) if text else None
        )
        self.text_is_written = bool(text)
        self.unsubscribe = (
            compile_part(unsubscribe_url, label="unsubscribe URL", html=False)
            if unsubscribe_url
            else None
        )
        _display, sender_address = parse_sender(sender)
        self.sender_address = sender_address
        self.mailto = f"mailto:{parse_sender(unsubscribe_mailto or sender)[1]}?subject=unsubscribe"
        self.skeleton: MessageSkeleton = build_skeleton(
            sender=sender, reply_to=reply_to, attachments=attachments,
            images=tuple(RelatedImage(i.cid, i.filename, i.content_type, i.data) for i in images),
            list_id=list_id,
        )  # fmt: skip
        self.extra = {"campaign": {"name": name, "sender": sender}}
        self.globals = scope_globals(self.subject, self.html, self.text, self.unsubscribe)

    @classmethod
    def for_campaign(cls, campaign: Campaign) -> CampaignComposer:
        """The composer of a started campaign: built from what was frozen at start."""
        if campaign.frozen_html is None and campaign.frozen_text is None:
            return cls.for_draft(campaign)
        settings = campaign.frozen_settings or {}
        attachments = tuple(
            Attachment(a["filename"], base64.b64decode(a["data"]), a.get("content_type", ""))
            for a in settings.get("attachments", [])
        )
        images = tuple(
            InlineImage(i["cid"], i["filename"], i["content_type"], base64.b64decode(i["data"]))
            for i in settings.get("images", [])
        )
        return cls(
            name=campaign.name,
            subject=campaign.frozen_subject or "",
            html=campaign.frozen_html or "",
            text=campaign.frozen_text,
            sender=settings.get("sender", campaign.sender),
            reply_to=settings.get("reply_to", campaign.reply_to),
            unsubscribe_url=settings.get("unsubscribe_url", campaign.unsubscribe_url),
            unsubscribe_mailto=settings.get("unsubscribe_mailto", campaign.unsubscribe_mailto),
            list_id=(campaign.name, settings.get("list_id") or campaign_list_id(campaign)),
            attachments=attachments,
            images=images,
            attachment_templates=tuple(settings.get("attachment_templates", [])),
            html_label=settings.get("html_label", "HTML"),
        )

    @classmethod
    def for_draft(cls, campaign: Campaign) -> CampaignComposer:
        """The composer of a draft: built from the template as it is now."""
        template: Template | None = campaign.template
        if template is None:
            raise TemplateProblem(
                f"Campaign {campaign.name!r} has no template.", hint="Choose a template."
            )
        body = body_of(template)  # Markdown converted, CSS inlined, images read: once
        paths = campaign.attachment_paths or []
        composer = cls(
            name=campaign.name,
            subject=template.subject,
            html=body.html,
            text=body.text,
            sender=campaign.sender,
            reply_to=campaign.reply_to,
            unsubscribe_url=campaign.unsubscribe_url,
            unsubscribe_mailto=campaign.unsubscribe_mailto,
            list_id=(campaign.name, campaign_list_id(campaign)),
            attachments=tuple(_read_attachment(p) for p in static_attachment_paths(paths)),
            images=body.images,
            attachment_templates=attachment_path_templates(paths),
            html_label="Markdown" if template.body_format == "markdown" else "HTML",
        )
        composer.text_is_written = body.text_is_written
        composer.warnings = body.warnings
        composer.text_derived_from = "Markdown" if template.body_format == "markdown" else "HTML"
        return composer

    def variables_for(self, snapshot: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Template variables and the List-Unsubscribe value for one recipient."""
        variables = self._variables(snapshot)
        _url, list_unsubscribe = self._add_unsubscribe({**self.globals, **variables}, variables)
        return variables, list_unsubscribe

    def _add_unsubscribe(self, scope: dict[str, Any], into: dict[str, Any]) -> tuple[str, str]:
        """Render this recipient's unsubscribe URL in ``scope``, set it as
        ``unsubscribe_url`` in ``into``; (URL, List-Unsubscribe value)."""
        if self.unsubscribe is None:
            return self.mailto, f"<{self.mailto}>"
        url = one_line(render_in_scope(self.unsubscribe, scope, recipient=scope["email"]))
        if "<" in url or ">" in url or " " in url or '"' in url:
            url = url.translate(_URL_UNSAFE)  # it sits inside <…> in List-Unsubscribe
        into["unsubscribe_url"] = url
        return url, f"<{url}>, <{self.mailto}>"

    def _variables(self, snapshot: dict[str, Any]) -> dict[str, Any]:
        return template_variables(
            email=snapshot.get("email", ""),
            name=snapshot.get("name"),
            fields=snapshot.get("fields") or {},
            unsubscribe_url=self.mailto,
            extra=self.extra,
        )

    def render_parts(self, snapshot: dict[str, Any]) -> tuple[str, str | None, str, str, str]:
        """(subject, HTML, text, List-Unsubscribe, unsubscribe URL) of one recipient.

        The parts share one scope (variables over the template globals), built once;
        pre-flight calls this for every recipient, ``render`` wraps it.
        """
        return self._render_in(self._scope(snapshot), snapshot.get("email", ""))

    def _scope(self, snapshot: dict[str, Any]) -> dict[str, Any]:
        return {**self.globals, **self._variables(snapshot)}

    def recipient_files(self, scope: dict[str, Any], recipient: str) -> list[Path]:
        """This recipient's own attachments, checked (missing or too big: TemplateProblem)."""
        paths = [render_path(p, scope, recipient=recipient) for p in self.attachment_parts]
        for path in paths:
            check_file(path)
        return paths

    def check_recipient_files(self, snapshot: dict[str, Any]) -> None:
        """Pre-flight: every file this recipient gets exists and is not too big."""
        if self.attachment_parts:
            self.recipient_files(self._scope(snapshot), snapshot.get("email", ""))

    def _render_in(
        self, scope: dict[str, Any], email: str, *, test_send: bool = False
    ) -> tuple[str, str | None, str, str, str]:
        if test_send:  # never the contact's own link: a tester's click would unsubscribe them
            url = scope["unsubscribe_url"] = TEST_SEND_UNSUBSCRIBE_URL
            list_unsubscribe = f"<{url}>"
        else:
            url, list_unsubscribe = self._add_unsubscribe(scope, scope)
        subject = one_line(render_in_scope(self.subject, scope, recipient=email))
        html = render_in_scope(self.html, scope, recipient=email) if self.html else None
        if self.text is not None:
            text = render_in_scope(self.text, scope, recipient=email)
        else:
            text = html_to_text(html or "")
        return subject, html, text, list_unsubscribe, url

    def render(self, snapshot: dict[str, Any]) -> RenderedMessage:
        return RenderedMessage(*self.render_parts(snapshot))

    def build_test_send(
        self, snapshot: dict[str, Any], *, to_address: str, message_id: str
    ) -> bytes:
        """A test send rendered as ``snapshot``'s contact, but whose unsubscribe link (in
        the body and in List-Unsubscribe) is ``TEST_SEND_UNSUBSCRIBE_URL``: the contact's
        own URL or token never reaches the tester's mailbox."""
        return self.build_for(
            snapshot, to_address=to_address, message_id=message_id, test_send=True
        )

    def build_for(
        self, snapshot: dict[str, Any], *, to_address: str, message_id: str,
        test_send: bool = False,
    ) -> bytes:  # fmt: skip
        """The message bytes; anything that cannot be rendered or encoded is a TemplateProblem
        (the sending engine holds that message and goes on with the rest)."""
        scope = self._scope(snapshot)
        rendered = RenderedMessage(
            *self._render_in(scope, snapshot.get("email", ""), test_send=test_send)
        )
        files = (
            [read_file(p) for p in self.recipient_files(scope, to_address)]
            if self.attachment_parts
            else []
        )
        try:
            return compose(
                self.skeleton,
                to_address=to_address,
                to_name=snapshot.get("name"),
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                message_id=message_id,
                list_unsubscribe=rendered.list_unsubscribe,
                attachments=files,
            )
        except (UnicodeError, ValueError, TypeError) as exc:
            raise TemplateProblem(
                f"The message for {to_address} cannot be encoded: {exc}.",
                hint="Check this contact's values for unusual characters.",
            ) from None

    def build(self, message: Message) -> bytes:
        """The full message bytes for a queued row (TemplateProblem → the row is held)."""
        snapshot = message.variables or {}
        return self.build_for(snapshot, to_address=message.to_addr, message_id=message.message_id)


# Where a test send's unsubscribe link points: a name that never resolves (RFC 6761
# ``.invalid``) and says what it is, so a tester's click unsubscribes nobody.
TEST_SEND_UNSUBSCRIBE_URL = "https://test-send.invalid/unsubscribe-link-of-a-test-send"


def campaign_list_id(campaign: Campaign) -> str:
    """The campaign's RFC 2919 list-id (frozen at start; computed the same way before)."""
    return list_id_value(campaign.name, campaign.id, envelope_sender(campaign).rpartition("@")[2])


def envelope_sender(campaign: Campaign) -> str:
    """The bare address for MAIL FROM."""
    settings = campaign.frozen_settings or {}
    return parse_sender(settings.get("sender", campaign.sender))[1]


def snapshot_of(email: str, name: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    return {"email": email, "name": name, "fields": fields}


def quote_email(value: str) -> str:
    return quote(value, safe="")


TEXT_ENV.filters.setdefault("urlencode_email", quote_email)
