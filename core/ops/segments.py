"""Segment operations for the window: the builder's fields, a live count and preview,
saving and deleting. Plain data out, ``Changes`` back."""

from __future__ import annotations

from dataclasses import dataclass, field

from core import contacts as core_contacts
from core.audience import segments as core_segments
from core.audience.segments import BUILTIN_FIELDS as BUILTIN_FIELDS
from core.audience.segments import OPS_TEXT, VALUELESS_OPS, Op
from core.contacts import contact_rows
from core.errors import InvalidValue, NotFound, StaffettaError
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


def get(segment_id: int) -> SegmentData:
    found: Segment | None = Segment.get_or_none(Segment.id == segment_id)
    if found is None:
        raise NotFound("This segment no longer exists.")
    return SegmentData(found.id, found.name, bool(found.match_any),
                       core_segments.rule_of(found).texts())  # fmt: skip


@dataclass(frozen=True)
class FilteredContacts:
    """What the Contacts page shows through a saved segment or a filter built with the
    segment builder: the ids (by address), the field columns, or why the filter cannot
    run (a column that is gone, a value that no longer parses)."""

    ids: list[int]
    fields: list[str]
    problem: str | None = None


def filtered_contacts(
    search: str = "", *, segment_id: int | None = None, where: list[str] | None = None,
    match_any: bool = False,
) -> FilteredContacts:  # fmt: skip
    """Contacts of a saved segment and/or matching a filter's conditions, narrowed by the
    page's search text (the same search as for a list)."""
    fields = core_contacts.field_names(None)
    rules: list[core_segments.SegmentRule] = []
    try:
        if segment_id is not None:
            segment: Segment | None = Segment.get_or_none(Segment.id == segment_id)
            if segment is None:
                raise NotFound("This segment no longer exists.")
            rules.append(core_segments.rule_of(segment))
        if where:
            rules.append(core_segments.check_rule(
                [core_segments.parse_condition(w) for w in where], match_any=match_any
            ))  # fmt: skip
        ids = core_segments.filter_ids(rules)
    except StaffettaError as exc:
        return FilteredContacts([], fields, exc.user_text())
    if search.strip():
        matched = set(ids)
        ids = [i for i in core_contacts.contact_ids(None, search) if i in matched]
    return FilteredContacts(ids, fields)


def export_filtered(
    path: str, search: str = "", *, segment_id: int | None = None,
    where: list[str] | None = None, match_any: bool = False,
) -> int:  # fmt: skip
    """Write the contacts a segment or filter shows as CSV (as the list export does)."""
    shown = filtered_contacts(search, segment_id=segment_id, where=where, match_any=match_any)
    if shown.problem is not None:
        raise InvalidValue(shown.problem)
    return core_contacts.export_contacts(path, ids=shown.ids)


def describe(where: list[str], match_any: bool) -> str:
    """``city = Milano and plan in gold, silver`` for one line of text."""
    return (" or " if match_any else " and ").join(where)


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
