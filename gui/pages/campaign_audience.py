"""The campaign form's "who and when": lists and segments to send to and to leave out,
send windows in a time zone, the frequency cap, and scheduling a start.

A self-contained box the campaigns page embeds: ``load(campaign_id)`` reads the draft
through ``core.ops.audience`` off the UI thread, ``save()`` stores what the user chose
(one sentence for a bad window, zone or duration), ``Schedule…`` pre-flights and
queues the campaign to start at a time. For a started campaign the box shows, read
only, when it is scheduled or when its next send window opens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import audience as audience_ops
from gui.context import AppContext
from gui.core_text import translated
from gui.format import local_time, plural, zone_time
from gui.i18n import fmt

LIST, SEGMENT = "list", "segment"
_ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))


def _zone_box(default: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItems(["UTC", *_ZONES])
    box.setCurrentText(default)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(completer)
    return box


class SourcePicker(QListWidget):
    """Checkable lists and segments ("Customers", "Segment: Milano gold")."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long name keeps its end

    def fill(self, lists: list[str], segments: list[str], checked: set[tuple[str, str]]) -> None:
        self.clear()
        for kind, names in ((LIST, lists), (SEGMENT, segments)):
            for name in names:
                item = QListWidgetItem(name if kind == LIST else fmt(self.tr("Segment: %1"), name))
                item.setData(Qt.ItemDataRole.UserRole, (kind, name))
                item.setToolTip(item.text())
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if (kind, name) in checked else Qt.CheckState.Unchecked
                )
                self.addItem(item)
        rows = max(2, min(6, self.count()))
        self.setFixedHeight(rows * max(18, self.sizeHintForRow(0)) + 2 * self.frameWidth() + 4)

    def chosen(self, kind: str) -> list[str]:
        names = []
        for row in range(self.count()):
            item = self.item(row)
            item_kind, name = item.data(Qt.ItemDataRole.UserRole)
            if item_kind == kind and item.checkState() == Qt.CheckState.Checked:
                names.append(name)
        return names

    def check(self, kind: str, name: str, on: bool = True) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == (kind, name):
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class AudienceTimingBox(QGroupBox):
    """Who gets the campaign and when (see the module docstring)."""

    saved = Signal()
    scheduled = Signal(object)  # core.ops.audience.ScheduledStart
    edited = Signal()  # the user changed a choice (never emitted while loading)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Audience and timing"))
        self.context = context
        self.campaign_id: int | None = None
        self.editable = True
        self._loading = False
        # The page's own "Contact list" choice, if it has one: not offered again here.
        self.primary: str | None = None
        self._choices: Any = None
        # Set by a page whose own Save stores this box too: Schedule… saves through it.
        self.save_first: Callable[[Callable[[], None]], None] | None = None
        self.default_zone = "UTC"
        self.facts: audience_ops.TimingFacts | None = None  # the loaded campaign's timing
        self.include = SourcePicker()
        self.exclude = SourcePicker()
        self.windows = QLineEdit()
        self.windows.setPlaceholderText(
            self.tr("always — or e.g. mon-fri 09:00-17:30; sat 10:00-13:00")
        )
        self.windows.setToolTip(self.tr(
            "Messages leave only inside these windows (days mon…sun, ranges mon-fri, lists "
            "sat,sun or daily; hours HH:MM-HH:MM). Separate several with “;”."
        ))  # fmt: skip
        self.zone = _zone_box("UTC")
        self.recipient_zone_on = QCheckBox(
            self.tr("In each recipient's own time zone, from their field")
        )
        self.recipient_zone_on.setToolTip(self.tr(
            "The windows are read in the zone each contact's field names (e.g. Asia/Tokyo): "
            "9:00 is 9:00 where they are. Contacts without a valid zone use the time zone above."
        ))  # fmt: skip
        self.recipient_zone_field = QComboBox()
        self.recipient_zone_field.setEditable(True)
        self.recipient_zone_field.setMinimumWidth(140)
        self.recipient_zone_field.setEnabled(False)
        self.recipient_zone_on.toggled.connect(self.recipient_zone_field.setEnabled)
        self.cap_on = QCheckBox(self.tr("Skip contacts sent any campaign in the last"))
        self.cap = QLineEdit("3d")
        self.cap.setMaximumWidth(80)
        self.cap.setToolTip(self.tr("3d, 12h, 1d12h, 90m or 2w: one message instead of three."))
        self.cap.setEnabled(False)
        self.cap_on.toggled.connect(self.cap.setEnabled)
        self.timing = QLabel()
        self.timing.setObjectName("hint")
        self.timing.setWordWrap(True)
        self.schedule_button = QPushButton(self.tr("Schedule…"))
        self.schedule_button.setToolTip(self.tr(
            "Check every recipient and queue the campaign now; it starts sending at the time "
            "you choose (the app or `send` must be running then)."
        ))  # fmt: skip
        self.schedule_button.clicked.connect(self.open_schedule)
        self.schedule_dialog: ScheduleDialog | None = None
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(400)  # once typing pauses
        self._preview_timer.timeout.connect(self.preview)

        cap_row = QHBoxLayout()
        cap_row.addWidget(self.cap_on)
        cap_row.addWidget(self.cap)
        cap_row.addStretch(1)
        form = QFormLayout()
        self.include_label = QLabel(self.tr("Send to"))
        form.addRow(self.include_label, self.include)
        form.addRow(self.tr("Leave out"), self.exclude)
        form.addRow(self.tr("Send windows"), self.windows)
        form.addRow(self.tr("Time zone"), self.zone)
        zone_row = QHBoxLayout()
        zone_row.addWidget(self.recipient_zone_on)
        zone_row.addWidget(self.recipient_zone_field)
        zone_row.addStretch(1)
        form.addRow("", _wrap(zone_row))
        form.addRow("", _wrap(cap_row))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        bottom = QHBoxLayout()
        bottom.addWidget(self.timing, 1)
        bottom.addWidget(self.schedule_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bottom)
        for picker in (self.include, self.exclude):
            picker.itemChanged.connect(lambda _item: self._user_edit())
        self.windows.textEdited.connect(lambda _t: self._user_edit())
        self.zone.currentTextChanged.connect(lambda _t: self._user_edit())
        self.cap_on.toggled.connect(lambda _on: self._user_edit())
        self.recipient_zone_on.toggled.connect(lambda _on: self._user_edit())
        self.recipient_zone_field.currentTextChanged.connect(lambda _t: self._user_edit())
        self.cap.textEdited.connect(lambda _t: self._user_edit())

    def _user_edit(self) -> None:
        if not self._loading:
            self.edited.emit()
            if self.editable:
                self._preview_timer.start()

    def preview(self) -> None:
        """Say what the timing typed so far means, or what is wrong with it, before Save
        draft (core.ops.audience.preview_timing; nothing is stored)."""
        values = self.values()

        def shown(result: audience_ops.TimingPreview) -> None:
            if not self.editable or values != self.values():
                return  # typed on meanwhile: the next preview says it
            if result.problem:
                self.timing.setStyleSheet("color: #b3261e;")
                self.timing.setText(translated(result.problem))
            elif result.facts is not None:
                self.timing.setStyleSheet("")
                self.timing.setText(timing_text(result.facts))

        self.context.query("timing preview", audience_ops.preview_timing, values,
                           on_done=shown, on_error=lambda _e: None)  # fmt: skip

    # --- loading --------------------------------------------------------------------------

    def load(self, campaign_id: int | None, *, editable: bool = True) -> None:
        """Show a campaign's audience and timing (None: a new draft, nothing chosen)."""
        self.campaign_id = campaign_id
        self.editable = editable

        def load() -> tuple[Any, Any, Any]:
            choices = audience_ops.audience_choices()
            if campaign_id is None:
                return choices, audience_ops.AudienceAndTiming(), ""
            return (choices, audience_ops.audience_and_timing(campaign_id),
                    audience_ops.timing_facts(campaign_id))  # fmt: skip

        self.context.query("campaign audience", load, on_done=self._loaded)

    def set_primary(self, name: str | None) -> None:
        """The page chose ``name`` as the campaign's list: offer the others here."""
        checked = {(LIST, n) for n in self.include.chosen(LIST)}
        checked |= {(SEGMENT, n) for n in self.include.chosen(SEGMENT)}
        self.primary = name or None
        self.include_label.setText(self.tr("Also send to") if self.primary else self.tr("Send to"))
        if self._choices is not None:
            self._loading = True
            try:
                self._fill_include(checked)
            finally:
                self._loading = False

    def _fill_include(
        self, checked: set[tuple[str, str]], excluded: set[tuple[str, str]] | None = None
    ) -> None:
        """Both pickers, without the page's own list (sent to already: neither offered
        again nor as something to leave out)."""
        lists = [n for n in self._choices.lists if n != self.primary]
        self.include.fill(lists, self._choices.segments, checked)
        if excluded is None:
            excluded = {(LIST, n) for n in self.exclude.chosen(LIST)}
            excluded |= {(SEGMENT, n) for n in self.exclude.chosen(SEGMENT)}
        self.exclude.fill(lists, self._choices.segments, excluded)

    def _loaded(self, result: tuple[Any, Any, Any]) -> None:
        self._loading = True
        try:
            self._show(*result)
        finally:
            self._loading = False

    def _show(self, choices: Any, values: Any, facts: Any) -> None:
        self._choices = choices
        self.default_zone = choices.zone
        self._fill_include({(LIST, n) for n in values.lists}
                           | {(SEGMENT, n) for n in values.segments},
                           {(LIST, n) for n in values.exclude_lists}
                           | {(SEGMENT, n) for n in values.exclude_segments})  # fmt: skip
        self.windows.setText("; ".join(values.windows))
        self.zone.setCurrentText(values.time_zone or choices.zone)
        self.cap_on.setChecked(bool(values.skip_if_sent_within))
        self.cap.setText(values.skip_if_sent_within or "3d")
        self.recipient_zone_field.clear()
        self.recipient_zone_field.addItems(choices.fields)
        self.recipient_zone_on.setChecked(bool(values.recipient_zone_field))
        if values.recipient_zone_field:
            self.recipient_zone_field.setCurrentText(values.recipient_zone_field)
        elif not choices.fields or not _zone_like(choices.fields[0]):
            self.recipient_zone_field.setCurrentIndex(-1)  # no column looks like a zone
        self.facts = facts or None
        self._preview_timer.stop()
        self.timing.setStyleSheet("")
        self.timing.setText(timing_text(facts) if facts else "")
        for widget in (self.include, self.exclude, self.windows, self.zone, self.cap_on,
                       self.recipient_zone_on, self.schedule_button):  # fmt: skip
            widget.setEnabled(self.editable)
        # A scheduled campaign's start can still move (or be now): Reschedule….
        rescheduling = facts is not None and facts.scheduled_at is not None
        self.schedule_button.setText(self.tr("Reschedule…") if rescheduling
                                     else self.tr("Schedule…"))  # fmt: skip
        if rescheduling:
            self.schedule_button.setEnabled(True)
        self.cap.setEnabled(self.editable and self.cap_on.isChecked())
        self.recipient_zone_field.setEnabled(self.editable and self.recipient_zone_on.isChecked())

    # --- saving ---------------------------------------------------------------------------

    def values(self) -> audience_ops.AudienceAndTiming:
        windows = [w.strip() for w in self.windows.text().split(";") if w.strip()]
        zone = self.zone.currentText().strip()
        return audience_ops.AudienceAndTiming(
            lists=[*([self.primary] if self.primary else []), *self.include.chosen(LIST)],
            segments=self.include.chosen(SEGMENT),
            exclude_lists=self.exclude.chosen(LIST), exclude_segments=self.exclude.chosen(SEGMENT),
            windows=windows, time_zone=None if (not windows and zone == self.default_zone) else zone,
            skip_if_sent_within=self.cap.text().strip() if self.cap_on.isChecked() else "",
            recipient_zone_field=(self.recipient_zone_field.currentText().strip()
                                  if self.recipient_zone_on.isChecked() else ""),
        )  # fmt: skip

    def save(self, on_done: Callable[[], object] | None = None,
             on_error: Callable[[StaffettaError], object] | None = None) -> None:  # fmt: skip
        """Store the choices of the loaded draft (after the page saved the draft itself)."""
        if self.campaign_id is None or not self.editable:
            return

        def done(_changes: Any) -> None:
            self.saved.emit()
            if on_done is not None:
                on_done()

        self.context.op("save audience", audience_ops.save_audience_and_timing,
                        self.campaign_id, self.values(), on_done=done,
                        on_error=on_error)  # fmt: skip

    # --- scheduling -----------------------------------------------------------------------

    def open_schedule(self) -> ScheduleDialog | None:
        if self.campaign_id is None:
            return None
        facts = self.facts
        if facts is not None and facts.scheduled_at is not None:
            self.schedule_dialog = ScheduleDialog(self, facts.zone, current=facts.scheduled_at)
        else:
            self.schedule_dialog = ScheduleDialog(self, self.zone.currentText().strip())
        self.schedule_dialog.open()
        return self.schedule_dialog

    def reschedule(self, when: str | None, zone: str,
                   on_error: Callable[[StaffettaError], object]) -> None:  # fmt: skip
        """Move the scheduled start (None: start now); the sender is woken to see it."""
        campaign_id = self.campaign_id
        if campaign_id is None:
            return

        def moved(_at: Any) -> None:
            if self.schedule_dialog is not None:
                self.schedule_dialog.accept()
            sender = self.context.services.get("sender")
            if sender is not None:
                sender.wake()
            self.scheduled.emit(None)
            self.load(campaign_id, editable=False)

        self.context.op("reschedule campaign", audience_ops.reschedule, campaign_id, when, zone,
                        on_done=moved, on_error=on_error)  # fmt: skip

    def schedule(self, when: str, zone: str, on_error: Callable[[StaffettaError], object]) -> None:
        campaign_id = self.campaign_id
        if campaign_id is None:
            return

        def started(result: audience_ops.ScheduledStart) -> None:
            if self.schedule_dialog is not None:
                self.schedule_dialog.accept()
            self.scheduled.emit(result)
            self.load(campaign_id, editable=False)

        def after_save() -> None:
            self.context.op("schedule campaign", audience_ops.start_at, campaign_id, when, zone,
                            on_done=started, on_error=on_error)  # fmt: skip

        if self.save_first is not None:  # the page stores the whole draft form first
            self.save_first(after_save)
        else:
            self.save(on_done=after_save, on_error=on_error)


class ScheduleDialog(QDialog):
    """When to start: a date and time in a zone; the campaign is checked and queued now."""

    def __init__(self, box: AudienceTimingBox, zone: str,
                 current: datetime | None = None) -> None:  # fmt: skip
        """``current``: the start of a campaign already scheduled (aware UTC), which the
        dialog moves (or makes now) instead of checking and queueing anything."""
        super().__init__(box)
        self.box = box
        self.rescheduling = current is not None
        self.setWindowTitle(self.tr("Reschedule the campaign") if self.rescheduling
                            else self.tr("Schedule the campaign"))  # fmt: skip
        self.setMinimumWidth(520)
        start = QDateTime.currentDateTime().addSecs(3600)
        if current is not None:
            try:
                wall = current.astimezone(ZoneInfo(zone))
            except (ValueError, OSError, KeyError):
                wall = current.astimezone()
            start = QDateTime.fromString(wall.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm")
        self.when = QDateTimeEdit(start)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.zone = _zone_box(zone)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Reschedule") if self.rescheduling
                               else self.tr("Check and schedule"))  # fmt: skip
        self.start_now_button: QPushButton | None = None
        if self.rescheduling:
            self.start_now_button = self.buttons.addButton(
                self.tr("Start now"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.start_now_button.clicked.connect(self.start_now)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        # What the chosen time means here: "That is Tue 1 Dec 2026, 15:00 on this
        # computer.", or that it has passed (checked again by the core on submit).
        self.here = QLabel()
        self.here.setObjectName("hint")
        self.here.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Start at"), self.when)
        form.addRow(self.tr("Time zone"), self.zone)
        form.addRow("", self.here)
        self.when.dateTimeChanged.connect(lambda _d: self.update_here())
        self.zone.currentTextChanged.connect(lambda _t: self.update_here())
        self.update_here()
        layout = QVBoxLayout(self)
        explained = QLabel(self.tr(
            "Its messages are queued already; sending starts by itself at the new time, or "
            "at once with Start now."
        ) if self.rescheduling else self.tr(
            "Every recipient is checked and queued now; sending starts by itself at this "
            "time while the app (or the send command) runs on a computer that is on."
        ))  # fmt: skip
        explained.setWordWrap(True)  # the dialog stays a readable width in any language
        layout.addWidget(explained)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def update_here(self) -> None:
        chosen = self.when.dateTime().toString("yyyy-MM-dd HH:mm")
        try:
            where = ZoneInfo(self.zone.currentText().strip())
        except (ValueError, OSError, KeyError):
            self.here.setText(self.tr("Choose a time zone from the list (e.g. Europe/Rome)."))
            return
        moment = datetime.strptime(chosen, "%Y-%m-%d %H:%M").replace(tzinfo=where)
        if moment.astimezone(UTC) <= datetime.now(UTC):
            self.here.setText(self.tr("That time has passed: sending would start at once."))
        else:
            self.here.setText(fmt(self.tr("That is %1 on this computer."),
                                  zone_time(moment, None)))  # fmt: skip

    def submit(self) -> None:
        self.problem.clear()
        self.ok_button.setEnabled(False)

        def failed(error: StaffettaError) -> None:
            self.ok_button.setEnabled(True)
            self.problem.setText(error.user_text())

        text = self.when.dateTime().toString("yyyy-MM-dd HH:mm")
        if self.rescheduling:
            self.box.reschedule(text, self.zone.currentText().strip(), failed)
        else:
            self.box.schedule(text, self.zone.currentText().strip(), failed)

    def start_now(self) -> None:
        self.problem.clear()
        if self.start_now_button is not None:
            self.start_now_button.setEnabled(False)

        def failed(error: StaffettaError) -> None:
            if self.start_now_button is not None:
                self.start_now_button.setEnabled(True)
            self.problem.setText(error.user_text())

        self.box.reschedule(None, self.zone.currentText().strip(), failed)


def _zone_like(name: str) -> bool:
    return "zone" in name.lower() or name.lower() in ("tz", "timezone")


def _wrap(layout: QHBoxLayout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


def _recipients(count: int) -> str:
    return plural(count, "recipient")


def outlook_text(outlook: audience_ops.RecipientWindowOutlook, *, at_start: bool = False) -> str:
    """Where the recipients of windows in their own zones stand: "300 recipients inside
    their window now. Next window opens for 1,204 recipients at 09:00 their time — the
    first at 14:00 here (Asia/Tokyo)." ("here": the computer's clock)."""
    parts = []
    if outlook.open_now:
        if at_start:  # a scheduled campaign: how things stand when it starts
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "%1 inside their window when it starts."), _recipients(outlook.open_now)))
        else:
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "%1 inside their window now."), _recipients(outlook.open_now)))
    if outlook.waiting and outlook.first_opening is not None:
        here = local_time(outlook.first_opening)
        if outlook.local_start is not None:
            parts.append(fmt(
                QCoreApplication.translate("CampaignTiming", "Next window opens for %1 at %2 their time — the first at %3 here (%4)."),
                _recipients(outlook.waiting), f"{outlook.local_start:%H:%M}", here,
                outlook.first_zone,
            ))  # fmt: skip
        else:
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "%1 wait for their window: the first opens at %2 here (%3)."),
                             _recipients(outlook.waiting), here, outlook.first_zone))  # fmt: skip
        if outlook.last_opening is not None and outlook.last_opening != outlook.first_opening:
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "The last opens %1."), local_time(outlook.last_opening)))
    if not outlook.open_now and not outlook.waiting:
        parts.append(QCoreApplication.translate("CampaignTiming", "Nothing is left to send."))
    return " ".join(parts)


def timing_text(facts: audience_ops.TimingFacts) -> str:
    """What the Audience and timing box says about when the campaign sends, in the
    window's language: the start time, the windows and when the next one opens (or, in
    each recipient's zone, who is inside and when the others' open), the cap."""
    parts = []
    if facts.scheduled_at is not None:
        parts.append(fmt(QCoreApplication.translate("CampaignTiming", "Scheduled for %1."), zone_time(facts.scheduled_at, facts.zone)))
    shown = "; ".join(facts.windows)
    if facts.windows and facts.recipient_zone_field:
        parts.append(fmt(
            QCoreApplication.translate("CampaignTiming", "Sends only %1 in each recipient's time zone (their %2; %3 for those without "
                "one)."), shown, repr(facts.recipient_zone_field), facts.zone,
        ))  # fmt: skip
        if facts.outlook is not None:
            parts.append(outlook_text(facts.outlook, at_start=facts.scheduled_at is not None))
    elif facts.windows:
        if facts.live and facts.window_open is False and facts.next_window_at is not None:
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "Next send window opens %1 (%2)."),
                             zone_time(facts.next_window_at, facts.zone), shown))  # fmt: skip
        elif facts.live and facts.window_open and facts.window_closes_at is not None:
            when = (QCoreApplication.translate("CampaignTiming", "when it starts") if facts.scheduled_at is not None
                    else QCoreApplication.translate("CampaignTiming", "now"))  # fmt: skip
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "Inside its send window %1 (%2), until %3."), when, shown,
                             zone_time(facts.window_closes_at, facts.zone)))  # fmt: skip
        else:
            parts.append(fmt(QCoreApplication.translate("CampaignTiming", "Sends only %1 (%2)."), shown, facts.zone))
    if facts.frequency_cap:
        parts.append(fmt(QCoreApplication.translate("CampaignTiming", "Skips contacts mailed in the last %1."), facts.frequency_cap))
    return " ".join(parts)
