"""The template editor on a real database: errors at their line while typing, preview, save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.modeltest import ModelTester

from core.firstrun import SAMPLE_TEMPLATE, seed_first_run
from core.models import Template
from gui.pages.templates_page import TemplatesPage


def _page(qtbot, context) -> TemplatesPage:
    seed_first_run()
    page = TemplatesPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


def test_typing_an_error_shows_its_line_then_fixing_it_previews_and_saves(qtbot, context):
    page = _page(qtbot, context)
    assert page.name.text() == SAMPLE_TEMPLATE
    assert not page.dirty
    assert "Ciao Anna!" in page.preview_html.toPlainText()  # the first sample contact
    assert "Subject: Hello Anna, news for" in page.preview_headers.toPlainText()

    page.html.setPlainText("<p>line one</p>\n<p>Hi </p>\n")
    cursor = page.html.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Down)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfLine)
    page.html.setTextCursor(cursor)
    qtbot.keyClicks(page.html, "{{ first_name ")  # typed, unclosed: a syntax error on line 2
    qtbot.waitUntil(lambda: page.last_problem is not None, timeout=5000)  # after the debounce
    assert "Line 2 of the HTML" in page.problem.label.text()
    assert page.html.extraSelections()[0].cursor.blockNumber() == 1
    assert page.editors.tabText(0) == "HTML ⚠"
    assert page.dirty and page.unsaved.text() == "Unsaved changes"

    page.html.setPlainText(
        '<p>Ciao {{ first_name }} da {{ city }}</p><a href="{{ unsubscribe_url }}">unsubscribe</a>'
    )
    qtbot.waitUntil(lambda: page.last_problem is None, timeout=5000)
    assert page.problem.isHidden()
    assert page.html.extraSelections() == []
    assert page.editors.tabText(0) == "HTML"

    page.preview_contact.setCurrentIndex(page.preview_contact.findText("zoe.muller@example.org"))
    page.check()
    assert "Ciao Zoë da Zürich" in page.preview_html.toPlainText()
    assert "To: " in page.preview_headers.toPlainText()
    assert "zoe.muller@example.org" in page.preview_headers.toPlainText()
    assert "Ciao Zoë da Zürich" in page.preview_text.toPlainText()  # derived text part
    assert any("No text part" in w for w in page.warnings)
    assert not any("unsubscribe" in w.lower() for w in page.warnings)

    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert not page.dirty
    stored = Template.get(Template.name == SAMPLE_TEMPLATE)
    assert "{{ city }}" in stored.html


def test_warnings_subject_errors_and_variables(qtbot, context):
    page = _page(qtbot, context)
    page.subject.setText("")
    page.html.setPlainText("<p>Hello</p>")
    page.check()
    assert any("subject is empty" in w for w in page.warnings)
    assert any("unsubscribe" in w.lower() for w in page.warnings)
    assert not page.warning_banner.isHidden()

    page.subject.setText("Hi {{ first_name")
    page.check()
    assert "subject" in page.problem.label.text()
    assert "d64545" in page.subject.styleSheet()

    page.subject.setText("Hi")
    page.html.setPlainText("<p>" + "news " * 22_000 + "</p>")
    page.check()
    assert any("102 KB" in w for w in page.warnings)

    page.html.setPlainText("")
    variables = [page.variables.item(i).text() for i in range(page.variables.count())]
    assert "{{ city }}" in variables and "{{ unsubscribe_url }}" in variables
    ModelTester(qtbot).check(page.variables.model(), force_py=True)
    city = page.variables.findItems("{{ city }}", Qt.MatchFlag.MatchExactly)[0]
    rect = page.variables.visualItemRect(city)
    qtbot.mouseClick(page.variables.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.html.toPlainText() == "{{ city }}"

    page.html.setPlainText("<p>{{ nope }}</p>")
    page.check()
    assert "nope" in page.problem.label.text()


def test_new_duplicate_and_delete(qtbot, context, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = _page(qtbot, context)
    page.new_template()
    assert page.name.text() == "New template"
    assert Template.select().count() == 2
    page.subject.setText("Changed {{ name }}")
    assert page.dirty
    page.duplicate_template()
    copy = Template.get(Template.name == "New template copy")
    assert copy.subject == "Changed {{ name }}"
    assert page.name.text() == "New template copy"

    # Switching away from unsaved edits asks; Cancel stays on the edited template.
    page.subject.setText("Edited again")
    monkeypatch.setattr(page, "confirm_discard", lambda: False)
    page.select(Template.get(Template.name == SAMPLE_TEMPLATE).id)
    assert page.name.text() == "New template copy" and page.subject.text() == "Edited again"
    monkeypatch.setattr(page, "confirm_discard", lambda: True)
    page.select(Template.get(Template.name == SAMPLE_TEMPLATE).id)
    assert page.name.text() == SAMPLE_TEMPLATE

    page.select(copy.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_current()
    assert not Template.select().where(Template.name == "New template copy").exists()
    assert page.templates.count() == 2
    ModelTester(qtbot).check(page.templates.model(), force_py=True)
