"""The window in Italian: the catalogue covers every string in the sources, the compiled
catalogue is the one shipped, and the language follows STAFFETTA_LANG, Settings, then
the computer."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from gui import i18n

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "staffetta_it.ts"


@pytest.fixture
def italian(qapp) -> Iterator[None]:
    i18n.install(qapp, "it")
    yield
    i18n.uninstall(qapp)


def test_language_follows_the_environment_then_settings_then_the_computer():
    assert i18n.resolve_language("it", "en", "en_US") == "it"
    assert i18n.resolve_language(None, "it", "en_US") == "it"
    assert i18n.resolve_language("", "", "it_IT") == "it"
    assert i18n.resolve_language("fr", "", "it_CH") == "it"  # no French: the computer's
    assert i18n.resolve_language(None, None, "de_DE") == "en"
    assert i18n.resolve_language("IT-it", None, "C") == "it"


def test_the_choice_in_settings_is_kept(qapp, monkeypatch):
    monkeypatch.delenv("STAFFETTA_LANG", raising=False)
    i18n.set_chosen_language("it")
    assert i18n.chosen_language() == "it" and i18n.current_language() == "it"
    monkeypatch.setenv("STAFFETTA_LANG", "en")
    assert i18n.current_language() == "en"
    i18n.set_chosen_language("")
    assert i18n.chosen_language() == ""


def test_every_source_string_has_an_italian_translation(tmp_path: Path):
    """lupdate reads the sources again into a copy of the catalogue: nothing may be new,
    unfinished or empty (a string added to the window without Italian fails here)."""
    copy = tmp_path / "staffetta_it.ts"
    shutil.copy(TS, copy)
    i18n.update_sources(ROOT, copy)
    untranslated = []
    for context in ET.parse(copy).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(
                (f or "").strip() for f in forms
            ):
                untranslated.append(f"{context.findtext('name')}: {message.findtext('source')}")
    assert not untranslated, "no Italian for:\n" + "\n".join(untranslated)


def test_the_shipped_catalogue_is_compiled_from_the_source(tmp_path: Path):
    compiled = tmp_path / "staffetta_it.qm"
    i18n.release(TS, compiled)
    assert compiled.read_bytes() == TS.with_suffix(".qm").read_bytes(), (
        "resources/i18n/staffetta_it.qm is stale: run python -m gui.i18n"
    )


def test_italian_numbers_and_widgets(italian):
    from gui.editor.body_editor import BodyEditor

    assert i18n.number(1234567) == "1.234.567"
    assert i18n.number(3.5, 1) == "3,5"
    assert QLocale().language() == QLocale.Language.Italian
    editor = BodyEditor()
    assert editor.tabs.tabText(2) == "Testo semplice"
    assert editor.image_button.text() == "Inserisci immagine…"


def test_fmt_fills_numbered_places_in_any_order():
    assert i18n.fmt("%2 di %1 {{ x }}", "a", "b") == "b di a {{ x }}"
    assert i18n.fmt("%1 %10", *range(1, 11)) == "1 10"


def test_core_sentences_are_shown_in_italian(italian):
    from gui.core_text import translated

    text = "{{ frist_name }} in the Markdown is not defined for ann@example.com. Did you mean {{ first_name }}?"
    assert translated(text) == (
        "{{ frist_name }} non è definita (Markdown) per ann@example.com. Intendevi {{ first_name }}?"
    )
    assert translated("• The subject is empty.\n• Something new.") == (
        "• L'oggetto è vuoto.\n• Something new."
    )
    assert translated("%1 in the subject is not defined.") != ""  # never raises


def test_core_sentences_stay_english_in_an_english_window():
    from gui.core_text import translated

    assert translated("The subject is empty.") == "The subject is empty."


def test_a_catalogue_conflict_is_resolved_by_taking_the_other_sides_translations(tmp_path):
    """Two developers added strings: keep one side's catalogue, take the other's Italian."""
    ours, theirs = tmp_path / "ours.ts", tmp_path / "theirs.ts"
    head = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="it_IT">'
    ours.write_text(head + """<context><name>Page</name>
<message><source>Old</source><translation>Vecchio</translation></message>
<message><source>New</source><translation type="unfinished"></translation></message>
<message numerus="yes"><source>%n row(s)</source><translation type="unfinished">
<numerusform></numerusform><numerusform></numerusform></translation></message>
</context></TS>""", encoding="utf-8")  # fmt: skip
    theirs.write_text(head + """<context><name>Page</name>
<message><source>Old</source><translation>Antico</translation></message>
<message><source>New</source><translation>Nuovo</translation></message>
<message numerus="yes"><source>%n row(s)</source><translation>
<numerusform>%n riga</numerusform><numerusform>%n righe</numerusform></translation></message>
</context></TS>""", encoding="utf-8")  # fmt: skip
    assert i18n.take_translations(ours, theirs) == 2
    messages = {m.findtext("source"): m.find("translation")
                for m in ET.parse(ours).getroot().iter("message")}  # fmt: skip
    assert messages["Old"].text == "Vecchio"  # ours is kept where it has one
    assert messages["New"].text == "Nuovo" and messages["New"].get("type") is None
    assert [f.text for f in messages["%n row(s)"].iter("numerusform")] == ["%n riga", "%n righe"]


def test_the_core_sentences_are_those_core_says_now():
    """gui/core_sentences.py lists every sentence found in core's source (error messages
    and hints, pause reasons, classified relay replies, pre-flight problems, audience and
    team mistakes…): a sentence added to core makes this fail until ``python -m gui.i18n``
    lists it, and then the test above fails until it has Italian."""
    from gui.core_sentences import SENTENCES
    from gui.core_text import core_sentences

    found = core_sentences(ROOT)
    assert list(SENTENCES) == found, (
        "core's sentences changed: run python -m gui.i18n and translate the new ones "
        "(context 'core' in resources/i18n/staffetta_it.ts):\n"
        + "\n".join(sorted(set(found) ^ set(SENTENCES)))
    )
    # the kinds the window shows are all among them
    for sentence in ("the relay refuses the sender address", "Paused by you.",
                     "Check the template and the sender, then resume.",
                     "The disk is full: there is no room left for the database in %1.",
                     "The condition %1 has no operator I know.",
                     "Cannot reach the PostgreSQL server at %1: %2."):  # fmt: skip
        assert sentence in found


def test_every_core_sentence_is_shown_in_italian(italian):
    """Each sentence core can say, with its places filled, comes out in Italian: the
    matcher reads it back (capitalised or without its full stop too, as the window may show
    a fragment) and fills the Italian with the same values."""
    import re

    from PySide6.QtCore import QCoreApplication

    from gui.core_text import CONTEXT, PARTS, patterns, translated

    english = []
    for pattern in patterns():
        if QCoreApplication.translate(CONTEXT, pattern) == pattern or pattern in PARTS:
            continue  # a product name, the same in Italian
        filled = re.sub(r"%(\d+)", lambda m: f"v{m.group(1)}z", pattern)
        for shown in (filled, filled[:1].upper() + filled[1:], filled.rstrip(".")):
            said = translated(shown)
            if said == shown or any(f"v{n}z" not in said.lower()
                                    for n in re.findall(r"%(\d+)", pattern)):  # fmt: skip
                english.append(f"{shown!r} → {said!r}")
    assert not english, "core sentences left in English (or losing a value):\n" + "\n".join(english)


def test_composed_core_sentences_are_translated_piece_by_piece(italian):
    """A pause reason is built from the relay's reply, the classified reason and a hint:
    each of core's pieces in Italian, the relay's own words as it wrote them."""
    from gui.core_text import translated

    reason = ("At MAIL: 550 5.7.1 Sender refused. Contact us — the relay refuses the sender "
              "address. Fix the SMTP profile, then resume.")  # fmt: skip
    assert translated(reason) == (
        "Al passo MAIL: 550 5.7.1 Sender refused. Contact us — il relay rifiuta l'indirizzo "
        "del mittente. Correggi il profilo SMTP, poi riprendi."
    )
    assert translated("The connection was refused: no mail server is listening on port 25") == (
        "La connessione è stata rifiutata: nessun server di posta è in ascolto sulla porta 25"
    )
    failures = ("10 messages in a row were refused permanently (last: 550 No such user. Bye). "
                "Check the template and the sender, then resume.")  # fmt: skip
    assert translated(failures) == (
        "10 messaggi di fila sono stati rifiutati in modo definitivo (l'ultimo: 550 No such "
        "user. Bye). Controlla il modello e il mittente, poi riprendi."
    )
    assert translated("Cannot reach smtp.example.com: the host name smtp.example.com could "
                      "not be found.") == ("Impossibile raggiungere smtp.example.com: il nome "
                                           "host smtp.example.com non è stato trovato.")  # fmt: skip
