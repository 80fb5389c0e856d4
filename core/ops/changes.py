"""What a write operation changed, so every screen refreshes only what it shows.

Anki's ``OpChanges``: an operation returns which kinds of data it touched, the GUI
broadcasts that once, and each page looks at the flags it cares about. A page never
re-reads (let alone resets) a form because something unrelated changed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_FLAGS = (
    "contacts", "lists", "templates", "profiles", "campaigns", "queue", "inbox",
    "suppressions", "settings",
)  # fmt: skip


@dataclass(frozen=True)
class Changes:
    """Kinds of data an operation changed; ``campaign_ids`` narrows ``campaigns``/``queue``
    to some campaigns (empty: any or unknown)."""

    contacts: bool = False
    lists: bool = False
    templates: bool = False
    profiles: bool = False
    campaigns: bool = False
    queue: bool = False
    inbox: bool = False
    suppressions: bool = False
    settings: bool = False
    campaign_ids: frozenset[int] = frozenset()

    def merge(self, other: Changes) -> Changes:
        values: dict[str, Any] = {n: getattr(self, n) or getattr(other, n) for n in _FLAGS}
        return Changes(**values, campaign_ids=self.campaign_ids | other.campaign_ids)

    def __or__(self, other: Changes) -> Changes:
        return self.merge(other)

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in _FLAGS)

    def touches_campaign(self, campaign_id: int | None) -> bool:
        """Whether a page showing ``campaign_id`` should re-read it."""
        if not (self.campaigns or self.queue):
            return False
        return not self.campaign_ids or campaign_id in self.campaign_ids

    @property
    def names(self) -> tuple[str, ...]:
        """The flags set, e.g. ``("campaigns", "queue")`` (logs, tests)."""
        return tuple(name for name in _FLAGS if getattr(self, name))

    @classmethod
    def everything(cls) -> Changes:
        """After something outside the window changed the database (an import from disk)."""
        values: dict[str, Any] = dict.fromkeys(_FLAGS, True)
        return cls(**values)

    @classmethod
    def of_campaigns(cls, *ids: int, queue: bool = True) -> Changes:
        return cls(campaigns=True, queue=queue, campaign_ids=frozenset(ids))


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """A write operation's result together with what it changed."""

    value: T
    changes: Changes


assert {f.name for f in fields(Changes)} == {*_FLAGS, "campaign_ids"}
