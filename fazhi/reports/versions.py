"""The whole report between two moments: what each section said then, and what changed since.

A moment is a point in the report's history, named in a URL by a key:
- `r<id>`: just after a section's revision was saved (any section of the report);
- `e<id>`: a workflow event of the report (签发, 撤销签发, 报送 …), a named moment;
- `now`: the current text.
The report as of a moment is each section's latest revision saved no later than it; a section
without one is absent. Figures references (`{{…}}`) are compared as written, never rendered, so
a comparison shows what people typed, not how the data moved.

The drafting writes every section's 第1版 in one transaction, so nobody ever saw a partly drafted
report: the 第1版 saved before any later edit count as of the report's creation, and the moments
list shows them as one moment, 起草, instead of one per section.

Callers pass a report already read through `selectors.report_for` (outsiders get 404 there);
an id naming another report's revision or event answers 404 here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.http import Http404

from fazhi.core.exceptions import ApplicationError
from fazhi.reports import diff
from fazhi.reports.models import Report, ReportEvent, Revision, Section
from fazhi.reports.workflow import Action

NOW = "now"
DRAFT_ACTION = "draft"  # the timeline line `services.draft_report` writes
KEY = re.compile(r"(?P<now>now)|(?P<kind>[re])(?P<pk>[1-9][0-9]{0,17})")

# (pk, section_id, number, created_at) of one section revision: enough to place it in time.
Row = tuple[int, int, int, dt.datetime]


@dataclass(frozen=True)
class Moment:
    key: str  # "now", "r<revision id>", "e<event id>"
    kind: str  # "now", "draft", "revision", "event"
    label: str
    at: dt.datetime | None = None  # None: now
    pk: int = 0  # orders revisions saved at the same instant
    who: str = ""
    note: str = ""
    action: str = ""  # an event's workflow action

    @property
    def is_now(self) -> bool:
        return self.kind == "now"


NOW_MOMENT = Moment(NOW, "now", "现在（当前文本）")


class MomentError(ApplicationError):
    """A moment key that is not of the form the URLs use."""


class Timeline:
    """A report's moments, newest first (now at the top), and every key that names one."""

    def __init__(self, report: Report) -> None:
        revisions = list(
            Revision.objects.filter(section__report=report)
            .select_related("author", "section")
            .defer("body", "section__body")
            .order_by("created_at", "pk")
        )
        batch = draft_batch([_row(r) for r in revisions])
        self.keys: dict[str, Moment] = {}
        found = [_revision_moment(r) for r in revisions if r.pk not in batch]
        drafted = [r for r in revisions if r.pk in batch]
        if drafted:
            draft = _revision_moment(drafted[-1], drafted=len(drafted))
            found.append(draft)
            self.keys.update({f"r{r.pk}": draft for r in drafted})
        for event in report.events.select_related("actor"):
            if event.action == DRAFT_ACTION:
                # The drafting's own line names the drafting (its sections came in the same transaction).
                if drafted:
                    self.keys[f"e{event.pk}"] = draft
                continue
            found.append(_event_moment(event))
        found.sort(key=lambda m: (m.at, m.kind == "event", m.pk), reverse=True)
        self.moments = [NOW_MOMENT, *found]
        self.keys.update({m.key: m for m in self.moments})

    def get(self, key: str, what: str) -> Moment:
        """The moment `key` names (`what`: which of the two, for the message); MomentError for a
        malformed key, Http404 for an id that names nothing of this report."""
        key = (key or "").strip()
        if not KEY.fullmatch(key):
            raise MomentError(
                f"{what}“{key[:30]}”格式不正确：应为 now（现在）、r 加修改版本编号"
                "或 e 加流转记录编号，请在下拉框中选择"
            )
        if key not in self.keys:
            raise Http404("该报告没有这个比较时点")
        return self.keys[key]

    def default_from(self) -> Moment:
        """The latest sign-off if the report was ever signed off, else the first draft, else now."""
        signed = [m for m in self.moments if m.action == Action.SIGN_OFF]
        drafted = [m for m in self.moments if m.kind == "draft"]
        return (signed or drafted or [NOW_MOMENT])[0]


def moments(report: Report) -> list[Moment]:
    """Every moment of `report`, newest first: now, each revision (the drafting's as one), and
    each workflow event after the drafting, with who and when."""
    return Timeline(report).moments


def moment_of(report: Report, key: str, what: str = "比较时点") -> Moment:
    return Timeline(report).get(key, what)


def _row(revision: Revision) -> Row:
    return (revision.pk, revision.section_id or 0, revision.number, revision.created_at)


def draft_batch(rows: list[Row]) -> frozenset[int]:
    """The revisions the drafting wrote: the 第1版 saved no later than the first later edit."""
    first_edit = min((at for _, _, number, at in rows if number > 1), default=None)
    return frozenset(
        pk for pk, _, number, at in rows if number == 1 and (first_edit is None or at <= first_edit)
    )


def _revision_moment(revision: Revision, *, drafted: int = 0) -> Moment:
    """Just after `revision` was saved; with `drafted`, the drafting's newest 第1版 standing for
    the drafting's `drafted` revisions."""
    if drafted:
        kind, label, note = "draft", f"起草 · 初稿（{drafted}节）", ""
    else:
        section = revision.section
        heading = revision.heading or (section.label if section else "")
        kind, label, note = "revision", f"第{revision.number}版 · {heading}", revision.note
    return Moment(
        key=f"r{revision.pk}",
        kind=kind,
        label=label,
        at=revision.created_at,
        pk=revision.pk,
        who=str(revision.author or "系统"),
        note=note,
    )


def _event_moment(event: ReportEvent) -> Moment:
    return Moment(
        key=f"e{event.pk}",
        kind="event",
        label=event.action_label,
        at=event.created_at,
        pk=event.pk,
        who=str(event.actor or "系统"),
        note=event.note[:60],
        action=event.action,
    )


# --- the text at a moment -----------------------------------------------------------------------


@dataclass(frozen=True)
class SectionText:
    section: Section
    heading: str
    body: str
    number: int | None  # the revision the text comes from (None: the current text, or absent)
    present: bool


def report_at(report: Report, moment: Moment) -> list[SectionText]:
    """Each section of `report` in outline order as of `moment`: its latest revision saved no
    later than the moment (the current text for now); absent without one."""
    sections = list(report.sections.order_by("order"))
    if moment.is_now:
        return [SectionText(s, s.heading, s.body, None, True) for s in sections]
    chosen = _revisions_at(report, moment)
    texts = Revision.objects.only("heading", "body", "number").in_bulk(chosen.values())
    result = []
    for s in sections:
        revision = texts.get(chosen.get(s.pk, 0))
        if revision is None:
            result.append(SectionText(s, s.heading, "", None, False))
        else:
            result.append(SectionText(s, revision.heading, revision.body, revision.number, True))
    return result


def _revisions_at(report: Report, moment: Moment) -> dict[int, int]:
    """Section id → the id of its latest revision at `moment`."""
    rows: list[Row] = list(
        Revision.objects.filter(section__report=report).values_list(
            "pk", "section_id", "number", "created_at"
        )
    )
    batch = draft_batch(rows)
    latest: dict[int, tuple[int, int]] = {}
    for pk, section_id, number, at in rows:
        if (pk in batch or _saved_by(moment, at, pk)) and number > latest.get(section_id, (0, 0))[
            0
        ]:
            latest[section_id] = (number, pk)
    return {section_id: pk for section_id, (_, pk) in latest.items()}


def _saved_by(moment: Moment, at: dt.datetime, pk: int) -> bool:
    if moment.at is None:  # now
        return True
    if moment.kind == "event":
        # An event and a revision saved at the same instant: the revision came first (no write
        # of a section happens in a workflow transaction).
        return at <= moment.at
    return (at, pk) <= (moment.at, moment.pk)


# --- comparing two moments ----------------------------------------------------------------------


@dataclass(frozen=True)
class SectionChange:
    section: Section
    kind: str  # "same", "changed", "added", "removed"
    heading: str  # the newer heading (the older one for a removed section)
    old_heading: str
    lines: list[diff.Line]
    added: int
    removed: int


@dataclass(frozen=True)
class Comparison:
    older: Moment
    newer: Moment
    sections: list[SectionChange]

    @property
    def changed(self) -> int:
        return sum(1 for s in self.sections if s.kind != "same")

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sections)

    @property
    def removed(self) -> int:
        return sum(s.removed for s in self.sections)


def compare_report(report: Report, older: Moment, newer: Moment) -> Comparison:
    """Every section of `report` between two moments, in outline order: the same, changed (with
    the paragraph diff), added or removed, and the characters added and removed."""
    before, after = report_at(report, older), report_at(report, newer)
    return Comparison(older, newer, [_change(a, b) for a, b in zip(before, after, strict=True)])


def _change(old: SectionText, new: SectionText) -> SectionChange:
    lines = diff.compare(old.body if old.present else "", new.body if new.present else "")
    counts = diff.summary(lines)
    if old.present != new.present:
        kind = "added" if new.present else "removed"
    elif old.heading != new.heading or any(line.kind != "same" for line in lines):
        kind = "changed"
    else:
        kind = "same"
    return SectionChange(
        section=new.section,
        kind=kind,
        heading=new.heading if new.present else old.heading,
        old_heading=old.heading,
        lines=lines,
        added=counts["added"],
        removed=counts["removed"],
    )
