"""Images from disk, embedded in the message: ``<img src="logo.png">`` → ``cid:``.

A template written next to its images (``logo.png`` beside ``newsletter.md``) shows
them in every mail client without hosting them anywhere: each file is read once, when
the campaign starts, and travels in a ``multipart/related`` part with a Content-ID
that the HTML points to. Remote images (``https://…``), ``data:`` and ``cid:`` sources
and sources built by Jinja (``{{ photo_url }}``) are left as they are.
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core.errors import TemplateProblem

LARGE_IMAGE_BYTES = 1024 * 1024  # pre-flight warns above this (every message carries it)
LARGE_IMAGES_TOTAL_BYTES = 2 * 1024 * 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024

_IMG_SRC = re.compile(
    r"(<img\b[^>]*?\bsrc\s*=\s*)(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE | re.DOTALL
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class InlineImage:
    """One embedded image: its Content-ID (without ``<>``), file name, type and bytes."""

    cid: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class EmbeddedImages:
    html: str
    images: tuple[InlineImage, ...]
    warnings: tuple[str, ...]


def local_source(src: str) -> str | None:
    """The file path an ``<img src>`` names, or None when it is not a file on disk."""
    value = html.unescape(src).strip()
    if not value or "{{" in value or "{%" in value or value.startswith(("//", "#")):
        return None
    if value.lower().startswith("file:"):
        return unquote(urlsplit(value).path) or None
    if _SCHEME.match(value) and not re.match(r"^[A-Za-z]:[\\/]", value):  # C:\ is a path
        return None
    return unquote(value)


def embed_images(source_html: str, base_dir: str | None) -> EmbeddedImages:
    """Read every local image ``source_html`` shows and point its ``src`` at a Content-ID."""
    by_path: dict[Path, InlineImage] = {}
    warnings: list[str] = []

    def replace(match: re.Match[str]) -> str:
        src = match.group(2) if match.group(2) is not None else match.group(3)
        path_text = local_source(src)
        if path_text is None:
            return match.group(0)
        path = _resolve(path_text, base_dir)
        image = by_path.get(path)
        if image is None:
            image = _read(path, path_text, len(by_path) + 1)
            by_path[path] = image
            if len(image.data) > LARGE_IMAGE_BYTES:
                warnings.append(
                    f"The image {image.filename} is {len(image.data) / 1024 / 1024:.1f} MB and "
                    "goes in every message: make it smaller (under 200 KB is usual for mail)."
                )
        return f'{match.group(1)}"cid:{image.cid}"'

    rewritten = _IMG_SRC.sub(replace, source_html)
    total = sum(len(i.data) for i in by_path.values())
    if total > LARGE_IMAGES_TOTAL_BYTES and len(by_path) > 1:
        warnings.append(
            f"The embedded images add up to {total / 1024 / 1024:.1f} MB per message: many "
            "providers are slow to accept, or refuse, messages that large."
        )
    return EmbeddedImages(rewritten, tuple(by_path.values()), tuple(warnings))


def _resolve(path_text: str, base_dir: str | None) -> Path:
    path = Path(path_text).expanduser()
    if path.is_absolute():
        return path
    if not base_dir:
        raise TemplateProblem(
            f"The image {path_text} is given relative to the template's folder, but this "
            "template has none.",
            hint="Use the image's full path, or add the template from its file "
            "(template add … --html FILE).",
        )
    return Path(base_dir) / path


def _read(path: Path, as_written: str, number: int) -> InlineImage:
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise TemplateProblem(
                f"The image {as_written} is {size / 1024 / 1024:.1f} MB; images embedded in "
                f"mail are limited to {MAX_IMAGE_BYTES // 1024 // 1024} MB.",
                hint="Resize it, or host it and link to it with https://.",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateProblem(
            f"The image {as_written} does not exist (looked for {path}).",
            hint="Put the file there or correct its name in the template.",
        ) from None
    except IsADirectoryError:
        raise TemplateProblem(f"The image {as_written} is a folder, not a file.") from None
    except OSError as exc:
        raise TemplateProblem(
            f"Cannot read the image {as_written}: {exc.strerror}.", hint="Check the file."
        ) from None
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    digest = hashlib.sha256(data).hexdigest()[:12]
    return InlineImage(f"img{number}.{digest}@staffetta", path.name, content_type, data)
