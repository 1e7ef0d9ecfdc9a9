"""The shell's navigation, by module. Apps register their entries the way models register with
the admin, so `core` never imports a domain app."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import get_script_prefix, reverse

from fazhi.core.permissions import Perm, has_perm


@dataclass(frozen=True)
class NavEntry:
    section: str
    label: str
    url_name: str
    perm: Perm | None
    order: int = 100
    icon: str = ""


@dataclass
class NavLink:
    label: str
    url: str
    active: bool
    icon: str


_entries: list[NavEntry] = []

SECTION_ORDER = ["工作台", "组织与人员", "业务", "指标与考核", "系统管理", "安全审计"]


def register(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def sections_for(user: Any, path: str) -> list[tuple[str, list[NavLink]]]:
    """The sections and links `user` may see, in a stable order, the current page marked."""
    visible = [e for e in _entries if e.perm is None or has_perm(user, e.perm)]
    prefix = get_script_prefix()
    urls = {e: _url(e.url_name, prefix) for e in visible}
    active_url = _active_url(path, set(urls.values()))
    result: list[tuple[str, list[NavLink]]] = []
    sections = sorted({e.section for e in visible}, key=_section_key)
    for section in sections:
        entries = sorted((e for e in visible if e.section == section), key=lambda e: e.order)
        links = [NavLink(e.label, urls[e], urls[e] == active_url, e.icon) for e in entries]
        result.append((section, links))
    return result


@cache
def _url(url_name: str, prefix: str) -> str:
    """A link's address, reversed once per process (and script prefix): every page shows the nav."""
    return reverse(url_name)


def _active_url(path: str, urls: set[str]) -> str | None:
    """The link the page belongs to: the longest URL that is the path or a prefix of it."""
    matches = [u for u in urls if path == u or (u != "/" and path.startswith(u))]
    return max(matches, key=len) if matches else None


def _section_key(section: str) -> tuple[int, str]:
    try:
        return (SECTION_ORDER.index(section), section)
    except ValueError:
        return (len(SECTION_ORDER), section)
