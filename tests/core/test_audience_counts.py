"""Segment and audience counts match a straightforward Python computation over the same
random contacts (property-style: many random rules over one seeded population)."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import pytest

from core.audience.audience import count_audience, eligible_sql
from core.audience.segments import (
    Op,
    check_rule,
    count_matching,
    parse_condition,
    save_segment,
)
from core.campaigns import DraftSettings, save_draft
from core.campaigns.drafts import AudienceSpec
from core.models import (
    Campaign,
    Contact,
    ContactList,
    ListMembership,
    Message,
    SmtpProfile,
    Suppression,
    Template,
    database_proxy,
)

CITIES = ["Milano", "milano", "Roma", "Torino", "Napoli", "São Paulo", ""]
PLANS = ["gold", "GOLD", "silver", "bronze", "free_plan", "50%off"]
LISTS = ["Clienti", "Prospect", "Newsletter"]


def _ascii_lower(text: str) -> str:
    """SQLite's lower(): A-Z only (what the segment SQL compares with)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


NUMBER = re.compile(r"^ *[-+]?(\d+\.?\d*|\.\d+) *$")
DATE = re.compile(r"^ *\d{4}-\d{2}-\d{2}")


class Person:
    def __init__(self, cid: int, email: str, name: str | None, fields: dict[str, str],
                 status: str, lists: set[str]) -> None:  # fmt: skip
        self.id, self.email, self.name, self.fields = cid, email, name, fields
        self.status, self.lists = status, lists


def value_of(person: Person, field: str) -> str | None:
    if field == "email":
        return person.email.lower()
    if field == "domain":
        return person.email.lower().split("@", 1)[1]
    if field == "name":
        return person.name
    if field == "status":
        return person.status
    return person.fields.get(field)


def matches(person: Person, field: str, op: str, value: str) -> bool:
    """The documented semantics, written plainly."""
    if field == "list":
        names = {n.lower() for n in person.lists}
        wanted = {v.strip().lower() for v in value.split(",")} if op == "in" else {value.lower()}
        if op == "empty":
            return not names
        if op == "not-empty":
            return bool(names)
        if op in ("=", "in"):
            return bool(names & wanted)
        if op == "!=":
            return not names & wanted
        raise AssertionError(op)
    v = value_of(person, field)
    if op == "empty":
        return v is None or v.strip(" ") == ""
    if op == "not-empty":
        return v is not None and v.strip(" ") != ""
    if op in (">", "<", ">=", "<="):
        if v is None:
            return False
        if NUMBER.match(value):
            if not NUMBER.match(v):
                return False
            left, right = float(v), float(value)
        else:
            if not DATE.match(v):
                return False
            left, right = v.strip(" ")[:10], value  # type: ignore[assignment]
        return {">": left > right, "<": left < right, ">=": left >= right,
                "<=": left <= right}[op]  # fmt: skip
    low = _ascii_lower(v) if v is not None else None
    target = _ascii_lower(value.strip())
    if op == "=":
        return low == target
    if op == "!=":
        return low is None or low != target
    if op == "in":
        return low in {_ascii_lower(x.strip()) for x in value.split(",") if x.strip()}
    if low is None:
        return False
    if op == "contains":
        return target in low
    if op == "starts-with":
        return low.startswith(target)
    if op == "ends-with":
        return low.endswith(target)
    raise AssertionError(op)


@pytest.fixture
def population(db) -> list[Person]:
    rng = random.Random(1604)
    people: list[Person] = []
    lists = {name: ContactList.create(name=name) for name in LISTS}
    with database_proxy.atomic():
        for i in range(600):
            fields: dict[str, str] = {}
            if rng.random() < 0.9:
                fields["city"] = rng.choice(CITIES)
            if rng.random() < 0.85:
                fields["plan"] = rng.choice(PLANS)
            roll = rng.random()
            if roll < 0.8:
                fields["age"] = str(rng.randint(16, 95)) + rng.choice(["", "", ".5"])
            elif roll < 0.9:
                fields["age"] = rng.choice(["n/a", "", "  ", "unknown"])
            if rng.random() < 0.9:
                day = datetime(2020, 1, 1) + timedelta(days=rng.randint(0, 2200))
                fields["signup"] = day.strftime("%Y-%m-%d") + rng.choice(["", "", " 10:30"])
            domain = rng.choice(["example.com", "Example.org", "mail.it", "gmail.com"])
            email = f"{rng.choice(['anna', 'Bruno', 'carla', 'dino_x', 'e%f'])}{i}@{domain}"
            name = rng.choice([None, f"Person {i}", f"ZOE {i}"])
            status = rng.choice(["active"] * 8 + ["unsubscribed", "bounced"])
            contact = Contact.create(email=email, email_key=email.lower(), name=name,
                                     fields=fields, status=status)  # fmt: skip
            member_of = {n for n in LISTS if rng.random() < 0.4}
            for n in member_of:
                ListMembership.create(contact_list=lists[n], contact=contact)
            people.append(Person(contact.id, email, name, fields, status, member_of))
    return people


def random_condition(rng: random.Random) -> str:
    field = rng.choice(["city", "plan", "age", "signup", "email", "domain", "name", "status",
                        "list", "nothing_here"])  # fmt: skip
    if field == "nothing_here":
        return f"city {rng.choice(['empty', 'not-empty'])}"
    if field == "age":
        op = rng.choice(["<", ">", "<=", ">=", "empty", "not-empty", "="])
        value = str(rng.randint(10, 100)) if op != "=" else str(rng.randint(16, 95))
    elif field == "signup":
        op = rng.choice(["<", ">", "<=", ">=", "starts-with"])
        value = (datetime(2020, 1, 1) + timedelta(days=rng.randint(0, 2200))).strftime("%Y-%m-%d")
        if op == "starts-with":
            value = value[:4]
    elif field == "list":
        op = rng.choice(["=", "!=", "in", "empty", "not-empty"])
        value = ",".join(rng.sample(LISTS, 2)) if op == "in" else rng.choice(LISTS).upper()
    elif field == "status":
        op = rng.choice(["=", "!=", "in"])
        value = "active,bounced" if op == "in" else rng.choice(["active", "Unsubscribed"])
    else:
        op = rng.choice(["=", "!=", "contains", "starts-with", "ends-with", "in", "empty",
                         "not-empty"])  # fmt: skip
        pool = {"city": CITIES[:-1], "plan": PLANS, "email": ["anna1@example.com", "_x", "%f"],
                "domain": ["example.com", "EXAMPLE.ORG", "mail.it"],
                "name": ["person 1", "zoe", "Person"]}[field]  # fmt: skip
        value = rng.choice(pool)
        if op in ("contains", "starts-with", "ends-with") and len(value) > 2:
            value = value[: rng.randint(1, len(value))] if op != "ends-with" else value[-3:]
        if op == "in":
            value = ", ".join(rng.sample(pool, min(2, len(pool))))
    if op in ("empty", "not-empty"):
        return f"{field} {op}"
    return f"{field} {op} {value}"


def reference(people: list[Person], conditions: list[str], match_any: bool) -> set[int]:
    parsed = [parse_condition(c) for c in conditions]
    found = set()
    for person in people:
        results = [matches(person, c.field, c.op.value, c.value) for c in parsed]
        if any(results) if match_any else all(results):
            found.add(person.id)
    return found


def test_segment_counts_match_python_on_random_rules(population: list[Person]):
    rng = random.Random(7)
    for round_ in range(120):
        conditions = [random_condition(rng) for _ in range(rng.randint(1, 3))]
        match_any = rng.random() < 0.4
        rule = check_rule([parse_condition(c) for c in conditions], match_any=match_any)
        expected = reference(population, conditions, match_any)
        assert count_matching(rule) == len(expected), (round_, conditions, match_any)


def test_saved_segments_with_indexes_count_the_same(population: list[Person]):
    """The expression indexes a saved segment builds serve the same answers."""
    cases = [
        (["city = milano", "plan in gold, silver", "age >= 30"], False),
        (["signup < 2022-06-01", "age < 40.5"], True),
        (["plan = 50%off"], False),
    ]
    for index, (conditions, match_any) in enumerate(cases):
        segment = save_segment(f"S{index}", conditions, match_any=match_any)
        from core.audience.segments import rule_of

        assert count_matching(rule_of(segment)) == len(reference(population, conditions, match_any))
    names = [r[1] for r in database_proxy.execute_sql("PRAGMA index_list(contact)")]
    assert sum(1 for n in names if n.startswith("contact_field_")) >= 4
    plan = database_proxy.execute_sql(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM contact c WHERE "
        "lower(json_extract(c.fields, '$.\"city\"')) = lower('x')"
    ).fetchall()
    assert any("contact_field_" in str(row) for row in plan), plan


def _contact_indexes(postgres: bool) -> dict[str, str]:
    if postgres:
        rows = database_proxy.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contact'"
        )
    else:
        rows = database_proxy.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact'"
        )
    return {str(n): str(d) for n, d in rows if str(n).startswith("contact_field_")}


@pytest.mark.databases()
def test_an_all_of_segment_gets_one_index_holding_its_columns(population: list[Person],
                                                              database_kind: str):  # fmt: skip
    """Three conditions that must all hold: one index with the three columns (equality,
    then in, then the ordered one), which the count seeks in; the count is unchanged, and
    saving it again builds nothing more. An any-of rule gets one index per column."""
    from core.audience.segments import count_segment

    postgres = database_kind == "postgresql"
    conditions = ["age >= 30", "plan in gold, silver", "city = milano"]
    save_segment("Milano", conditions)
    built = _contact_indexes(postgres)
    assert len(built) == 1, built
    (definition,) = built.values()
    assert definition.index("city") < definition.index("plan") < definition.index("age")
    assert count_segment("Milano") == len(reference(population, conditions, False))
    save_segment("Milano", conditions, replace=True)
    assert _contact_indexes(postgres) == built
    if not postgres:
        from core.audience.dialect import Dialect
        from core.audience.segments import compile_rule, rule_of
        from core.models import Segment

        where, params = compile_rule(rule_of(Segment.get(Segment.name == "Milano")),
                                     Dialect.of(database_proxy))  # fmt: skip
        plan = database_proxy.execute_sql(
            f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM contact c WHERE {where}", params
        ).fetchall()
        (name,) = built
        assert any(f"{name} (<expr>=? AND <expr>=? AND <expr>>?)" in str(r) for r in plan), plan
    save_segment("Either", ["city = roma", "age < 20"], match_any=True)
    assert len(_contact_indexes(postgres)) == 3
    assert count_segment("Either") == len(reference(population, ["city = roma", "age < 20"], True))


def _campaign(audience: AudienceSpec, skip: int = 0) -> Campaign:
    Template.get_or_create(name="T", defaults={"subject": "s", "html": "<p>x</p>"})
    SmtpProfile.get_or_create(name="P", defaults={"host": "127.0.0.1", "port": 25,
                                                  "security": "none"})  # fmt: skip
    return save_draft(
        f"C{Campaign.select().count()}",
        DraftSettings(list_name=None, template_name="T", profile_name="P",
                      sender="shop@example.com", audience=audience,
                      skip_if_sent_within=skip),
    )  # fmt: skip


def test_audience_counts_and_skip_reasons_match_python(population: list[Person]):
    rng = random.Random(11)
    save_segment("Gold", ["plan = gold"])
    save_segment("Young", ["age < 30"])
    save_segment("Rome", ["city = roma"])
    suppressed = {p.email.lower() for p in rng.sample(population, 40)}
    with database_proxy.atomic():
        for key in suppressed:
            Suppression.create(email_key=key, reason="test")
    people = {p.id: p for p in population}
    gold = reference(population, ["plan = gold"], False)
    young = reference(population, ["age < 30"], False)
    rome = reference(population, ["city = roma"], False)
    in_list = {name: {p.id for p in population if name in p.lists} for name in LISTS}
    cases = [
        (AudienceSpec(lists=["Clienti"]), in_list["Clienti"], set()),
        (AudienceSpec(lists=["Clienti", "Prospect"], exclude_lists=["Newsletter"]),
         in_list["Clienti"] | in_list["Prospect"], in_list["Newsletter"]),
        (AudienceSpec(segments=["Gold"], lists=["Newsletter"], exclude_segments=["Young"]),
         gold | in_list["Newsletter"], young),
        (AudienceSpec(segments=["Gold", "Rome"], exclude_segments=["Young"],
                      exclude_lists=["Clienti"]), gold | rome, young | in_list["Clienti"]),
    ]  # fmt: skip
    for spec, included, excluded in cases:
        campaign = _campaign(spec)
        counts = count_audience(campaign)
        expected_eligible = {
            cid for cid in included - excluded
            if people[cid].status == "active" and people[cid].email.lower() not in suppressed
        }  # fmt: skip
        assert counts.members == len(included)
        assert counts.eligible == len(expected_eligible)
        assert counts.skipped.get("excluded", 0) == len(included & excluded)
        rest = included - excluded
        assert counts.skipped.get("suppressed", 0) == sum(
            1 for c in rest if people[c].email.lower() in suppressed
        )
        assert counts.skipped.get("unsubscribed", 0) == sum(
            1 for c in rest
            if people[c].email.lower() not in suppressed and people[c].status == "unsubscribed"
        )  # fmt: skip
        sql, params = eligible_sql(campaign)
        ids = [row[0] for row in database_proxy.execute_sql(sql, params)]
        assert len(ids) == len(set(ids)) == len(expected_eligible)  # each contact once
        assert set(ids) == expected_eligible


def test_the_frequency_cap_skips_who_got_a_campaign_message_recently(population: list[Person]):
    campaign = _campaign(AudienceSpec(lists=["Clienti"]), skip=3 * 86400)
    members = [p for p in population if "Clienti" in p.lists and p.status == "active"]
    now = datetime(2026, 3, 2, 12, 0)
    recent, old, other = members[:5], members[5:9], members[9:12]
    earlier = _campaign(AudienceSpec(lists=["Prospect"]))
    for i, (person, sent_at, status) in enumerate(
        [(p, now - timedelta(hours=20), "sent") for p in recent]
        + [(p, now - timedelta(days=4), "sent") for p in old]
        + [(p, None, "queued") for p in other]
    ):
        Message.create(campaign=earlier, contact=person.id, to_addr=person.email,
                       to_key=person.email.lower(), message_id=f"<{i}@x>", status=status,
                       sent_at=sent_at)  # fmt: skip
    counts = count_audience(campaign, now=now)
    assert counts.skipped.get("frequency_cap") == len(
        [p for p in recent if p.email.lower() not in _suppressed_keys()]
    )
    sql, params = eligible_sql(campaign, now=now)
    ids = {row[0] for row in database_proxy.execute_sql(sql, params)}
    assert not ids & {p.id for p in recent}
    assert {p.id for p in old + other} <= ids


def _suppressed_keys() -> set[str]:
    return {k for (k,) in Suppression.select(Suppression.email_key).tuples()}


@pytest.mark.parametrize("op", [o.value for o in Op])
def test_every_operator_is_compiled(population: list[Person], op: str):
    """Each operator, on an imported column, gives the Python answer."""
    field, value = {
        ">": ("age", "40"), "<": ("age", "40"), ">=": ("age", "40.5"), "<=": ("age", "40"),
    }.get(op, ("city", "Milano, roma" if op == "in" else "mil"))  # fmt: skip
    text = f"{field} {op}" if op in ("empty", "not-empty") else f"{field} {op} {value}"
    rule = check_rule([parse_condition(text)])
    assert count_matching(rule) == len(reference(population, [text], False)), text
