"""The window's one way to the data: Qt-free operations run off the UI thread.

Reads return plain data (dataclasses, dicts, lists: never a peewee row, which could
query lazily wherever it is touched). Writes return a ``Changes`` of what they changed,
or an ``OpResult`` with a value and its ``Changes``; the window broadcasts it and each
page refreshes only what it shows (Anki's ``CollectionOp``/``QueryOp``, ``OpChanges``).
One module per area: ``campaigns``, ``templates``, ``contacts``, ``queue``, ``profiles``.
"""

from core.ops.changes import Changes, OpResult

__all__ = ["Changes", "OpResult"]
