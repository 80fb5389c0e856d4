"""Staffetta's core: everything that is not Qt.

The GUI, the headless CLI and the tests all use this package. It must never import
PySide6 or qasync (``tests/core/test_no_qt.py`` enforces it).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("staffetta")
except PackageNotFoundError:  # running from a source tree or a bundle without metadata
    __version__ = "0.1.0"

APP_NAME = "Staffetta"
