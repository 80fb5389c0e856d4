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
