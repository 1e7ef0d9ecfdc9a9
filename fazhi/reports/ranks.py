"""The reporter's places in the assessment (考核排名) for the `|rank` field of a figure reference,
and its overall result (`{{assessment.score}}`: 考核总分, rank and colour).

The rank is read from the latest frozen AssessmentRun of the report's year in which the reporter
is a subject: a county government's county region in its city's run of counties, a department
in its county's run of departments (`fazhi.indicators.assessment`). A frozen run keeps its rows,
so corrected records do not move a rank; a newer frozen run does, which is why sign-off pins
the placings the text refers to (`PinnedFigure`). Without such a run, or without a rank for the
indicator (or a score for the subject), the reference is a problem ("无考核排名…", "无考核总分…")
that the sign-off checks list: a rank or a score is never made up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fazhi.indicators.models import (
    AssessmentFigure,
    AssessmentSubject,
    Colour,
    RunStatus,
    TargetLevel,
)
from fazhi.indicators.scopes import Scope

# How prose names the subjects of a run of each level ("在示例市5个县（市、区）中排名第2位").
SUBJECT_WORDS: dict[str, str] = {
    TargetLevel.PROVINCE: "省",
    TargetLevel.CITY: "市",
    TargetLevel.COUNTY: "县（市、区）",
    TargetLevel.TOWNSHIP: "乡镇（街道）",
    TargetLevel.DEPARTMENT: "部门",
}


@dataclass(frozen=True)
class Placing:
    """One rank among the subjects of a run (`run`: the run's title, `run_id` its id)."""

    rank: int
    among: int
    within: str
    level: str
    run: str = ""
    run_id: int | None = None

    @property
    def text(self) -> str:
        word = SUBJECT_WORDS.get(self.level, "考核对象")
        return f"在{self.within}{self.among}个{word}中排名第{self.rank}位"

    @property
    def described(self) -> str:
        """The text with the run it comes from, for a drift message."""
        return f"{self.text}（{self.run}）" if self.run else self.text


@dataclass(frozen=True)
class Standing:
    """The reporter's overall result in a run: its total score, its rank (when ranked) and the
    colour the run gave it."""

    score: Decimal
    placing: Placing | None
    colour: str
    run: str
    run_id: int | None = None

    @property
    def score_text(self) -> str:
        return f"{self.score.quantize(Decimal('0.01'), ROUND_HALF_UP)}分"

    @property
    def colour_label(self) -> str:
        return str(Colour(self.colour).label) if self.colour in Colour.values else "无数据"

    @property
    def text(self) -> str:
        """在示例市2025年度县(市、区)考核中得分92.50分，在示例市5个县（市、区）中排名第2位."""
        rank = f"，{self.placing.text}" if self.placing else ""
        return f"在{self.run}中得分{self.score_text}{rank}"


def prose_name(run: Any) -> str:
    """What a sentence calls a run: its scheme's name without 方案 ("示例市2025年度县（市、区）
    法治政府建设考核"), else its title without a trailing note in brackets."""
    if run.system_id is not None:
        name = str(run.system.name)
        return name.removesuffix("方案") if name.endswith("考核方案") else name
    title = str(run)
    return re.sub(r"[（(][^（）()]*[)）]$", "", title) or title


class Ranks:
    """The places of one report's scope in the year's latest frozen run (read once, lazily)."""

    def __init__(self, scope: Scope, year: int) -> None:
        self.scope, self.year = scope, year
        self._loaded = False
        self._subject: AssessmentSubject | None = None
        self._among = 0
        self._by_code: dict[str, int | None] = {}

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        self._subject = latest_subject(self.scope, self.year)
        if self._subject is None:
            return
        self._among = self._subject.run.subjects.count()
        rows = AssessmentFigure.objects.filter(subject=self._subject)
        self._by_code = dict(rows.values_list("indicator_code", "rank"))

    def _placing(self, rank: int | None) -> Placing | None:
        if rank is None or self._subject is None:
            return None
        run = self._subject.run
        return Placing(rank, self._among, run.region.name, run.level, str(run), run.pk)

    def of(self, code: str) -> Placing | None:
        """The rank for indicator `code`; None when there is none."""
        self._load()
        return self._placing(self._by_code.get(code))

    def problem(self, code: str, name: str = "") -> str:
        """Why there is no rank for `code`; "" when there is one."""
        self._load()
        if self._subject is None:
            return f"无考核排名：{self.year}年没有本单位参加的已冻结考核测评"
        if self.of(code) is not None:
            return ""
        return f"无考核排名：“{name or code}”在{self._subject.run}中没有排名"

    def standing(self) -> Standing | None:
        """The overall result; None without a frozen run or a score in it."""
        self._load()
        subject = self._subject
        if subject is None or subject.score is None:
            return None
        placing = self._placing(subject.rank)
        return Standing(
            subject.score, placing, subject.colour, prose_name(subject.run), subject.run_id
        )

    def standing_problem(self) -> str:
        """Why there is no overall result; "" when there is one."""
        self._load()
        if self._subject is None:
            return f"无考核总分：{self.year}年没有本单位参加的已冻结考核测评"
        if self._subject.score is None:
            return f"无考核总分：本单位在{self._subject.run}中没有得分"
        return ""


def latest_subject(scope: Scope, year: int) -> AssessmentSubject | None:
    """The scope as a subject of the latest frozen run of `year` (by freezing time)."""
    own: dict[str, Any] = (
        {"region": scope.region, "unit__isnull": True}
        if scope.region is not None
        else {"unit": scope.unit}
    )
    rows = AssessmentSubject.objects.filter(
        run__year=year, run__status=RunStatus.FROZEN, **own
    ).select_related("run__region", "run__system")
    return rows.order_by("-run__frozen_at", "-run__pk").first()
