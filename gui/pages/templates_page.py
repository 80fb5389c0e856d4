"""Templates: subject, HTML and text editors with errors at their line and a live preview."""

from __future__ import annotations

import email
from email import policy
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.campaigns import CampaignComposer, snapshot_of
from core.contacts import contact_ids, contact_rows, field_names, list_summaries
from core.errors import StaffettaError, TemplateProblem
from core.models import Template
from core.rendering import TemplateSyntaxProblem, available_variables, derive_text_template
from core.templates import delete_template, save_template
from gui.context import AppContext
from gui.errors import show_error
from gui.widgets import Banner, page_header

SAMPLE_SENDER = "You <you@example.com>"
GMAIL_CLIP = 102 * 1024


def _mono(editor: QPlainTextEdit) -> QPlainTextEdit:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    editor.setFont(font)
    editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    editor.setTabStopDistance(4 * editor.fontMetrics().horizontalAdvance(" "))
    return editor


class TemplatesPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.current_id: int | None = None
        self.last_problem: TemplateProblem | None = None
        self.warnings: list[str] = []
        self.dirty = False
        self._loading = False
        self._shown_html: str | None = None

        self.templates = QListWidget()
        self.templates.currentItemChanged.connect(self._template_chosen)
        new_button = QPushButton("New")
        new_button.clicked.connect(self.new_template)
        duplicate_button = QPushButton("Duplicate")
        duplicate_button.clicked.connect(self.duplicate_template)
        delete_button = QPushButton("Delete…")
        delete_button.clicked.connect(self.delete_current)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.templates, 1)
        row = QHBoxLayout()
        for b in (new_button, duplicate_button, delete_button):
            row.addWidget(b)
        left_layout.addLayout(row)

        self.name = QLineEdit()
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("Hello {{ first_name }}, …")
        self.html = _mono(QPlainTextEdit())
        self.text = _mono(QPlainTextEdit())
        self.text.setPlaceholderText("Leave empty to derive the text part from the HTML.")
        self.editors = QTabWidget()
        self.editors.addTab(self.html, "HTML")
        self.editors.addTab(self.text, "Plain text")
        self.problem = Banner()
        self.warning_banner = Banner()
        self.variables = QListWidget()
        self.variables.setToolTip("Click to insert at the cursor")
        self.variables.setMaximumHeight(84)
        self.variables.setFlow(QListWidget.Flow.LeftToRight)
        self.variables.setWrapping(True)
        self.variables.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-flow when resized
        self.variables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.variables.setSpacing(3)
        self.variables.setCursor(Qt.CursorShape.PointingHandCursor)
        self.variables.itemClicked.connect(self._insert_variable)
        self.unsaved = QLabel()
        self.unsaved.setObjectName("hint")
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Subject", self.subject)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.editors, 1)
        editor_layout.addWidget(self.problem)
        editor_layout.addWidget(self.warning_banner)
        editor_layout.addWidget(QLabel("Variables from the chosen list (click to insert):"))
        editor_layout.addWidget(self.variables)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.unsaved)
        save_row.addWidget(self.save_button)
        editor_layout.addLayout(save_row)

        self.preview_list = QComboBox()
        self.preview_list.currentIndexChanged.connect(self._list_chosen)
        self.preview_contact = QComboBox()
        self.preview_contact.setMinimumContentsLength(24)
        self.preview_contact.currentIndexChanged.connect(lambda _i: self.schedule_check())
        self.preview_html = QTextBrowser()
        self.preview_html.setOpenLinks(False)
        self.preview_text = QPlainTextEdit(readOnly=True)
        self.preview_headers = QPlainTextEdit(readOnly=True)
        self.preview_tabs = QTabWidget()
        self.preview_tabs.addTab(self.preview_html, "Preview")
        self.preview_tabs.addTab(self.preview_text, "Text")
        self.preview_tabs.addTab(self.preview_headers, "Headers")
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        chooser = QFormLayout()
        chooser.addRow("List", self.preview_list)
        chooser.addRow("Contact", self.preview_contact)
        preview_layout.addLayout(chooser)
        preview_layout.addWidget(self.preview_tabs, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(editor_box)
        splitter.addWidget(preview_box)
        splitter.setSizes([180, 560, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(
            page_header(
                "Templates",
                "Write the email once with {{ variables }} from your contact columns; errors "
                "show at their line as you type, the preview renders for a real contact.",
            )
        )
        layout.addWidget(splitter, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(300)
        self._check_timer.timeout.connect(self.check)
        for editor in (self.html, self.text):
            editor.textChanged.connect(self._edited)
        self.subject.textChanged.connect(self._edited)
        self.name.textChanged.connect(self._edited)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        context.signals.templates_changed.connect(self.reload_templates)
        context.signals.contacts_changed.connect(self.reload_lists)
        self.reload_lists()
        self.reload_templates()

    # --- lists ------------------------------------------------------------------------

    def reload_templates(self) -> None:
        current = self.current_id
        self.templates.blockSignals(True)
        self.templates.clear()
        for template in Template.select().order_by(Template.name):
            item = QListWidgetItem(template.name)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            self.templates.addItem(item)
            if template.id == current:
                self.templates.setCurrentItem(item)
        self.templates.blockSignals(False)
        if self.templates.currentItem() is None and self.templates.count():
            self.templates.setCurrentRow(0)

    def reload_lists(self) -> None:
        self.preview_list.blockSignals(True)
        self.preview_list.clear()
        for list_id, name, count in list_summaries():
            self.preview_list.addItem(f"{name} ({count:,})", list_id)
        self.preview_list.blockSignals(False)
        self._list_chosen()

    def _list_chosen(self, *_args: Any) -> None:
        list_id = self.preview_list.currentData()
        self.preview_contact.blockSignals(True)
        self.preview_contact.clear()
        if list_id is not None:
            ids = contact_ids(list_id)[:200]
            rows = contact_rows(ids)
            for cid in ids:
                self.preview_contact.addItem(rows[cid].email, cid)
        self.preview_contact.blockSignals(False)
        self.variables.clear()
        fields = field_names(list_id) if list_id is not None else []
        for name in available_variables(fields):
            self.variables.addItem(f"{{{{ {name} }}}}")
        self.schedule_check()

    def _template_chosen(
        self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None
    ) -> None:
        if item is None:
            return
        template_id = item.data(Qt.ItemDataRole.UserRole)
        if self.dirty and template_id != self.current_id and not self.confirm_discard():
            self.templates.blockSignals(True)
            self.templates.setCurrentItem(previous)
            self.templates.blockSignals(False)
            return
        template = Template.get_or_none(Template.id == template_id)
        if template is None:
            return
        self.load(template)

    def load(self, template: Template) -> None:
        """Show a stored template in the editors (no unsaved changes afterwards)."""
        self.current_id = template.id
        self._shown_html = None
        self._loading = True
        try:
            self.name.setText(template.name)
            self.subject.setText(template.subject)
            self.html.setPlainText(template.html)
            self.text.setPlainText(template.text or "")
        finally:
            self._loading = False
        self._set_dirty(False)
        self.check()

    def _edited(self) -> None:
        if not self._loading:
            self._set_dirty(True)
        self.schedule_check()

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.unsaved.setText("Unsaved changes" if dirty else "")

    def confirm_discard(self) -> bool:
        """Ask before losing edits: Save (then go on), Discard, or stay (False)."""
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to {self.name.text()!r}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def select(self, template_id: object) -> None:
        for row in range(self.templates.count()):
            if self.templates.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.templates.setCurrentRow(row)

    def _insert_variable(self, item: QListWidgetItem) -> None:
        editor = self.editors.currentWidget()
        if isinstance(editor, QPlainTextEdit):
            editor.insertPlainText(item.text())
            editor.setFocus()

    def _describe_variables(self, variables: dict[str, Any]) -> None:
        """Each variable's tooltip shows its value for the chosen contact."""
        for row in range(self.variables.count()):
            item = self.variables.item(row)
            name = item.text().strip("{} ")
            value = variables.get(name, "")
            item.setToolTip(f"{name} = {str(value)[:200]!r} for this contact — click to insert")

    # --- checking and preview -----------------------------------------------------------

    def schedule_check(self) -> None:
        self._check_timer.start()

    def _snapshot(self) -> dict[str, Any]:
        cid = self.preview_contact.currentData()
        if cid is None:
            return snapshot_of("someone@example.com", "Someone", {})
        row = contact_rows([cid]).get(cid)
        if row is None:
            return snapshot_of("someone@example.com", "Someone", {})
        return snapshot_of(row.email, row.name, row.fields)

    def check(self) -> None:
        """Compile and render for the chosen contact; show errors at their line."""
        self._check_timer.stop()
        self.problem.clear()
        self._mark_line(self.html, None)
        self._mark_line(self.text, None)
        self._mark_part(None)
        html, text = self.html.toPlainText(), self.text.toPlainText()
        try:
            composer = CampaignComposer(
                name="preview", subject=self.subject.text(), html=html,
                text=text or derive_text_template(html), sender=SAMPLE_SENDER, reply_to=None,
                unsubscribe_url=None, unsubscribe_mailto=None,
            )  # fmt: skip
            snapshot = self._snapshot()
            rendered = composer.render(snapshot)
            raw = composer.build_for(
                snapshot, to_address=snapshot["email"], message_id="<preview@example.com>"
            )
        except TemplateProblem as exc:
            self.last_problem = exc
            self.problem.show_message(exc.user_text(), "error")
            part = getattr(exc, "part", None)
            if isinstance(exc, TemplateSyntaxProblem) and part in ("HTML", "text"):
                editor = self.text if part == "text" and text else self.html
                self._mark_line(editor, exc.line if editor is self.html or text else None)
            self._mark_part(part if isinstance(part, str) else None)
            if self._shown_html is None:  # nothing rendered yet: say why the preview is empty
                self.preview_html.setHtml(
                    "<p style='color:gray'>The preview appears once the template renders for "
                    "this contact: see the message under the editor.</p>"
                )
                self.preview_text.clear()
                self.preview_headers.clear()
            return
        self.last_problem = None
        try:
            self._describe_variables(composer.variables_for(snapshot)[0])
        except TemplateProblem:
            pass
        if rendered.html != self._shown_html:  # re-laying out a big page costs ~0.1 s
            self._shown_html = rendered.html
            self.preview_html.setHtml(rendered.html or "")
        self.preview_text.setPlainText(rendered.text)
        parsed = email.message_from_bytes(
            raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n", policy=policy.default
        )
        self.preview_headers.setPlainText("\n".join(f"{k}: {v}" for k, v in parsed.items()))
        self.warnings = []
        if not self.subject.text().strip():
            self.warnings.append("The subject is empty.")
        if "unsubscribe" not in html.lower():
            self.warnings.append(
                'No visible unsubscribe link: add <a href="{{ unsubscribe_url }}">Unsubscribe</a>.'
            )
        if not text.strip():
            self.warnings.append("No text part: one is derived from the HTML (see the Text tab).")
        if len(raw) > GMAIL_CLIP:
            self.warnings.append(
                f"The message is {len(raw) / 1024:.0f} KB; Gmail clips messages over 102 KB."
            )
        if self.warnings:
            self.warning_banner.show_message("\n".join("• " + w for w in self.warnings), "warning")
        else:
            self.warning_banner.clear()

    def _mark_part(self, part: str | None) -> None:
        """Flag the tab (or the subject field) that holds the error."""
        self.editors.setTabText(0, "HTML ⚠" if part == "HTML" else "HTML")
        self.editors.setTabText(1, "Plain text ⚠" if part == "text" else "Plain text")
        self.subject.setStyleSheet(
            "QLineEdit { border: 1px solid #d64545; border-radius: 3px; }"
            if part == "subject"
            else ""
        )

    def _mark_line(self, editor: QPlainTextEdit, line: int | None) -> None:
        if line is None:
            editor.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#fdecea"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        block = editor.document().findBlockByLineNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        selection.cursor = cursor
        editor.setExtraSelections([selection])

    # --- saving -------------------------------------------------------------------------

    def save(self) -> bool:
        try:
            template = save_template(
                self.name.text(), subject=self.subject.text(), html=self.html.toPlainText(),
                text=self.text.toPlainText() or None, replace=True,
            )  # fmt: skip
        except StaffettaError as exc:
            show_error(self, exc)
            return False
        if self.current_id is not None and template.id != self.current_id:
            old = Template.get_or_none(Template.id == self.current_id)
            if old is not None and old.name != template.name and not old.campaigns.exists():
                old.delete_instance()
        self.current_id = template.id
        self._set_dirty(False)
        self.context.signals.templates_changed.emit()
        self.context.signals.status_message.emit(f"Template {template.name!r} saved.")
        return True

    def _unique_name(self, base: str) -> str:
        name, n = base, 2
        while Template.select().where(Template.name == name).exists():
            name, n = f"{base} {n}", n + 1
        return name

    def new_template(self) -> None:
        if self.dirty and not self.confirm_discard():
            return
        template = save_template(
            self._unique_name("New template"), subject="Hello {{ name }}",
            html='<p>Hello {{ name }},</p>\n\n<p>…</p>\n\n<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>\n',
        )  # fmt: skip
        self._set_dirty(False)
        self.current_id = template.id
        self.reload_templates()
        self.load(template)
        self.name.setFocus()
        self.name.selectAll()

    def duplicate_template(self) -> None:
        """A copy of what the editors show now (unsaved edits included)."""
        if self.current_id is None:
            return
        try:
            copy = save_template(
                self._unique_name(f"{self.name.text().strip() or 'Template'} copy"),
                subject=self.subject.text(), html=self.html.toPlainText(),
                text=self.text.toPlainText() or None,
            )  # fmt: skip
        except StaffettaError as exc:
            show_error(self, exc)
            return
        self._set_dirty(False)
        self.current_id = copy.id
        self.reload_templates()
        self.load(copy)

    def delete_current(self) -> None:
        if self.current_id is None:
            return
        template = Template.get_or_none(Template.id == self.current_id)
        if template is None:
            return
        users = template.campaigns.count()
        question = f"Delete the template {template.name!r}?"
        if users:
            question += (
                f" {users} campaign(s) use it: campaigns already started keep their copy, "
                "drafts will need another template."
            )
        if (
            QMessageBox.question(self, "Delete template", question)
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            delete_template(template.name)
        except StaffettaError as exc:
            show_error(self, exc)
            return
        self.current_id = None
        self._set_dirty(False)
        self.reload_templates()
        self.context.signals.templates_changed.emit()

    def rename_prompt(self) -> None:  # pragma: no cover - convenience
        name, ok = QInputDialog.getText(self, "Rename", "Name", text=self.name.text())
        if ok:
            self.name.setText(name)
