"""Why one address gets no mail, said in full: the Suppressions page's detail pane and the
contact dialog's "Not mailed" section.

It shows what the list entry says (the reason, since when), where it came from (the
campaign whose message bounced, drew a complaint or an unsubscribe request, or that
the relay refused), the relay's own words and status code, the contact's status and
the reports that came back before, and offers to lift the entry. Lifting asks first,
in a sentence that says what follows: a bounced address may bounce again (and that
hurts the sender's reputation); someone who unsubscribed or complained stays so, only
the list entry goes; a domain entry lifts every address at that domain.

The detail is read through ``core.ops.returnpath.suppression_detail`` off the UI thread
(plain data), the entry lifted through ``remove_suppressions`` (a change broadcast to
every page).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import returnpath as ops
from core.suppressions import SuppressionCause, SuppressionDetail
from gui.context import AppContext
from gui.core_text import translated
from gui.format import local_datetime, status_word
from gui.widgets import Banner


class SuppressionDetailPanel(QFrame):
    """The detail of one entry; ``load(address)`` reads it, ``lifted`` says it went."""

    loaded = Signal(object)  # SuppressionDetail | None
    lifted = Signal(object)  # core.suppressions.Removal

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: SuppressionDetail | None = None
        self.confirm: QMessageBox | None = None
        self.setObjectName("suppressionDetail")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why = self._value()
        self.since = self._value()
        self.campaign = self._value()
        self.code = self._value()
        self.relay_said = self._value()
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.relay_said.setFont(mono)
        self.contact = self._value()
        self.history = self._value()
        self.history.setObjectName("hint")
        self.lift_button = QPushButton(self.tr("Lift suppression…"))
        self.lift_button.setToolTip(self.tr("Take this entry off the list (asks first)"))
        self.lift_button.clicked.connect(self.ask_to_lift)
        self.banner = Banner()

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.addRow(self.tr("Why"), self.why)
        self.form.addRow(self.tr("Since"), self.since)
        self.form.addRow(self.tr("Campaign"), self.campaign)
        self.form.addRow(self.tr("Status code"), self.code)
        self.form.addRow(self.tr("The relay said"), self.relay_said)
        self.form.addRow(self.tr("Contact"), self.contact)
        self.form.addRow(self.tr("Reports"), self.history)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.lift_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.show_detail(None)

    @staticmethod
    def _value() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- reading -----------------------------------------------------------------------

    def load(self, address: str | None) -> None:
        """Read why ``address`` (or an @domain) is suppressed; None empties the pane."""
        if not address:
            self.show_detail(None)
            return
        self.context.query(
            f"suppression detail {id(self)}", ops.suppression_detail, address,
            on_done=self.show_detail, on_error=self._failed,
        )  # fmt: skip

    def _failed(self, error: StaffettaError) -> None:
        self.show_detail(None)
        self.banner.show_message(error.user_text(), "error")

    def cause_text(self, detail: SuppressionDetail) -> str:
        """What put the entry there, as a person says it (the relay's words have their
        own row; an imported or typed entry's reason is its own)."""
        if detail.cause == SuppressionCause.SOFT_BOUNCES:
            count = re.match(r"\s*(\d+)", detail.reason)
            return self.tr(
                "%s soft bounces in a row (a full mailbox, a temporary refusal), with nothing "
                "delivered in between"
            ) % (count.group(1) if count else "?")
        texts = {
            SuppressionCause.HARD_BOUNCE: self.tr("Hard bounce: the address does not work"),
            SuppressionCause.COMPLAINT: self.tr("Reported a message as spam"),
            SuppressionCause.UNSUBSCRIBE: self.tr("Asked to unsubscribe, by mail"),
            SuppressionCause.REFUSED: self.tr("The relay refused the address while sending"),
        }
        headline = texts.get(detail.cause)
        if headline is None:
            return translated(detail.reason[:1].upper() + detail.reason[1:])
        if detail.relay_said and detail.relay_said in detail.reason:
            return headline
        return f"{headline}\n{detail.reason}"

    def show_detail(self, detail: SuppressionDetail | None) -> None:
        self.detail = detail
        self.banner.clear()
        has = detail is not None
        for row in range(self.form.rowCount()):
            self.form.setRowVisible(row, has)
        self.lift_button.setVisible(has)
        self.lift_button.setEnabled(has)
        if detail is None:
            self.title.setText(self.tr("Select an entry to see why it is on the list."))
            self.loaded.emit(None)
            return
        if detail.by_domain and detail.address != detail.entry:
            self.title.setText(
                self.tr("%s gets no mail: its domain is on the list (%s)")
                % (detail.address, detail.entry)
            )
        elif detail.by_domain:
            self.title.setText(self.tr("No address at %s gets mail") % detail.entry[1:])
        else:
            self.title.setText(self.tr("%s gets no mail") % detail.address)
        self.why.setText(self.cause_text(detail))
        self.since.setText(local_datetime(detail.since))
        if detail.campaign and detail.sent_at:
            self.campaign.setText(
                self.tr("%s (the message left %s)") % (detail.campaign, local_datetime(detail.sent_at))
            )
        else:
            self.campaign.setText(detail.campaign or "—")
        self.code.setText(detail.status_code or "—")
        self.relay_said.setText(detail.relay_said or "—")
        if detail.contact_status is None:
            self.contact.setText(self.tr("No contact has this address"))
        else:
            self.contact.setText(status_word(detail.contact_status))
        self.form.setRowVisible(self.code, bool(detail.status_code))
        relayed = detail.cause in (SuppressionCause.HARD_BOUNCE, SuppressionCause.SOFT_BOUNCES,
                                   SuppressionCause.REFUSED)  # fmt: skip
        self.form.setRowVisible(self.relay_said, relayed and bool(detail.relay_said))
        self.form.setRowVisible(self.contact, not detail.by_domain)
        lines = []
        for report in detail.history:
            parts = (local_datetime(report.at), self.kind_text(report.kind),
                     report.status_code or "", report.campaign or "")  # fmt: skip
            lines.append(" · ".join(p for p in parts if p))
        self.history.setText("\n".join(lines))
        self.form.setRowVisible(self.history, bool(lines))
        self.lift_button.setText(
            self.tr("Lift the domain entry…") if detail.by_domain else self.tr("Lift suppression…")
        )
        self.loaded.emit(detail)

    def kind_text(self, kind: str) -> str:
        return {
            "bounce": self.tr("hard bounce"),
            "soft_bounce": self.tr("soft bounce"),
            "complaint": self.tr("complaint"),
            "unsubscribe": self.tr("unsubscribe request"),
        }.get(kind, kind)

    # --- lifting -----------------------------------------------------------------------

    def consequence(self, detail: SuppressionDetail) -> str:
        """The sentence the confirmation asks with: what lifting will do."""
        if detail.by_domain:
            return self.tr(
                "Every address at %s will be mailed again by the next campaign."
            ) % detail.entry[1:]
        if not detail.lifting_reactivates:
            return self.tr(
                "%s asked for no more mail (%s): the contact stays so and still gets none; "
                "only the list entry goes."
            ) % (detail.address, status_word(detail.contact_status or ""))
        if detail.cause in (SuppressionCause.HARD_BOUNCE, SuppressionCause.REFUSED,
                            SuppressionCause.SOFT_BOUNCES):  # fmt: skip
            return self.tr(
                "The next campaign will send to %s again. If the address still does not "
                "work, that message bounces too, and bounces hurt your sender reputation."
            ) % detail.address
        return self.tr("The next campaign will send to %s again.") % detail.address

    def ask_to_lift(self) -> None:
        detail = self.detail
        if detail is None:
            return
        if self.confirm is not None:
            self.confirm.deleteLater()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Lift the suppression"))
        box.setText(self.tr("Take %s off the suppression list?") % detail.entry)
        box.setInformativeText(self.consequence(detail))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Lift"))
        box.finished.connect(lambda result, entry=detail.entry: self._answered(result, entry))
        self.confirm = box
        box.open()

    def _answered(self, result: int, entry: str) -> None:
        if result != QMessageBox.StandardButton.Yes:
            return
        self.lift_button.setEnabled(False)
        self.context.op(
            "lift suppression", ops.remove_suppressions, [entry],
            on_done=self._lifted, on_error=self._lift_failed,
        )  # fmt: skip

    def _lifted(self, removal: Any) -> None:
        self.show_detail(None)
        self.title.setText(
            self.tr("%s is off the suppression list.") % ", ".join(removal.removed or ["—"])
        )
        self.lifted.emit(removal)

    def _lift_failed(self, error: StaffettaError) -> None:
        self.lift_button.setEnabled(True)
        self.banner.show_message(error.user_text(), "error")
