"""The latest frozen assessment run (考核测评) of each level under a region and year: the
published ranking, shown beside the live figures and never recomputed here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from fazhi.dashboard.choice import Choice
from fazhi.dashboard.tables import Cell, Column, Table
from fazhi.indicators.models import AssessmentRun, AssessmentSubject, RunStatus
from fazhi.indicators.scopes import Scope


@dataclass(frozen=True)
class Mark:
    """A subject's place in a frozen run, as the region tree shows it."""

    rank: int | None
    score: Any
    colour: str

    @property
    def text(self) -> str:
        rank = f"第{self.rank}名" if self.rank else "未排名"
        return f"{rank} {self.score}分" if self.score is not None else rank


def latest_frozen_runs(choice: Choice) -> list[AssessmentRun]:
    """For each level assessed under the scope's region in the year, its latest frozen run."""
    if choice.scope.region is None:
        return []
    runs = AssessmentRun.objects.filter(
        region=choice.scope.region, year=choice.year, status=RunStatus.FROZEN
    ).order_by("level", "-frozen_at", "-pk")
    latest: dict[str, AssessmentRun] = {}
    for run in runs:
        latest.setdefault(run.level, run)
    return list(latest.values())


def subjects_of(runs: list[AssessmentRun]) -> dict[int, list[AssessmentSubject]]:
    """The subjects of the runs by run, ranked (one query)."""
    found: dict[int, list[AssessmentSubject]] = {run.pk: [] for run in runs}
    rows = AssessmentSubject.objects.filter(run__in=runs).select_related("unit__region", "region")
    for subject in rows.order_by("run", "rank", "name"):
        found[subject.run_id].append(subject)
    return found


def marks(subjects: dict[int, list[AssessmentSubject]]) -> dict[tuple[str, Any], Mark]:
    """Each subject's mark, by ("unit", pk) or ("region", pk)."""
    return {_key(s): Mark(s.rank, s.score, s.colour) for rows in subjects.values() for s in rows}


def mark_key(scope: Scope) -> tuple[str, Any]:
    if scope.unit is not None:
        return ("unit", scope.unit.pk)
    assert scope.region is not None  # noqa: S101 (a Scope holds one of the two)
    return ("region", scope.region.pk)


def _key(subject: AssessmentSubject) -> tuple[str, Any]:
    return ("unit", subject.unit_id) if subject.unit_id else ("region", subject.region_id)


def run_table(choice: Choice, run: AssessmentRun, subjects: list[AssessmentSubject]) -> Table:
    columns = [Column("排名", True), Column("名称"), Column("得分", True), Column("颜色")]
    rows = [
        [
            Cell(str(s.rank) if s.rank else "—", number=s.rank),
            Cell(s.name, url=_subject_url(choice, s)),
            Cell("—" if s.score is None else f"{s.score}", number=s.score),
            Cell(s.get_colour_display(), colour=s.colour),
        ]
        for s in subjects
    ]
    frozen = f"{run.frozen_at:%Y-%m-%d %H:%M}" if run.frozen_at else ""
    note = f"{run} · {run.period_start:%Y-%m-%d} 至 {run.period_end:%Y-%m-%d} · 冻结于 {frozen}"
    key = f"run-{run.level}"
    return Table(
        key,
        f"考核排名（{run.get_level_display()}）",
        columns,
        rows,
        caption=note,
        export_url=choice.export_url(key),
        detail_url=reverse("indicators:run", kwargs={"run_id": run.pk}),
    )


def _subject_url(choice: Choice, subject: AssessmentSubject) -> str:
    if subject.unit is not None:
        return choice.for_scope(Scope.of_unit(subject.unit)).page_url()
    if subject.region is not None:
        return choice.for_scope(Scope.of_region(subject.region)).page_url()
    return ""
