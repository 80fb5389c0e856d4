"""What a marketer writes, made into mail: Markdown templates in an email-safe layout,
CSS inlined into ``style`` attributes, images from disk embedded (``cid:``), files
attached per recipient, and "did you mean …?" for mistyped variables.

Everything here runs once per template (at campaign start, and for the preview), so the
composer's per-recipient work stays a Jinja render and a few headers. The pipeline is
``core.content.body.compile_body``.
"""
