"""Segment operations for the window: the builder's fields, a live count and preview,
saving and deleting. Plain data out, ``Changes`` back."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.audience import segments as core_segments
from core.audience.segments import BUILTIN_FIELDS as BUILTIN_FIELDS
from core.audience.segments import OPS_TEXT, VALUELESS_OPS, Op
from core.contacts import contact_rows
from core.errors import StaffettaError
from core.models import Segment
from core.ops.changes import Changes, OpResult

OPERATORS: tuple[str, ...] = tuple(o.value for o in Op)
NO_VALUE_OPERATORS: tuple[str, ...] = tuple(o.value for o in VALUELESS_OPS)


@dataclass(frozen=True)
class SegmentData:
    id: int
    name: str
    match_any: bool
    where: list[str]


@dataclass(frozen=True)
class PreviewRow:
    email: str
    name: str | None
    status: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentPreview:
    """What the builder shows as the user edits: the count and the first contacts, or
    the one sentence saying what is wrong with a condition."""

    count: int | None
    rows: list[PreviewRow] = field(default_factory=list)
    problem: str | None = None


def fields() -> list[str]:
    """The fields a condition can name: built-in ones, then the imported columns."""
    imported = [f for f in core_segments.known_fields() if f.lower() not in BUILTIN_FIELDS]
    return [*BUILTIN_FIELDS, *imported]


def operators_help() -> str:
    return OPS_TEXT


def condition_text(field_name: str, op: str, value: str) -> str:
    """One row of the builder as the CLI's ``FIELD OP VALUE``."""
    shown = f'"{field_name}"' if " " in field_name else field_name
    return f"{shown} {op}" if op in NO_VALUE_OPERATORS else f"{shown} {op} {value}"


def split_condition(text: str) -> tuple[str, str, str]:
    """``"city = Milano"`` → ``("city", "=", "Milano")`` (to show a saved row)."""
    condition = core_segments.parse_condition(text)
    return condition.field, condition.op.value, condition.value


def list_segments() -> list[SegmentData]:
    return [
        SegmentData(s.id, s.name, bool(s.match_any), core_segments.rule_of(s).texts())
        for s in Segment.select().order_by(Segment.name)
    ]


def preview(where: list[str], match_any: bool, limit: int = 20) -> SegmentPreview:
    """Count and the first ``limit`` matching contacts (by address)."""
    try:
        rule = core_segments.check_rule(
            [core_segments.parse_condition(w) for w in where], match_any=match_any
        )
        count = core_segments.count_matching(rule)
        ids = core_segments.matching_ids(rule, limit=limit)
    except StaffettaError as exc:
        return SegmentPreview(None, [], exc.user_text())
    rows = contact_rows(ids)
    shown = [rows[i].as_dict() for i in ids if i in rows]
    return SegmentPreview(
        count, [PreviewRow(r["email"], r["name"], r["status"], r["fields"]) for r in shown], None
    )


def save(name: str, where: list[str], match_any: bool, replace: bool = False) -> OpResult[int]:
    segment = core_segments.save_segment(name, where, match_any=match_any, replace=replace)
    return OpResult(segment.id, Changes(lists=True))


def delete(name: str) -> Changes:
    core_segments.delete_segment(name)
    return Changes(lists=True)
