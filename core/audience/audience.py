"""A campaign's audience: the union of its lists and segments minus the excluded lists and
segments, each contact once, suppressions applied, and why the others are skipped.

All of it is one SQL condition over ``contact`` (``audience_sql``), so pre-flight,
expansion, the Start dialog's counts and ``campaign test``'s first recipient read
the same set. A contact who is in the audience but gets no message is counted under
the first reason that applies, in this order: ``excluded``, ``suppressed`` (on the
suppression list), their status (``unsubscribed``, ``bounced``, ``complained``…),
``frequency_cap`` (got a campaign message within the campaign's
``skip_if_sent_within``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from core.audience.dialect import Dialect
from core.audience.schedule import naive_utc
from core.audience.segments import compile_rule, find_segment, rule_of
from core.contacts import find_list
from core.errors import InvalidValue
from core.models import (
    AudienceRole,
    Campaign,
    CampaignAudience,
    Contact,
    ContactList,
    ContactStatus,
    ListMembership,
    Message,
    Segment,
    database_proxy,
    utcnow,
)
from core.suppressions import suppressed_sql


class SkipReason(StrEnum):
    EXCLUDED = "excluded"
    SUPPRESSED = "suppressed"
    FREQUENCY_CAP = "frequency_cap"


@dataclass
class AudienceSpec:
    """Names as the user gives them (``--list``, ``--segment``, ``--exclude-…``)."""

    lists: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    exclude_lists: list[str] = field(default_factory=list)
    exclude_segments: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.lists or self.segments)

    def as_dict(self) -> dict[str, list[str]]:
        return {"lists": self.lists, "segments": self.segments,
                "exclude_lists": self.exclude_lists,
                "exclude_segments": self.exclude_segments}  # fmt: skip


@dataclass(frozen=True)
class ResolvedAudience:
    include_lists: tuple[int, ...] = ()
    include_segments: tuple[int, ...] = ()
    exclude_lists: tuple[int, ...] = ()
    exclude_segments: tuple[int, ...] = ()


def resolve(spec: AudienceSpec) -> ResolvedAudience:
    """Look every name up (one clear error for an unknown one)."""
    if spec.empty:
        raise InvalidValue(
            "The campaign has no audience.",
            hint="Give at least one --list or --segment.",
        )
    return ResolvedAudience(
        tuple(dict.fromkeys(find_list(n).id for n in spec.lists)),
        tuple(dict.fromkeys(find_segment(n).id for n in spec.segments)),
        tuple(dict.fromkeys(find_list(n).id for n in spec.exclude_lists)),
        tuple(dict.fromkeys(find_segment(n).id for n in spec.exclude_segments)),
    )


def store(campaign_id: int, audience: ResolvedAudience) -> None:
    """Replace the campaign's audience rows (inside the caller's transaction)."""
    CampaignAudience.delete().where(CampaignAudience.campaign == campaign_id).execute()
    rows: list[dict[str, Any]] = []
    for role, lists, segments in (
        (AudienceRole.INCLUDE, audience.include_lists, audience.include_segments),
        (AudienceRole.EXCLUDE, audience.exclude_lists, audience.exclude_segments),
    ):
        # Every row names every column: insert_many takes its columns from the first.
        rows += [{"campaign": campaign_id, "role": role, "contact_list": i, "segment": None}
                 for i in lists]  # fmt: skip
        rows += [{"campaign": campaign_id, "role": role, "contact_list": None, "segment": i}
                 for i in segments]  # fmt: skip
    if rows:
        CampaignAudience.insert_many(rows).execute()


def audience_of(campaign: Campaign | int) -> ResolvedAudience:
    campaign_id = campaign if isinstance(campaign, int) else campaign.id
    parts = list(CampaignAudience.select().where(CampaignAudience.campaign == campaign_id))
    if not parts and not isinstance(campaign, int) and campaign.contact_list_id is not None:
        return ResolvedAudience(include_lists=(campaign.contact_list_id,))
    pick: dict[tuple[str, str], list[int]] = {
        (r, k): [] for r in AudienceRole.ALL for k in ("list", "segment")
    }
    for part in parts:
        if part.contact_list_id is not None:
            pick[(part.role, "list")].append(part.contact_list_id)
        if part.segment_id is not None:
            pick[(part.role, "segment")].append(part.segment_id)
    return ResolvedAudience(
        tuple(pick[(AudienceRole.INCLUDE, "list")]),
        tuple(pick[(AudienceRole.INCLUDE, "segment")]),
        tuple(pick[(AudienceRole.EXCLUDE, "list")]),
        tuple(pick[(AudienceRole.EXCLUDE, "segment")]),
    )


def names_of(audience: ResolvedAudience) -> AudienceSpec:
    def lists(ids: Iterable[int]) -> list[str]:
        names = dict(
            ContactList.select(ContactList.id, ContactList.name)
            .where(ContactList.id.in_(list(ids)))
            .tuples()
        )
        return [names[i] for i in ids if i in names]

    def segments(ids: Iterable[int]) -> list[str]:
        names = dict(
            Segment.select(Segment.id, Segment.name).where(Segment.id.in_(list(ids))).tuples()
        )
        return [names[i] for i in ids if i in names]

    return AudienceSpec(
        lists(audience.include_lists), segments(audience.include_segments),
        lists(audience.exclude_lists), segments(audience.exclude_segments),
    )  # fmt: skip


def describe(audience: ResolvedAudience) -> str:
    """``Customers + Milano gold − Bought this week`` for one line of text."""
    names = names_of(audience)
    included = " + ".join([*names.lists, *names.segments]) or "nobody"
    excluded = [*names.exclude_lists, *names.exclude_segments]
    return included + ("".join(f" − {n}" for n in excluded))


# --- SQL ------------------------------------------------------------------------------------


def _members_sql(ids: tuple[int, ...], segments: tuple[int, ...], dialect: Dialect,
                 alias: str, between: tuple[int, int] | None = None) -> tuple[str, list[Any]]:  # fmt: skip
    """``contact in any of these lists or segments`` (FALSE for none). With ``between``
    (the lowest and highest contact id wanted), the lists' members are read in that range
    only: the database then seeks the part of the membership index a batch of expansion
    needs instead of reading every member of the list again for each batch."""
    parts: list[str] = []
    params: list[Any] = []
    if ids:
        p = dialect.param
        marks = ", ".join(p for _ in ids)
        in_range = f" AND contact_id BETWEEN {p} AND {p}" if between is not None else ""
        parts.append(
            f"{alias}.id IN (SELECT contact_id FROM {ListMembership._meta.table_name} "
            f"WHERE contact_list_id IN ({marks}){in_range})"
        )
        params += [*ids, *(between or ())]
    for segment_id in segments:
        sql, values = compile_rule(rule_of(Segment.get_by_id(segment_id)), dialect, alias)
        parts.append(sql)
        params += values
    if not parts:
        return "1 = 0", []
    return "(" + " OR ".join(parts) + ")", params


@dataclass(frozen=True)
class AudienceSql:
    included: str
    included_params: list[Any]
    excluded: str
    excluded_params: list[Any]


def audience_sql(audience: ResolvedAudience, dialect: Dialect, alias: str = "c",
                 between: tuple[int, int] | None = None) -> AudienceSql:  # fmt: skip
    """The audience as SQL conditions; ``between``: see ``_members_sql``."""
    included, inc_params = _members_sql(
        audience.include_lists, audience.include_segments, dialect, alias, between
    )
    excluded, exc_params = _members_sql(
        audience.exclude_lists, audience.exclude_segments, dialect, alias, between
    )
    # A comparison with a missing value is NULL, and NOT NULL is NULL too: an excluded
    # segment "age < 30" must not also exclude everyone whose age is unknown.
    return AudienceSql(included, inc_params, f"COALESCE({excluded}, FALSE)", exc_params)


def _recently_mailed_sql(dialect: Dialect, alias: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {Message._meta.table_name} fm WHERE fm.to_key = {alias}.email_key "
        f"AND fm.sent_at > {dialect.param})"
    )


def eligible_sql(campaign: Campaign, *, now: datetime | None = None,
                 columns: str = "c.id, c.email, c.email_key, c.name, c.fields",
                 order: str = "c.id", between: tuple[int, int] | None = None) -> tuple[str, list[Any]]:  # fmt: skip
    """SELECT of the recipients who get a message, in ``order``; with ``between``, only
    the contacts whose id is in that range (both ends included)."""
    dialect = Dialect.of(database_proxy)
    parts = audience_sql(audience_of(campaign), dialect, between=between)
    p = dialect.param
    sql = (
        f"SELECT {columns} FROM {Contact._meta.table_name} c WHERE {parts.included} "
        f"AND NOT {parts.excluded} AND c.status = {p} "
        f"AND NOT {suppressed_sql('c.email_key')}"
    )
    params = [*parts.included_params, *parts.excluded_params, ContactStatus.ACTIVE]
    if campaign.skip_if_sent_within:
        sql += f" AND NOT {_recently_mailed_sql(dialect, 'c')}"
        params.append(_since(campaign, now, dialect))
    if between is not None:
        sql += f" AND c.id BETWEEN {p} AND {p}"
        params += list(between)
    return sql + (f" ORDER BY {order}" if order else ""), params


def _since(campaign: Campaign, now: datetime | None, dialect: Dialect) -> Any:
    moment = (naive_utc(now) if now else utcnow()) - timedelta(
        seconds=int(campaign.skip_if_sent_within)
    )
    return dialect.timestamp(moment.replace(tzinfo=None))


@dataclass
class AudienceCount:
    """How many contacts the audience holds and why some of them get nothing."""

    members: int = 0
    eligible: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def as_dict(self) -> dict[str, Any]:
        return {"members": self.members, "eligible": self.eligible, "skipped": self.skipped}


def count_audience(campaign: Campaign, *, now: datetime | None = None) -> AudienceCount:
    """One pass over the audience: members, recipients, and each skip reason."""
    dialect = Dialect.of(database_proxy)
    parts = audience_sql(audience_of(campaign), dialect)
    p = dialect.param
    reasons = [
        f"WHEN {parts.excluded} THEN '{SkipReason.EXCLUDED}'",
        f"WHEN {suppressed_sql('c.email_key')} THEN '{SkipReason.SUPPRESSED}'",
        f"WHEN c.status != {p} THEN c.status",
    ]
    params: list[Any] = [*parts.excluded_params, ContactStatus.ACTIVE]
    if campaign.skip_if_sent_within:
        reasons.append(
            f"WHEN {_recently_mailed_sql(dialect, 'c')} THEN '{SkipReason.FREQUENCY_CAP}'"
        )
        params.append(_since(campaign, now, dialect))
    sql = (
        f"SELECT CASE {' '.join(reasons)} ELSE '' END AS reason, COUNT(*) "
        f"FROM {Contact._meta.table_name} c WHERE {parts.included} GROUP BY 1"
    )
    result = AudienceCount()
    for reason, count in database_proxy.execute_sql(sql, [*params, *parts.included_params]):
        result.members += int(count)
        if reason:
            result.skipped[str(reason)] = int(count)
        else:
            result.eligible = int(count)
    return result


def first_recipient(campaign: Campaign, email: str | None = None) -> Contact | None:
    """The first member of the audience (by id), or the one with ``email`` if a member."""
    dialect = Dialect.of(database_proxy)
    parts = audience_sql(audience_of(campaign), dialect)
    sql = (
        f"SELECT c.id FROM {Contact._meta.table_name} c WHERE {parts.included} "
        f"AND NOT {parts.excluded}"
    )
    params = [*parts.included_params, *parts.excluded_params]
    if email:
        sql += f" AND c.email_key = {dialect.param}"
        params.append(email.strip().lower())
    row = database_proxy.execute_sql(sql + " ORDER BY c.id LIMIT 1", params).fetchone()
    return Contact.get_by_id(row[0]) if row else None
