"""Screenshots of every page at 1280×800: ``python -m gui.screenshots [--out DIR] [--contacts N]``.

Runs on a throw-away database with the sample data (and optionally N generated
contacts, long names included), so the pictures show what a new user sees. Use it
under ``xvfb-run`` or with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def _generate_contacts(path: Path, count: int) -> None:
    long_name = "Maria Alessandra Beatrice Cristina de' Medici-Sforza di Castelnuovo"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("email,first_name,last_name,city,plan\n")
        for i in range(count):
            first = long_name if i % 97 == 0 else f"Person{i}"
            fh.write(f"person{i:06d}@example.com,{first},Rossi,Milano,pro\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--contacts", type=int, default=0, help="also import N generated contacts")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="staffetta-shots-"))
    os.environ["STAFFETTA_DATA_DIR"] = str(workdir)

    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir))

    from core.db import open_database
    from core.firstrun import seed_first_run
    from core.importer import import_contacts
    from gui.app import make_application

    app = make_application([sys.argv[0]])
    open_database(str(workdir / "staffetta.db"))
    seed_first_run()
    if args.contacts:
        csv_path = workdir / "many.csv"
        _generate_contacts(csv_path, args.contacts)
        import_contacts(csv_path, f"{args.contacts:,} generated")

    from gui.main_window import PAGES, MainWindow

    window = MainWindow()
    window.resize(1280, 800)
    window.show()

    def settle(ms: int = 600) -> None:
        from PySide6.QtCore import QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(ms)
        while not deadline.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    settle(1500)
    for key, _label, _target in PAGES:
        window.show_page(key)
        settle()
        target = out / f"{key}.png"
        window.grab().save(str(target))
        print(target)
    window.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
