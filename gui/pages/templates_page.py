"""Templates: subject, body (HTML or Markdown), CSS and text editors with errors at their
line, a live preview for any contact, and test sends.

Everything the page reads and writes goes through ``core.ops.templates`` off the UI
thread; the preview renders there too, so a big template never freezes the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import Changes
from core.ops import contacts as contact_ops
from core.ops import content as content_ops
from core.ops import templates as template_ops
from core.ops.content import TemplateDraft
from core.ops.templates import Preview, Problem, TemplateData, TemplateSource
from core.rendering import available_variables
from gui.contact_picker import ContactPicker
from gui.context import AppContext
from gui.dialogs.test_send_dialog import TemplateToTest, TestSendDialog
from gui.editor.body_editor import BodyEditor
from gui.editor.preview import MailPreview
from gui.errors import show_error
from gui.format import plural
from gui.i18n import fmt, number
from gui.questions import ask, confirm_unsaved
from gui.widgets import Banner, page_header

NEW_TEMPLATE_HTML = '<p>Hello {{ name }},</p>\n\n<p>…</p>\n\n<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>\n'


class TemplatesPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.current_id: int | None = None
        self.loaded: TemplateData | None = None
        self.last_problem: Problem | None = None
        self.last_preview: Preview | None = None
        self.warnings: list[str] = []
        self.dirty = False
        self._loading = False
        self._shown_html: str | None = None
        self._shown_for: int | None = None  # the contact the preview shows
        self.test_dialog: TestSendDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._pending_select: int | None = None

        self.templates = QListWidget()
        self.templates.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.templates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.templates.currentItemChanged.connect(self._template_chosen)
        self.new_button = QPushButton(QCoreApplication.translate("TemplatesPage", "New"))
        self.new_button.clicked.connect(self.new_template)
        self.duplicate_button = QPushButton(
            QCoreApplication.translate("TemplatesPage", "Duplicate")
        )
        self.duplicate_button.clicked.connect(self.duplicate_template)
        self.delete_button = QPushButton(QCoreApplication.translate("TemplatesPage", "Delete…"))
        self.delete_button.clicked.connect(self.delete_current)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.templates, 1)
        # New above Duplicate and Delete: three buttons side by side made the list wider
        # than template names need, and the editor narrower.
        buttons = QGridLayout()
        buttons.addWidget(self.new_button, 0, 0, 1, 2)
        buttons.addWidget(self.duplicate_button, 1, 0)
        buttons.addWidget(self.delete_button, 1, 1)
        left_layout.addLayout(buttons)

        self.name = QLineEdit()
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(
            QCoreApplication.translate("TemplatesPage", "Hello {{ first_name }}, …")
        )
        # The body editors (gui/editor): HTML or Markdown with highlighting, text, CSS,
        # Insert image, "did you mean {{ first_name }}?".
        self.body_editor = BodyEditor()
        self.body_format = self.body_editor.format
        self.html = self.body_editor.body
        self.text = self.body_editor.text
        self.css = self.body_editor.css
        self.editors = self.body_editor.tabs
        self.problem = Banner()
        self.warning_banner = Banner()
        self.variables = QListWidget()
        self.variables.setToolTip(
            QCoreApplication.translate("TemplatesPage", "Click to insert at the cursor")
        )
        self.variables.setMaximumHeight(84)
        self.variables.setFlow(QListWidget.Flow.LeftToRight)
        self.variables.setWrapping(True)
        self.variables.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.variables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.variables.setSpacing(3)
        self.variables.setCursor(Qt.CursorShape.PointingHandCursor)
        self.variables.itemClicked.connect(self._insert_variable)
        self.unsaved = QLabel()
        self.unsaved.setObjectName("hint")
        self.test_button = QPushButton(QCoreApplication.translate("TemplatesPage", "Test send…"))
        self.test_button.clicked.connect(self.open_test_send)
        self.save_button = QPushButton(QCoreApplication.translate("TemplatesPage", "Save"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(QCoreApplication.translate("TemplatesPage", "Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)

        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("TemplatesPage", "Name"), self.name)
        form.addRow(QCoreApplication.translate("TemplatesPage", "Subject"), self.subject)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.body_editor, 1)
        editor_layout.addWidget(self.problem)
        editor_layout.addWidget(self.warning_banner)
        editor_layout.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "TemplatesPage", "Variables from the chosen list (click to insert):"
                )
            )
        )
        editor_layout.addWidget(self.variables)
        save_row = QHBoxLayout()
        save_row.addWidget(self.test_button)
        save_row.addStretch(1)
        save_row.addWidget(self.unsaved)
        save_row.addWidget(self.save_button)
        editor_layout.addLayout(save_row)

        self.preview_list = QComboBox()
        self.preview_list.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preview_list.setMinimumContentsLength(16)
        self.preview_list.activated.connect(self._list_chosen)
        self.preview_contact = ContactPicker(context, rows=4)
        self.preview_contact.chosen.connect(lambda _cid: self.schedule_check())
        self.preview_contact.loaded.connect(self.schedule_check)
        self.mail_preview = MailPreview()  # desktop / phone width, embedded images shown
        self.preview_html = self.mail_preview.browser
        self.preview_text = QPlainTextEdit(readOnly=True)
        self.preview_headers = QPlainTextEdit(readOnly=True)
        self.preview_tabs = QTabWidget()
        self.preview_tabs.addTab(
            self.mail_preview, QCoreApplication.translate("TemplatesPage", "Preview")
        )
        self.preview_tabs.addTab(
            self.preview_text, QCoreApplication.translate("TemplatesPage", "Text")
        )
        self.preview_tabs.addTab(
            self.preview_headers, QCoreApplication.translate("TemplatesPage", "Headers")
        )
        self.preview_note = QLabel()
        self.preview_note.setObjectName("hint")
        self.preview_note.setWordWrap(True)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        chooser = QFormLayout()
        chooser.addRow(QCoreApplication.translate("TemplatesPage", "List"), self.preview_list)
        chooser.addRow(QCoreApplication.translate("TemplatesPage", "Contact"), self.preview_contact)
        preview_layout.addLayout(chooser)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview_tabs, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(editor_box)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 560, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(
            page_header(
                QCoreApplication.translate("TemplatesPage", "Templates"),
                QCoreApplication.translate(
                    "TemplatesPage",
                    "Write the email once with {{ variables }} from your contact columns; errors show at their line as you type, the preview renders for a real contact.",
                ),
            )
        )
        layout.addWidget(splitter, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(300)
        self._check_timer.timeout.connect(self.check)
        self.body_editor.changed.connect(self._edited)
        self.subject.textChanged.connect(self._edited)
        self.name.textChanged.connect(self._edited)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        context.signals.changed.connect(self.on_changes)
        self.reload_lists()
        self.reload_templates()

    # --- loading -----------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if changes.templates:
            self.reload_templates()
        if changes.lists or changes.contacts:
            self.reload_lists()

    def reload_templates(self) -> None:
        self.context.query("template list", template_ops.list_templates,
                           on_done=self._templates_arrived)  # fmt: skip

    def _templates_arrived(self, templates: list[tuple[int, str]]) -> None:
        wanted = self._pending_select if self._pending_select is not None else self.current_id
        self._pending_select = None
        self.templates.blockSignals(True)
        self.templates.clear()
        chosen: QListWidgetItem | None = None
        for template_id, name in templates:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, template_id)
            item.setToolTip(name)
            self.templates.addItem(item)
            if template_id == wanted:
                chosen = item
        if chosen is None and self.templates.count() and not self.dirty:
            chosen = self.templates.item(0)
        if chosen is not None:
            self.templates.setCurrentItem(chosen)
        self.templates.blockSignals(False)
        chosen_id = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        if chosen_id != self.current_id and not self.dirty:
            self._load(chosen_id)
        self._update_buttons()

    def reload_lists(self) -> None:
        self.context.query("template lists", contact_ops.list_summaries,
                           on_done=self._lists_arrived)  # fmt: skip

    def _lists_arrived(self, lists: list[tuple[int, str, int]]) -> None:
        first_fill = self.preview_list.count() == 0
        current = self.preview_list.currentData()
        self.preview_list.clear()
        self.preview_list.addItem(
            QCoreApplication.translate("TemplatesPage", "Every contact"), None
        )
        for list_id, name, count in lists:
            self.preview_list.addItem(f"{name} ({plural(count, 'contact')})", list_id)
        index = -1 if first_fill else self.preview_list.findData(current)
        self.preview_list.setCurrentIndex(index if index >= 0 else min(1, len(lists)))
        self._list_chosen()

    def _list_chosen(self, *_args: Any) -> None:
        list_id = self.preview_list.currentData()
        self.preview_contact.set_list(list_id)
        self.context.query("template fields", contact_ops.field_names, list_id,
                           on_done=self._fields_arrived)  # fmt: skip

    def _fields_arrived(self, fields: list[str]) -> None:
        self.variables.clear()
        for name in available_variables(fields):
            self.variables.addItem(f"{{{{ {name} }}}}")
        self._describe_variables()

    def _template_chosen(
        self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None
    ) -> None:
        if item is None:
            return
        template_id = item.data(Qt.ItemDataRole.UserRole)
        if template_id == self.current_id:
            return
        if self.dirty and not self.confirm_discard():
            if previous is not None:
                self.templates.blockSignals(True)
                self.templates.setCurrentItem(previous)
                self.templates.blockSignals(False)
            return
        self._load(template_id)

    def _load(self, template_id: int | None) -> None:
        self.current_id = template_id
        if template_id is None:
            self.loaded = None
            self._update_buttons()
            return

        def arrived(data: TemplateData) -> None:
            if data.id == self.current_id:
                self.show_template(data)

        self.context.query("template", template_ops.get_template, template_id, on_done=arrived)

    def show_template(self, data: TemplateData) -> None:
        """Show a stored template in the editors (no unsaved changes afterwards)."""
        self.loaded = data
        self.current_id = data.id
        self._shown_html = None
        self._loading = True
        try:
            source = data.source
            self.name.setText(data.name)
            self.subject.setText(source.subject)
            self.name.setCursorPosition(0)
            self.subject.setCursorPosition(0)
            self.body_editor.load(body_format=source.body_format, body=source.body,
                                  text=source.text, css=source.css, base_dir=source.base_dir)  # fmt: skip
        finally:
            self._loading = False
        self._set_dirty(False)
        self._update_buttons()
        self.check()

    def _update_buttons(self) -> None:
        has = self.current_id is not None
        for button in (self.duplicate_button, self.delete_button, self.test_button):
            button.setEnabled(has)

    def _edited(self) -> None:
        if not self._loading:
            self._set_dirty(True)
        self.schedule_check()

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.unsaved.setText(
            QCoreApplication.translate("TemplatesPage", "Unsaved changes") if dirty else ""
        )

    def confirm_discard(self) -> bool:
        """Ask before losing edits: Save (then go on), Discard, or stay (False)."""
        return confirm_unsaved(
            self, QCoreApplication.translate("TemplatesPage", "Unsaved changes"),
            fmt(QCoreApplication.translate("TemplatesPage", "Save the changes to %1?"),
                repr(self.name.text())),
            save=self.save, discard=lambda: self._set_dirty(False),
        )  # fmt: skip

    def select(self, template_id: object) -> None:
        for row in range(self.templates.count()):
            if self.templates.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.templates.setCurrentRow(row)
                return
        if isinstance(template_id, int):
            self._pending_select = template_id
            self.reload_templates()

    def _insert_variable(self, item: QListWidgetItem) -> None:
        editor = self.editors.currentWidget()
        if editor is self.css:
            editor = self.html
            self.editors.setCurrentWidget(editor)
        if isinstance(editor, QPlainTextEdit):
            editor.insertPlainText(item.text())
            editor.setFocus()

    def _describe_variables(self) -> None:
        """Each variable's tooltip shows its value for the previewed contact."""
        values = self.last_preview.variables if self.last_preview is not None else {}
        for row in range(self.variables.count()):
            item = self.variables.item(row)
            name = item.text().strip("{} ")
            item.setToolTip(
                fmt(
                    QCoreApplication.translate(
                        "TemplatesPage", "%1 = %2 for this contact — click to insert"
                    ),
                    name,
                    repr(values.get(name, "")),
                )
            )

    # --- checking and preview -----------------------------------------------------------

    def source(self) -> TemplateSource:
        return TemplateSource(
            subject=self.subject.text(), body=self.html.toPlainText(),
            text=self.text.toPlainText() or None, body_format=self.body_format.currentData(),
            css=self.css.toPlainText() or None, base_dir=self.body_editor.base_dir,
        )  # fmt: skip

    def schedule_check(self) -> None:
        self._check_timer.start()

    def check(self) -> None:
        """Render for the chosen contact off the UI thread; show errors at their line."""
        self._check_timer.stop()
        self._suggest()
        if not self.preview_contact.ready:
            return  # rendered once the contacts arrive (``loaded``), for a real contact
        self.context.query("template preview", template_ops.preview, self.source(),
                           self.preview_contact.current_id(), on_done=self.show_preview)  # fmt: skip

    def show_preview(self, preview: Preview) -> None:
        self.last_preview = preview
        problem = preview.problem
        self.last_problem = problem
        if problem is not None:
            self.problem.show_message(problem.message, "error")
            part = problem.part
            if part == "text" and not self.text.toPlainText():
                part = "Markdown" if self.body_format.currentData() == "markdown" else "HTML"
            self.body_editor.mark(part, problem.line if problem.syntax else None)
            self._mark_subject(problem.part == "subject")
            if not problem.syntax or self._shown_for != preview.contact_id:
                # Never leave another contact's message on show under this one's name.
                self._shown_html = None
                self._shown_for = None
                self.mail_preview.show_message(
                    fmt(
                        QCoreApplication.translate(
                            "TemplatesPage",
                            "<p style='color:gray'>No preview for %1: see the message under the editor.</p>",
                        ),
                        _escape(preview.rendered_for),
                    )
                )
                self.preview_text.clear()
                self.preview_headers.clear()
                self.preview_note.setText(
                    fmt(
                        QCoreApplication.translate("TemplatesPage", "Cannot render for %1."),
                        preview.rendered_for,
                    )
                )
            self.warning_banner.clear()
            return
        self.problem.clear()
        self.body_editor.mark(None, None)
        self._mark_subject(False)
        self._shown_for = preview.contact_id
        self.preview_note.setText(
            fmt(
                QCoreApplication.translate("TemplatesPage", "Rendered for %1 · %2 KB"),
                preview.rendered_for,
                number(preview.size / 1024, 0),
            )
        )
        if preview.html != self._shown_html:  # re-laying out a big page costs ~0.1 s
            self._shown_html = preview.html
            self.mail_preview.show_html(preview.html or "", preview.images)
        self.preview_text.setPlainText(preview.text)
        self.preview_headers.setPlainText(preview.headers)
        self._describe_variables()
        self.warnings = list(preview.warnings)
        if self.warnings:
            self.warning_banner.show_message("\n".join("• " + w for w in self.warnings), "warning")
        else:
            self.warning_banner.clear()

    def _mark_subject(self, wrong: bool) -> None:
        self.subject.setStyleSheet(
            "QLineEdit { border: 1px solid #d64545; border-radius: 3px; }" if wrong else ""
        )

    def _suggest(self) -> None:
        """ "Did you mean {{ first_name }}?" for variables the chosen list does not have."""
        source = self.source()
        draft = TemplateDraft(subject=source.subject, body=source.body,
                              body_format=source.body_format, text=source.text)  # fmt: skip
        self.context.query("template suggestions", content_ops.misspelt_variables, draft,
                           self.preview_list.currentData(),
                           on_done=self.body_editor.show_suggestions)  # fmt: skip

    # --- saving and the list ---------------------------------------------------------------

    def save(self, then: Any = None) -> None:
        name = self.name.text()

        def saved(template_id: int) -> None:
            self.current_id = template_id
            self._pending_select = template_id
            self._set_dirty(False)
            self.context.signals.status_message.emit(
                fmt(
                    QCoreApplication.translate("TemplatesPage", "Template %1 saved."),
                    repr(name.strip()),
                )
            )
            if callable(then):
                then()

        self.context.op("save template", template_ops.save, self.current_id, name,
                        self.source(), on_done=saved,
                        on_error=lambda e: show_error(self, e))  # fmt: skip

    def new_template(self) -> None:
        if self.dirty and not self.confirm_discard():
            return
        source = TemplateSource(subject="Hello {{ name }}", body=NEW_TEMPLATE_HTML)

        def created(template_id: int) -> None:
            self._pending_select = template_id
            self.current_id = None  # load it when the list arrives
            self.name.setFocus()

        self.context.op("new template", template_ops.create, self.tr("New template"), source,
                        on_done=created, on_error=lambda e: show_error(self, e))  # fmt: skip

    def duplicate_template(self) -> None:
        """A copy of what the editors show now (unsaved edits included)."""
        if self.current_id is None:
            return
        base = fmt(self.tr("%1 copy"), self.name.text().strip() or self.tr("Template"))

        def created(template_id: int) -> None:
            self._set_dirty(False)
            self._pending_select = template_id
            self.current_id = None

        self.context.op("duplicate template", template_ops.create, base, self.source(),
                        on_done=created, on_error=lambda e: show_error(self, e))  # fmt: skip

    def delete_current(self) -> None:
        if self.current_id is None or self.loaded is None:
            return
        template_id, name, users = self.current_id, self.loaded.name, self.loaded.used_by
        question = fmt(self.tr("Delete the template %1?"), repr(name))
        if users:
            question += " " + fmt(
                self.tr("1 campaign uses it: campaigns already started keep their copy, "
                        "drafts will need another template.") if users == 1 else
                self.tr("%1 use it: campaigns already started keep their copy, drafts will "
                        "need another template."), plural(users, "campaign"))  # fmt: skip
        answer = ask(self, QCoreApplication.translate("TemplatesPage", "Delete template"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def deleted(_changes: Changes) -> None:
            self.current_id = None
            self.loaded = None
            self._set_dirty(False)

        self.context.op("delete template", template_ops.delete, template_id, on_done=deleted,
                        on_error=lambda e: show_error(self, e))  # fmt: skip

    def open_test_send(self) -> None:
        """Test-send what the editors show (saved or not), rendered for a chosen contact."""
        source = self.source()
        dialog = TestSendDialog(
            self.context, self, template=TemplateToTest(source, self.preview_list.currentData()),
            contact_id=self.preview_contact.current_id(),
        )  # fmt: skip
        self.test_dialog = dialog
        dialog.open()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["StaffettaError", "TemplatesPage"]
