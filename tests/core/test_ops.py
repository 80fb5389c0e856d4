"""core.ops: what changed is merged and reported; reads give plain data, never rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import AlreadyExists
from core.ops import Changes
from core.ops import templates as template_ops


def test_changes_merge_flags_and_campaign_ids() -> None:
    merged = Changes(queue=True, campaign_ids=frozenset({1})) | Changes.of_campaigns(2)
    assert merged.queue and merged.campaigns and not merged.contacts
    assert merged.campaign_ids == {1, 2}
    assert merged.names == ("campaigns", "queue")
    assert not Changes()
    assert merged.touches_campaign(2) and not merged.touches_campaign(3)
    assert Changes(queue=True).touches_campaign(3)  # no ids: any campaign


def test_renaming_a_template_onto_another_is_refused(db: Path) -> None:
    first = template_ops.create("A", subject="s", html="<p>a</p>").value
    second = template_ops.create("B", subject="s", html="<p>b</p>").value
    with pytest.raises(AlreadyExists):
        template_ops.save(second, "A", subject="s", html="<p>changed</p>", text=None)
    assert template_ops.get_template(first).html == "<p>a</p>"
    result = template_ops.save(second, "C", subject="s", html="<p>c</p>", text=None)
    assert result.value == second and result.changes.templates
    assert [n for _i, n in template_ops.list_templates()] == ["A", "C"]


def test_a_markdown_template_keeps_its_format_css_and_image_folder(db: Path, tmp_path: Path) -> None:
    from core.templates import save_template

    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    created = save_template("M", subject="s", markdown="![l](logo.png) Hi", base_dir=str(tmp_path))
    template_ops.save(created.id, "M", subject="s2", html="", text=None,
                      markdown="# Hi {{ name }}\n\n![l](logo.png)", css="h1 { color: red }")  # fmt: skip
    data = template_ops.get_template(created.id)
    assert (data.body_format, data.body, data.css) == ("markdown", "# Hi {{ name }}\n\n![l](logo.png)", "h1 { color: red }")
    assert data.base_dir == str(tmp_path) and data.html == ""
    template_ops.save(created.id, "M", subject="s2", html="<p>now HTML</p>", text=None)
    data = template_ops.get_template(created.id)
    assert (data.body_format, data.body, data.markdown, data.css) == ("html", "<p>now HTML</p>", None, None)
