"""The plan of a 行政诉讼 ledger: courts, defendants, the 复议 and 原审 cases a row names, and
the hearing with its 负责人出庭 record (最高法《关于行政机关负责人出庭应诉若干问题的规定》2020)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fazhi.org.models import Unit

from . import checks, services
from .enums import Instance, LawsuitStatus
from .ledger_bulk import set_fk
from .ledger_columns import LITIGATION
from .ledger_plan import (
    HEARING_FIELDS,
    LAWSUIT_ORDER,
    Plan,
    Planner,
    ReconPlanner,
    Row,
    chunks,
    later_status,
    simple_columns,
)
from .ledger_units import RegionContext
from .ledger_values import INSTANCE_IN_NUMBER, NOT_HEARD
from .models import Hearing, Lawsuit, Plaintiff, Reconsideration

# The columns of the hearing a row records, not of the case.
HEARING_COLUMNS = (
    "hearing_on",
    "head_requested",
    "head_appeared",
    "head_name",
    "head_position",
    "excuse",
)


class LawsuitPlanner(Planner):
    kind = LITIGATION
    model = Lawsuit
    party_model = Plaintiff
    parties_key = "plaintiffs"
    ids_key = "plaintiff_ids"
    unit_fields = ("defendant", "co_defendant")
    simple = simple_columns(
        LITIGATION,
        "case_number",
        "instance",
        "court",
        "plaintiffs",
        "plaintiff_ids",
        "defendant",
        "co_defendant",
        "field",
        "reconsideration",
        "previous_instance",
        *HEARING_COLUMNS,
    )

    def __init__(self, context: RegionContext, *, lock: bool, today: dt.date) -> None:
        super().__init__(context, lock=lock, today=today)
        self.hearings: dict[int, list[Hearing]] = defaultdict(list)
        self.recons: dict[str, Reconsideration] = {}
        self.previous: dict[str, Lawsuit] = {}

    def run(self, rows: list[Row]) -> Plan:
        self._load_links(rows)
        return super().run(rows)

    def _load(self, numbers: list[str]) -> None:
        super()._load(numbers)
        self._load_units()
        ids = [case.pk for case in self.stored.values()]
        for chunk in chunks(ids):
            for hearing in Hearing.objects.filter(case_id__in=chunk).order_by("held_on", "pk"):
                self.hearings[hearing.case_id].append(hearing)

    def _load_units(self) -> None:
        """The stored cases' court and defendants, in hand: the checks read them."""
        known = {**self.context.units.units, **self.context.courts.units}
        wanted = (
            {
                getattr(case, f"{name}_id")
                for case in self.stored.values()
                for name in ("court", "defendant", "co_defendant")
            }
            - set(known)
            - {None}
        )
        known.update(Unit.objects.in_bulk(list(wanted)))
        for case in self.stored.values():
            for name in ("court", "defendant", "co_defendant"):
                setattr(case, name, known.get(getattr(case, f"{name}_id")))

    def _load_links(self, rows: list[Row]) -> None:
        recons = sorted(
            {r.values["reconsideration"] for r in rows if "reconsideration" in r.values}
        )
        for chunk in chunks(recons):
            recon_rows = Reconsideration.objects.filter(case_number__in=chunk)
            self.recons.update({r.case_number: r for r in recon_rows})
        earlier = sorted(
            {r.values["previous_instance"] for r in rows if "previous_instance" in r.values}
        )
        for chunk in chunks(earlier):
            found = Lawsuit.objects.filter(case_number__in=chunk).only("pk", "case_number")
            self.previous.update({c.case_number: c for c in found})

    def new_case(self, number: str) -> Any:
        return self.case_draft(case_number=number)

    def resolve(self, row: Row, case: Any, stored: Any) -> None:
        court = self.unit(row, "court", courts=True)
        if court is not None:
            set_fk(case, "court", court)
        defendant = self.unit(row, "defendant")
        if defendant is not None:
            set_fk(case, "defendant", defendant)
        co_defendant = self.unit(row, "co_defendant")
        if co_defendant is not None:
            set_fk(case, "co_defendant", co_defendant)
        self.field(row, case, stored, defendant)
        self._instance(row, case, stored)
        self._reconsideration(row, case)

    def _instance(self, row: Row, case: Lawsuit, stored: Any) -> None:
        in_number = next((i for word, i in INSTANCE_IN_NUMBER if word in case.case_number), None)
        given = row.values.get("instance")
        if given and in_number and given != in_number:
            label, implied = Instance(given).label, Instance(in_number).label
            self.error(row, "instance", f"审级“{label}”与案号所示的“{implied}”不符", label)
        elif given:
            case.instance = given
        elif stored is None:
            case.instance = in_number or Instance.FIRST

    def _reconsideration(self, row: Row, case: Lawsuit) -> None:
        number = row.values.get("reconsideration")
        if number is None:
            return
        recon = self.recons.get(number)
        if recon is None or not self.in_region(recon, ReconPlanner.unit_fields):
            self.error(row, "reconsideration", "未找到该复议案件（请先导入行政复议台账）", number)
            return
        set_fk(case, "reconsideration", recon)

    def after_resolve(self, row: Row, case: Any, stored: Any) -> bool:
        linked = self._previous(row, case)
        heard = self._hearing(row, case, stored)
        return linked or heard

    def _previous(self, row: Row, case: Lawsuit) -> bool:
        number = row.values.get("previous_instance")
        if number is None:
            return False
        if number == case.case_number:
            self.error(row, "previous_instance", "原审案号不能是本案案号", number)
        elif number in self.previous:
            case.previous_instance_id = self.previous[number].pk
        elif number in self.file_numbers:
            self.plan.links.append((case, number))
            return True
        else:
            self.error(row, "previous_instance", "未找到原审案件（须已导入或在本文件中）", number)
        return False

    def _hearing(self, row: Row, case: Lawsuit, stored: Any) -> bool:
        held_on = row.values.get("hearing_on")
        appeared = row.values.get("head_appeared")
        if not self._hearing_cells_fit(row, held_on, appeared):
            return False
        hearings = list(self.hearings.get(case.pk, [])) if stored is not None else []
        changed = False
        if held_on is not None:
            hearing, changed = self._upsert_hearing(row, case, hearings, held_on, appeared)
            problems = self._hearing_problems(hearing, case)
            before = len(self.plan.errors)
            self._check(row, problems)
            if len(self.plan.errors) > before:
                return False
        for name, value in services.summarise_hearings(hearings).items():
            setattr(case, name, value)
        return changed

    def _hearing_cells_fit(self, row: Row, held_on: dt.date | None, appeared: str | None) -> bool:
        if appeared == NOT_HEARD and held_on is not None:
            self.error(
                row, "head_appeared", "填写了开庭日期，负责人是否出庭不能为“未开庭”", "未开庭"
            )
            return False
        if appeared in ("yes", "no") and held_on is None:
            self.error(row, "hearing_on", "填写了负责人是否出庭，须填写开庭日期")
            return False
        return True

    def _upsert_hearing(
        self,
        row: Row,
        case: Lawsuit,
        hearings: list[Hearing],
        held_on: dt.date,
        appeared: str | None,
    ) -> tuple[Hearing, bool]:
        hearing = next((h for h in hearings if h.held_on == held_on), None)
        is_new = hearing is None
        if hearing is None:
            hearing = Hearing(held_on=held_on)  # its case is named when written
            hearings.append(hearing)
            if appeared is None and "head_appeared" in row.present:
                self.error(row, "head_appeared", "已填写开庭日期，须填写负责人是否出庭（是或否）")
        before = [getattr(hearing, name) for name in HEARING_FIELDS]
        if appeared is not None:
            hearing.head_appeared = appeared == "yes"
        for name in ("head_requested", "head_name", "excuse"):
            if name in row.values:
                setattr(hearing, name, row.values[name])
        if "head_position" in row.values:
            position, rank = row.values["head_position"]
            # The same position as stored keeps the rank chosen in the system (分管 or not).
            if is_new or position != hearing.head_position or not hearing.head_rank:
                hearing.head_position, hearing.head_rank = position, rank
        hearing.derive()
        if is_new:
            self.plan.hearings_new.append((hearing, case))
            return hearing, True
        if before != [getattr(hearing, name) for name in HEARING_FIELDS]:
            self.plan.hearings_changed.append(hearing)
            return hearing, True
        return hearing, False

    def _hearing_problems(self, hearing: Hearing, case: Lawsuit) -> list[checks.Problem]:
        """As `services.record_hearing` checks a hearing (最高法 2020 规定; 开庭在立案后)."""
        return [
            *checks.hearing_problems(hearing),
            *checks.hearing_date_problems(hearing, case.filed_on, self.today),
        ]

    def finish(self, case: Any, stored: Any) -> None:
        case.status = later_status(stored, lawsuit_status(case), LAWSUIT_ORDER)
        case.derive()
        case.answer_due_on = services.lawsuit_due(case)

    def problems(self, case: Any) -> list[checks.Problem]:
        return checks.lawsuit_problems(case, self.today)


def lawsuit_status(case: Lawsuit) -> str:
    """结案 with an outcome; 审理中 once heard or answered; 应诉答辩中 with the complaint; 已立案."""
    if case.outcome:
        return LawsuitStatus.CLOSED
    if case.hearing_held or case.answered_on:
        return LawsuitStatus.TRIAL
    if case.complaint_received_on:
        return LawsuitStatus.ANSWERING
    return LawsuitStatus.FILED
