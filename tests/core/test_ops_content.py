"""The editor's reads: the preview for a real contact with embedded images, and the
variables a draft uses that the chosen list does not have."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.contacts import contact_ids, list_summaries
from core.errors import TemplateProblem
from core.importer import import_contacts
from core.ops.content import TemplateDraft, list_variables, misspelt_variables, preview
from tests.core.test_content import PNG


def test_preview_renders_for_the_contact_with_images_and_warnings(db, tmp_path: Path):
    (tmp_path / "c.csv").write_text("email,First Name,City\nann@example.com,Ann <x>,Roma\n")
    import_contacts(tmp_path / "c.csv", "L")
    (tmp_path / "logo.png").write_bytes(PNG)
    list_id = list_summaries()[0][0]
    draft = TemplateDraft(
        subject="Hi {{ first_name }}", body_format="markdown", base_dir=str(tmp_path),
        body="<style>h1 { color: red }</style>\n\n![Logo](logo.png)\n\n# Ciao {{ first_name }}",
    )  # fmt: skip
    shown = preview(draft, contact_id=contact_ids(list_id)[0])
    assert shown.subject == "Hi Ann <x>"
    assert "Ciao Ann &lt;x&gt;</h1>" in shown.html and "color: red" in shown.html
    ((cid, data),) = shown.images.items()
    assert data == PNG and f"cid:{cid}" in shown.html
    assert shown.text.startswith("Logo\n\nCiao Ann <x>\n")
    assert any("unsubscribe" in w for w in shown.warnings)
    assert any("made from the Markdown" in w for w in shown.warnings)
    assert ("To", "ann@example.com") in shown.headers and shown.variables["city"] == "Roma"
    with pytest.raises(TemplateProblem) as problem:
        preview(
            TemplateDraft(subject="s", body="{{ frist_name }}"), contact_id=contact_ids(list_id)[0]
        )
    assert problem.value.hint == "Did you mean {{ first_name }}?"


def test_misspelt_variables_suggest_the_list_columns(db, tmp_path: Path):
    (tmp_path / "c.csv").write_text("email,First Name,City\nann@example.com,Ann,Roma\n")
    import_contacts(tmp_path / "c.csv", "L")
    list_id = list_summaries()[0][0]
    assert list_variables(list_id) == ["email", "name", "unsubscribe_url", "first_name", "city"]
    draft = TemplateDraft(
        subject="{{ First_Name }}", body="{{ frist_name }} {{ cty }} {{ email }} {{ nothing_like }}"
        "{% for x in items %}{{ x }}{% endfor %} {{ fields['City'] }} {{ campaign.name }}",
        text="{{ unsubscribe_url }} {{ broken",
    )  # fmt: skip
    assert misspelt_variables(draft, list_id) == [
        ("First_Name", "first_name"), ("cty", "city"), ("frist_name", "first_name"),
        ("items", None), ("nothing_like", None),
    ]  # fmt: skip


def test_attachment_preview_resolves_the_path_for_the_first_contacts(db, tmp_path: Path):
    from core.ops.content import attachment_preview

    (tmp_path / "c.csv").write_text("email,id\na@example.com,1\nb@example.com,2\nc@example.com,../x\n")
    import_contacts(tmp_path / "c.csv", "L")
    (tmp_path / "1.pdf").write_bytes(b"%PDF one")
    list_id = list_summaries()[0][0]
    files = attachment_preview(str(tmp_path) + "/{{ id }}.pdf", list_id)
    assert [(f.email, f.size) for f in files] == [
        ("a@example.com", 8), ("b@example.com", None), ("c@example.com", None)
    ]
    assert "2.pdf does not exist" in files[1].problem
    assert "cannot be part of a file name" in files[2].problem and files[2].path == ""
    with pytest.raises(TemplateProblem):
        attachment_preview(str(tmp_path) + "/{{ id }.pdf", list_id)
