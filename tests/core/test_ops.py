"""core.ops: what changed is merged and reported; reads give plain data, never rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import AlreadyExists
from core.ops import Changes
from core.ops import templates as template_ops
from core.ops.templates import TemplateSource


def test_changes_merge_flags_and_campaign_ids() -> None:
    merged = Changes(queue=True, campaign_ids=frozenset({1})) | Changes.of_campaigns(2)
    assert merged.queue and merged.campaigns and not merged.contacts
    assert merged.campaign_ids == {1, 2}
    assert merged.names == ("campaigns", "queue")
    assert not Changes()
    assert merged.touches_campaign(2) and not merged.touches_campaign(3)
    assert Changes(queue=True).touches_campaign(3)  # no ids: any campaign


def test_renaming_a_template_onto_another_is_refused(db: Path) -> None:
    first = template_ops.create("A", TemplateSource("s", "<p>a</p>")).value
    second = template_ops.create("B", TemplateSource("s", "<p>b</p>")).value
    with pytest.raises(AlreadyExists):
        template_ops.save(second, "A", TemplateSource("s", "<p>changed</p>"))
    assert template_ops.get_template(first).source.body == "<p>a</p>"
    result = template_ops.save(second, "C", TemplateSource("s", "<p>c</p>"))
    assert result.value == second and result.changes.templates
    assert [n for _i, n in template_ops.list_templates()] == ["A", "C"]


def test_contact_search_matches_custom_fields(db: Path, tmp_path: Path) -> None:
    from core.importer import import_contacts
    from core.ops import contacts as contact_ops

    path = tmp_path / "c.csv"
    path.write_text("email,city\na@example.com,Zürich\nb@example.com,Roma\n", encoding="utf-8")
    import_contacts(path, "L")
    rows = contact_ops.contact_rows(contact_ops.contact_ids(None, "zürich"))
    assert [r.email for r in rows.values()] == ["a@example.com"]


def test_a_markdown_template_keeps_its_format_css_and_image_folder(db: Path, tmp_path: Path) -> None:
    from core.models import Template
    from core.templates import save_template

    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    created = save_template("M", subject="s", markdown="![l](logo.png) Hi", base_dir=str(tmp_path))
    template_ops.save(created.id, "M", TemplateSource(
        "s2", "# Hi {{ name }}\n\n![l](logo.png)", body_format="markdown",
        css="h1 { color: red }"))  # fmt: skip
    data = template_ops.get_template(created.id)
    assert (data.source.body_format, data.source.body, data.source.css) == (
        "markdown", "# Hi {{ name }}\n\n![l](logo.png)", "h1 { color: red }")  # fmt: skip
    assert data.source.base_dir == str(tmp_path) and Template.get_by_id(created.id).html == ""
    template_ops.save(created.id, "M", TemplateSource("s2", "<p>now HTML</p>"))
    stored = Template.get_by_id(created.id)
    assert (stored.body_format, stored.html, stored.markdown, stored.css) == (
        "html", "<p>now HTML</p>", None, None)  # fmt: skip
