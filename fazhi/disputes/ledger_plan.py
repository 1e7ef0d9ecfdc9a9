"""From read ledger rows to the case records they create or update, checked, and the writes.

A plan is built for the whole file before anything is written: every row is resolved against the
region (`ledger_units`), merged into the stored case of the same number (or a new one), given its
status, derived fields and due date as the services compute them, and checked with `checks`.
Only a plan without errors is applied, in bulk, inside the import's one transaction.

Merging: a column the ledger does not have, or a cell it leaves empty, keeps what is stored (a
ledger adds and corrects, it does not erase); a new case takes the model's defaults.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils import timezone

from fazhi.core import stamp
from fazhi.core.masking import mask
from fazhi.org.importers import RowError

from . import checks, services
from .enums import (
    LawsuitStatus,
    PartyKind,
    ReconStatus,
)
from .ledger_bulk import Draft, insert, set_fk, take_ids, update
from .ledger_columns import RECONSIDERATION, LedgerKind
from .ledger_units import RegionContext
from .ledger_values import CellError, party_kind
from .models import Applicant, Hearing, Lawsuit, Reconsideration

BATCH = 1000
LOOKUP_BATCH = 900  # SQLite (as Django configures it) allows 999 parameters a statement
_TIMESTAMPS = frozenset({"created_at", "updated_at"})
_NOT_COMPARED = frozenset({"id", "version", *_TIMESTAMPS})
# Problems about a column the ledger does not have are not the ledger's errors: a ledger that
# only says 是否听证 cannot give the 听证日期 (checks.py field → column key).
WAIVED_WITHOUT_COLUMN = frozenset({"hearing_on", "head_attendance", "head_name", "excuse"})
HEARING_FIELDS = (
    "held_on",
    "head_requested",
    "head_appeared",
    "head_name",
    "head_position",
    "head_rank",
    "counts",
    "excuse",
)
# checks.py field names that are not column keys.
PROBLEM_COLUMN = {"held_on": "hearing_on", "head_rank": "head_position"}


class LedgerError(RowError):
    """One problem of the file, where Excel shows it: sheet, row (0: about the sheet or the file
    as a whole) and the column's header; unlike the organisation import's, it shows the value."""

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        text = f"{where}：{self.message}" if where else self.message
        return f"{text}（原值：{self.value}）" if self.value else text


@dataclass
class Row:
    """A data row as read: the values of its non-empty cells by column key."""

    sheet: str
    number: int  # as Excel shows it
    values: dict[str, Any]
    present: frozenset[str]  # the column keys of the sheet
    headers: dict[str, str]  # column key → the header as the sheet writes it
    failed: bool = False  # a cell could not be read

    def header(self, kind: LedgerKind, column: str) -> str:
        if column in self.headers:
            return self.headers[column]
        found = kind.by_key.get(column)
        return found.header if found else column


@dataclass
class PartyPlan:
    new: list[Any] = field(default_factory=list)
    changed: list[Any] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


@dataclass
class Plan:
    """What the import will write; `errors` empty means it may."""

    new: list[Any] = field(default_factory=list)
    changed: list[Any] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    unchanged: int = 0
    parties: PartyPlan = field(default_factory=PartyPlan)
    hearings_new: list[tuple[Hearing, Any]] = field(default_factory=list)  # with its case
    hearings_changed: list[Hearing] = field(default_factory=list)
    links: list[tuple[Lawsuit, str]] = field(default_factory=list)  # 原审 in this file
    errors: list[LedgerError] = field(default_factory=list)


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """`items` in slices small enough for one `IN (…)` on this database."""
    limit = connection.features.max_query_params
    size = LOOKUP_BATCH if limit else 10 * LOOKUP_BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _compared(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in _NOT_COMPARED]


def _loaded_names(model: type[models.Model]) -> list[str]:
    """The fields read of a stored row: all but the timestamps (an update sets updated_at)."""
    return [f.attname for f in model._meta.concrete_fields if f.name not in _TIMESTAMPS]


class Planner:
    """Builds the plan for one kind of ledger; subclasses fill in the case type's own fields."""

    kind: LedgerKind
    model: type[Any]
    party_model: type[Any]
    parties_key: str
    ids_key: str
    unit_fields: tuple[str, ...]
    simple: frozenset[str]  # column keys copied onto the case as they are

    def __init__(self, context: RegionContext, *, lock: bool, today: dt.date) -> None:
        self.context = context
        self.lock = lock
        self.today = today
        self.plan = Plan()
        self.fields = _compared(self.model)
        self.snapshot = operator.itemgetter(*[f.attname for f in self.fields])
        self.stored: dict[str, Any] = {}
        self.stored_parties: dict[int, list[Any]] = defaultdict(list)
        self.file_numbers: set[str] = set()
        self.kinds: dict[str, str] = {}  # party name → PartyKind
        self.case_draft = Draft.of(self.model, derive=self.model.derive)
        self.party_draft = Draft.of(self.party_model)

    # --- the whole file ---------------------------------------------------------------------

    def run(self, rows: list[Row]) -> Plan:
        rows = self._unique(rows)
        self.file_numbers = {row.values["case_number"] for row in rows}
        self._load(sorted(self.file_numbers))
        with stamp.batch():  # one calendar token read for every due date
            for row in rows:
                self._row(row)
        return self.plan

    def _unique(self, rows: list[Row]) -> list[Row]:
        first: dict[str, Row] = {}
        kept = []
        for row in rows:
            number = row.values.get("case_number")
            if not number:
                continue  # already an error: required
            if number in first:
                seen = first[number]
                where = f"工作表「{seen.sheet}」第 {seen.number} 行"
                self.error(row, "case_number", f"案号与{where}重复", number)
                continue
            first[number] = row
            kept.append(row)
        return kept

    def _load(self, numbers: list[str]) -> None:
        """The stored cases the file names, and their parties, as drafts (locked for update)."""
        names = _loaded_names(self.model)
        for chunk in chunks(numbers):
            query = self.model.objects.filter(case_number__in=chunk)
            if self.lock:
                query = query.select_for_update()
            for values in query.values_list(*names):
                case = self.case_draft.loaded(names, values)
                self.stored[case.case_number] = case
        ids = [case.pk for case in self.stored.values()]
        names = _loaded_names(self.party_model)
        for chunk in chunks(ids):
            query = self.party_model.objects.filter(case_id__in=chunk)
            for values in query.order_by("sort_order", "pk").values_list(*names):
                party = self.party_draft.loaded(names, values)
                self.stored_parties[party.case_id].append(party)

    def error(self, row: Row, column: str, message: str, value: Any = "") -> None:
        header = row.header(self.kind, column)
        self.plan.errors.append(LedgerError(row.sheet, row.number, header, message, str(value)))

    # --- one row ----------------------------------------------------------------------------

    def _row(self, row: Row) -> None:
        number = row.values["case_number"]
        stored = self.stored.get(number)
        if stored is not None and not self.in_region(stored):
            self.error(row, "case_number", "该案号已被本辖区以外的案件使用，不能导入", number)
            return
        case = stored if stored is not None else self.new_case(number)
        before = self.snapshot(case.__dict__) if stored is not None else None
        errors_before = len(self.plan.errors)
        for name in self.simple & row.values.keys():
            setattr(case, name, row.values[name])
        self.resolve(row, case, stored)
        parties = self._parties(row, case, stored)
        extra_changed = self.after_resolve(row, case, stored)
        if row.failed or len(self.plan.errors) > errors_before:
            return  # checks would only repeat what could not be read or resolved
        self.finish(case, stored)
        self._check(row, self.problems(case))
        if len(self.plan.errors) > errors_before:
            return
        self._keep(case, before, parties, extra_changed)

    def _keep(
        self, case: Any, before: tuple[Any, ...] | None, parties: PartyPlan, extra: bool
    ) -> None:
        plan = self.plan
        party_changes = bool(parties.new or parties.changed or parties.deleted)
        plan.parties.new += parties.new
        plan.parties.changed += parties.changed
        plan.parties.deleted += parties.deleted
        if before is None:
            plan.new.append(case)
            return
        after = self.snapshot(case.__dict__)
        changed = (
            {f.name for f, old, new in zip(self.fields, before, after, strict=True) if old != new}
            if after != before
            else set()
        )
        if changed or party_changes or extra:
            plan.changed.append(case)
            plan.changed_fields |= changed
        else:
            plan.unchanged += 1

    def in_region(self, case: Any, unit_fields: tuple[str, ...] = ()) -> bool:
        """Whether any of `case`'s `unit_fields` (by default this planner's) names a unit of
        the region."""
        ids = self.context.unit_ids
        return any(getattr(case, f"{name}_id") in ids for name in unit_fields or self.unit_fields)

    def _check(self, row: Row, problems: Iterable[checks.Problem]) -> None:
        for name, message in problems:
            column = PROBLEM_COLUMN.get(name, name)
            if column in WAIVED_WITHOUT_COLUMN and column not in row.present:
                continue
            self.error(row, column, message)

    def unit(self, row: Row, column: str, courts: bool = False) -> Any:
        name = row.values.get(column)
        if name is None:
            return None
        index = self.context.courts if courts else self.context.units
        try:
            return index.resolve(name)
        except CellError as exc:
            self.error(row, column, exc.message, name)
            return None

    def field(self, row: Row, case: Any, stored: Any, unit: Any) -> None:
        fields = self.context.fields
        try:
            if "field" in row.values:
                set_fk(case, "field", fields.resolve(row.values["field"]))
            elif stored is None and unit is not None:
                set_fk(case, "field", fields.infer(unit))
        except CellError as exc:
            self.error(row, "field", exc.message, row.values.get("field", ""))

    # --- parties ----------------------------------------------------------------------------

    def _parties(self, row: Row, case: Any, stored: Any) -> PartyPlan:
        names = row.values.get(self.parties_key)
        out = PartyPlan()
        if not names:
            return out
        ids = row.values.get(self.ids_key, ())
        if ids and len(ids) != len(names):
            self.error(
                row,
                self.ids_key,
                f"证件号码有 {len(ids)} 个，{self.kind.party_label}有 {len(names)} 名，须一一对应",
            )
            return out
        if stored is None:
            return self._new_parties(row, case, names, ids)
        current = list(self.stored_parties.get(case.pk, []))
        for order, name in enumerate(names):
            party = self._party(row, case, current, name, ids[order] or None if ids else None)
            if party is None:
                continue
            if party.pk is None:
                party.sort_order = order
                out.new.append(party)
            elif party.sort_order != order or getattr(party, "_touched", False):
                party.sort_order = order
                out.changed.append(party)
        out.deleted = [p.pk for p in current]  # the stored ones no longer in the ledger
        return out

    def _new_parties(
        self, row: Row, case: Any, names: Sequence[str], ids: Sequence[str]
    ) -> PartyPlan:
        out = PartyPlan()
        for order, name in enumerate(names):
            number = ids[order] if ids else ""
            if "*" in number:
                self.error(row, self.ids_key, "证件号码是脱敏后的值，不能用于新案件", number)
                continue
            kind = self.kinds.get(name) or self.kinds.setdefault(name, party_kind(name))
            out.new.append(
                self.party_draft(
                    _case=case, name=name, kind=kind, id_number=number, sort_order=order
                )
            )
        return out

    def _party(self, row: Row, case: Any, current: list[Any], name: str, number: str | None) -> Any:
        """The stored party `name` names (itself, or its masked form in an export), or a new one;
        taken out of `current`."""
        match = next((p for p in current if p.name == name), None) or next(
            (p for p in current if p.kind == PartyKind.PERSON and mask(p.name, "name") == name),
            None,
        )
        if match is not None:
            current.remove(match)
        if number and "*" in number:
            if match is None or mask(match.id_number, "id_number") != number:
                self.error(
                    row, self.ids_key, "证件号码是脱敏后的值，与已登记的不符，不能导入", number
                )
                return None
            number = match.id_number
        if match is None:
            kind = self.kinds.get(name) or self.kinds.setdefault(name, party_kind(name))
            return self.party_draft(_case=case, name=name, kind=kind, id_number=number or "")
        if number is not None and number != match.id_number:
            match.id_number = number
            match._touched = True
        return match

    # --- per case type ----------------------------------------------------------------------

    def new_case(self, number: str) -> Any:
        raise NotImplementedError

    def resolve(self, row: Row, case: Any, stored: Any) -> None:
        raise NotImplementedError

    def after_resolve(self, row: Row, case: Any, stored: Any) -> bool:
        """Further planning once the case's own values are set; True if that changes it."""
        return False

    def finish(self, case: Any, stored: Any) -> None:
        raise NotImplementedError

    def problems(self, case: Any) -> list[checks.Problem]:
        raise NotImplementedError


def simple_columns(kind: LedgerKind, *handled: str) -> frozenset[str]:
    """The keys of `kind`'s columns copied onto the case as they are: all but the `handled` ones."""
    return frozenset(c.key for c in kind.columns if c.key not in handled)


# ---------------------------------------------------------------------------------------------
# 行政复议


class ReconPlanner(Planner):
    kind = RECONSIDERATION
    model = Reconsideration
    party_model = Applicant
    parties_key = "applicants"
    ids_key = "applicant_ids"
    unit_fields = ("respondent", "handling_unit")
    simple = simple_columns(
        RECONSIDERATION, "case_number", "applicants", "applicant_ids", "respondent", "field"
    )

    def __init__(self, context: RegionContext, *, lock: bool, today: dt.date) -> None:
        super().__init__(context, lock=lock, today=today)
        # Every new case has the region's 复议机关 and 复议机构: as defaults of the drafts.
        organ, office = context.government, context.justice
        self.case_draft.defaults = {
            **self.case_draft.defaults,
            "organ": organ,
            "organ_id": organ.pk if organ else None,
            "handling_unit": office,
            "handling_unit_id": office.pk if office else None,
        }

    def new_case(self, number: str) -> Any:
        return self.case_draft(case_number=number)

    def resolve(self, row: Row, case: Any, stored: Any) -> None:
        respondent = self.unit(row, "respondent")
        if respondent is not None:
            set_fk(case, "respondent", respondent)
        self.field(row, case, stored, respondent)

    def finish(self, case: Any, stored: Any) -> None:
        case.status = later_status(stored, recon_status(case), RECON_ORDER)
        case.derive()
        case.due_on = services.reconsideration_due(case)

    def problems(self, case: Any) -> list[checks.Problem]:
        return checks.reconsideration_problems(case, self.today)


def later_status(stored: Any, derived: str, order: Sequence[str]) -> str:
    """A stored case keeps its status unless the ledger's data puts it further on (a ledger
    does not reopen a case or undo a 中止; a 已裁判 case stays so until its appeal period ends)."""
    if stored is None:
        return derived
    if stored.status == LawsuitStatus.DECIDED and derived == LawsuitStatus.CLOSED:
        return str(stored.status)
    return max(str(stored.status), derived, key=order.index)


RECON_ORDER = (
    ReconStatus.RECEIVED,
    ReconStatus.CORRECTING,
    ReconStatus.ACCEPTED,
    ReconStatus.SUSPENDED,
    ReconStatus.CLOSED,
)
LAWSUIT_ORDER = (
    LawsuitStatus.FILED,
    LawsuitStatus.ANSWERING,
    LawsuitStatus.TRIAL,
    LawsuitStatus.DECIDED,
    LawsuitStatus.CLOSED,
)


def recon_status(case: Reconsideration, *, suspended: bool = False) -> str:
    """结案 with an outcome; 审理中 once accepted (中止 while `suspended`); 补正中; else 受理审查中."""
    if case.outcome:
        return ReconStatus.CLOSED
    if case.accepted_on:
        return ReconStatus.SUSPENDED if suspended else ReconStatus.ACCEPTED
    if case.correction_requested_on and not case.correction_supplied_on:
        return ReconStatus.CORRECTING
    return ReconStatus.RECEIVED


# ---------------------------------------------------------------------------------------------
# Writing


def apply(plan: Plan, model: type[Any], party_model: type[Any]) -> None:
    """Write the plan in bulk (inside the caller's transaction)."""
    now = timezone.now()
    plan.new.sort(key=lambda case: case.case_number)  # the unique index fills in order
    for case, pk in zip(plan.new, take_ids(model, len(plan.new)), strict=True):
        case.id = pk
    insert(model, plan.new, with_ids=True)
    for case in plan.changed:
        case.version += 1
        case.updated_at = now
    update(model, plan.changed, plan.changed_fields | {"version", "updated_at"})
    by_number = {case.case_number: case for case in [*plan.new, *plan.changed]}
    for case, number in plan.links:
        case.previous_instance_id = by_number[number].pk
    update(model, [case for case, _ in plan.links], ["previous_instance"])
    _apply_parties(plan.parties, party_model)
    for hearing, case in plan.hearings_new:
        hearing.case_id = case.pk
    Hearing.objects.bulk_create([h for h, _ in plan.hearings_new], batch_size=BATCH)
    if plan.hearings_changed:
        Hearing.objects.bulk_update(plan.hearings_changed, list(HEARING_FIELDS), batch_size=BATCH)


def _apply_parties(parties: PartyPlan, party_model: type[Any]) -> None:
    for chunk in chunks(parties.deleted):
        party_model.objects.filter(pk__in=chunk).delete()
    update(party_model, parties.changed, ["id_number", "sort_order"])
    for party in parties.new:
        party.case_id = party._case.pk
    insert(party_model, parties.new, with_ids=False)
