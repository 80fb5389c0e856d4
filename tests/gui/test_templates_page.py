"""The template editor used as a person does: typing, clicking, the real dialogs; errors at
their line in plain words, a preview for any contact found by searching, test sends."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester

from core.firstrun import SAMPLE_TEMPLATE, seed_first_run
from core.importer import import_contacts
from core.models import Template
from core.sandbox import BuiltinInbox, InboxStore, ensure_builtin_profile
from core.templates import save_template
from gui.pages.templates_page import TemplatesPage
from tests.conftest import free_port
from tests.gui.clicking import answer_message_box
from tests.gui.conftest import wait_idle


def _page(qtbot, context, *, seed: bool = True) -> TemplatesPage:
    if seed:
        seed_first_run()
    page = TemplatesPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.loaded is not None and page.last_preview is not None
                    and page.last_preview.contact_id == page.preview_contact.current_id())  # fmt: skip
    wait_idle(qtbot, context)
    return page


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text()!r} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_over(qtbot, editor, text: str) -> None:
    """Select everything in the field and type ``text`` over it (Return between lines)."""
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(editor, line)


def pick_contact(qtbot, context, page: TemplatesPage, search: str, shown: str = "") -> None:
    type_over(qtbot, page.preview_contact.search, search)
    qtbot.waitUntil(lambda: (shown or search) in page.preview_contact.current_label(),
                    timeout=5000)  # fmt: skip
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: page.last_preview is not None
                    and page.last_preview.contact_id == page.preview_contact.current_id())  # fmt: skip


def test_typing_an_error_shows_its_line_in_plain_words_then_fixing_it_previews_and_saves(
    qtbot, context
):
    page = _page(qtbot, context)
    assert page.name.text() == SAMPLE_TEMPLATE and not page.dirty
    assert "Ciao Anna!" in page.preview_html.toPlainText()  # the first sample contact
    assert "Subject: Hello Anna, news for" in page.preview_headers.toPlainText()

    type_over(qtbot, page.html, "<p>line one</p>\n<p>Hi </p>\n")
    cursor = page.html.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.Down)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfLine)
    page.html.setTextCursor(cursor)
    qtbot.keyClicks(page.html, "{{ first name }}")  # a space in a variable's name
    qtbot.waitUntil(lambda: page.last_problem is not None, timeout=5000)
    text = page.problem.label.text()
    assert text.startswith("Line 2 of the HTML: a name does not belong inside {{ }}"), text
    assert "end of print statement" not in text and "token" not in text
    assert page.html.extraSelections()[0].cursor.blockNumber() == 1
    assert page.editors.tabText(0) == "HTML ⚠"
    assert page.dirty and page.unsaved.text() == "Unsaved changes"

    type_over(qtbot, page.html, "<p>one</p>\n{% if city %}\n<p>{{ city }}</p>\n<p>more</p>\n")
    qtbot.waitUntil(lambda: page.last_problem is not None and "if" in page.last_problem.message,
                    timeout=5000)  # fmt: skip
    assert page.problem.label.text().startswith("Line 2 of the HTML: this {% if %} is never closed")
    assert page.html.extraSelections()[0].cursor.blockNumber() == 1  # the if's line, not the end

    type_over(qtbot, page.html, '<p>Ciao {{ first_name }} da {{ city }}</p>'
              '<a href="{{ unsubscribe_url }}">unsubscribe</a>')  # fmt: skip
    qtbot.waitUntil(lambda: page.last_problem is None, timeout=5000)
    assert page.problem.isHidden() and page.html.extraSelections() == []
    assert page.editors.tabText(0) == "HTML"

    pick_contact(qtbot, context, page, "zoe.m")
    assert "Ciao Zoë da Zürich" in page.preview_html.toPlainText()
    assert "zoe.muller@example.org" in page.preview_headers.toPlainText()
    assert "Ciao Zoë da Zürich" in page.preview_text.toPlainText()  # derived text part
    assert any("No text part" in w for w in page.warnings)

    page.html.setFocus()
    qtbot.keyClick(page.html, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    wait_idle(qtbot, context)
    assert not page.dirty
    assert "{{ city }}" in Template.get(Template.name == SAMPLE_TEMPLATE).html


def test_a_contact_that_cannot_be_rendered_does_not_show_the_previous_one(
    qtbot, context, tmp_path: Path
):
    path = tmp_path / "orders.csv"
    path.write_text("email,amount\nann@example.com,4\nbob@example.com,0\n")
    import_contacts(path, "Orders")
    save_template("Share", subject="Your share",
                  html="<p>Each gets {{ 100 // amount|int }}</p><a href='{{ unsubscribe_url }}'>"
                  "unsubscribe</a>")  # fmt: skip
    page = _page(qtbot, context, seed=False)
    pick_contact(qtbot, context, page, "ann@")
    assert "Each gets 25" in page.preview_html.toPlainText()
    pick_contact(qtbot, context, page, "bob@")
    qtbot.waitUntil(lambda: page.last_problem is not None)
    assert "Each gets" not in page.preview_html.toPlainText()
    assert "No preview for bob@example.com" in page.preview_html.toPlainText()
    assert "bob@example.com" in page.problem.label.text()


def test_the_contact_picker_searches_every_contact_of_a_big_list(qtbot, context, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("email,first_name,shop\n" + "".join(
        f"c{i:04d}@example.com,C{i},{'Torino' if i == 1234 else 'Roma'}\n" for i in range(2000)))  # fmt: skip
    import_contacts(path, "Many")
    save_template("T", subject="Hi {{ first_name }}", html="<p>{{ shop }}</p>")
    page = _page(qtbot, context, seed=False)
    picker = page.preview_contact
    assert picker.model.rowCount() == 2000  # not the first 100 or 200
    ModelTester(qtbot).check(picker.model, force_py=True)
    pick_contact(qtbot, context, page, "Torino", "c1234@")  # a custom field, not the address
    assert picker.model.rowCount() == 1 and "c1234@example.com" in picker.current_label()
    assert "Torino" in page.preview_html.toPlainText()


def test_new_duplicate_rename_and_delete_by_clicking(qtbot, context):
    page = _page(qtbot, context)
    click(qtbot, page.new_button)
    qtbot.waitUntil(lambda: page.name.text() == "New template")
    assert Template.select().count() == 2
    type_over(qtbot, page.subject, "Changed {{ name }}")
    assert page.dirty
    click(qtbot, page.duplicate_button)
    qtbot.waitUntil(lambda: page.name.text() == "New template copy")
    assert Template.get(Template.name == "New template copy").subject == "Changed {{ name }}"

    # Renaming onto another template's name is refused, nothing overwritten.
    type_over(qtbot, page.name, SAMPLE_TEMPLATE)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: isinstance(page.findChild(QMessageBox), QMessageBox))
    box = page.findChild(QMessageBox)
    assert f"Another template is already named {SAMPLE_TEMPLATE!r}" in box.text()
    box.close()
    box.deleteLater()
    assert Template.get(Template.name == SAMPLE_TEMPLATE).subject.startswith("Hello")

    # Switching away from unsaved edits asks; Cancel stays, Discard goes.
    answer_message_box(QMessageBox.StandardButton.Cancel)
    page.templates.setCurrentRow(0)
    assert page.name.text() == SAMPLE_TEMPLATE and page.dirty  # the typed name is kept
    answer_message_box(QMessageBox.StandardButton.Discard)
    sample_row = [page.templates.item(i).text() for i in range(3)].index(SAMPLE_TEMPLATE)
    page.templates.setCurrentRow(sample_row)
    qtbot.waitUntil(lambda: not page.dirty and page.loaded.name == SAMPLE_TEMPLATE)

    copy_row = [page.templates.item(i).text() for i in range(3)].index("New template copy")
    page.templates.setCurrentRow(copy_row)
    qtbot.waitUntil(lambda: page.loaded.name == "New template copy")
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, page.delete_button)
    qtbot.waitUntil(lambda: page.templates.count() == 2)
    assert not Template.select().where(Template.name == "New template copy").exists()
    ModelTester(qtbot).check(page.templates.model(), force_py=True)


def test_test_send_from_the_editor_sends_the_unsaved_text_to_the_built_in_inbox(
    qtbot, context, tmp_path: Path
):
    page = _page(qtbot, context)
    inbox = BuiltinInbox(InboxStore(tmp_path / "inbox"), port=free_port())
    inbox.start()
    try:
        ensure_builtin_profile()
        from core.sandbox import point_builtin_profile_at

        point_builtin_profile_at(inbox.port or 0)
        type_over(qtbot, page.subject, "Draft for {{ first_name }}")  # not saved
        click(qtbot, page.test_button)
        dialog = page.test_dialog
        qtbot.waitUntil(lambda: dialog is not None and dialog.profile_box.count() > 0)
        dialog.profile_box.setCurrentIndex(dialog.profile_box.findData("Built-in test inbox"))
        type_over(qtbot, dialog.addresses, "me@example.com")
        type_over(qtbot, dialog.picker.search, "giulia")
        qtbot.waitUntil(lambda: "giulia.rossi@example.com" in dialog.picker.current_label())
        click(qtbot, dialog.send_button)
        qtbot.waitUntil(lambda: dialog.result_label.text().startswith(("✓", "✗")), timeout=10_000)
        assert dialog.result_label.text().startswith("✓ Sent 1 test to me@example.com"), dialog.result_label.text()
        messages = inbox.store.list()
        assert [(m.to, m.subject) for m in messages] == [("me@example.com", "Draft for Giulia")]
        assert dialog.inbox_button.isVisible()
        with qtbot.waitSignal(context.signals.navigate) as went:
            click(qtbot, dialog.inbox_button)
        assert went.args == ["inbox", None] and not dialog.isVisible()
    finally:
        inbox.stop()
    assert Template.get(Template.name == SAMPLE_TEMPLATE).subject.startswith("Hello")


def test_a_markdown_body_previews_and_saves(qtbot, context):
    page = _page(qtbot, context)
    page.body_format.setFocus()
    qtbot.keyClick(page.body_format, Qt.Key.Key_Down)  # HTML → Markdown
    assert page.body_format.currentData() == "markdown"
    assert page.editors.tabText(0) == "Markdown"
    type_over(qtbot, page.html, "# Ciao {{ first_name }}\n\nNews from **{{ city }}**.\n\n"
              "[Unsubscribe]({{ unsubscribe_url }})\n")  # fmt: skip
    qtbot.waitUntil(lambda: page.last_preview is not None and page.last_preview.html is not None
                    and "<h1" in page.last_preview.html, timeout=5000)  # fmt: skip
    assert "Ciao Anna" in page.preview_html.toPlainText()
    click(qtbot, page.save_button)
    wait_idle(qtbot, context)
    stored = Template.get(Template.name == SAMPLE_TEMPLATE)
    assert stored.body_format == "markdown" and stored.markdown.startswith("# Ciao")


def test_a_mistyped_variable_gets_did_you_mean_and_a_one_click_fix(qtbot, context):
    page = _page(qtbot, context)
    type_over(qtbot, page.html, '<p>Ciao {{ frist_name }}</p><a href="{{ unsubscribe_url }}">u</a>')
    editor = page.body_editor
    qtbot.waitUntil(lambda: editor.suggestions.isVisible(), timeout=5000)
    assert "did you mean {{ first_name }}" in editor.suggestions.text()
    click(qtbot, editor.fix_button)
    assert "{{ first_name }}" in page.html.toPlainText()
    qtbot.waitUntil(lambda: "Ciao Anna" in page.preview_html.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: not editor.suggestions.isVisible(), timeout=5000)
