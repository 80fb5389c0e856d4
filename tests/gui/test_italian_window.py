"""With STAFFETTA_LANG=it every page of the window speaks Italian.

The whole window is built on a real database with the first-run sample data, every page
(and the dialogs a page opens) is walked widget by widget, and each visible string is
checked: it must not be an English source text of the catalogue left untranslated, nor
contain English words the catalogue does not know (a string that never went through
``tr``). Data the user typed or imported (list, template and profile names, addresses)
is not the window's to translate and is left out.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from gui import i18n
from tests.gui.conftest import wait_idle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def italian(qapp) -> Iterator[None]:
    i18n.install(qapp, "it")
    yield
    i18n.install(qapp, "en")


TS = ROOT / "resources" / "i18n" / "staffetta_it.ts"

# Words that are English and not Italian (nor product names); one is enough to fail.
ENGLISH = re.compile(
    r"\b(the|and|of|to|your|with|for|from|this|that|these|is|are|be|was|were|has|have|"
    r"will|can|cannot|not|all|any|each|every|new|save|delete|add|send|sending|start|stop|"
    r"cancel|open|edit|import|export|settings|contacts?|templates?|campaigns?|queue|"
    r"messages?|recipients?|subject|preview|search|filter|status|sent|failed|deferred|"
    r"held|queued|profiles?|password|security|retry|resume|pause|unsubscribe[ds]?|"
    r"click|here|there|when|what|which|where|how|why|yes|none|name|list|lists|file|"
    r"folder|choose|select|show|hide|help|about|quit|close|back|next|done|error|warning)\b",
    re.IGNORECASE,
)
NEUTRAL = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|https?://\S+|\S+@\S+|\b[\w.-]+\.(?:csv|html|md|css|pdf|png|db|log)\b"
    r"|(?:[A-Za-z]:)?(?:[/\\][\w.@~+-]+){2,}"  # file paths
)


def catalogue() -> tuple[set[str], set[str]]:
    """(English sources translated differently, every Italian translation)."""
    english, italian = set(), set()
    for message in ET.parse(TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        italian.update(forms)
        if any(f != source for f in forms):
            english.add(source)
    return english, italian


def texts_of(root: QWidget) -> Iterator[tuple[str, str]]:
    """(widget, text) for every string a person can read on ``root`` and its children."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.toolTip():
            yield where + " tooltip", widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            yield where + " placeholder", widget.placeholderText()
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield where + f" tab {i}", widget.tabText(i)
        if isinstance(widget, QComboBox) and not widget.isEditable():
            for i in range(widget.count()):
                yield where + f" item {i}", widget.itemText(i)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: no columns to name
                columns = 0
            for column in range(columns):
                header = model.headerData(column, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole)  # fmt: skip
                if isinstance(header, str):
                    yield where + f" column {column}", header
        for action in widget.actions():
            yield where + " action", action.text()
            if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
                yield where + " action tooltip", action.toolTip()
        if widget.isWindow() and widget.windowTitle():
            yield where + " title", widget.windowTitle()


def untranslated(root: QWidget, data: set[str]) -> list[str]:
    english, italian = catalogue()
    found = []
    for where, text in texts_of(root):
        shown = re.sub(r"<[^>]+>", " ", text).replace("&&", "&").replace("&", "").strip()
        if not shown or shown in italian or text in italian:
            continue
        if shown in english or text in english:
            found.append(f"{where}: {text!r} (English source, translation not used)")
            continue
        for value in sorted(data, key=len, reverse=True):
            shown = shown.replace(value, " ")
        shown = NEUTRAL.sub(" ", shown)
        if ENGLISH.search(shown):
            found.append(f"{where}: {text!r}")
    return sorted(set(found))


def user_data() -> set[str]:
    """What the user (or the first-run samples) put in the database: shown as written."""
    from core.models import Campaign, Contact, ContactList, SmtpProfile, Template

    values: set[str] = set()
    for model, fields in ((ContactList, ("name",)), (Template, ("name", "subject")),
                          (SmtpProfile, ("name", "host")), (Campaign, ("name", "sender")),
                          (Contact, ("email", "name"))):  # fmt: skip
        for row in model.select():
            values.update(str(getattr(row, f)) for f in fields if getattr(row, f))
    for contact in Contact.select():
        values.update(str(v) for v in (contact.fields or {}).values() if v)
    return {v for v in values if len(v) > 1}


# Pages whose widgets are still English: translating them waits for the changes their
# owners are landing (strict: the test fails once they are translated, to drop the mark).
NOT_YET = {
    "contacts": "Contacts page: lands with the contacts/queue rework",
    "queue": "Queue page and its table: lands with the contacts/queue rework",
    "settings": "SMTP profile editor on the Settings page: lands with the profile changes",
}


@pytest.fixture
def italian_window(qtbot, context, italian):
    from core.firstrun import seed_first_run
    from gui.main_window import MainWindow

    seed_first_run()
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    wait_idle(qtbot, context)


PAGE_KEYS = ["contacts", "templates", "campaigns", "queue", "suppressions", "inbox", "settings"]


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(k, marks=pytest.mark.xfail(reason=NOT_YET[k], strict=True))
        if k in NOT_YET
        else k
        for k in PAGE_KEYS
    ],
)
def test_every_page_is_in_italian(qtbot, context, italian_window, tmp_path, key):
    window = italian_window
    window.show_page(key)
    wait_idle(qtbot, context)
    qtbot.wait(50)
    wait_idle(qtbot, context)
    shots = Path(os.environ.get("STAFFETTA_SHOTS", tmp_path))
    window.grab().save(str(shots / f"it-{key}.png"))
    problems = untranslated(window.pages[key], user_data())
    assert not problems, (
        f"English left on the Italian {key} page:\n"
        + "\n".join(problems)
        + (
            "\n(wrap each string in self.tr/QCoreApplication.translate, run python -m gui.i18n, "
            "and write the Italian in resources/i18n/staffetta_it.ts)"
        )
    )


def test_the_window_around_the_pages_is_in_italian(qtbot, context, italian_window):
    window = italian_window
    wait_idle(qtbot, context)
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels == [
        "Contatti", "Modelli", "Campagne", "Coda", "Esclusioni", "Casella di prova", "Impostazioni"
    ]  # fmt: skip
    problems = []
    for part in (window.menuBar(), window.navigation, window.statusBar()):
        problems += untranslated(part, user_data())
    for menu in window.menuBar().findChildren(QWidget):
        problems += untranslated(menu, user_data())
    assert not problems, "English left around the pages:\n" + "\n".join(problems)
