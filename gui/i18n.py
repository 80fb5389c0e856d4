"""The window's language: English or Italian, following the computer unless told.

Every visible string goes through Qt's translation system (``self.tr`` in widgets,
``QCoreApplication.translate`` elsewhere). The Italian catalogue is
``resources/i18n/staffetta_it.ts`` (the source, edited by translators or Qt Linguist)
compiled to ``staffetta_it.qm`` (what the app loads) by ``python -m gui.i18n``, which
first writes gui/core_sentences.py (every sentence core can say, read from core's
source; see gui.core_text). A merge conflict in the catalogue: keep either side, then
``python -m gui.i18n --from THE_OTHER_SIDE.ts`` takes that side's translations; in
gui/core_sentences.py: take either side and run ``python -m gui.i18n``. Qt's own
catalogue (``qtbase_it.qm``, shipped with PySide6) translates standard buttons such as
Save, Discard and Cancel.

The language is, in order: ``STAFFETTA_LANG`` (``it``, ``en``), the choice in Settings,
the computer's language; anything without a catalogue falls back to English. Numbers and
dates follow the same locale (``QLocale.setDefault``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

LANGUAGES = {"en": "English", "it": "Italiano"}
DEFAULT_LANGUAGE = "en"
SETTINGS_KEY = "language"  # "" follows the computer
CATALOGUE = "staffetta"

_installed: list[QTranslator] = []  # kept alive: Qt does not own them
_in_use = DEFAULT_LANGUAGE
_locale_before: list[QLocale] = []  # the default locale before the first install


def resolve_language(env: str | None, chosen: str | None, system: str) -> str:
    """The language to show: the environment wins, then Settings, then the computer's.

    ``system`` is a locale name such as ``it_IT`` or ``en_US``.
    """
    for candidate in (env, chosen, system):
        code = (candidate or "").strip().replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def chosen_language() -> str:
    """What Settings says ("" = follow the computer)."""
    value = QSettings().value(SETTINGS_KEY, "")
    return value if isinstance(value, str) and value in ("", *LANGUAGES) else ""


def set_chosen_language(code: str) -> None:
    """Remember the choice in Settings (applies at the next start)."""
    QSettings().setValue(SETTINGS_KEY, code if code in LANGUAGES else "")


def current_language() -> str:
    return resolve_language(
        os.environ.get("STAFFETTA_LANG"), chosen_language(), QLocale.system().name()
    )


def installed_language() -> str:
    """The language the window was built in (``install``)."""
    return _in_use


def env_language() -> str:
    """The language STAFFETTA_LANG asks for, "" when unset or unknown."""
    code = os.environ.get("STAFFETTA_LANG", "").strip().replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else ""


def catalogue_folder() -> Path:
    from resources import resource

    return Path(str(resource("i18n")))


def install(app: QCoreApplication, language: str | None = None) -> str:
    """Load the catalogues for ``language`` (default: ``current_language()``) into ``app``
    and make it the default locale; returns the language in use."""
    global _in_use
    language = language or current_language()
    if not _locale_before:
        _locale_before.append(QLocale())
    _remove_translators(app)
    _in_use = language
    locale = (
        QLocale(QLocale.Language.Italian, QLocale.Country.Italy)
        if language == "it"
        else (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    )
    if language == "en":
        system = QLocale.system()
        if system.language() == QLocale.Language.English:
            locale = system  # English words, the computer's number and date formats
    QLocale.setDefault(locale)
    if language != DEFAULT_LANGUAGE:
        ours = QTranslator(app)
        if ours.load(f"{CATALOGUE}_{language}", str(catalogue_folder())):
            app.installTranslator(ours)
            _installed.append(ours)
        qt = QTranslator(app)
        for folder in _qt_catalogue_folders():
            if qt.load(f"qtbase_{language}", folder):
                app.installTranslator(qt)
                _installed.append(qt)
                break
    return language


def uninstall(app: QCoreApplication) -> None:
    """Back to the state before ``install``: no catalogue, the locale Qt started with
    (tests that switched the language leave the next test as they found it)."""
    global _in_use
    _remove_translators(app)
    _in_use = DEFAULT_LANGUAGE
    if _locale_before:
        QLocale.setDefault(_locale_before[0])


def _remove_translators(app: QCoreApplication) -> None:
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for the catalogue without translating it; typed as ``str`` (PySide6's
    own is typed ``object``), so tables of marked strings stay ``str`` for mypy."""
    del context
    return text


def fmt(text: str, *args: object) -> str:
    """Fill Qt-style ``%1``, ``%2``… in a translated string (the translation may move them;
    ``{{ }}`` in Jinja hints stays as it is, unlike with ``str.format``)."""
    for number_, value in sorted(enumerate(args, 1), reverse=True):  # %10 before %1
        text = text.replace(f"%{number_}", str(value))
    return text


_CHOICE = re.compile(r"\(([^()|]*)\|([^()|]*)\)")  # "(is|are)": singular | plural
_SUFFIX = re.compile(r"(?<=\w)\((s|es)\)")  # "message(s)", "address(es)"


def numerus(text: str, n: int) -> str:
    """A ``%n`` sentence from ``tr(source, "", n)`` made right for ``n`` in English too.

    Qt picks the Italian form from the catalogue's ``numerusform``s; English has no
    catalogue, so Qt hands back the source, written with English's two forms inline:
    ``word(s)``/``word(es)`` and ``(singular|plural)``, resolved here. Translations never
    contain those marks, so a translated text passes through unchanged. Use ``%Ln`` (the
    number in the window's locale) rather than ``%n``.
    """
    qt_number, ours = QLocale().toString(n), number(n)
    if qt_number != ours:  # %Ln in the C locale (tests, scripts): 1234 → 1,234 as number()
        text = text.replace(qt_number, ours, 1)
    one = n == 1
    text = _CHOICE.sub(lambda m: m.group(1) if one else m.group(2), text)
    return _SUFFIX.sub("" if one else r"\1", text)


def _qt_catalogue_folders() -> list[str]:
    """Where Qt's own .qm files are: Qt's configured folder, else next to PySide6 (a
    bundle keeps them there, build.spec)."""
    import PySide6

    return [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations"),
    ]


def number(value: int | float, decimals: int = 0) -> str:
    """``1,234`` in English, ``1.234`` in Italian."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # no locale chosen (tests, scripts)
        return f"{value:,.{decimals}f}" if decimals or not isinstance(value, int) else f"{value:,}"
    if isinstance(value, int) and decimals == 0:
        return locale.toString(value)
    return locale.toString(float(value), "f", decimals)


# --- building the catalogues (python -m gui.i18n) -------------------------------------------


def sources(root: Path) -> list[Path]:
    """The Python files whose strings are translated (the window, not core/)."""
    return sorted(p for p in (root / "gui").rglob("*.py") if "__pycache__" not in p.parts)


def tool(name: str) -> str:
    """``pyside6-lupdate``/``pyside6-lrelease`` from the same environment as PySide6."""
    folder = Path(sys.executable).parent
    found = folder / name
    return str(found) if found.exists() else name


def update_sources(root: Path, ts: Path) -> str:
    """Refresh ``ts`` from the sources (lupdate keeps existing translations)."""
    files = [str(p.relative_to(root)) for p in sources(root)]
    result = subprocess.run(
        [tool("pyside6-lupdate"), *files, "-no-obsolete", "-locations", "none", "-ts", str(ts)],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout + result.stderr


def release(ts: Path, qm: Path) -> str:
    result = subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout + result.stderr


def take_translations(ts: Path, other: Path) -> int:
    """Copy into ``ts`` the translations ``other`` has for messages ``ts`` leaves
    unfinished (same context and source); returns how many. For a merge conflict in the
    catalogue: keep one side, run ``python -m gui.i18n --from THE_OTHER_SIDE.ts``."""
    import xml.etree.ElementTree as ET

    def key(context: ET.Element, message: ET.Element) -> tuple[str, str, str]:
        return (context.findtext("name") or "", message.findtext("source") or "",
                message.findtext("comment") or "")  # fmt: skip

    known: dict[tuple[str, str, str], ET.Element] = {}
    for context in ET.parse(other).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") != "unfinished":
                known[key(context, message)] = translation
    tree = ET.parse(ts)
    taken = 0
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            mine = message.find("translation")
            theirs = known.get(key(context, message))
            if mine is None or mine.get("type") != "unfinished" or theirs is None:
                continue
            message.remove(mine)
            message.append(theirs)
            taken += 1
    if taken:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return taken


def main(argv: list[str] | None = None) -> int:
    """Refresh the catalogues from the sources and compile them; ``--from OTHER.ts``
    first takes the translations of another copy (see ``take_translations``)."""
    args = sys.argv[1:] if argv is None else argv
    others = [Path(a) for a in args[args.index("--from") + 1 :]] if "--from" in args else []
    root = Path(__file__).resolve().parents[1]
    folder = root / "resources" / "i18n"
    from gui.core_text import write_sentences

    print(f"{write_sentences(root)} core sentences in gui/core_sentences.py")
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        ts = folder / f"{CATALOGUE}_{language}.ts"
        print(update_sources(root, ts).strip())
        for other in others:
            print(f"{take_translations(ts, other)} translation(s) taken from {other}")
            print(update_sources(root, ts).strip())  # back to lupdate's own layout
        print(release(ts, ts.with_suffix(".qm")).strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
