"""Every quantitative statement about rule-of-law work, with the sentence behind it.

Conventions (samples README): value and unit as written plus a normalised pair; `approx` for
余/近/超/以上; `target` for thresholds and plans (and everything in the next-year part of the
outline); a 同比 change is its own fact (`…同比增幅` / `…同比降幅`, value positive); a figure for
another year than the report's is named with that year (2019年行政诉讼败诉率); a ranking is a fact
only at a stated position (调撤率居全市第一 → 行政诉讼调撤率全市排名 = 1 名).

Not facts: dates and years, ordinals (第19次), numbers inside names and quotations (“1+1+6”,
《…2023年…》), structural counts (6大行动, 10项重点措施), counts of awarded items (1个项目入选),
economic figures (市场主体总量), national figures quoted for context.

The work is done per sentence on `text.translate(SCAN)`, whose offsets are those of `text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.corpus import naming
from fazhi.corpus.canonical import (
    CANONICAL,
    PROCEEDING_PREFIX,
    TOPIC_RE,
    Phrase,
    canonical_name,
)
from fazhi.corpus.mentions import (
    CLASSIFIERS,
    CLAUSE_MARKS,
    LIST_MARKS,
    Mention,
    after_phrase,
    boundary,
    clause_before,
    excluded,
    find_mentions,
)
from fazhi.corpus.numbers import SCAN
from fazhi.corpus.outline import Heading, part_at

HAS_FIGURE = re.compile(r"[0-9０-９零百千万]")
SENTENCE_END = re.compile(r"[。！？!?]")
APPROX_BEFORE = re.compile(r"(?:近|超过|超|逾|约|将近|接近|突破|上)\s*$")
CHANGE_RE = re.compile(
    r"(?:同比|较上年|比上年|较去年|比去年|较上一年|环比|较\d{4}年|比\d{4}年)(?:去年)?(?:同期)?\s*"
    r"(?P<dir>上升|增长|增加|提高|提升|增|升|下降|减少|降低|回落|下滑|降|减)(?:了)?(?:幅度)?(?:为|达)?\s*$"
)
UP_WORDS = ("上升", "增长", "增加", "提高", "提升", "增", "升")
FROM_RE = re.compile(r"从\s*(?:(?P<year>\d{4})\s*年(?:的)?)?\s*$")
TO_RE = re.compile(
    r"^\s*(?:下降|降低|降|上升|提升|提高|增加|增长|缩减|缩短|压缩|减少|升|减)?\s*(?:至|到|为)\s*"
    r"(?:(?P<year>\d{4})\s*年)?\s*$"
)
YEAR_BEFORE = re.compile(r"(\d{4})\s*年(?:的)?\s*$")
LEAD_YEAR = re.compile(r"^(?:截至|截止|至)?(\d{4})\s*年(?:以来|全年|度|上半年|底|末|内)?\s*[,，]?")
TARGET_RE = re.compile(
    r"力争|力保|确保|争取|目标|考核指标|控制在|不低于|不高于|不超过|低于|拟|预计|力求"
)
ZERO_SUBJECT = re.compile(r"(?:持续|连续)[^,，]{0,4}?(?:年|个月)|保持|实现|“|\"")
TOPIC_PREFIXES = {**PROCEEDING_PREFIX, "规范性文件": "规范性文件"}
# Bare procedural words that name nothing without their proceeding (审结 → 行政复议审结), by topic.
_CASE_WORDS = (
    r"^(?:立案前|立案|受理|收案|新收|审结|办结|结案|纠错|撤回|撤诉|调解|和解|维持|驳回|撤销|变更|"
    r"确认违法|责令履行|败诉|胜诉|开庭|听证|出庭|应诉|化解|办理|调撤|终止)+率?$"
)
PROCEDURAL = {
    "复议": re.compile(_CASE_WORDS),
    "诉讼": re.compile(_CASE_WORDS),
    "规范性文件": re.compile(r"^(?:合法性审查|备案审查|备案纠错|备案|报备|审查|纠错)+率?$"),
}
HEADING_MARK = re.compile(
    r"\s*(?:\d{1,2}\s*[.、](?!\d)|\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}[、是])\s*"
)
PERFORMED = re.compile(r"(?:进行|开展|实施)([^,;:。，；：\d]{2,8})")
CLAUSE_YEAR = re.compile(r"\s*(\d{4})\s*年(?!度)")
SINCE_RE = re.compile(r"自[^,;:。，；：]{1,20}以来")


@dataclass
class Fact:
    indicator: str
    value: Decimal
    unit: str
    normalized_value: Decimal
    normalized_unit: str
    approx: bool
    target: bool
    year: int | None
    text: str
    start: int
    end: int
    value_start: int  # the figure itself, for highlighting
    value_end: int
    canonical: bool = False


@dataclass
class Sentence:
    text: str  # original characters
    scan: str  # the same, ASCII digits and punctuation
    start: int  # offset in the clean text
    topic: str
    paragraph_topics: frozenset[str]
    part: int | None
    lead_year: int | None
    province: bool = False  # the report is a province's: 全省 is its own scope


@dataclass
class State:
    """What earlier figures of the sentence leave for later ones."""

    previous: Fact | None = None
    previous_core: str = ""
    previous_end: int = -1
    baseline_core: str = ""
    qualifier: str = ""
    qualifier_clause: int = -1
    split_items: list[str] = field(default_factory=list)
    split_change: str = ""


def extract_facts(
    text: str, *, year: int | None, headings: list[Heading], province: bool = False
) -> list[Fact]:
    """Every figure of the report as facts, in reading order. For a report below the province,
    a 全省 figure is the province's, quoted for context: kept under its own name (全省…)."""
    scan = text.translate(SCAN)
    facts: list[Fact] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        if index > 0 and HAS_FIGURE.search(line):
            facts.extend(
                _paragraph_facts(
                    line, scan[offset : offset + len(line)], offset, year, headings, province
                )
            )
        offset += len(line) + 1
    return facts


def _paragraph_facts(
    line: str, scan: str, offset: int, year: int | None, headings: list[Heading], province: bool
) -> list[Fact]:
    topics = frozenset(m.lastgroup for m in TOPIC_RE.finditer(scan) if m.lastgroup)
    part = part_at(headings, offset)
    facts: list[Fact] = []
    carried = ""
    start = 0
    for end in [m.end() for m in SENTENCE_END.finditer(scan)] + [len(scan)]:
        if end <= start:
            continue
        piece = scan[start:end]
        topic = _first_topic(piece) or carried
        lead = LEAD_YEAR.match(piece)
        sentence = Sentence(
            line[start:end],
            piece,
            offset + start,
            topic,
            topics,
            part,
            int(lead.group(1)) if lead else None,
            province,
        )
        facts.extend(_sentence_facts(sentence, year))
        carried, start = topic, end
    return facts


def _first_topic(text: str) -> str:
    match = TOPIC_RE.search(text)
    return match.lastgroup or "" if match else ""


def _sentence_facts(sentence: Sentence, year: int | None) -> list[Fact]:
    state = State()
    facts: list[Fact] = []
    for mention in find_mentions(sentence.scan):
        if excluded(sentence.scan, mention):
            continue
        for fact in _interpret(sentence, mention, state, year):
            facts.append(fact)
            state.previous = fact
        state.previous_end = mention.end
    return facts


# --- interpreting a figure --------------------------------------------------------------------


def _interpret(sentence: Sentence, m: Mention, state: State, year: int | None) -> list[Fact]:
    scan = sentence.scan
    if m.kind == "rank":
        return _rank_fact(sentence, m, state, year)
    start = _subject_start(scan, m, state)
    before = scan[start : m.start]
    fact_year = _year_of(sentence, m, before, year)
    target = _is_target(sentence, before, m)
    approx = m.approx or bool(APPROX_BEFORE.search(before))
    change = CHANGE_RE.search(before) if m.kind == "qty" else None
    cores = _cores(sentence, m, state, before, change)
    since = _since(scan, m) or _foreign_scope(sentence, m)
    end = (
        m.end + len(after_phrase(scan, m.end))
        if m.kind == "qty" and _counts_what_follows(scan, m)
        else m.end
    )
    facts = []
    for core, qualified in cores:
        name, canonical = _name(sentence, core, m, state, change, qualified or bool(since))
        name, canonical = _dated(name, canonical, fact_year, year, target, state, before)
        fact = _fact(sentence, m, f"{since}{name}", canonical, approx, target, fact_year, start)
        fact.end, fact.text = sentence.start + end, sentence.text[start:end]
        facts.append(fact)
    if cores:
        state.previous_core = cores[-1][0]
    return facts


def _foreign_scope(sentence: Sentence, m: Mention) -> str:
    """全省…: in a county's or a city's report, the province's figure, not the reporter's."""
    clause = clause_before(sentence.scan, m.start, CLAUSE_MARKS).lstrip()
    return "全省" if clause.startswith("全省") and not sentence.province else ""


def _since(scan: str, m: Mention) -> str:
    """自承接试点以来…: a figure counted since an event, not over the report's year."""
    match = SINCE_RE.search(scan, 0, m.start)
    if match is None or re.search(r"\d|《", match.group()):
        return ""
    return match.group()


def _subject_start(scan: str, m: Mention, state: State) -> int:
    """Where the words naming this figure start: the clause (or list item) before it, after
    the number of a heading it may open with (1．全年作出… starts at 全年)."""
    start = boundary(scan, m.start, LIST_MARKS)
    start = max(start, state.previous_end if state.previous_end <= m.start else 0)
    marker = HEADING_MARK.match(scan, start, m.start)
    return marker.end() if marker else start


def _year_of(sentence: Sentence, m: Mention, before: str, year: int | None) -> int | None:
    """The year named just before the figure, or opening its clause, or its sentence."""
    clause = clause_before(sentence.scan, m.start, CLAUSE_MARKS)
    inline = YEAR_BEFORE.search(before) or CLAUSE_YEAR.match(clause)
    if inline:
        return int(inline.group(1))
    return sentence.lead_year or year


def _is_target(sentence: Sentence, before: str, m: Mention) -> bool:
    if sentence.part == 4 or m.tail == "以下":
        return True
    clause = clause_before(sentence.scan, m.start, CLAUSE_MARKS)
    return bool(TARGET_RE.search(clause))


def _cores(
    sentence: Sentence, m: Mention, state: State, before: str, change: re.Match[str] | None
) -> list[tuple[str, bool]]:
    """The subjects this figure gives values to (several for 合法性审查、备案审查率100%)."""
    scan = sentence.scan
    if change is not None:
        before = before[: change.start()]
    if m.kind == "zero":
        before = ZERO_SUBJECT.sub("", before)
    base = _from_to(before, m, state)
    if state.split_items:
        return [(state.split_items.pop(0), False)]
    clause = clause_before(scan, m.start, CLAUSE_MARKS)
    if "分别" in clause:
        return _split(sentence, m, state, clause[: clause.index("分别")], change)
    if m.kind == "streak" or (
        m.quantity.unit in ("年", "个月") and base.endswith(("连续", "持续"))
    ):
        subject = naming.clean_subject(base.removesuffix("连续").removesuffix("持续"))
        return [((subject or naming.clean_subject(after_phrase(scan, m.end))) + "连续", False)]
    if m.kind == "qty" and _counts_what_follows(scan, m):
        base = _noun_after(scan, m, base)
    else:
        base = naming.clean_subject(base)
    if not base and state.previous_core:
        base = state.previous_core  # 588件949人, 2023年降至4.1%: the same subject as before
    base = _inherit_list_object(scan, m, state, base)
    qualified = _qualifier(scan, m, state, base)
    if qualified:
        base = base if state.qualifier in base else f"{state.qualifier}{base}"
    shared = _shared_rates(scan, m) if m.quantity.unit == "%" and change is None else []
    return [(core, qualified) for core in shared] or [(base, qualified)]


def _from_to(before: str, m: Mention, state: State) -> str:
    """从2019年27%降至2023年3.92%: both figures name the subject before 从."""
    opening = FROM_RE.search(before)
    if opening:
        state.baseline_core = naming.clean_subject(before[: opening.start()])
        return before[: opening.start()]
    if state.baseline_core and TO_RE.match(before):
        core, state.baseline_core = state.baseline_core, ""
        return core
    state.baseline_core = ""
    return before


def _counts_what_follows(scan: str, m: Mention) -> bool:
    """126个高频民生事项直达…: a classifier and a noun after the figure name what it counts."""
    unit = m.quantity.unit
    following = scan[m.end : m.end + 1]
    if unit[-1:] not in CLASSIFIERS or not following or not "\u4e00" <= following <= "\u9fff":
        return False
    if following in "的和与及等余多" or scan[m.end : m.end + 2] in ("以上", "左右"):
        return False
    return len(naming.clean_subject(after_phrase(scan, m.end))) >= 2


def _noun_after(scan: str, m: Mention, before: str) -> str:
    """The counted noun after the figure; a short verb before it stays (整合27个领域 → 整合领域),
    an enumeration before it does not (A、B等210项决策 → 决策)."""
    after = after_phrase(scan, m.end)
    noun = naming.clean_subject(after)
    action = PERFORMED.match(scan, m.end + len(after))
    if action:  # 对45件规范性文件进行合法性审查 → 规范性文件合法性审查
        noun += naming.clean_subject(action.group(1))
    verb = naming.clean_subject(before)
    keep = verb if len(verb) <= 4 and not before.rstrip().endswith("等") else ""
    return keep + noun


def _inherit_list_object(scan: str, m: Mention, state: State, core: str) -> str:
    """审查44件、备案32件: the second item names only the verb; the object is the first's."""
    previous = state.previous_core
    joined = (
        scan[state.previous_end : m.start].lstrip().startswith("、")
        if state.previous_end >= 0
        else False
    )
    if not joined or not previous or len(core) > 3 or len(previous) <= len(core) + 2:
        return core
    shared = naming.shared_object(previous)
    return f"{shared}{core}" if shared else core


def _qualifier(scan: str, m: Mention, state: State, core: str) -> bool:
    """Figures after the first in a 其中… clause describe that subset."""
    clause_start = boundary(scan, m.start, CLAUSE_MARKS)
    if scan[clause_start:].lstrip().startswith("其中"):
        if state.qualifier_clause != clause_start:
            state.qualifier_clause, state.qualifier = clause_start, core
            return False
        return bool(state.qualifier)
    state.qualifier_clause, state.qualifier = -1, ""
    return False


def _shared_rates(scan: str, m: Mention) -> list[str]:
    """合法性审查、备案审查率100% → 合法性审查率 and 备案审查率; 覆盖率及合格率均达100% likewise."""
    clause = naming.clean_subject(clause_before(scan, m.start, CLAUSE_MARKS))
    if not re.search(r"[、和及与]", clause) or not clause.endswith("率"):
        return []
    parts = [p for p in re.split(r"[和及与]", clause) if p]
    if len(parts) > 1 and all(p.endswith("率") for p in parts):
        return _with_shared_prefix([q for p in parts for q in _rate_items(p)])
    items = [p for p in clause.split("、") if p]
    if len(items) > 1 and all(len(p) <= 8 for p in items[:-1]):
        return [p if p.endswith("率") else f"{p}率" for p in items]
    return []


def _rate_items(part: str) -> list[str]:
    items = part.split("、")
    return items if all(i.endswith("率") for i in items) else [part]


def _with_shared_prefix(items: list[str]) -> list[str]:
    """检定覆盖率及合格率 → 检定覆盖率, 检定合格率: short later rates take the first's prefix."""
    first = items[0]
    return [first] + [
        i if len(i) > 4 or len(first) <= len(i) else first[: -len(i)] + i for i in items[1:]
    ]


def _split(
    sentence: Sentence, m: Mention, state: State, subject: str, change: re.Match[str] | None
) -> list[tuple[str, bool]]:
    """盗窃、电诈警情分别同比下降6.72%、12.8%: one subject per figure, in order."""
    items = [i for i in naming.clean_subject(subject).split("、") if i]
    if len(items) > 1:
        last = items[-1]
        head = last[len(items[0]) :] if len(last) > len(items[0]) else ""
        items = [i if i == last else f"{i}{head}" for i in items]
    state.split_items = items[1:]
    return [(items[0] if items else "", False)]


def _name(
    sentence: Sentence,
    core: str,
    m: Mention,
    state: State,
    change: re.Match[str] | None,
    qualified: bool,
) -> tuple[str, bool]:
    unit = m.quantity.unit
    if change is not None or state.split_change:
        return _change_name(sentence, core, m, state, change), False
    if m.kind == "zero":
        unit = "%" if core.endswith("率") else "件"
    kind = naming.unit_kind(unit)
    phrase = _phrase(sentence, core, _phrase_kind(kind), qualified)
    canonical = canonical_name(phrase)
    if canonical:
        return canonical, True
    return naming.with_suffix(_topic_prefixed(core, sentence.topic), unit), False


def _phrase(sentence: Sentence, core: str, kind: str, qualified: bool = False) -> Phrase:
    return Phrase(core, kind, sentence.topic, sentence.paragraph_topics, qualified, sentence.scan)


def _phrase_kind(kind: str) -> str:
    return {"people": "people", "sessions": "count"}.get(kind, kind)


def _topic_prefixed(core: str, topic: str) -> str:
    prefix = TOPIC_PREFIXES.get(topic, "")
    procedural = PROCEDURAL.get(topic)
    if not prefix or procedural is None or not procedural.match(core) or topic in core:
        return core or "未命名指标"
    return f"{prefix}{core}"


def _change_name(
    sentence: Sentence, core: str, m: Mention, state: State, change: re.Match[str] | None
) -> str:
    direction = change.group("dir") if change else state.split_change
    state.split_change = direction if state.split_items else ""
    grew = direction in UP_WORDS
    if not core and state.previous is not None:
        base = naming.strip_suffix(state.previous.indicator)
    else:
        kind = "rate" if core.endswith("率") else "count"
        phrase = _phrase(sentence, core, kind)
        base = canonical_name(phrase) or _topic_prefixed(core, sentence.topic)
    return f"{base}同比{'增幅' if grew else '降幅'}"


def _dated(
    name: str,
    canonical: bool,
    fact_year: int | None,
    year: int | None,
    target: bool,
    state: State,
    before: str,
) -> tuple[str, bool]:
    """Targets are named as targets; a figure of an earlier year carries that year in its name;
    the first figure of a 从…至… pair without a year is the former value (原…)."""
    if target:
        return (name if name.endswith("目标") else f"{name}目标"), False
    if fact_year and year and fact_year < year:
        return f"{fact_year}年{name}", False
    if FROM_RE.search(before) and not YEAR_BEFORE.search(before):
        return f"原{name}", False
    return name, canonical


def _rank_fact(sentence: Sentence, m: Mention, state: State, year: int | None) -> list[Fact]:
    scan = sentence.scan
    start = boundary(scan, m.start, CLAUSE_MARKS)
    core = naming.clean_subject(
        re.sub(r"(?:持续|连续[^,，]{0,3}?年|稳|均|和积分)", "", scan[start : m.start])
    )
    if core in ("", "数量", "总量", "数", "件数") and state.previous is not None:
        subject = naming.strip_suffix(state.previous.indicator)
    else:
        phrase = _phrase(sentence, core, "rate" if core.endswith("率") else "count")
        subject = canonical_name(phrase) or _topic_prefixed(core, sentence.topic)
    name = f"{subject}{m.rank_scope}排名"
    return [_fact(sentence, m, name, False, False, False, year, start)]


def _fact(
    sentence: Sentence,
    m: Mention,
    name: str,
    canonical: bool,
    approx: bool,
    target: bool,
    fact_year: int | None,
    start: int,
) -> Fact:
    q = m.quantity
    unit, normalized_unit = q.unit, q.normalized_unit
    if m.kind == "zero":
        unit = normalized_unit = "%" if name.endswith(("率", "率目标")) else "件"
    begin = sentence.start + start
    end = sentence.start + m.end
    text = sentence.text[start : m.end]
    return Fact(
        indicator=name,
        value=q.value,
        unit=unit,
        normalized_value=q.normalized_value,
        normalized_unit=normalized_unit,
        approx=approx,
        target=target,
        year=fact_year,
        text=text,
        start=begin,
        end=end,
        value_start=sentence.start + m.start,
        value_end=end,
        canonical=canonical and name in CANONICAL,
    )
