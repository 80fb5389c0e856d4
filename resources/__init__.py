"""Shipped data (icons, styles, samples), read with importlib.resources so bundles find it."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(name: str) -> Traversable:
    return files(__name__).joinpath(name)


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")
