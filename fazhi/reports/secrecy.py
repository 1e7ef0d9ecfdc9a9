"""The secrecy and personal-data scan of a report's text before it is published.

《法治政府建设与责任落实督察工作规定》 第四章 exempts from publication what involves state secrets;
个人信息保护法 第二十五条 forbids publishing personal information without consent. The scan flags:
- 身份证号 (18 characters: region, birth date, sequence, check character);
- 手机号 (11 digits starting 13–19);
- names of natural persons from the case data of the reporter's scope (行政复议申请人, 行政诉讼原告
  …), read through the models of the apps that hold them.

What it reports is masked (`fazhi.core.masking`): a finding says where and what kind, never the
value itself in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.db.models import Q

from fazhi.core.masking import mask_id_number, mask_name, mask_phone
from fazhi.indicators.scopes import Scope

ID_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[0-9Xx](?![0-9A-Za-z])"
)
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
CONTEXT = 8
MIN_NAME = 2


@dataclass(frozen=True)
class NameSource:
    """Where personal names are stored: a model, its name field, how to keep natural persons
    only, and the unit foreign keys that place a record in a scope."""

    model: str  # "app_label.ModelName"
    label: str
    name_field: str
    unit_paths: tuple[str, ...]
    person: Q


NAME_SOURCES = (
    NameSource(
        "disputes.Applicant",
        "行政复议申请人",
        "name",
        ("case__respondent", "case__handling_unit"),
        Q(kind="person"),
    ),
    NameSource(
        "disputes.Plaintiff",
        "行政诉讼原告",
        "name",
        ("case__defendant", "case__co_defendant"),
        Q(kind="person"),
    ),
)


@dataclass(frozen=True)
class Hit:
    kind: str  # 身份证号 / 手机号 / 个人姓名
    shown: str  # masked
    context: str  # masked
    source: str = ""
    start: int = 0

    @property
    def message(self) -> str:
        origin = f"（来自{self.source}）" if self.source else ""
        return f"疑似{self.kind}“{self.shown}”{origin}：…{self.context}…"


def scan(text: str, scope: Scope) -> list[Hit]:
    """Every ID number, mobile number and case party's name in `text`, masked, each with some
    context read from the text with every hit masked (no value shows in another's context)."""
    spans = [
        *_pattern_spans(text, ID_NUMBER_RE, "身份证号", mask_id_number),
        *_pattern_spans(text, MOBILE_RE, "手机号", mask_phone),
    ]
    names = party_names(scope)
    if names:
        spans.extend(_name_spans(text, names))
    masked = list(text)
    for _kind, start, end, shown, _source in spans:
        # Every mask keeps the length (stars, 某), so offsets stay those of `text`.
        masked[start:end] = shown[: end - start].ljust(end - start, "*")
    shown_text = "".join(masked)
    return [
        Hit(kind, shown, _context(shown_text, start, end), source, start)
        for kind, start, end, shown, source in sorted(spans, key=lambda span: span[1])
    ]


Span = tuple[str, int, int, str, str]


def _pattern_spans(text: str, pattern: re.Pattern[str], kind: str, masker: Any) -> Iterator[Span]:
    for match in pattern.finditer(text):
        yield kind, match.start(), match.end(), masker(match.group(0)), ""


def _name_spans(text: str, names: dict[str, str]) -> Iterator[Span]:
    """Each name once (its first place in the text), longest names first."""
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in ordered))
    seen: set[str] = set()
    for match in pattern.finditer(text):
        name = match.group(0)
        if name not in seen:
            seen.add(name)
            yield "个人姓名", match.start(), match.end(), mask_name(name), names[name]


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT) : end + CONTEXT].replace("\n", " ")


def party_names(scope: Scope) -> dict[str, str]:
    """Names of natural persons in the case data of `scope` → the source they come from.

    Names already masked (张某) and single characters are left out: they identify nobody.
    """
    found: dict[str, str] = {}
    for source in NAME_SOURCES:
        app_label, model_name = source.model.split(".")
        if not apps.is_installed(f"fazhi.{app_label}"):
            continue
        model = apps.get_model(app_label, model_name)
        where = reduce(or_, (_scope_q(scope, path) for path in source.unit_paths))
        names = (
            model._default_manager.filter(source.person)
            .filter(where)
            .values_list(source.name_field, flat=True)
            .distinct()
        )
        for name in names:
            cleaned = re.sub(r"\s+", "", name or "")
            if len(cleaned) >= MIN_NAME and "某" not in cleaned:
                found.setdefault(cleaned, source.label)
    return found


def _scope_q(scope: Scope, path: str) -> Q:
    if scope.region is None:
        return Q(**{f"{path}_id": scope.unit.pk if scope.unit else None})
    return Q(**{f"{path}__region__path__startswith": scope.region.path})
