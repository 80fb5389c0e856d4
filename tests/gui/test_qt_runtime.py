"""Guards against a Qt release that crashes this Python (PySide6 6.12.0 on 3.11 did).

The check runs in a child process: a `none_dealloc` abort would otherwise kill the
whole test session, sometimes after it already printed "passed".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import asyncio, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
import qasync

class Emitter(QObject):
    fired = Signal(object)

app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
emitter = Emitter()
received = []
emitter.fired.connect(lambda f: received.append(f()))

async def main():
    for i in range(5000):
        loop.call_soon(emitter.fired.emit, lambda i=i: i)
        if i % 100 == 0:
            await asyncio.sleep(0)
    for _ in range(50):
        await asyncio.sleep(0.001)

with loop:
    loop.run_until_complete(main())
print("callbacks", len(received))
"""


def test_thousands_of_qasync_callbacks_do_not_crash_python(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr[-2000:]}"
    assert "callbacks 5000" in result.stdout
